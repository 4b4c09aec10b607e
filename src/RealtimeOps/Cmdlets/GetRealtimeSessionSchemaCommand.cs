using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Get-RealtimeSessionSchema: the JSON Schema (draft 2020-12) of session configurations, from the validator's field tables.</summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeSessionSchema", SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    [OutputType(typeof(FileInfo))]
    public sealed class GetRealtimeSessionSchemaCommand : RealtimeOpsCmdlet
    {
        [Parameter(Position = 0)]
        public ProtocolTarget Target { get; set; } = ProtocolTarget.Ga;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        protected override void EndProcessing()
        {
            var schema = SessionSchemaGenerator.Generate(Target);
            if (OutFile == null)
            {
                WriteObject(schema);
            }
            else
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
                if (ShouldProcess(path, $"Write the {Target} session JSON Schema"))
                {
                    try
                    {
                        AtomicFile.WriteAllText(path, schema);
                        WriteObject(new FileInfo(path));
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
