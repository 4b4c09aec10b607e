using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace RealtimeOps.CatalogGenerator
{
    /// <summary>docs/rules.md: the template's prose with the rule table and the sources list rendered from rules.json.</summary>
    public static class RulesDocument
    {
        public const string RulesMarker = "<!-- generated: rules -->";
        public const string SourcesMarker = "<!-- generated: sources -->";

        public static string Render(string rulesJson, string template)
        {
            if (!template.Contains(RulesMarker) || !template.Contains(SourcesMarker))
            {
                throw new InvalidDataException($"The rules template needs the markers {RulesMarker} and {SourcesMarker}.");
            }
            using var doc = JsonDocument.Parse(rulesJson);
            var root = doc.RootElement;
            var table = new StringBuilder();
            table.Append("| Id | Severity | Certainty | Title | What it catches | Source |\n|---|---|---|---|---|---|\n");
            foreach (var r in root.GetProperty("rules").EnumerateArray())
            {
                var what = r.GetProperty("doc").GetString() ?? string.Empty;
                if (r.TryGetProperty("disagreement", out var d)) what += " **Sources disagree:** " + d.GetString();
                table.Append("| ").Append(r.GetProperty("id").GetString()).Append(" | ")
                    .Append(r.GetProperty("severity").GetString()).Append(" | ")
                    .Append(r.GetProperty("certainty").GetString()).Append(" | ")
                    .Append(Cell(r.GetProperty("title").GetString())).Append(" | ")
                    .Append(Cell(what)).Append(" | ")
                    .Append(Cell(r.GetProperty("source").GetString())).Append(" |\n");
            }
            var sources = new StringBuilder();
            foreach (var s in root.GetProperty("sources").EnumerateObject())
            {
                var title = s.Value.GetProperty("title").GetString();
                var url = s.Value.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                sources.Append("- **").Append(s.Name).Append("**: ").Append(title);
                if (url != null) sources.Append(", <").Append(url).Append('>');
                sources.Append('\n');
            }
            var asOf = root.GetProperty("asOf").GetString();
            return template.Replace("\r\n", "\n")
                .Replace(RulesMarker, table.ToString().TrimEnd('\n'))
                .Replace(SourcesMarker, sources.ToString().TrimEnd('\n'))
                .Replace("<!-- generated: asOf -->", asOf);
        }

        private static string Cell(string? text) => (text ?? string.Empty).Replace("|", "\\|").Replace("\n", " ");
    }
}
