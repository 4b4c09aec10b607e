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
    [Cmdlet(VerbsData.ConvertTo, "RealtimeGaConfig", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(ConversionResult))]
    public sealed class ConvertToRealtimeGaConfigCommand : RealtimeOpsCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string JsonSet = "Json";
        private const string InputObjectSet = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = JsonSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string? Json { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet)]
        [AllowNull]
        public object? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case JsonSet:
                    Convert(SessionDocument.Parse(Json ?? string.Empty, "json"), "json");
                    break;
                case InputObjectSet:
                    Convert(SessionDocument.FromObject(PSObjectGraph.ToPlain(InputObject), "InputObject"), InputObject);
                    break;
                case LiteralPathSet:
                    foreach (var p in LiteralPath!) ConvertFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(p));
                    break;
                default:
                    foreach (var p in Path!) // mandatory in this parameter set
                    {
                        System.Collections.ObjectModel.Collection<string> files;
                        try
                        {
                            files = SessionState.Path.GetResolvedProviderPathFromPSPath(p, out _);
                        }
                        catch (ItemNotFoundException)
                        {
                            WriteError(NewError("ConfigurationFileNotFound", ErrorCategory.ObjectNotFound, p, $"No file matches '{p}'.",
                                "Check the path; use -LiteralPath when the name contains [ or ]."));
                            continue;
                        }
                        foreach (var f in files) ConvertFile(f);
                    }
                    break;
            }
        }

        private void ConvertFile(string path)
        {
            SessionDocument document;
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
            Convert(document, path);
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
