using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>A validation rule: a stable id, its default severity, the source it rests on and what it catches.</summary>
    internal sealed class ValidationRule
    {
        internal ValidationRule(string id, string title, DiagnosticSeverity severity, string source, string sourceDescription, string documentation)
        {
            Id = id;
            Title = title;
            Severity = severity;
            Source = source;
            SourceDescription = sourceDescription;
            Documentation = documentation;
        }

        public string Id { get; }
        public string Title { get; }
        public DiagnosticSeverity Severity { get; }
        /// <summary>The short name of the source (SDK, MS-migrate...).</summary>
        public string Source { get; }
        public string SourceDescription { get; }
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

        private static IReadOnlyDictionary<string, ValidationRule> Load()
        {
            using (var s = typeof(RuleCatalog).Assembly.GetManifestResourceStream("RealtimeOps.Engine.Catalog.rules.json"))
            {
                if (s == null) throw new InvalidOperationException("The rule catalog resource is missing from RealtimeOps.Engine.");
                using (var doc = JsonDocument.Parse(s))
                {
                    var sources = doc.RootElement.GetProperty("sources");
                    var rules = new Dictionary<string, ValidationRule>(StringComparer.Ordinal);
                    foreach (var r in doc.RootElement.GetProperty("rules").EnumerateArray())
                    {
                        var source = r.GetProperty("source").RequiredString();
                        var rule = new ValidationRule(r.GetProperty("id").RequiredString(), r.GetProperty("title").RequiredString(),
                            (DiagnosticSeverity)Enum.Parse(typeof(DiagnosticSeverity), r.GetProperty("severity").RequiredString()),
                            source, sources.TryGetProperty(source, out var sd) ? sd.RequiredString() : source, r.GetProperty("doc").RequiredString());
                        rules.Add(rule.Id, rule);
                    }
                    return rules;
                }
            }
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
