using System.IO;
using RealtimeOps.Engine.Output;
using RealtimeOps.Runtime;
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

        /// <summary>Replace the content of an existing -OutFile.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void EndProcessing()
        {
            if (OutFile == null)
            {
                WriteObject(SessionSchemaGenerator.Create(TestTranscriptionConfigCommand.ParseTarget(Target)));
            }
            else
            {
                var path = OutputPaths.Resolve(this, OutFile, Force.IsPresent, "SessionSchema", null, out var refused);
                if (path == null) WriteError(refused);
                else if (ShouldProcess(path, $"Write the {Target} session JSON Schema"))
                {
                    try
                    {
                        var schema = SessionSchemaGenerator.Create(TestTranscriptionConfigCommand.ParseTarget(Target), path);
                        AtomicFile.WriteAllText(path, schema.Json, Force.IsPresent);
                        WriteObject(schema);
                    }
                    catch (OutputPathException ex)
                    {
                        WriteError(OutputPaths.Record(ex, "SessionSchema", path));
                    }
                    catch (Exception ex) when (OutputPaths.IsWriteFailure(ex))
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
