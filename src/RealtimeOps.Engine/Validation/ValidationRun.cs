using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>The state of one validation: the diagnostics found so far and what is known about the payload. One partial
    /// file per rule family: envelope, field walk, transcription, turn detection, models, endpoint, text.</summary>
    internal sealed partial class ValidationRun
    {
        private readonly SessionDocument _doc;
        private readonly ValidationOptions _options;
        private readonly SessionFieldCatalog _fields = SessionFieldCatalog.Current;
        private readonly ServiceCatalog _models = ServiceCatalog.Current;
        private readonly List<Diagnostic> _diagnostics = new List<Diagnostic>();
        private readonly bool _ga;
        private ConfigurationKind _kind = ConfigurationKind.Unknown;
        private PayloadShape _shape = PayloadShape.Unknown;
        private string? _sessionModel;
        private string? _transcriptionModel;
        private bool _transcriptionEnabled;
        private FieldSpec? _sessionSpec;
        private bool _transcriptionSession;

        public ValidationRun(SessionDocument doc, ValidationOptions options)
        {
            _doc = doc;
            _options = options;
            _ga = options.Target == ProtocolTarget.Ga;
        }

        /// <summary>More problems than anyone reads; beyond this they are counted, not built (RTC1009).</summary>
        internal const int MaxDiagnostics = 500;
        private int _suppressed;

        private bool Saturated => _diagnostics.Count >= MaxDiagnostics;

        /// <summary>Said with every unknown GA field: the tables are a dated copy of the specification, so a newer field may be valid.</summary>
        private string CatalogDateNote() => _ga
            ? $" (RealtimeOps' GA tables follow the OpenAI specification of {_fields.SpecDate:yyyy-MM-dd}: if the field is newer, check it and pass -SkipValidation.)"
            : string.Empty;

        private void Report(string ruleId, string path, int? line, int? column, string message, string? suggestion = null)
        {
            if (Saturated) { _suppressed++; return; }
            var rule = RuleCatalog.Get(ruleId);
            // A disputed rule says who disagrees, so the reader can weigh the warning.
            if (rule.Disagreement != null) message += " Sources disagree: " + rule.Disagreement;
            _diagnostics.Add(new Diagnostic(ruleId, rule.Severity, path, line, column, message, suggestion, _doc.Source));
        }

        private void Report(string ruleId, string path, DocumentNode at, string message, string? suggestion = null)
            => Report(ruleId, path, at?.Line, at?.Column, message, suggestion);

        private void Report(string ruleId, string path, DocumentProperty? at, string message, string? suggestion = null)
            => Report(ruleId, path, at?.Line, at?.Column, message, suggestion);


        private ValidationResult Finish()
        {
            if (_options.Region != null && _models.FindRegion(_options.Region) == null)
            {
                var near = NearestName.Find(_options.Region, _models.Regions.Select(r => r.Name).Concat(_models.Regions.Select(r => r.DisplayName)));
                Report(RuleIds.RegionNotKnown, string.Empty, null, null, $"'{_options.Region}' is not a region of the RealtimeOps catalog; availability was not checked.",
                    near != null ? $"Did you mean '{near}'?" : "Use an ARM name such as swedencentral or a display name such as 'Sweden Central'.");
            }
            if (_suppressed > 0)
            {
                var rule = RuleCatalog.Get(RuleIds.TooManyProblems);
                _diagnostics.Add(new Diagnostic(RuleIds.TooManyProblems, rule.Severity, string.Empty, null, null,
                    $"{_suppressed:N0} more problem(s) were found and not listed; the first {MaxDiagnostics} are.",
                    "Fix the listed problems first; this many usually means the wrong file or a generator gone wrong.", _doc.Source));
            }
            // Diagnostics in document order make annotations and tables read top to bottom.
            var ordered = _diagnostics.Count < 2 ? _diagnostics : _diagnostics
                .Select((d, i) => (d, i))
                .OrderBy(x => x.d.Line ?? int.MaxValue).ThenBy(x => x.d.Column ?? int.MaxValue).ThenBy(x => x.i)
                .Select(x => x.d).ToList();
            return new ValidationResult(_doc.Source, _kind, _shape, ordered, _doc, _sessionModel, _transcriptionModel, _transcriptionEnabled, _options.Target);
        }
    }
}
