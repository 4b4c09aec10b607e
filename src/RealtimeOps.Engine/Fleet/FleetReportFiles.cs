#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace RealtimeOps.Engine.Fleet
{
    internal enum FleetReportFormat { Html, Csv, Json }

    /// <summary>
    /// Reads and writes fleet report files. JSON is also the result file of a shard leg, which the report merges;
    /// every file is written to a temporary file in the target folder and then moved over the target, so a reader
    /// never sees half a report.
    /// </summary>
    internal static class FleetReportFiles
    {
        /// <summary>Writes through a temporary sibling and a rename (the shared atomic writer's), after the shared output-path checks.</summary>
        public static void Write(FleetReport report, FleetReportFormat format, string path, bool overwrite)
        {
            if (report == null) throw new ArgumentNullException(nameof(report));
            var target = Output.OutputPath.Check(path, overwrite);
            var temp = Output.AtomicFile.TempBeside(target, ".tmp");
            using (Output.PartialFiles.Track(temp))
            {
                try
                {
                    using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
                    {
                        switch (format)
                        {
                            case FleetReportFormat.Html: FleetReportHtml.Write(report, writer); break;
                            case FleetReportFormat.Csv: WriteCsv(report, writer); break;
                            default: WriteJson(report, stream, writer); break;
                        }
                    }
                    Output.AtomicFile.Commit(temp, target, path, overwrite);
                }
                finally
                {
                    Output.AtomicFile.TryDelete(temp);
                }
            }
        }

        private static void WriteJson(FleetReport report, Stream stream, StreamWriter writer)
        {
            writer.Flush();
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("format", FleetReport.FormatName);
                json.WriteString("sweepStarted", report.SweepStarted.ToString("o", CultureInfo.InvariantCulture));
                json.WriteString("sweepEnded", report.SweepEnded.ToString("o", CultureInfo.InvariantCulture));
                json.WriteStartArray("scope");
                foreach (var s in report.Scope) json.WriteStringValue(s);
                json.WriteEndArray();
                json.WriteStartArray("deployments");
                foreach (var r in report.Sorted())
                {
                    json.WriteStartObject();
                    json.WriteString("account", r.Account);
                    json.WriteString("accountId", r.AccountId);
                    json.WriteString("subscriptionId", r.SubscriptionId);
                    json.WriteString("region", r.Region);
                    json.WriteString("deployment", r.Deployment);
                    json.WriteString("model", r.Model);
                    json.WriteString("version", r.Version);
                    json.WriteString("sku", r.Sku);
                    if (r.Capacity.HasValue) json.WriteNumber("capacity", r.Capacity.Value); else json.WriteNull("capacity");
                    json.WriteString("kind", r.Kind);
                    json.WriteString("verdict", r.Verdict);
                    if (r.RetirementDate.HasValue) json.WriteString("retirementDate", r.RetirementDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    else json.WriteNull("retirementDate");
                    json.WriteString("retirementSource", r.RetirementSource);
                    json.WriteStartArray("checks");
                    foreach (var c in r.Checks)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", c.Name);
                        json.WriteString("status", c.Status);
                        json.WriteString("reason", c.Reason);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
        }

        private static void WriteCsv(FleetReport report, TextWriter writer)
        {
            writer.WriteLine("Account,Region,Deployment,Model,Version,Sku,Capacity,Kind,Verdict,RetirementDate,FailedChecks,AccountId");
            foreach (var r in report.Sorted())
            {
                var failed = string.Join("; ", r.Checks.Where(c => c.Status == "Failed" || c.Status == "Warning").Select(c => c.Name + "=" + c.Status));
                var fields = new[]
                {
                    r.Account, r.Region, r.Deployment, r.Model, r.Version, r.Sku,
                    r.Capacity?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, r.Kind, r.Verdict,
                    r.RetirementDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty, failed, r.AccountId,
                };
                writer.WriteLine(string.Join(",", fields.Select(Csv)));
            }
        }

        /// <summary>RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
        internal static string Csv(string value)
        {
            value = value ?? string.Empty;
            if (value.Length > 0 && "=+-@\t\r".IndexOf(value[0]) >= 0) value = "'" + value;
            return value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
        }

        /// <summary>Reads a result file written with the Json format (a shard leg's output). Throws FormatException naming the problem.</summary>
        public static FleetReport ReadJson(string path)
        {
            JsonDocument doc;
            try
            {
                using (var stream = File.OpenRead(path)) doc = JsonDocument.Parse(stream);
            }
            catch (JsonException ex) { throw new FormatException($"'{path}' is not JSON: {ex.Message}", ex); }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Str(root, "format") != FleetReport.FormatName)
                    throw new FormatException($"'{path}' is not a fleet result file (no \"format\": \"{FleetReport.FormatName}\"); write one with Export-RealtimeFleetReport -Format Json.");
                var report = new FleetReport
                {
                    SweepStarted = Date(root, "sweepStarted"),
                    SweepEnded = Date(root, "sweepEnded"),
                };
                if (root.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.Array)
                    foreach (var s in scope.EnumerateArray()) if (s.ValueKind == JsonValueKind.String) report.Scope.Add(s.GetString()!);
                if (!root.TryGetProperty("deployments", out var rows) || rows.ValueKind != JsonValueKind.Array)
                    throw new FormatException($"'{path}' has no 'deployments' array.");
                foreach (var r in rows.EnumerateArray())
                {
                    if (r.ValueKind != JsonValueKind.Object) continue;
                    var checks = new List<FleetCheck>();
                    if (r.TryGetProperty("checks", out var cs) && cs.ValueKind == JsonValueKind.Array)
                        foreach (var c in cs.EnumerateArray()) checks.Add(new FleetCheck(Str(c, "name"), Str(c, "status"), Str(c, "reason")));
                    var verdict = Str(r, "verdict");
                    report.Rows.Add(new FleetReportRow
                    {
                        Account = Str(r, "account"), AccountId = Str(r, "accountId"), SubscriptionId = Str(r, "subscriptionId"), Region = Str(r, "region"),
                        Deployment = Str(r, "deployment"), Model = Str(r, "model"), Version = Str(r, "version"), Sku = Str(r, "sku"),
                        Capacity = r.TryGetProperty("capacity", out var cap) && cap.ValueKind == JsonValueKind.Number && cap.TryGetInt32(out var n) ? n : (int?)null,
                        Kind = Str(r, "kind"), Checks = checks,
                        Verdict = verdict == "Failed" || verdict == "Warning" || verdict == "Passed" ? verdict : FleetReportRows.VerdictOf(checks),
                        RetirementDate = DateTime.TryParseExact(Str(r, "retirementDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) ? d : (DateTime?)null,
                        RetirementSource = Str(r, "retirementSource"),
                    });
                }
                return report;
            }
        }

        private static string Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;

        private static DateTimeOffset Date(JsonElement e, string name) =>
            DateTimeOffset.TryParse(Str(e, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : default;
    }
}
