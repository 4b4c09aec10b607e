#nullable enable
using System.Collections.Generic;
using System.Management.Automation;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// The offline cmdlets that read session configurations (Test-TranscriptionConfig, ConvertTo-RealtimeGaConfig):
    /// -Path (wildcards, first position), -LiteralPath, -Json and -InputObject. Strings piped in are JSON text, files
    /// piped in bind -LiteralPath by FullName/PSPath. The online cmdlets declare the same four forms in
    /// <see cref="SessionServiceCmdlet"/>; both read through <see cref="SessionInputReader"/>.
    /// </summary>
    public abstract class SessionInputCmdlet : RealtimeOpsCmdlet
    {
        /// <summary>Files to read, the first positional parameter; wildcards expand to every file they match.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SessionInputReader.PathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Files to read as written; files piped in from Get-ChildItem bind here by FullName or PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>JSON text; strings piped in are taken as JSON (pipe files with Get-ChildItem), and so is the Json property of ConvertTo-RealtimeGaConfig results.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.JsonSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Json { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SessionInputReader.InputObjectSet)]
        [AllowNull]
        public object? InputObject { get; set; }

        /// <summary>The configurations of this ProcessRecord call, read once each; errors name this cmdlet's ids.</summary>
        internal IEnumerable<SessionInputItem> ReadSessions()
        {
            if (ParameterSetName == SessionInputReader.JsonSet && LooksLikeCoercedObject(Json))
            {
                var shown = Json!.Length > 60 ? Json.Substring(0, 57) + "..." : Json;
                return new[]
                {
                    new SessionInputItem(NewError("ConfigurationInputNotJson", ErrorCategory.InvalidArgument, Json,
                        $"The pipeline gave '{shown}', which is an object turned into text, not JSON.",
                        "Pass hashtables and PSCustomObjects with -InputObject, JSON text with -Json, files with -Path or Get-ChildItem.")),
                };
            }
            return new SessionInputReader(SessionState.Path, SessionInputErrorIds.Configuration)
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
