using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// The offline cmdlets that read session configurations (Test-TranscriptionConfig, ConvertTo-RealtimeGaConfig):
    /// the four input forms of <see cref="SessionInputParameters"/>, with -Path in the first position.
    /// </summary>
    [IncludeParameters(typeof(SessionInputParameters))]
    public abstract partial class SessionInputCmdlet : RealtimeOpsCmdlet
    {
        // Files Get-Content piped line by line, read whole once for this pipeline.
        private readonly HashSet<string> _contentFilesRead = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The configurations of this ProcessRecord call, read once each; errors name this cmdlet's ids.</summary>
        internal IEnumerable<SessionInputItem> ReadSessions()
        {
            if (ParameterSetName == SessionInputReader.JsonSet && LooksLikeCoercedObject(Json))
            {
                var shown = Json!.Length > 60 ? Json.Substring(0, 57) + "..." : Json;
                return new[]
                {
                    new SessionInputItem(NewError("ConfigurationInputNotJson", ErrorCategory.InvalidArgument, Json,
                        $"-Json got '{shown}', which is an object turned into text, not JSON.",
                        "Pass hashtables and PSCustomObjects with -InputObject, JSON text with -Json, files with -Path or Get-ChildItem.")),
                };
            }
            return new SessionInputReader(SessionState.Path, SessionInputErrorIds.Configuration) { ContentFilesRead = _contentFilesRead }
                .Read(ParameterSetName, Path, LiteralPath, Json, InputObject);
        }

        private static bool LooksLikeCoercedObject(string? text)
        {
            if (string.IsNullOrEmpty(text)) return false;
            var t = text!.TrimStart();
            return t.StartsWith("@{", System.StringComparison.Ordinal) || t == "System.Collections.Hashtable" ||
                   t == "System.Collections.Specialized.OrderedDictionary" || t == "System.Management.Automation.PSCustomObject";
        }
    }
}
