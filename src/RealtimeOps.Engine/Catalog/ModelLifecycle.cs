using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>A retirement date a source gives for one model (and optionally one version).</summary>
    public sealed class ModelRetirement
    {
        public ModelRetirement(string model, string? version, DateTime date, string source,
            bool noEarlierThan = false, DateTime? deprecation = null, string? replacement = null)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Version = string.IsNullOrEmpty(version) ? null : version;
            Date = date;
            Source = source ?? string.Empty;
            NoEarlierThan = noEarlierThan;
            Deprecation = deprecation;
            Replacement = string.IsNullOrEmpty(replacement) ? null : replacement;
        }

        public string Model { get; }
        /// <summary>Null when the date applies to every version.</summary>
        public string? Version { get; }
        /// <summary>The retirement date; for a "no earlier than" entry, the earliest date the source gives.</summary>
        public DateTime Date { get; }
        /// <summary>True when the source gives only an earliest date ("no earlier than"): not a definite retirement.</summary>
        public bool NoEarlierThan { get; }
        /// <summary>The deprecation date (no new deployments) where the source gives one.</summary>
        public DateTime? Deprecation { get; }
        /// <summary>The model the source names as the replacement, or null.</summary>
        public string? Replacement { get; }
        /// <summary>The public document that gives the date (name and URL).</summary>
        public string Source { get; }

        /// <summary>"2025-08-28: retires 2027-02-28" or "2025-03-20: retires no earlier than 2026-02-28".</summary>
        public override string ToString() =>
            (Version == null ? string.Empty : Version + ": ")
            + (NoEarlierThan ? "retires no earlier than " : "retires ")
            + Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Dated lifecycle facts (Catalog/lifecycle.json, embedded): when the preview protocol goes away and,
    /// where a source says so, when a model retires. Checks read these dates from here, never from literals.
    /// </summary>
    internal sealed class ModelLifecycle
    {
        private static readonly Lazy<ModelLifecycle> s_current = new Lazy<ModelLifecycle>(LoadEmbedded);

        public ModelLifecycle(DateTime previewProtocolDeprecation, string? previewProtocolSource, string? previewProtocolText,
            IReadOnlyList<ModelRetirement>? retirements, DateTime asOf)
        {
            PreviewProtocolDeprecation = previewProtocolDeprecation;
            PreviewProtocolSource = previewProtocolSource ?? string.Empty;
            PreviewProtocolText = previewProtocolText ?? string.Empty;
            Retirements = retirements ?? Array.Empty<ModelRetirement>();
            AsOf = asOf;
        }

        public static ModelLifecycle Current => s_current.Value;

        public DateTime PreviewProtocolDeprecation { get; }
        public string PreviewProtocolSource { get; }
        public string PreviewProtocolText { get; }
        public IReadOnlyList<ModelRetirement> Retirements { get; }
        public DateTime AsOf { get; }

        /// <summary>
        /// The retirement a source gives for this model and version, or null. An entry with a version matches only that
        /// version; an entry without one matches any. With no version given, a dated model name
        /// (gpt-realtime-mini-2025-12-15) stands for its own version.
        /// </summary>
        public ModelRetirement? FindRetirement(string? model, string? version)
        {
            if (string.IsNullOrEmpty(model)) return null;
            ModelRetirement? any = null;
            foreach (var r in Retirements)
            {
                if (!string.Equals(r.Model, model, StringComparison.OrdinalIgnoreCase)) continue;
                if (r.Version == null) any = any ?? r;
                else if (string.IsNullOrEmpty(version)
                    ? model!.EndsWith("-" + r.Version, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(r.Version, version, StringComparison.OrdinalIgnoreCase)) return r;
            }
            return any;
        }

        /// <summary>Every retirement a source gives for one of the model's versions (or for the model as a whole).</summary>
        public IReadOnlyList<ModelRetirement> RetirementsOf(RealtimeModel model) =>
            Retirements.Where(r => string.Equals(r.Model, model.Name, StringComparison.OrdinalIgnoreCase)
                                   && (r.Version == null || model.Versions.Count == 0 || model.Versions.Contains(r.Version, StringComparer.OrdinalIgnoreCase)))
                       .OrderBy(r => r.Date).ToList();

        /// <summary>Reads lifecycle.json: entries name their source by a key of "sources", which becomes the source's text.</summary>
        public static ModelLifecycle Load(Stream json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                var root = doc.RootElement;
                var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                if (root.TryGetProperty("sources", out var s) && s.ValueKind == JsonValueKind.Object)
                    foreach (var p in s.EnumerateObject()) sources[p.Name] = p.Value.GetString() ?? string.Empty;
                string Source(JsonElement e)
                {
                    var key = Text(e, "source") ?? string.Empty;
                    return sources.TryGetValue(key, out var text) ? text : key;
                }
                var preview = root.GetProperty("previewProtocolDeprecation");
                var retirements = new List<ModelRetirement>();
                foreach (var r in root.GetProperty("modelRetirements").EnumerateArray())
                {
                    var deprecation = Text(r, "deprecation");
                    retirements.Add(new ModelRetirement(
                        Text(r, "model") ?? throw new InvalidDataException("A modelRetirements entry of lifecycle.json has no model."),
                        Text(r, "version"),
                        ParseDate(Text(r, "date")),
                        Source(r),
                        r.TryGetProperty("noEarlierThan", out var net) && net.ValueKind == JsonValueKind.True,
                        deprecation == null ? (DateTime?)null : ParseDate(deprecation),
                        Text(r, "replacement")));
                }
                return new ModelLifecycle(
                    ParseDate(Text(preview, "date")),
                    Text(preview, "source"),
                    Text(preview, "text"),
                    retirements,
                    ParseDate(Text(root, "asOf")));
            }
        }

        private static string? Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static DateTime ParseDate(string? text) =>
            DateTime.ParseExact(text ?? string.Empty, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        private static ModelLifecycle LoadEmbedded()
        {
            using (var s = typeof(ModelLifecycle).Assembly.GetManifestResourceStream("RealtimeOps.Engine.Catalog.lifecycle.json"))
            {
                if (s == null) throw new InvalidOperationException("The lifecycle catalog resource is missing from RealtimeOps.Engine.");
                return Load(s);
            }
        }
    }
}
