using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// Checks a realtime or transcription session configuration offline against the GA or preview field
    /// tables (Catalog/session-fields.json), the model catalog (models.json) and the rules of rules.json.
    /// Never throws for bad content: every problem is a <see cref="Diagnostic"/>.
    /// </summary>
    internal static class ConfigurationValidator
    {
        public static ValidationResult ValidateJson(string json, string? source, ValidationOptions? options)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            options = options ?? new ValidationOptions();
            source = source ?? "json";
            return Validate(SessionReader.ReadText(json, source, options.MaxDocumentBytes), options);
        }

        /// <summary>
        /// Reads and checks a file through <see cref="SessionReader"/>. Throws IOException (FileNotFoundException when it
        /// does not exist) or UnauthorizedAccessException only when the file cannot be read; a file above
        /// <see cref="ValidationOptions.MaxDocumentBytes"/> gives RTC1003 without being read.
        /// </summary>
        public static ValidationResult ValidateFile(string path, ValidationOptions? options)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            options = options ?? new ValidationOptions();
            var read = SessionReader.ReadFile(path, options.MaxDocumentBytes);
            if (read.Failure != null)
            {
                switch (read.Failure.Kind)
                {
                    case SessionReadFailureKind.NotFound: throw new FileNotFoundException(read.Failure.Message, path);
                    case SessionReadFailureKind.AccessDenied: throw new UnauthorizedAccessException(read.Failure.Message);
                    default: throw new IOException(read.Failure.Message);
                }
            }
            return Validate(read.Document, options);
        }

        public static ValidationResult Validate(SessionDocument? doc, ValidationOptions? options)
        {
            if (doc == null) throw new ArgumentNullException(nameof(doc));
            options = options ?? new ValidationOptions();
            if (doc.Root == null)
            {
                return new ValidationResult(doc.Source, ConfigurationKind.Unknown, PayloadShape.Unknown, doc.Diagnostics, doc, null, null, false, options.Target);
            }
            var run = new ValidationRun(doc, options);
            return run.Execute();
        }
    }

    /// <summary>The state of one validation: the diagnostics found so far and what is known about the payload.</summary>
    internal sealed class ValidationRun
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

        private void Report(string ruleId, string path, int? line, int? column, string message, string? suggestion = null)
        {
            if (Saturated) { _suppressed++; return; }
            var rule = RuleCatalog.Get(ruleId);
            _diagnostics.Add(new Diagnostic(ruleId, rule.Severity, path, line, column, message, suggestion, _doc.Source));
        }

        private void Report(string ruleId, string path, DocumentNode at, string message, string? suggestion = null)
            => Report(ruleId, path, at?.Line, at?.Column, message, suggestion);

        private void Report(string ruleId, string path, DocumentProperty? at, string message, string? suggestion = null)
            => Report(ruleId, path, at?.Line, at?.Column, message, suggestion);

        public ValidationResult Execute()
        {
            // Execute runs only on a parsed document: the caller returns the parse diagnostics when there is no root.
            var root = _doc.Root!;
            if (!_ga)
            {
                Report("RTC1024", string.Empty, null, null,
                    "Checked against the preview (beta) protocol, which Azure deprecates from 2026-04-30.",
                    "Move to GA: ConvertTo-RealtimeGaConfig rewrites this payload, then check it with -Target Ga.");
            }
            if (root.Kind != DocumentNodeKind.Object)
            {
                Report("RTC1004", string.Empty, root, $"The root is {DocumentNode.KindName(root.Kind)}; a configuration is a JSON object.",
                    "Give a client_secrets body {\"session\": {...}}, a session.update event or a session object.");
                return Finish();
            }

            string sessionPath = "session";
            var envelope = SessionEnvelope.Detect(root, LooksLikeSession);
            var envelopeType = envelope.EventType;
            var session = envelope.Session;
            _kind = envelope.Kind;
            if (_kind == ConfigurationKind.SessionUpdateEvent) ValidateEventEnvelope(root, envelopeType);
            else if (_kind == ConfigurationKind.ClientSecretRequest) ValidateClientSecretEnvelope(root);
            else if (_kind == ConfigurationKind.Unknown)
            {
                var known = new[] { "session", "expires_after", "type" };
                var first = root.Properties.Count > 0 ? root.Properties[0] : null;
                var near = first == null ? null : NearestName.Find(first.Name, known.Concat(AllSessionFieldNames()));
                Report("RTC1004", string.Empty, root,
                    root.Properties.Count == 0
                        ? "The object is empty: there is nothing to check."
                        : $"The object is none of: a client_secrets body, a session.update event, a session (it starts with '{first!.Name}').",
                    near != null ? $"Did you mean '{near}'?" : "Give {\"session\": {\"type\": \"realtime\", ...}} or a session.update event.");
                return Finish();
            }

            if (session != null && session.Kind == DocumentNodeKind.Object)
            {
                ValidateSession(session, sessionPath, envelopeType);
            }
            else if (session != null)
            {
                Report("RTC1005", sessionPath, session, $"session must be an object, not {DocumentNode.KindName(session.Kind)}.");
            }
            else if (_kind == ConfigurationKind.SessionUpdateEvent)
            {
                Report("RTC1008", sessionPath, root, "The session.update event has no session.", "Add \"session\": {\"type\": \"realtime\", ...}.");
            }
            CheckEndpoint();
            return Finish();
        }

        private ValidationResult Finish()
        {
            if (_options.Region != null && _models.FindRegion(_options.Region) == null)
            {
                var near = NearestName.Find(_options.Region, _models.Regions.Select(r => r.Name).Concat(_models.Regions.Select(r => r.DisplayName)));
                Report("RTC1061", string.Empty, null, null, $"'{_options.Region}' is not a region of the RealtimeOps catalog; availability was not checked.",
                    near != null ? $"Did you mean '{near}'?" : "Use an ARM name such as swedencentral or a display name such as 'Sweden Central'.");
            }
            if (_suppressed > 0)
            {
                var rule = RuleCatalog.Get("RTC1009");
                _diagnostics.Add(new Diagnostic("RTC1009", rule.Severity, string.Empty, null, null,
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

        private IEnumerable<string> AllSessionFieldNames() =>
            _fields.GaRealtimeSession.PropertyNames.Concat(_fields.PreviewRealtimeSession.PropertyNames).Distinct();

        private bool LooksLikeSession(DocumentNode root)
        {
            foreach (var p in root.Properties)
            {
                if (_fields.GaRealtimeSession.Properties.ContainsKey(p.Name) || _fields.PreviewRealtimeSession.Properties.ContainsKey(p.Name) ||
                    _fields.PreviewTranscriptionSession.Properties.ContainsKey(p.Name)) return true;
            }
            return false;
        }

        private void ValidateEventEnvelope(DocumentNode root, string? type)
        {
            var allowedTypes = _ga ? new[] { "session.update" } : new[] { "session.update", "transcription_session.update" };
            var typeProperty = root.FindProperty("type");
            if (Array.IndexOf(allowedTypes, type) < 0)
            {
                var near = NearestName.Find(type, allowedTypes);
                Report("RTC1013", "type", typeProperty!.Value,
                    type == "transcription_session.update"
                        ? "transcription_session.update is a preview (beta) event; GA updates a transcription session with session.update and session.type \"transcription\"."
                        : $"The event type is \"{type}\"; an event carrying a session is {string.Join(" or ", allowedTypes.Select(t => "\"" + t + "\""))}.",
                    type == "transcription_session.update" ? "Use \"type\": \"session.update\" with \"session\": {\"type\": \"transcription\", ...}."
                        : near != null ? $"Did you mean \"{near}\"?" : null);
            }
            CheckDuplicates(root, string.Empty);
            foreach (var p in root.Properties)
            {
                if (p.Name == "type" || p.Name == "session") continue;
                if (p.Name == "event_id")
                {
                    if (p.Value.Kind != DocumentNodeKind.String) Report("RTC1005", "event_id", p.Value, $"event_id must be a string, not {DocumentNode.KindName(p.Value.Kind)}.");
                    continue;
                }
                var near = NearestName.Find(p.Name, new[] { "type", "event_id", "session" });
                Report("RTC1006", p.Name, p, $"Unknown field '{p.Name}' in a session.update event; the service rejects the whole event.",
                    near != null ? $"Did you mean '{near}'?" : "An event has only type, event_id and session.");
            }
        }

        private void ValidateClientSecretEnvelope(DocumentNode root)
        {
            CheckDuplicates(root, string.Empty);
            foreach (var p in root.Properties)
            {
                if (p.Name == "session") continue;
                if (p.Name == "expires_after")
                {
                    if (!_ga)
                    {
                        Report("RTC1021", "expires_after", p, "expires_after at the top level is the GA client_secrets body; the preview sessions endpoint takes session.client_secret.expires_after.",
                            "Check with -Target Ga, or move it to client_secret.expires_after for the preview endpoint.");
                        continue;
                    }
                    Walk(p.Value, _fields.GaExpiresAfter, "expires_after", null);
                    continue;
                }
                var near = NearestName.Find(p.Name, new[] { "session", "expires_after" });
                Report("RTC1006", p.Name, p, $"Unknown field '{p.Name}' in the client_secrets body; the service answers 400 unknown_parameter.",
                    near != null ? $"Did you mean '{near}'?" : "The body has only session and expires_after.");
            }
        }

        private void ValidateSession(DocumentNode session, string path, string? envelopeType)
        {
            DetectShape(session);
            var typeProperty = session.FindProperty("type");
            var type = typeProperty?.Value.StringValue;
            _transcriptionSession = type == "transcription" || envelopeType == "transcription_session.update";

            if (_ga)
            {
                _sessionSpec = _transcriptionSession ? _fields.GaTranscriptionSession : _fields.GaRealtimeSession;
                if (typeProperty == null)
                {
                    Report("RTC1010", path, session, "session.type is missing; the GA protocol needs \"realtime\" or \"transcription\".",
                        "Add \"type\": \"realtime\" (speech-to-speech) or \"type\": \"transcription\" (transcription only) to the session.");
                }
                else if (typeProperty.Value.Kind != DocumentNodeKind.String || (type != "realtime" && type != "transcription"))
                {
                    var near = type == null ? null : NearestName.Find(type, new[] { "realtime", "transcription" });
                    Report("RTC1011", path + ".type", typeProperty.Value, $"session.type is {typeProperty.Value.Describe()}; it must be \"realtime\" or \"transcription\".",
                        near != null ? $"Did you mean \"{near}\"?" : null);
                }
            }
            else
            {
                _sessionSpec = _transcriptionSession ? _fields.PreviewTranscriptionSession : _fields.PreviewRealtimeSession;
            }
            if (_kind == ConfigurationKind.RealtimeSession && _transcriptionSession) _kind = ConfigurationKind.TranscriptionSession;

            WalkObject(session, _sessionSpec, path, null, sessionLevel: true);

            var model = session["model"];
            if (model?.Kind == DocumentNodeKind.String) _sessionModel = model.Text;
            CheckTranscription(session, path);
            CheckSessionModel(session, path);
        }

        private void DetectShape(DocumentNode session)
        {
            var beta = new List<DocumentProperty>();
            var ga = new List<DocumentProperty>();
            var gaNames = _fields.GaRealtimeSession.Properties;
            var betaNames = _fields.PreviewRealtimeSession.Properties;
            foreach (var p in session.Properties)
            {
                var inGa = gaNames.ContainsKey(p.Name) || _fields.GaTranscriptionSession.Properties.ContainsKey(p.Name);
                var inBeta = betaNames.ContainsKey(p.Name) || _fields.PreviewTranscriptionSession.Properties.ContainsKey(p.Name);
                if (inGa && !inBeta) ga.Add(p);
                else if (inBeta && !inGa) beta.Add(p);
            }
            var expiresAfter = _kind == ConfigurationKind.ClientSecretRequest ? _doc.Root!.FindProperty("expires_after") : null;
            if (expiresAfter != null) ga.Add(expiresAfter);
            if (ga.Count > 0 && beta.Count > 0)
            {
                _shape = PayloadShape.Mixed;
                Report("RTC1022", "session", session,
                    $"The session mixes preview (beta) fields ({string.Join(", ", beta.Select(b => b.Name))}) with GA fields ({string.Join(", ", ga.Select(g => g.Name))}); " +
                    "whichever endpoint receives it rejects part of it.",
                    _ga ? "Move every beta field to its GA place (see the RTC1020 diagnostics) or run ConvertTo-RealtimeGaConfig."
                        : "Remove the GA fields (see the RTC1021 diagnostics), or move the whole payload to GA with ConvertTo-RealtimeGaConfig.");
            }
            else if (beta.Count > 0) _shape = PayloadShape.Preview;
            else if (ga.Count > 0) _shape = PayloadShape.Ga;
        }

        // ----- the generic walk over the field tables -----

        private void Walk(DocumentNode node, FieldSpec spec, string path, FieldSpec? union)
        {
            spec = spec.Resolve();
            if (node.IsNull)
            {
                if (spec.Nullable || spec.Type == "any") return;
                Report("RTC1005", path, node, $"{Display(path)} cannot be null.", "Remove the field to take the default, or give a value.");
                return;
            }
            if (spec.AnyOf != null)
            {
                WalkUnion(node, spec, path);
                return;
            }
            if (!KindMatches(node, spec.Type))
            {
                Report(spec.Rule != null && IsRangeRule(spec.Rule) && node.Kind == DocumentNodeKind.Number ? spec.Rule : "RTC1005", path, node,
                    $"{Display(path)} must be {TypeName(spec.Type)}, not {DescribeKind(node)}.");
                return;
            }
            switch (node.Kind)
            {
                case DocumentNodeKind.Object:
                    if (spec.Type == "object") WalkObject(node, spec, path, union, sessionLevel: false);
                    break;
                case DocumentNodeKind.Array:
                    if (spec.MaxItems.HasValue && node.Items.Count > spec.MaxItems.Value)
                    {
                        var both = spec.Rule == "RTC1055";
                        Report(spec.Rule ?? "RTC1031", path, node,
                            both ? $"{Display(path)} has {node.Items.Count} values; GA takes one: [\"audio\"] or [\"text\"], never both."
                                 : $"{Display(path)} has {node.Items.Count} items; at most {spec.MaxItems.Value} allowed.",
                            both ? "Use [\"audio\"] (audio output carries its own transcript) or [\"text\"]." : null);
                    }
                    if (spec.Items != null)
                    {
                        var items = node.Items;
                        for (var i = 0; i < items.Count; i++) Walk(items[i], spec.Items, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", null);
                    }
                    break;
                case DocumentNodeKind.String:
                    if (spec.Enum != null && !spec.AllowsString(node.Text))
                    {
                        var allowed = spec.Enum.OfType<string>().ToList();
                        var near = NearestName.Find(node.Text, allowed, 3) ?? allowed.FirstOrDefault(a => string.Equals(a, node.Text, StringComparison.OrdinalIgnoreCase));
                        Report(spec.Rule ?? "RTC1030", path, node, $"{Display(path)} is {node.Describe()}; allowed: {string.Join(", ", allowed)}.",
                            near != null ? $"Did you mean \"{near}\"?" : null);
                    }
                    break;
                case DocumentNodeKind.Number:
                    if (spec.Enum != null && !spec.Enum.OfType<double>().Contains(node.Number))
                    {
                        Report(spec.Rule ?? "RTC1030", path, node, $"{Display(path)} is {node.Describe()}; the only legal value{(spec.Enum.Count > 1 ? "s are" : " is")} {string.Join(", ", spec.Enum.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))}.",
                            spec.Enum.Count == 1 ? $"Set it to {Convert.ToString(spec.Enum[0], CultureInfo.InvariantCulture)} or remove it." : null);
                    }
                    else if ((spec.Minimum.HasValue && node.Number < spec.Minimum.Value) || (spec.Maximum.HasValue && node.Number > spec.Maximum.Value))
                    {
                        Report(spec.Rule ?? "RTC1031", path, node, $"{Display(path)} is {node.Describe()}; it must be {RangeText(spec)}.");
                    }
                    break;
            }
        }

        private static bool IsRangeRule(string rule) => rule == "RTC1051" || rule == "RTC1056" || rule == "RTC1058" || rule == "RTC1052";

        private void WalkUnion(DocumentNode node, FieldSpec spec, string path)
        {
            if (spec.Discriminator != null && node.Kind == DocumentNodeKind.Object)
            {
                var dProp = node.FindProperty(spec.Discriminator);
                var all = spec.VariantValues;
                if (dProp == null)
                {
                    var required = spec.AnyOf.Any(v => v.Resolve().Required.Contains(spec.Discriminator));
                    if (required)
                    {
                        Report("RTC1008", path + "." + spec.Discriminator, node, $"{Display(path)} has no {spec.Discriminator}; it must be one of {string.Join(", ", all)}.",
                            $"Add \"{spec.Discriminator}\": \"{all[0]}\".");
                        return;
                    }
                    Walk(node, spec.AnyOf![0], path, spec);
                    return;
                }
                var d = dProp.Value.StringValue;
                var variant = spec.FindVariant(d);
                if (variant == null)
                {
                    var near = d == null ? null : NearestName.Find(d, all, 3);
                    Report(spec.Rule ?? "RTC1030", path + "." + spec.Discriminator, dProp.Value,
                        $"{Display(path + "." + spec.Discriminator)} is {dProp.Value.Describe()}; allowed: {string.Join(", ", all)}.",
                        near != null ? $"Did you mean \"{near}\"?" : null);
                    return;
                }
                Walk(node, variant, path, spec);
                return;
            }
            if (spec == _fields.GaAudioFormat && node.Kind == DocumentNodeKind.String && _fields.BetaFormats.TryGetValue(node.Text!, out var gaFormat))
            {
                Report("RTC1025", path, node, $"{Display(path)} is the preview format name \"{node.Text}\"; GA takes an object.",
                    "Use " + FormatObjectText(gaFormat) + ".");
                return;
            }
            FieldSpec? match = null;
            foreach (var alternative in spec.AnyOf!)
            {
                if (KindMatches(node, alternative.Resolve().Type)) { match = alternative; break; }
            }
            if (match == null)
            {
                var expected = string.Join(" or ", spec.AnyOf.Select(a => AlternativeText(a.Resolve())));
                Report(spec.Rule ?? "RTC1005", path, node, $"{Display(path)} must be {expected}, not {DescribeKind(node)}.");
                return;
            }
            Walk(node, match, path, spec);
        }

        internal static string FormatObjectText(IReadOnlyList<KeyValuePair<string, object>> format) =>
            "{" + string.Join(", ", format.Select(kv => "\"" + kv.Key + "\": " + (kv.Value is string s ? "\"" + s + "\"" : Convert.ToString(kv.Value, CultureInfo.InvariantCulture)))) + "}";

        private void WalkObject(DocumentNode node, FieldSpec spec, string path, FieldSpec? union, bool sessionLevel)
        {
            CheckDuplicates(node, path);
            foreach (var p in node.Properties)
            {
                var childPath = path.Length == 0 ? p.Name : path + "." + p.Name;
                if (spec.Properties.TryGetValue(p.Name, out var child))
                {
                    if (sessionLevel && p.Name == "type") continue; // RTC1010/RTC1011 cover it
                    Walk(p.Value, child, childPath, null);
                    continue;
                }
                // Did-you-mean costs an edit distance per candidate: once saturated, only count.
                if (Saturated) { _suppressed++; continue; }
                ReportUnknown(node, p, spec, path, childPath, union, sessionLevel);
            }
            foreach (var r in spec.Required)
            {
                if (sessionLevel && r == "type") continue;
                if (union != null && r == union.Discriminator) continue;
                if (node.FindProperty(r) == null)
                {
                    Report("RTC1008", path.Length == 0 ? r : path + "." + r, node, $"{Display(path)} has no {r}, which is required.", $"Add \"{r}\".");
                }
            }
        }

        private void ReportUnknown(DocumentNode node, DocumentProperty p, FieldSpec spec, string path, string childPath, FieldSpec? union, bool sessionLevel)
        {
            if (sessionLevel)
            {
                if (_ga)
                {
                    var mapping = _fields.FindBetaMapping(p.Name);
                    if (mapping != null && mapping.Ga == null)
                    {
                        Report("RTC1023", childPath, p, $"'{p.Name}' is a preview (beta) field with no GA equivalent; the GA endpoint rejects it (Unknown parameter: '{childPath}').",
                            $"Remove '{p.Name}'.");
                        return;
                    }
                    if (mapping != null)
                    {
                        var target = mapping.GaAtRequestRoot ? mapping.Ga + " at the top level of the client_secrets body" : "session." + mapping.Ga;
                        var value = mapping.ConvertsFormat && p.Value.Kind == DocumentNodeKind.String && _fields.BetaFormats.TryGetValue(p.Value.Text!, out var f)
                            ? " as " + FormatObjectText(f) : string.Empty;
                        Report("RTC1020", childPath, p, $"'{p.Name}' is a preview (beta) field; the GA endpoint answers 400 \"Unknown parameter: '{childPath}'\" (or discards the session.update).",
                            $"Move it to {target}{value}, or run ConvertTo-RealtimeGaConfig.");
                        return;
                    }
                    if (_transcriptionSession && _fields.GaRealtimeSession.Properties.ContainsKey(p.Name))
                    {
                        Report("RTC1012", childPath, p, $"'{p.Name}' belongs to a realtime session; a transcription session (type \"transcription\") does not take it.",
                            p.Name == "model" ? "Remove it: a transcription session names only audio.input.transcription.model." : $"Remove '{p.Name}', or use type \"realtime\".");
                        return;
                    }
                }
                else
                {
                    if (_fields.GaRealtimeSession.Properties.ContainsKey(p.Name) || _fields.GaTranscriptionSession.Properties.ContainsKey(p.Name))
                    {
                        var beta = _fields.BetaToGa.FirstOrDefault(m => m.Ga != null && (m.Ga == p.Name || m.Ga.StartsWith(p.Name + ".", StringComparison.Ordinal)));
                        Report("RTC1021", childPath, p, $"'{p.Name}' is a GA field; the preview endpoint answers \"Unknown parameter: '{childPath}'\".",
                            beta != null ? $"For the preview protocol use '{beta.Beta}', or move the whole payload to GA (-Target Ga)." : "Remove it for the preview protocol, or check with -Target Ga.");
                        return;
                    }
                    if (_transcriptionSession && _fields.PreviewRealtimeSession.Properties.ContainsKey(p.Name))
                    {
                        Report("RTC1012", childPath, p, $"'{p.Name}' belongs to a realtime session; a transcription session does not take it.", $"Remove '{p.Name}'.");
                        return;
                    }
                }
            }
            if (_transcriptionSession && p.Name == "output" && path.EndsWith(".audio", StringComparison.Ordinal))
            {
                Report("RTC1012", childPath, p, "A transcription session has no audio output (voice, speed, output format).", "Remove audio.output, or use type \"realtime\".");
                return;
            }
            if (union != null)
            {
                var other = union.AnyOf.Select(v => v.Resolve()).FirstOrDefault(v => v.Properties.ContainsKey(p.Name));
                if (other != null)
                {
                    var thisType = union.Discriminator == null ? null : node[union.Discriminator]?.StringValue;
                    var otherType = other.DiscriminatorValues(union.Discriminator).FirstOrDefault();
                    Report(union.Rule == "RTC1053" ? "RTC1054" : "RTC1006", childPath, p,
                        $"'{p.Name}' belongs to {union.Discriminator} \"{otherType}\", not \"{thisType}\"; the service rejects it.",
                        $"Remove '{p.Name}', or use \"{union.Discriminator}\": \"{otherType}\".");
                    return;
                }
            }
            var near = NearestName.Find(p.Name, spec.PropertyNames);
            Report("RTC1006", childPath, p, $"Unknown field '{p.Name}' in {Display(path)}; the service answers 400 unknown_parameter" +
                (_kind == ConfigurationKind.SessionUpdateEvent ? " and discards the whole session.update." : "."),
                near != null ? $"Did you mean '{near}'?" : (spec.PropertyNames.Count > 0 ? "Known fields here: " + string.Join(", ", spec.PropertyNames) + "." : null));
        }

        private void CheckDuplicates(DocumentNode node, string path)
        {
            var props = node.Properties;
            if (props.Count < 2) return;
            if (props.Count > 16)
            {
                // Large objects: a set keeps this linear (an object of 500,000 keys must not take minutes).
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in props)
                {
                    if (seen.Add(p.Name)) continue;
                    Report("RTC1007", path.Length == 0 ? p.Name : path + "." + p.Name, p, $"'{p.Name}' appears more than once in {Display(path)}; RealtimeOps checks the last one, other parsers may take the first.",
                        "Keep one.");
                }
                return;
            }
            for (var i = 1; i < props.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(props[i].Name, props[j].Name, StringComparison.Ordinal))
                    {
                        var childPath = path.Length == 0 ? props[i].Name : path + "." + props[i].Name;
                        Report("RTC1007", childPath, props[i], $"'{props[i].Name}' appears more than once in {Display(path)}; RealtimeOps checks the last one, other parsers may take the first.",
                            "Keep one.");
                        break;
                    }
                }
            }
        }

        // ----- rules a table cannot say -----

        private void CheckTranscription(DocumentNode session, string path)
        {
            string tPath;
            DocumentProperty? transcription;
            string turnPath;
            DocumentProperty? turn;
            var gaTranscription = session["audio"]?["input"]?.FindProperty("transcription");
            if (gaTranscription != null || _ga)
            {
                transcription = gaTranscription ?? session.FindProperty("input_audio_transcription");
                tPath = gaTranscription != null ? path + ".audio.input.transcription" : path + ".input_audio_transcription";
            }
            else
            {
                transcription = session.FindProperty("input_audio_transcription");
                tPath = path + ".input_audio_transcription";
            }
            turn = session["audio"]?["input"]?.FindProperty("turn_detection") ?? session.FindProperty("turn_detection");
            turnPath = session["audio"]?["input"]?.FindProperty("turn_detection") != null ? path + ".audio.input.turn_detection" : path + ".turn_detection";

            _transcriptionEnabled = _transcriptionSession;
            if (transcription == null) return;
            if (transcription.Value.IsNull)
            {
                Report("RTC1045", tPath, transcription.Value, "Transcription explicitly off: transcription is null, so no input transcripts arrive.",
                    "Give {\"model\": \"gpt-4o-transcribe\"} (your transcription deployment name on Azure) to turn it on.");
                return;
            }
            if (transcription.Value.Kind != DocumentNodeKind.Object) return;
            _transcriptionEnabled = true;
            var t = transcription.Value;
            var modelNode = t["model"];
            RealtimeModel? model = null;
            if (modelNode == null)
            {
                Report("RTC1047", tPath, t, "Transcription is on but names no model.",
                    "Add \"model\": the name of your transcription deployment (e.g. one of gpt-4o-transcribe, gpt-4o-mini-transcribe).");
            }
            else if (modelNode.Kind == DocumentNodeKind.String)
            {
                _transcriptionModel = modelNode.Text;
                model = CheckTranscriptionModel(modelNode, tPath + ".model");
            }

            var language = t["language"];
            if (language?.Kind == DocumentNodeKind.String && !_fields.IsLanguageCode(language.Text))
            {
                var head = language.Text!.Split('-', '_')[0].Trim().ToLowerInvariant();
                var suggestion = _fields.IsLanguageCode(head) ? $"Use \"{head}\"." : "Use a two-letter ISO-639-1 code in lower case, such as \"en\", \"de\" or \"sv\".";
                Report("RTC1042", tPath + ".language", language, $"language {language.Describe()} is not an ISO-639-1 code.", suggestion);
            }

            if (model != null && model.AcceptsPrompt == false && t.FindProperty("prompt") != null)
            {
                Report("RTC1043", tPath + ".prompt", t.FindProperty("prompt"), $"{model.Name} does not accept a transcription prompt.",
                    "Remove prompt, or use gpt-4o-transcribe / gpt-4o-mini-transcribe, which take one.");
            }
            if (model != null && model.RequiresManualTurnDetection && (turn == null || !turn.Value.IsNull))
            {
                Report("RTC1044", turnPath, turn != null ? turn.Value : t,
                    turn == null
                        ? $"{model.Name} needs turn_detection: null, and a realtime session defaults to server_vad."
                        : $"{model.Name} needs turn_detection: null (manual commit), not {turn.Value.Describe()}.",
                    $"Set {(_ga ? "audio.input." : string.Empty)}turn_detection to null.");
            }
            var delay = t.FindProperty("delay");
            if (delay != null && (model == null || !model.RequiresManualTurnDetection))
            {
                Report("RTC1046", tPath + ".delay", delay, "delay is named by newer SDK releases for gpt-realtime-whisper only.", "Remove delay for other models.");
            }
        }

        private RealtimeModel? CheckTranscriptionModel(DocumentNode node, string path)
        {
            var name = node.Text;
            var resolvedName = name;
            if (_options.Deployments != null)
            {
                if (TryGetDeployment(_options.Deployments, name, out var deploymentModel))
                {
                    if (deploymentModel != null)
                    {
                        resolvedName = deploymentModel;
                        var m = _models.FindModel(deploymentModel);
                        if ((m != null && m.Kind != ModelKind.Transcription) || IsNonTranscriptionName(deploymentModel))
                        {
                            Report("RTC1064", path, node, $"Deployment '{name}' is a deployment of {deploymentModel}, which is not a transcription model.",
                                "Name a deployment of gpt-4o-transcribe, gpt-4o-mini-transcribe or gpt-4o-transcribe-diarize.");
                            return null;
                        }
                        if (m != null) { CheckRegion(m, path, node); return m; }
                    }
                    else return _models.FindModel(name);
                }
                else
                {
                    var near = NearestName.Find(name, _options.Deployments.Keys);
                    Report("RTC1063", path, node, $"'{name}' is not one of the deployments given ({string.Join(", ", _options.Deployments.Keys)}); Azure expects the name of a transcription deployment here.",
                        near != null ? $"Did you mean '{near}'?" : "Deploy a transcription model and put its deployment name here.");
                    // Only a catalog model name is worth checking further; anything else was meant as a deployment.
                    if (_models.FindModel(name) == null && !IsNonTranscriptionName(name)) return null;
                }
            }

            var model = _models.FindModel(resolvedName);
            if (model != null && model.Kind == ModelKind.Transcription)
            {
                if (!model.Documented)
                {
                    Report("RTC1040", path, node, $"{model.Name} is named by newer SDK releases but is not in the documented Azure list ({DocumentedList()}).",
                        "Verify that your Azure resource has a deployment of it.");
                }
                CheckRegion(model, path, node);
                return model;
            }
            if ((model != null && model.Kind == ModelKind.Realtime) || IsNonTranscriptionName(resolvedName))
            {
                Report("RTC1041", path, node, $"'{resolvedName}' is a {(model != null ? "realtime" : "chat or other non-transcription")} model; it cannot transcribe input audio.",
                    $"Use a transcription model (on Azure, your deployment of one): {DocumentedList()}.");
                return null;
            }
            if (_options.Deployments != null && resolvedName != name) return null;
            var nearest = NearestName.Find(name, _models.TranscriptionModels.Select(m => m.Name));
            Report("RTC1040", path, node,
                $"'{name}' is not in the documented list of transcription models ({DocumentedList()}). On Azure this field names a deployment of a transcription model, so it may be your deployment name.",
                nearest != null ? $"Did you mean '{nearest}'? If '{name}' is a deployment, check it with -Deployment {name}=<model>."
                    : $"If '{name}' is a deployment of a transcription model, check it with -Deployment {name}=<model>.");
            return null;
        }

        private string DocumentedList() => string.Join(", ", _models.DocumentedTranscriptionModels.Select(m => m.Name));

        private bool IsNonTranscriptionName(string? name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            var lower = name!.Trim().ToLowerInvariant();
            foreach (var n in _models.NonTranscriptionModelNames)
            {
                if (lower == n || (lower.StartsWith(n + "-", StringComparison.Ordinal) && IsDateSuffix(lower.Substring(n.Length + 1)))) return true;
            }
            foreach (var m in _models.RealtimeModels)
            {
                if (lower.StartsWith(m.Name + "-", StringComparison.Ordinal) && IsDateSuffix(lower.Substring(m.Name.Length + 1))) return true;
            }
            return lower.Contains("realtime") && !lower.Contains("transcri") && !lower.Contains("whisper");
        }

        private static bool IsDateSuffix(string s) =>
            s.Length == 10 && char.IsDigit(s[0]) && s[4] == '-' && s[7] == '-' && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

        private static bool TryGetDeployment(IReadOnlyDictionary<string, string?> deployments, string? name, out string? model)
        {
            foreach (var kv in deployments)
            {
                if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) { model = string.IsNullOrWhiteSpace(kv.Value) ? null : kv.Value!.Trim(); return true; }
            }
            model = null;
            return false;
        }

        private void CheckSessionModel(DocumentNode session, string path)
        {
            var node = session["model"];
            if (node?.Kind != DocumentNodeKind.String || _transcriptionSession) return;
            var name = node.Text ?? string.Empty; // a string node always has its text
            var modelPath = path + ".model";
            if (_options.Deployments != null)
            {
                if (!TryGetDeployment(_options.Deployments, name, out var deploymentModel))
                {
                    var near = NearestName.Find(name, _options.Deployments.Keys);
                    Report("RTC1062", modelPath, node, $"'{name}' is not one of the deployments given ({string.Join(", ", _options.Deployments.Keys)}); on Azure session.model is the realtime deployment name and the service answers 404 DeploymentNotFound.",
                        near != null ? $"Did you mean '{near}'?" : "Put the name of your realtime deployment here (Get-RealtimeDeployment lists them).");
                    return;
                }
                if (deploymentModel == null) return;
                var dm = _models.FindModel(deploymentModel);
                if ((dm != null && dm.Kind != ModelKind.Realtime) || (dm == null && IsNonRealtimeName(deploymentModel)))
                {
                    Report("RTC1064", modelPath, node, $"Deployment '{name}' is a deployment of {deploymentModel}, which is not a realtime model.",
                        "Name a deployment of a realtime model: " + string.Join(", ", _models.RealtimeModels.Select(m => m.Name)) + ".");
                    return;
                }
                if (dm != null) CheckRegion(dm, modelPath, node);
                return;
            }
            var model = _models.FindModel(name);
            if (model != null)
            {
                if (model.Kind != ModelKind.Realtime)
                {
                    Report("RTC1064", modelPath, node, $"{model.Name} is a transcription model; session.model names a realtime model (on Azure, its deployment).",
                        _ga ? $"Put {model.Name} in audio.input.transcription.model, or use type \"transcription\"." : "Put it in input_audio_transcription.model.");
                    return;
                }
                CheckRegion(model, modelPath, node);
                return;
            }
            if (IsNonRealtimeName(name))
            {
                Report("RTC1064", modelPath, node, $"'{name}' is a chat or other non-realtime model; session.model names a realtime model (on Azure, its deployment).",
                    "Use a realtime model deployment: " + string.Join(", ", _models.RealtimeModels.Select(m => m.Name)) + ".");
                return;
            }
            var nearest = NearestName.Find(name, _models.RealtimeModels.Select(m => m.Name), 2);
            if (nearest != null)
            {
                Report("RTC1065", modelPath, node, $"'{name}' is not a catalog model but is close to {nearest}.",
                    $"Did you mean '{nearest}'? (If '{name}' is your deployment name, ignore this.)");
            }
        }

        private bool IsNonRealtimeName(string name)
        {
            var lower = name.Trim().ToLowerInvariant();
            foreach (var n in _models.NonTranscriptionModelNames)
            {
                if (lower == n || (lower.StartsWith(n + "-", StringComparison.Ordinal) && IsDateSuffix(lower.Substring(n.Length + 1)))) return true;
            }
            return false;
        }

        private void CheckRegion(RealtimeModel model, string path, DocumentNode node)
        {
            if (_options.Region == null || model.Regions.Count == 0) return;
            var region = _models.FindRegion(_options.Region);
            if (region == null || model.IsOfferedIn(region.Name)) return;
            var where = model.Regions.Select(r => _models.FindRegion(r)?.DisplayName ?? r);
            Report("RTC1060", path, node, $"{model.Name} is not offered in {region.DisplayName} according to the catalog of {_models.AsOf:yyyy-MM-dd} (Global Standard).",
                $"Use a resource in {string.Join(" or ", where)}, or check current availability (Get-RealtimeModel -Region '{region.DisplayName}').");
        }

        private void CheckEndpoint()
        {
            var endpoint = _options.Endpoint;
            if (string.IsNullOrWhiteSpace(endpoint)) return;
            if (!Uri.TryCreate(endpoint!.Trim(), UriKind.Absolute, out var uri) ||
                !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                Report("RTC1071", string.Empty, null, null, $"The endpoint '{endpoint}' is not an absolute https URL.",
                    "Give the resource URL, e.g. https://contoso.openai.azure.com/openai/v1/realtime/client_secrets.");
                return;
            }
            if (uri.AbsolutePath.IndexOf("/openai/v1", StringComparison.OrdinalIgnoreCase) < 0) return;
            foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            {
                var eq = pair.IndexOf('=');
                if (eq < 0) continue;
                var key = Uri.UnescapeDataString(pair.Substring(0, eq));
                var value = Uri.UnescapeDataString(pair.Substring(eq + 1));
                if (!string.Equals(key, "api-version", StringComparison.OrdinalIgnoreCase)) continue;
                if (value == "v1" || value == "preview") continue;
                Report("RTC1070", string.Empty, null, null, $"The GA endpoint carries api-version={value}; /openai/v1 URLs must not carry a dated version (it is tied to 401 errors).",
                    "Remove the api-version query (it defaults to v1).");
            }
        }

        // ----- helpers -----

        private static bool KindMatches(DocumentNode node, string? type)
        {
            switch (type)
            {
                case null:
                case "any": return true;
                case "object": return node.Kind == DocumentNodeKind.Object;
                case "array": return node.Kind == DocumentNodeKind.Array;
                case "string": return node.Kind == DocumentNodeKind.String;
                case "boolean": return node.Kind == DocumentNodeKind.Boolean;
                case "number": return node.Kind == DocumentNodeKind.Number;
                case "integer": return node.Kind == DocumentNodeKind.Number && node.IsInteger;
                default: return false;
            }
        }

        private static string DescribeKind(DocumentNode node) =>
            node.Kind == DocumentNodeKind.Number || node.Kind == DocumentNodeKind.String || node.Kind == DocumentNodeKind.Boolean
                ? DocumentNode.KindName(node.Kind) + " (" + node.Describe() + ")"
                : DocumentNode.KindName(node.Kind);

        private static string TypeName(string? type)
        {
            switch (type)
            {
                case "object": return "an object";
                case "array": return "an array";
                case "string": return "a string";
                case "boolean": return "true or false";
                case "number": return "a number";
                case "integer": return "an integer";
                default: return "a value";
            }
        }

        private static string AlternativeText(FieldSpec spec)
        {
            if (spec.Type == "string" && spec.Enum != null) return string.Join(" or ", spec.Enum.Select(e => "\"" + e + "\""));
            if (spec.Type == "integer" && (spec.Minimum.HasValue || spec.Maximum.HasValue)) return "an integer " + RangeText(spec);
            return TypeName(spec.Type);
        }

        private static string RangeText(FieldSpec spec)
        {
            string F(double v) => v.ToString(CultureInfo.InvariantCulture);
            if (spec.Minimum.HasValue && spec.Maximum.HasValue) return $"from {F(spec.Minimum.Value)} to {F(spec.Maximum.Value)}";
            if (spec.Minimum.HasValue) return $"at least {F(spec.Minimum.Value)}";
            return $"at most {F(spec.Maximum!.Value)}";
        }

        private static string Display(string path) => path.Length == 0 ? "the root object" : path;
    }
}
