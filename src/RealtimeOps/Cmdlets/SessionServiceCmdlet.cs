#nullable enable
using System.Collections.Generic;
using System.Management.Automation;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// The networked cmdlets that take a session configuration (New-RealtimeClientSecret, Invoke-RealtimeProbe,
    /// Test-RealtimeDeployment): the connection parameters of <see cref="RealtimeServiceCmdlet"/> plus the four input
    /// forms -Path (wildcards), -LiteralPath, -Json and -InputObject. Anything piped in binds -InputObject: files,
    /// JSON strings, hashtables and PSCustomObjects (a folder or another type is a per-item error).
    /// </summary>
    public abstract class SessionServiceCmdlet : RealtimeServiceCmdlet
    {
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.PathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Takes the FullName and PSPath aliases: a path bound by name from an object is used as it is.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.JsonSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Json { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? InputObject { get; set; }

        /// <summary>The error ids of this cmdlet for input it cannot read.</summary>
        internal abstract SessionInputErrorIds InputErrorIds { get; }

        /// <summary>True when the parameter set reads a session configuration.</summary>
        protected bool HasSessionInput =>
            ParameterSetName == SessionInputReader.PathSet || ParameterSetName == SessionInputReader.LiteralPathSet ||
            ParameterSetName == SessionInputReader.JsonSet || ParameterSetName == SessionInputReader.InputObjectSet;

        /// <summary>The configurations of this ProcessRecord call, read once each.</summary>
        internal IEnumerable<SessionInputItem> ReadSessions(System.Func<object, bool>? acceptsOther = null) =>
            new SessionInputReader(SessionState.Path, InputErrorIds, "-Json", "-InputObject") { AcceptsOther = acceptsOther }
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
