#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>
    /// The fleet report as one self-contained HTML file: no script, style, font or image is fetched (a Content-Security-Policy
    /// says so too), so it opens offline and in a mail attachment viewer. Headline counts, inline SVG charts, and a table
    /// sorted failures first; the table is filtered with CSS :target links and details elements, so reading it needs no
    /// JavaScript (the small inline script only adds a text filter). Every value is HTML-encoded.
    /// </summary>
    internal static class FleetReportHtml
    {
        private const int MaxBars = 12;
        private static readonly string[] Verdicts = { "Failed", "Warning", "Passed" };

        public static void Write(FleetReport report, TextWriter w)
        {
            var rows = report.Sorted().ToList();
            var today = (report.SweepEnded == default ? DateTimeOffset.UtcNow : report.SweepEnded).UtcDateTime.Date;
            var retiring = rows.Count(r => r.RetirementDate.HasValue && r.RetirementDate.Value < today.AddMonths(12));
            w.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
            w.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
            w.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"generator\" content=\"RealtimeOps\">");
            w.Write("<title>Realtime fleet report</title><style>" + Css + "</style></head><body>\n");
            w.Write("<header><h1>Realtime fleet</h1><p class=\"meta\">Swept " + E(When(report.SweepStarted)) + " to " + E(When(report.SweepEnded)) +
                    " &middot; scope: " + E(report.Scope.Count == 0 ? "not recorded" : string.Join("; ", report.Scope)) +
                    " &middot; " + report.Accounts + " account(s)</p></header>\n");

            w.Write("<section class=\"cards\" id=\"headline\">");
            Card(w, "failed", "#show-failed", report.Count("Failed"), "failed", "&#10006;");
            Card(w, "warning", "#show-warning", report.Count("Warning"), "warnings", "&#9888;");
            Card(w, "passed", "#show-passed", report.Count("Passed"), "passed", "&#10004;");
            Card(w, "total", "#all", rows.Count, "deployments", "&#9638;");
            Card(w, "retiring", "#retirements", retiring, "retired or retire within 12 months", ClockIcon);
            w.Write("</section>\n<section class=\"charts\">");
            BarChart(w, "by-region", "Deployments by region", rows, r => r.Region);
            BarChart(w, "by-model", "Deployments by model", rows, r => r.Model);
            Timeline(w, rows, today);
            w.Write("</section>\n");

            w.Write("<section id=\"all\"><h2>Every deployment</h2><nav class=\"filters\">Show: <a href=\"#all\">all (" + rows.Count + ")</a>");
            foreach (var v in Verdicts) w.Write(" <a class=\"" + v.ToLowerInvariant() + "\" href=\"#show-" + v.ToLowerInvariant() + "\">" + v.ToLowerInvariant() + " (" + report.Count(v) + ")</a>");
            w.Write("<span id=\"filter-box\"></span></nav>\n");
            foreach (var v in Verdicts) w.Write("<span class=\"anchor\" id=\"show-" + v.ToLowerInvariant() + "\"></span>");
            w.Write("<table id=\"deployments\"><thead><tr><th>Verdict</th><th>Account</th><th>Region</th><th>Deployment</th><th>Model</th><th>Version</th><th>SKU</th><th>Capacity</th><th>Retires</th><th>Checks</th></tr></thead><tbody>\n");
            foreach (var r in rows) Row(w, r, today);
            w.Write("</tbody></table>");
            if (rows.Count == 0) w.Write("<p class=\"empty\">No deployments in this report.</p>");
            w.Write("</section>\n<footer>RealtimeOps fleet report &middot; retirement dates from ARM where the checks read them, else the dated catalog shipped with RealtimeOps.</footer>\n");
            w.Write("<script>" + Script + "</script>\n</body></html>\n");
        }

        private static void Card(TextWriter w, string cls, string href, int count, string label, string icon) =>
            w.Write("<a class=\"card " + cls + "\" href=\"" + href + "\"><span class=\"icon\">" + icon + "</span><b>" + count.ToString(CultureInfo.InvariantCulture) + "</b><span>" + label + "</span></a>");

        private static void Row(TextWriter w, FleetReportRow r, DateTime today)
        {
            var v = r.Verdict.ToLowerInvariant();
            var bad = r.Checks.Where(c => c.Status == "Failed" || c.Status == "Warning").ToList();
            w.Write("<tr class=\"v-" + E(v) + "\"><td><span class=\"badge " + E(v) + "\">" + E(r.Verdict) + "</span></td>");
            w.Write("<td class=\"nw\" title=\"" + E(r.AccountId) + "\">" + E(r.Account) + "</td><td>" + E(r.Region) + "</td><td class=\"name\">" + E(r.Deployment) + "</td>");
            w.Write("<td>" + E(r.Model) + "</td><td class=\"nw\">" + E(r.Version) + "</td><td>" + E(r.Sku) + "</td><td class=\"num\">" + E(r.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "") + "</td>");
            var retire = r.RetirementDate.HasValue ? r.RetirementDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "";
            var soon = r.RetirementDate.HasValue && r.RetirementDate.Value < today.AddDays(FleetReport.RetirementWarningDays) ? " soon" : "";
            w.Write("<td class=\"date" + soon + "\">" + E(retire) + "</td><td><details><summary>");
            w.Write(bad.Count == 0 ? E(r.Checks.Count + " passed") : E(string.Join(", ", bad.Select(c => c.Name))));
            w.Write("</summary><ul>");
            foreach (var c in r.Checks) w.Write("<li class=\"s-" + E(c.Status.ToLowerInvariant()) + "\"><b>" + E(c.Name) + "</b> " + E(c.Status) + ": " + E(c.Reason) + "</li>");
            w.Write("</ul></details></td></tr>\n");
        }

        /// <summary>Horizontal bars, one per value (the largest first, the rest summed as "other"), split by verdict.</summary>
        private static void BarChart(TextWriter w, string id, string title, IReadOnlyList<FleetReportRow> rows, Func<FleetReportRow, string> key)
        {
            var groups = rows.GroupBy(r => string.IsNullOrEmpty(key(r)) ? "(unknown)" : key(r), StringComparer.OrdinalIgnoreCase)
                .Select(g => new { Name = g.Key, Counts = Verdicts.Select(v => g.Count(r => r.Verdict == v)).ToArray() })
                .OrderByDescending(g => g.Counts.Sum()).ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase).ToList();
            if (groups.Count > MaxBars)
            {
                var rest = groups.Skip(MaxBars - 1).ToList();
                groups = groups.Take(MaxBars - 1).ToList();
                groups.Add(new { Name = $"{rest.Count} others", Counts = Enumerable.Range(0, 3).Select(i => rest.Sum(g => g.Counts[i])).ToArray() });
            }
            var max = Math.Max(1, groups.Select(g => g.Counts.Sum()).DefaultIfEmpty(0).Max());
            const int labelWidth = 170, barWidth = 260, rowHeight = 24;
            var height = Math.Max(1, groups.Count) * rowHeight + 8;
            w.Write("<figure id=\"" + id + "\"><figcaption>" + E(title) + "</figcaption>");
            w.Write("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + E(title) + "\" viewBox=\"0 0 " + (labelWidth + barWidth + 50) + " " + height + "\" width=\"" + (labelWidth + barWidth + 50) + "\" height=\"" + height + "\">");
            if (groups.Count == 0) w.Write("<text x=\"4\" y=\"16\" class=\"muted\">no deployments</text>");
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var y = 4 + i * rowHeight;
                w.Write("<g class=\"bar\"><title>" + E($"{g.Name}: {g.Counts[0]} failed, {g.Counts[1]} warning, {g.Counts[2]} passed") + "</title>");
                w.Write("<text x=\"" + (labelWidth - 6) + "\" y=\"" + (y + 15) + "\" text-anchor=\"end\">" + E(Shorten(g.Name, 26)) + "</text>");
                double x = labelWidth;
                for (var v = 0; v < 3; v++)
                {
                    if (g.Counts[v] == 0) continue;
                    var width = Math.Max(2.0, barWidth * g.Counts[v] / (double)max);
                    w.Write("<rect class=\"" + Verdicts[v].ToLowerInvariant() + "\" x=\"" + F(x) + "\" y=\"" + (y + 3) + "\" width=\"" + F(width) + "\" height=\"16\" rx=\"2\"/>");
                    x += width;
                }
                w.Write("<text x=\"" + F(x + 5) + "\" y=\"" + (y + 15) + "\" class=\"count\">" + g.Counts.Sum() + "</text></g>");
            }
            w.Write("</svg></figure>");
        }

        /// <summary>Twelve monthly columns from the sweep's month: how many deployments retire in each (red within 90 days), and those already retired.</summary>
        private static void Timeline(TextWriter w, IReadOnlyList<FleetReportRow> rows, DateTime today)
        {
            var start = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var buckets = new List<(string Label, List<FleetReportRow> Rows, bool Past)> { ("past", rows.Where(r => r.RetirementDate < today).ToList(), true) };
            for (var m = 0; m < 12; m++)
            {
                var from = start.AddMonths(m);
                var to = from.AddMonths(1);
                buckets.Add((from.ToString("MMM yy", CultureInfo.InvariantCulture),
                    rows.Where(r => r.RetirementDate >= today && r.RetirementDate >= from && r.RetirementDate < to).ToList(), false));
            }
            var max = Math.Max(1, buckets.Max(b => b.Rows.Count));
            const int column = 52, chartHeight = 120, top = 18;
            var width = buckets.Count * column + 10;
            w.Write("<figure id=\"retirements\" class=\"wide\"><figcaption>Model retirements, next 12 months</figcaption>");
            w.Write("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Model retirements, next 12 months\" viewBox=\"0 0 " + width + " " + (chartHeight + top + 40) + "\" width=\"" + width + "\" height=\"" + (chartHeight + top + 40) + "\">");
            w.Write("<line x1=\"4\" x2=\"" + (width - 4) + "\" y1=\"" + (top + chartHeight) + "\" y2=\"" + (top + chartHeight) + "\" class=\"axis\"/>");
            for (var i = 0; i < buckets.Count; i++)
            {
                var b = buckets[i];
                var x = 8 + i * column;
                var h = b.Rows.Count == 0 ? 0 : Math.Max(3.0, chartHeight * b.Rows.Count / (double)max);
                var urgent = b.Past || b.Rows.Any(r => r.RetirementDate < today.AddDays(FleetReport.RetirementWarningDays));
                var models = string.Join(", ", b.Rows.GroupBy(r => r.Model + " " + r.Version).Select(g => $"{g.Key} ({g.Count()})"));
                w.Write("<g class=\"month\"><title>" + E(b.Label + ": " + b.Rows.Count + " deployment(s)" + (models.Length > 0 ? " - " + models : "")) + "</title>");
                if (h > 0) w.Write("<rect class=\"" + (b.Past ? "retired" : urgent ? "failed" : "warning") + "\" x=\"" + x + "\" y=\"" + F(top + chartHeight - h) + "\" width=\"" + (column - 12) + "\" height=\"" + F(h) + "\" rx=\"2\"/>");
                w.Write("<text x=\"" + (x + (column - 12) / 2) + "\" y=\"" + F(top + chartHeight - h - 4) + "\" text-anchor=\"middle\" class=\"count\">" + (b.Rows.Count == 0 ? "" : b.Rows.Count.ToString(CultureInfo.InvariantCulture)) + "</text>");
                w.Write("<text x=\"" + (x + (column - 12) / 2) + "\" y=\"" + (top + chartHeight + 16) + "\" text-anchor=\"middle\" class=\"label\">" + E(b.Label) + "</text></g>");
            }
            w.Write("</svg></figure>");
        }

        private const string ClockIcon =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"26\" height=\"26\" aria-hidden=\"true\"><circle cx=\"12\" cy=\"12\" r=\"10\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.5\"/><path d=\"M12 6v6l4 3\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.5\" stroke-linecap=\"round\"/></svg>";

        private static string Shorten(string s, int max) => s.Length <= max ? s : s.Substring(0, max - 1) + "\u2026";
        private static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        private static string When(DateTimeOffset t) => t == default ? "(unknown)" : t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        internal static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);

        private const string Css =
            "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1b1f24;background:#fff}" +
            "h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:24px 0 8px}.meta,.muted,footer{color:#57606a}footer{margin-top:24px;font-size:12px}" +
            ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{flex:1 1 150px;display:block;border-radius:8px;padding:12px 16px;text-decoration:none;color:#fff}" +
            ".card b{display:block;font-size:34px;line-height:1.1}.card .icon{float:right;font-size:26px;opacity:.8}" +
            ".card.failed{background:#cf222e}.card.warning{background:#bf8700}.card.passed{background:#1a7f37}.card.total{background:#0969da}.card.retiring{background:#6e40c9}" +
            ".charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0;border:1px solid #d0d7de;border-radius:8px;padding:8px 12px;overflow-x:auto}figure.wide{flex-basis:100%}" +
            "figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#1b1f24}svg .count{font-weight:600}svg .axis{stroke:#8c959f}" +
            "rect.failed{fill:#cf222e}rect.warning{fill:#d4a72c}rect.passed{fill:#2da44e}rect.retired{fill:#6e0b12}" +
            ".filters a{display:inline-block;margin:0 4px 8px 0;padding:2px 10px;border-radius:12px;border:1px solid #d0d7de;text-decoration:none;color:#0969da}" +
            "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}th{background:#f6f8fa;position:sticky;top:0}" +
            "td.num{text-align:right}td.nw,td.date{white-space:nowrap}td.date.soon{color:#cf222e;font-weight:600}.badge{display:inline-block;min-width:60px;text-align:center;border-radius:10px;padding:0 8px;color:#fff;font-weight:600}" +
            ".badge.failed{background:#cf222e}.badge.warning{background:#bf8700}.badge.passed{background:#1a7f37}tr.v-failed{background:#fff5f5}" +
            "details summary{cursor:pointer}details ul{margin:4px 0;padding-left:18px}li.s-failed b{color:#cf222e}li.s-warning b{color:#9a6700}li.s-passed b{color:#1a7f37}" +
            ".anchor{display:block;height:0}#show-failed:target~table tbody tr:not(.v-failed),#show-warning:target~table tbody tr:not(.v-warning)," +
            "#show-passed:target~table tbody tr:not(.v-passed){display:none}#filter-box input{margin-left:8px;padding:2px 6px}" +
            "@media print{.filters{display:none}details>*{display:block}}";

        // Enhancement only: a text filter over the rows. The page reads the same without it.
        private const string Script =
            "(function(){var box=document.getElementById('filter-box');var rows=document.querySelectorAll('#deployments tbody tr');" +
            "var input=document.createElement('input');input.type='search';input.placeholder='filter rows';input.setAttribute('aria-label','filter rows');" +
            "input.addEventListener('input',function(){var q=input.value.toLowerCase();for(var i=0;i<rows.length;i++){rows[i].style.display=" +
            "rows[i].textContent.toLowerCase().indexOf(q)>=0?'':'none';}});box.appendChild(input);" +
            "document.documentElement.setAttribute('data-report-script','ready');})();";
    }
}
