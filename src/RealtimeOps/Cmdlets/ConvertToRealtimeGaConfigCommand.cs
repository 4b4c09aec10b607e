using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// ConvertTo-RealtimeGaConfig: rewrites a preview (beta) payload into the GA shape. The result carries the JSON in its
    /// Json property (which Test-TranscriptionConfig binds by name) and the notes of what moved or was dropped.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "RealtimeGaConfig", DefaultParameterSetName = RealtimeOps.Runtime.SessionInputReader.PathSet)]
    [OutputType(typeof(ConversionResult))]
    public sealed class ConvertToRealtimeGaConfigCommand : SessionInputCmdlet
    {
        protected override void ProcessRecord()
        {
            foreach (var item in ReadSessions())
            {
                if (CancellationToken.IsCancellationRequested) return;
                if (item.Error != null) WriteError(item.Error);
                else Convert(item.Document!, item.Target); // set when Error is not
            }
        }

        private void Convert(SessionDocument document, object? target)
        {
            var result = PreviewToGaConverter.Convert(document);
            if (!result.Succeeded)
            {
                foreach (var d in result.ParseErrors)
                {
                    var where = d.Line.HasValue ? $" at line {d.Line}, column {d.Column}" : string.Empty;
                    WriteError(NewError("ConfigurationNotConvertible", ErrorCategory.InvalidData, target,
                        $"{result.Source}{where}: {d.RuleId} {d.Message}", d.Suggestion));
                }
                return;
            }
            foreach (var note in result.Notes)
            {
                if (note.Severity == DiagnosticSeverity.Warning) WriteWarning($"{result.Source}: {note}");
                else WriteVerbose($"{result.Source}: {note}");
            }
            WriteObject(result);
        }
    }
}
