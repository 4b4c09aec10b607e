using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// The networked cmdlets that take a session configuration (New-RealtimeClientSecret, Invoke-RealtimeProbe,
    /// Test-RealtimeDeployment, Test-RealtimeTranscription): the connection parameters of
    /// <see cref="RealtimeServiceCmdlet"/> plus the four input forms of <see cref="SessionInputParameters"/>, none of
    /// them positional (the first position is the deployment's). A folder or an unknown type piped in is a per-item error.
    /// </summary>
    [IncludeParameters(typeof(SessionInputParameters), Positional = false)]
    public abstract partial class SessionServiceCmdlet : RealtimeServiceCmdlet
    {
        /// <summary>The error ids of this cmdlet for input it cannot read.</summary>
        internal abstract SessionInputErrorIds InputErrorIds { get; }

        /// <summary>True when the parameter set reads a session configuration.</summary>
        protected bool HasSessionInput =>
            ParameterSetName == SessionInputReader.PathSet || ParameterSetName == SessionInputReader.LiteralPathSet ||
            ParameterSetName == SessionInputReader.JsonSet || ParameterSetName == SessionInputReader.InputObjectSet;

        // Files Get-Content piped line by line, read whole once for this pipeline.
        private readonly HashSet<string> _contentFilesRead = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The configurations of this ProcessRecord call, read once each.</summary>
        internal IEnumerable<SessionInputItem> ReadSessions(System.Func<object, bool>? acceptsOther = null) =>
            new SessionInputReader(SessionState.Path, InputErrorIds, "-Json", "-InputObject") { AcceptsOther = acceptsOther, ContentFilesRead = _contentFilesRead }
                .Read(ParameterSetName, Path, LiteralPath, Json, InputObject);

        /// <summary>A terminating error when a deployment name is given but blank ('   '): it would reach the service otherwise.</summary>
        protected void RejectBlankName(string? value, string parameterName)
        {
            if (value == null || value.Trim().Length > 0) return;
            ThrowTerminatingError(NewError("DeploymentNameBlank", ErrorCategory.InvalidArgument, parameterName,
                $"-{parameterName} is blank: a deployment name has at least one character other than spaces.",
                $"Pass the name of a deployment (Get-RealtimeDeployment lists them), or leave -{parameterName} out."));
        }
    }
}
