using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Get-RealtimeSessionSchema: the JSON Schema (draft 2020-12) of session configurations, from the validator's field tables.</summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeSessionSchema", SupportsShouldProcess = true)]
    [OutputType(typeof(SessionSchema))]
    public sealed class GetRealtimeSessionSchemaCommand : RealtimeOpsCmdlet
    {
        // A string rather than the engine enum, for the reason given on Test-TranscriptionConfig -Target.
        [Parameter(Position = 0)]
        [ValidateSet("Ga", "Preview")]
        public string Target { get; set; } = "Ga";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        protected override void EndProcessing()
        {
            if (OutFile == null)
            {
                WriteObject(SessionSchemaGenerator.Create(TestTranscriptionConfigCommand.ParseTarget(Target)));
            }
            else
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
                if (ShouldProcess(path, $"Write the {Target} session JSON Schema"))
                {
                    try
                    {
                        var schema = SessionSchemaGenerator.Create(TestTranscriptionConfigCommand.ParseTarget(Target), path);
                        AtomicFile.WriteAllText(path, schema.Json);
                        WriteObject(schema);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException || ex is ArgumentException || ex is NotSupportedException)
                    {
                        WriteError(NewError("SessionSchemaNotWritten", ErrorCategory.WriteError, path, $"Could not write the schema to '{path}': {ex.Message}",
                            "Check that the folder exists and is writable.", ex));
                    }
                }
            }
            base.EndProcessing();
        }
    }
}
