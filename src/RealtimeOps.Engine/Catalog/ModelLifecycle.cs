using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>A retirement date a source gives for one model (and optionally one version).</summary>
    internal sealed class ModelRetirement
    {
        public ModelRetirement(string model, string? version, DateTime date, string source)
        {
            Model = model;
            Version = version;
            Date = date;
            Source = source;
        }

        public string Model { get; }
        /// <summary>Null when the date applies to every version.</summary>
        public string? Version { get; }
        public DateTime Date { get; }
        public string Source { get; }
    }

    /// <summary>
    /// Dated lifecycle facts (Catalog/lifecycle.json, embedded): when the preview protocol goes away and,
    /// where a source says so, when a model retires. Checks read these dates from here, never from literals.
    /// </summary>
    internal sealed class ModelLifecycle
    {
        private static readonly Lazy<ModelLifecycle> s_current = new Lazy<ModelLifecycle>(LoadEmbedded);

        public ModelLifecycle(DateTime previewProtocolDeprecation, string previewProtocolSource, string previewProtocolText,
            IReadOnlyList<ModelRetirement> retirements, DateTime asOf)
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

        /// <summary>The retirement a source gives for this model and version.</summary>
        public ModelRetirement? FindRetirement(string? model, string? version)
        {
            ModelRetirement? any = null;
            foreach (var r in Retirements)
            {
                if (!string.Equals(r.Model, model, StringComparison.OrdinalIgnoreCase)) continue;
                if (r.Version == null) any = any ?? r;
                else if (string.Equals(r.Version, version, StringComparison.OrdinalIgnoreCase)) return r;
            }
            return any;
        }

        public static ModelLifecycle Load(Stream json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                var root = doc.RootElement;
                var preview = root.GetProperty("previewProtocolDeprecation");
                var retirements = new List<ModelRetirement>();
                foreach (var r in root.GetProperty("modelRetirements").EnumerateArray())
                {
                    retirements.Add(new ModelRetirement(
                        r.GetProperty("model").RequiredString(),
                        r.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null,
                        ParseDate(r.GetProperty("date").RequiredString()),
                        r.GetProperty("source").RequiredString()));
                }
                return new ModelLifecycle(
                    ParseDate(preview.GetProperty("date").RequiredString()),
                    preview.GetProperty("source").RequiredString(),
                    preview.GetProperty("text").RequiredString(),
                    retirements,
                    ParseDate(root.GetProperty("asOf").RequiredString()));
            }
        }

        private static DateTime ParseDate(string text) =>
            DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

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
