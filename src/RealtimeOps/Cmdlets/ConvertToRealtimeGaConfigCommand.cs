using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using RealtimeOps.Conversion;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// ConvertTo-RealtimeGaConfig: rewrites a preview (beta) payload into the GA shape. The result carries the JSON in its
    /// Json property (which Test-TranscriptionConfig binds by name) and the notes of what moved or was dropped.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "RealtimeGaConfig", DefaultParameterSetName = LiteralPathSet)]
    [OutputType(typeof(ConversionResult))]
    public sealed class ConvertToRealtimeGaConfigCommand : RealtimeOpsCmdlet
    {
        private const string LiteralPathSet = "LiteralPath";
        private const string JsonSet = "Json";
        private const string InputObjectSet = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP", "Path")]
        [ValidateNotNullOrEmpty]
        public string LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = JsonSet, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string Json { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet)]
        [AllowNull]
        public object InputObject { get; set; }

        protected override void ProcessRecord()
        {
            SessionDocument document;
            object target;
            switch (ParameterSetName)
            {
                case JsonSet:
                    document = SessionDocument.Parse(Json ?? string.Empty, "json");
                    target = "json";
                    break;
                case InputObjectSet:
                    document = SessionDocument.FromObject(PSObjectGraph.ToPlain(InputObject), "InputObject");
                    target = InputObject;
                    break;
                default:
                    var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath);
                    target = path;
                    try
                    {
                        var info = new FileInfo(path);
                        if (info.Exists && info.Length > ValidationOptions.DefaultMaxDocumentBytes)
                        {
                            WriteError(NewError("ConfigurationFileTooLarge", ErrorCategory.LimitsExceeded, path,
                                $"'{path}' is {info.Length:N0} bytes; configurations up to {ValidationOptions.DefaultMaxDocumentBytes:N0} bytes are converted.", "Check that this is the right file."));
                            return;
                        }
                        document = SessionDocument.Parse(File.ReadAllBytes(path), path);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException)
                    {
                        WriteError(NewError("ConfigurationFileUnreadable", ErrorCategory.ReadError, path, $"The file '{path}' cannot be read: {ex.Message}",
                            "Check that the file exists and that you may read it.", ex));
                        return;
                    }
                    break;
            }

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
