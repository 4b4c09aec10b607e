using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>A validation rule: a stable id, its default severity, how sure RealtimeOps is, the sources it rests on and what it catches.</summary>
    internal sealed class ValidationRule
    {
        internal ValidationRule(string id, string title, DiagnosticSeverity severity, string certainty, bool isRange, string source,
            string sourceDescription, string? disagreement, string documentation)
        {
            Id = id;
            Title = title;
            Severity = severity;
            Certainty = certainty;
            IsRange = isRange;
            Source = source;
            SourceDescription = sourceDescription;
            Disagreement = disagreement;
            Documentation = documentation;
        }

        public string Id { get; }
        public string Title { get; }
        public DiagnosticSeverity Severity { get; }
        /// <summary>documented (the service is documented to reject it), specified (the OpenAI specification requires it),
        /// disputed (sources disagree; never an Error) or realtimeops (a limit or advice of RealtimeOps itself).</summary>
        public string Certainty { get; }
        /// <summary>True when a number outside the field's range reports this rule rather than the wrong-type rule.</summary>
        public bool IsRange { get; }
        /// <summary>The short names of the sources (Spec, MS-migrate...), comma-separated.</summary>
        public string Source { get; }
        /// <summary>The sources' public titles and URLs.</summary>
        public string SourceDescription { get; }
        /// <summary>For a disputed rule: who says what. Otherwise empty.</summary>
        public string? Disagreement { get; }
        public string Documentation { get; }
        public override string ToString() => Id + " " + Title;
    }

    /// <summary>Every rule of the validator (Catalog/rules.json, embedded). Ids are stable and never reused.</summary>
    internal static class RuleCatalog
    {
        private static readonly Lazy<IReadOnlyDictionary<string, ValidationRule>> s_rules = new Lazy<IReadOnlyDictionary<string, ValidationRule>>(Load);

        public static IReadOnlyCollection<ValidationRule> Rules => s_rules.Value.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

        public static ValidationRule Get(string id)
        {
            if (s_rules.Value.TryGetValue(id, out var rule)) return rule;
            throw new ArgumentException($"No validation rule has the id '{id}'.", nameof(id));
        }

        /// <summary>The date of the rule catalog (rules.json asOf).</summary>
        public static DateTime AsOf => s_asOf.Value;

        private static readonly Lazy<DateTime> s_asOf = new Lazy<DateTime>(() =>
        {
            using (var doc = JsonDocument.Parse(OpenResource()))
            {
                return DateTime.ParseExact(doc.RootElement.GetProperty("asOf").GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            }
        });

        private static System.IO.Stream OpenResource() =>
            typeof(RuleCatalog).Assembly.GetManifestResourceStream("RealtimeOps.Engine.Catalog.rules.json")
            ?? throw new InvalidOperationException("The rule catalog resource is missing from RealtimeOps.Engine.");

        private static IReadOnlyDictionary<string, ValidationRule> Load()
        {
            using (var s = OpenResource())
            {
                return Parse(s).ToDictionary(r => r.Id, StringComparer.Ordinal);
            }
        }

        /// <summary>Reads a rules.json document (the embedded one, or a file for the generator of docs/rules.md).</summary>
        internal static IReadOnlyList<ValidationRule> Parse(System.IO.Stream json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                var sources = doc.RootElement.GetProperty("sources");
                var rules = new List<ValidationRule>();
                foreach (var r in doc.RootElement.GetProperty("rules").EnumerateArray())
                {
                    var source = r.GetProperty("source").GetString() ?? string.Empty;
                    var described = source.Split(',').Select(x => x.Trim()).Select(name =>
                        sources.TryGetProperty(name, out var sd) ? Describe(sd) : name);
                    rules.Add(new ValidationRule(r.GetProperty("id").GetString() ?? string.Empty, r.GetProperty("title").GetString() ?? string.Empty,
                        (DiagnosticSeverity)Enum.Parse(typeof(DiagnosticSeverity), r.GetProperty("severity").GetString() ?? string.Empty),
                        r.GetProperty("certainty").GetString() ?? string.Empty,
                        r.TryGetProperty("range", out var range) && range.ValueKind == JsonValueKind.True,
                        source, string.Join("; ", described),
                        r.TryGetProperty("disagreement", out var dis) ? dis.GetString() : null,
                        r.GetProperty("doc").GetString() ?? string.Empty));
                }
                return rules;
            }
        }

        private static string Describe(JsonElement source)
        {
            var title = source.GetProperty("title").GetString();
            return source.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String ? title + ", " + url.GetString() : title ?? string.Empty;
        }
    }

    /// <summary>Did-you-mean: the nearest candidate by optimal string alignment (Damerau-Levenshtein) distance.</summary>
    internal static class NearestName
    {
        public static string? Find(string? value, IEnumerable<string> candidates, int maxDistance = -1)
        {
            if (string.IsNullOrEmpty(value) || candidates == null) return null;
            if (maxDistance < 0) maxDistance = Math.Max(1, Math.Min(3, value!.Length / 3));
            string? best = null;
            var bestDistance = int.MaxValue;
            foreach (var c in candidates)
            {
                if (c == null || Math.Abs(c.Length - value!.Length) > maxDistance) continue;
                var d = Distance(value.ToLowerInvariant(), c.ToLowerInvariant());
                if (d <= maxDistance && d < bestDistance) { best = c; bestDistance = d; }
            }
            return best;
        }

        public static int Distance(string a, string b)
        {
            var rows = a.Length + 1;
            var cols = b.Length + 1;
            var d = new int[rows, cols];
            for (var i = 0; i < rows; i++) d[i, 0] = i;
            for (var j = 0; j < cols; j++) d[0, j] = j;
            for (var i = 1; i < rows; i++)
            {
                for (var j = 1; j < cols; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, d[i - 2, j - 2] + 1);
                    d[i, j] = v;
                }
            }
            return d[rows - 1, cols - 1];
        }
    }
}
