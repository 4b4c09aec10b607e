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
        [ValidateSet("Ga", "Preview", IgnoreCase = true)]
        public string Target { get; set; } = "Ga";

        // A string, not the engine's enum: an engine value type in a field of a public cmdlet class would make
        // PowerShell load the engine while it analyses the assembly, before the dependency resolver is hooked.
        private ProtocolTarget TargetProtocol => (ProtocolTarget)Enum.Parse(typeof(ProtocolTarget), Target, ignoreCase: true);

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        protected override void EndProcessing()
        {
            var schema = SessionSchemaGenerator.Generate(TargetProtocol);
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
