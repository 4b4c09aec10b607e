using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>A remark about a conversion: what was moved, changed or dropped.</summary>
    public sealed class ConversionNote
    {
        public ConversionNote(DiagnosticSeverity severity, string path, string message)
        {
            Severity = severity;
            Path = path;
            Message = message;
        }

        public DiagnosticSeverity Severity { get; }
        public string Path { get; }
        public string Message { get; }
        public override string ToString() => (Path.Length > 0 ? Path + ": " : string.Empty) + Message;
    }

    /// <summary>The GA payload made from a preview one, or the reason there is none.</summary>
    public sealed class ConversionResult
    {
        internal ConversionResult(string source, string? json, IReadOnlyList<ConversionNote> notes, IReadOnlyList<Diagnostic> parseErrors)
        {
            Source = source;
            Json = json;
            Notes = notes;
            ParseErrors = parseErrors;
        }

        public string Source { get; }
        /// <summary>The GA JSON (indented); null when the input could not be parsed.</summary>
        public string? Json { get; }
        public IReadOnlyList<ConversionNote> Notes { get; }
        /// <summary>Why the input could not be converted (syntax errors, wrong root); empty on success.</summary>
        public IReadOnlyList<Diagnostic> ParseErrors { get; }
        public bool Succeeded => Json != null;
        /// <summary>The GA JSON, so the result can be written with Set-Content as it is.</summary>
        public override string ToString() => Json ?? string.Empty;
    }

    /// <summary>
    /// Rewrites a preview (beta) payload into the GA shape with the beta→GA map of Catalog/session-fields.json
    /// (Microsoft Learn, "Realtime API preview to GA migration guide", https://learn.microsoft.com/azure/foundry/openai/how-to/realtime-audio-preview-api-migration-guide): fields move to their GA place, pcm16 becomes {type: audio/pcm, rate: 24000},
    /// temperature is dropped with a warning, session.type is added. GA fields already present are kept.
    /// </summary>
    internal static class PreviewToGaConverter
    {
        /// <summary>Name look-ups made by the converter's objects on this thread: lets a test bound the growth of the work.</summary>
        [ThreadStatic] internal static long KeyComparisons;

        /// <summary>An ordered JSON object with a name index, so building one with n fields costs O(n), not O(n²).</summary>
        private sealed class JObject : IEnumerable<KeyValuePair<string, object?>>
        {
            private readonly List<KeyValuePair<string, object?>> _items = new List<KeyValuePair<string, object?>>();
            private readonly Dictionary<string, int> _index = new Dictionary<string, int>(StringComparer.Ordinal);

            public int Count => _items.Count;
            public KeyValuePair<string, object?> this[int i] => _items[i];

            public object? Get(string name) => Find(name) is int i ? _items[i].Value : null;
            public bool Has(string name) => Find(name) != null;

            /// <summary>As <see cref="Set"/>; lets the object be built with a collection initializer.</summary>
            public void Add(KeyValuePair<string, object?> item) => Set(item.Key, item.Value);

            public void Set(string name, object? value)
            {
                var kv = new KeyValuePair<string, object?>(name, value);
                if (Find(name) is int i) { _items[i] = kv; return; }
                _index[name] = _items.Count;
                _items.Add(kv);
            }

            public void Remove(string name)
            {
                if (!(Find(name) is int i)) return;
                _items.RemoveAt(i);
                Reindex();
            }

            public void Reverse()
            {
                _items.Reverse();
                Reindex();
            }

            public JObject Child(string name)
            {
                if (Get(name) is JObject o) return o;
                var created = new JObject();
                Set(name, created);
                return created;
            }

            private int? Find(string name)
            {
                KeyComparisons++;
                return _index.TryGetValue(name, out var i) ? i : (int?)null;
            }

            private void Reindex()
            {
                _index.Clear();
                for (var i = 0; i < _items.Count; i++) _index[_items[i].Key] = i;
            }

            public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _items.GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        private sealed class JNull { public static readonly JNull Value = new JNull(); }

        public static ConversionResult Convert(SessionDocument document)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            if (document.Root == null) return new ConversionResult(document.Source, null, Array.Empty<ConversionNote>(), document.Diagnostics);
            if (document.Root.Kind != DocumentNodeKind.Object)
            {
                return new ConversionResult(document.Source, null, Array.Empty<ConversionNote>(), new[]
                {
                    new Diagnostic(RuleIds.RootNotRecognised, RuleCatalog.Get(RuleIds.RootNotRecognised).Severity, string.Empty, document.Root.Line, document.Root.Column,
                        "The root is not a JSON object; there is no session to convert.", null, document.Source),
                });
            }
            var notes = new List<ConversionNote>();
            var root = document.Root;
            var rootType = root["type"]?.StringValue;
            JObject output;
            if (rootType == "session.update" || rootType == "transcription_session.update")
            {
                output = new JObject { new KeyValuePair<string, object?>("type", "session.update") };
                if (root["event_id"] != null) output.Add(new KeyValuePair<string, object?>("event_id", ToValue(root["event_id"])));
                if (rootType == "transcription_session.update")
                    notes.Add(new ConversionNote(DiagnosticSeverity.Information, "type", "transcription_session.update became session.update with session.type \"transcription\"."));
                var expires = new JObject();
                output.Add(new KeyValuePair<string, object?>("session", root["session"]?.Kind == DocumentNodeKind.Object
                    ? ConvertSession(root["session"]!, rootType == "transcription_session.update", "session", notes, expires)
                    : ToValue(root["session"])));
                if (expires.Count > 0)
                    notes.Add(new ConversionNote(DiagnosticSeverity.Warning, "session.client_secret", "client_secret.expires_after was dropped: a session.update event cannot set it; GA sets expires_after when minting (client_secrets body)."));
            }
            else if (rootType == null && (root.FindProperty("session") != null || root.FindProperty("expires_after") != null))
            {
                output = new JObject();
                var expires = new JObject();
                JObject? session = null;
                if (root["session"]?.Kind == DocumentNodeKind.Object) session = ConvertSession(root["session"]!, false, "session", notes, expires);
                if (root["expires_after"] != null) output.Add(new KeyValuePair<string, object?>("expires_after", ToValue(root["expires_after"])));
                else if (expires.Count > 0) output.Add(new KeyValuePair<string, object?>("expires_after", expires));
                if (session != null) output.Add(new KeyValuePair<string, object?>("session", session));
                else if (root["session"] != null) output.Add(new KeyValuePair<string, object?>("session", ToValue(root["session"])));
            }
            else
            {
                var expires = new JObject();
                var session = ConvertSession(root, false, "session", notes, expires);
                if (expires.Count > 0)
                {
                    // The preview sessions body carried the expiry inside the session; GA puts it beside it.
                    output = new JObject
                    {
                        new KeyValuePair<string, object?>("expires_after", expires),
                        new KeyValuePair<string, object?>("session", session),
                    };
                    notes.Add(new ConversionNote(DiagnosticSeverity.Information, "client_secret.expires_after",
                        "client_secret.expires_after moved to the top-level expires_after, so the output is a client_secrets body {expires_after, session}."));
                }
                else output = session;
            }
            return new ConversionResult(document.Source, Serialize(output), notes, Array.Empty<Diagnostic>());
        }

        public static ConversionResult ConvertJson(string? json, string source) => Convert(SessionDocument.Parse(json, source));

        private static JObject ConvertSession(DocumentNode session, bool transcriptionEvent, string path, List<ConversionNote> notes, JObject expiresOut)
        {
            var fields = SessionFieldCatalog.Current;
            var result = new JObject();
            var existingType = session["type"]?.StringValue;
            var isTranscription = transcriptionEvent || existingType == "transcription";
            result.Add(new KeyValuePair<string, object?>("type", existingType == "realtime" || existingType == "transcription" ? existingType : isTranscription ? "transcription" : "realtime"));
            if (session.FindProperty("type") == null)
                notes.Add(new ConversionNote(DiagnosticSeverity.Information, path + ".type", $"Added type \"{result.Get("type")}\" (required in GA)."));

            // GA fields already present win over moved beta ones: copy them first.
            foreach (var p in session.Properties)
            {
                if (p.Name == "type") continue;
                if (fields.FindBetaMapping(p.Name) != null) continue;
                result.Set(p.Name, ToValue(p.Value));
            }
            foreach (var p in session.Properties)
            {
                var mapping = fields.FindBetaMapping(p.Name);
                if (mapping == null) continue;
                var beta = path + "." + p.Name;
                if (mapping.Ga == null)
                {
                    notes.Add(new ConversionNote(DiagnosticSeverity.Warning, beta, $"{p.Name} was dropped: GA has no equivalent (value was {p.Value.Describe()})."));
                    continue;
                }
                if (mapping.GaAtRequestRoot)
                {
                    var expiresAfter = p.Value["expires_after"];
                    if (expiresAfter?.Kind == DocumentNodeKind.Object)
                    {
                        foreach (var e in expiresAfter.Properties) expiresOut.Set(e.Name, ToValue(e.Value));
                    }
                    continue;
                }
                object? value;
                if (p.Name == "modalities")
                {
                    var items = p.Value.Items.Select(i => i.StringValue).ToList();
                    value = items.Contains("audio") ? new List<object> { "audio" } : items.Contains("text") ? new List<object> { "text" } : ToValue(p.Value);
                    if (items.Contains("audio") && items.Contains("text"))
                        notes.Add(new ConversionNote(DiagnosticSeverity.Information, beta, "modalities [\"text\",\"audio\"] became output_modalities [\"audio\"]: GA takes one, and audio output carries its transcript."));
                    if (isTranscription) { notes.Add(new ConversionNote(DiagnosticSeverity.Information, beta, "modalities dropped: a GA transcription session has no output.")); continue; }
                }
                else if (mapping.ConvertsFormat && p.Value.Kind == DocumentNodeKind.String && fields.BetaFormats.TryGetValue(p.Value.Text!, out var format))
                {
                    var obj = new JObject();
                    foreach (var kv in format) obj.Add(new KeyValuePair<string, object?>(kv.Key, kv.Value));
                    value = obj;
                }
                else value = ToValue(p.Value);

                if (isTranscription && mapping.Ga.StartsWith("audio.output", StringComparison.Ordinal))
                {
                    notes.Add(new ConversionNote(DiagnosticSeverity.Warning, beta, $"{p.Name} dropped: a GA transcription session has no audio output."));
                    continue;
                }
                var segments = mapping.Ga.Split('.');
                var target = result;
                for (var i = 0; i < segments.Length - 1; i++) target = target.Child(segments[i]);
                var leaf = segments[segments.Length - 1];
                if (target.Has(leaf))
                {
                    notes.Add(new ConversionNote(DiagnosticSeverity.Warning, beta, $"{p.Name} dropped: the payload already has {path}.{mapping.Ga}, which is kept."));
                    continue;
                }
                target.Set(leaf, value);
                notes.Add(new ConversionNote(DiagnosticSeverity.Information, beta, $"{p.Name} moved to {path}.{mapping.Ga}" +
                    (mapping.ConvertsFormat && value is JObject ? $" as {ConvertedFormatText((JObject)value)}." : ".")));
            }
            if (isTranscription)
            {
                foreach (var name in new[] { "model", "instructions", "voice", "tools", "tool_choice", "output_modalities", "max_output_tokens", "tracing" })
                {
                    if (!result.Has(name)) continue;
                    result.Remove(name);
                    notes.Add(new ConversionNote(DiagnosticSeverity.Warning, path + "." + name, $"{name} dropped: a GA transcription session does not take it."));
                }
            }
            // Keep audio in a stable order: input before output.
            if (result.Get("audio") is JObject audio && audio.Count == 2 && audio[0].Key == "output") audio.Reverse();
            return result;
        }

        private static string ConvertedFormatText(JObject format) =>
            "{" + string.Join(", ", format.Select(kv => kv.Key + ": " + kv.Value)) + "}";

        private static object? ToValue(DocumentNode? node)
        {
            if (node == null) return JNull.Value;
            // Recursion is bounded: documents are depth-limited (SessionDocument.MaxDepth).
            switch (node.Kind)
            {
                case DocumentNodeKind.String: return node.Text;
                case DocumentNodeKind.Number: return new RawNumber(node.Text ?? node.Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                case DocumentNodeKind.Boolean: return node.Boolean;
                case DocumentNodeKind.Null: return JNull.Value;
                case DocumentNodeKind.Array: return node.Items.Select(ToValue).ToList();
                default:
                    var o = new JObject();
                    foreach (var p in node.Properties) o.Set(p.Name, ToValue(p.Value));
                    return o;
            }
        }

        private sealed class RawNumber
        {
            public RawNumber(string text) { Text = text; }
            public string Text { get; }
        }

        private static string Serialize(object value)
        {
            using (var stream = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    Write(w, value);
                }
                return Encoding.UTF8.GetString(stream.ToArray());
            }
        }

        private static void Write(Utf8JsonWriter w, object? value)
        {
            switch (value)
            {
                case JObject o:
                    w.WriteStartObject();
                    foreach (var kv in o) { w.WritePropertyName(kv.Key); Write(w, kv.Value); }
                    w.WriteEndObject();
                    break;
                case List<object> list:
                    w.WriteStartArray();
                    foreach (var item in list) Write(w, item);
                    w.WriteEndArray();
                    break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case RawNumber n: w.WriteRawValue(n.Text, skipInputValidation: false); break;
                default: w.WriteNullValue(); break;
            }
        }
    }
}
