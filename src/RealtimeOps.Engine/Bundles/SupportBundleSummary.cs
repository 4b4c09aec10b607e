using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using RealtimeOps.Engine.Probe;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// summary.md: what an Azure support engineer asks for, in the order they ask (Microsoft Learn, "Troubleshoot Azure OpenAI errors"): region,
    /// resource, subscription, the verdict, the failing responses' UTC times and apim-request-ids, and the exact
    /// request with and without transcription.
    /// </summary>
    internal static class SupportBundleSummary
    {
        private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

        public static string Render(SupportBundleRequest request, SupportCaseFacts facts, IReadOnlyList<RealtimeProbeResult> probes,
            ExchangeDigest exchanges, SupportBundleInfo info, DateTimeOffset created)
        {
            var md = new StringBuilder();
            md.AppendLine("# Azure OpenAI Realtime: support bundle");
            md.AppendLine();
            md.AppendLine("> Review every file of this bundle before you share it. RealtimeOps removed keys, tokens and `ek_` secrets,");
            md.AppendLine("> but session instructions, prompts and URLs are kept as they were sent.");
            md.AppendLine();
            md.AppendLine($"Created {created.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)} UTC by RealtimeOps {request.Host?.ModuleVersion}.");
            md.AppendLine();

            md.AppendLine("## Case facts");
            md.AppendLine();
            md.AppendLine("| Fact | Value |");
            md.AppendLine("|---|---|");
            Row(md, "Region", RegionText(facts.Region));
            Row(md, "Resource name", facts.ResourceName);
            Row(md, "Resource group", facts.ResourceGroupName);
            Row(md, "Subscription id", facts.SubscriptionId);
            Row(md, "Endpoint", facts.Endpoint);
            Row(md, "Deployment", facts.Deployment);
            Row(md, "Verdict", info.Verdict ?? "(no probe in this bundle)");
            var first = probes.Count > 0 ? probes.Min(p => p.StartedAtUtc) : exchanges.First;
            var last = probes.Count > 0 ? probes.Max(p => p.EndedAtUtc) : exchanges.Last;
            Row(md, "Observed (UTC)", first.HasValue ? $"{Utc(first.Value)} to {Utc(last ?? first.Value)}" : "(no request recorded)");
            md.AppendLine();

            var unknown = facts.Unknown();
            md.AppendLine("## Fill in before sending");
            md.AppendLine();
            if (unknown.Count == 0) md.AppendLine("Nothing: every fact support asks for is above.");
            else foreach (var u in unknown)
            {
                var parameter = ParameterFor(u);
                md.AppendLine(parameter == null
                    ? $"- [ ] **{u}**: not known to RealtimeOps; write it here."
                    : $"- [ ] **{u}**: not known to RealtimeOps; give it with Export-SupportBundle -{parameter} or write it here.");
            }
            md.AppendLine();

            foreach (var probe in probes)
            {
                md.AppendLine($"## Probe verdict: {probe.Verdict}");
                md.AppendLine();
                md.AppendLine(probe.Summary);
                md.AppendLine();
                md.AppendLine($"**Next step:** {probe.Recommendation}");
                md.AppendLine();
                if (probe.Cancelled) { md.AppendLine("_The probe was stopped before it finished; the figures cover what was measured._"); md.AppendLine(); }
                md.AppendLine("| Variant | Transcription | Attempts | Succeeded | Status codes | Service error codes | Median latency (ms) |");
                md.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var v in probe.Variants)
                {
                    md.AppendLine("| " + string.Join(" | ", new[]
                    {
                        v.Variant,
                        v.TranscriptionEnabled ? v.TranscriptionModel : "off",
                        v.Attempts.ToString(CultureInfo.InvariantCulture),
                        v.Successes.ToString(CultureInfo.InvariantCulture),
                        string.Join(", ", v.StatusCodes.Select(s => $"{s.Key} x{s.Value}")),
                        string.Join(", ", v.ServiceErrorCodes),
                        v.MedianLatencyMs.HasValue ? v.MedianLatencyMs.Value.ToString("0", CultureInfo.InvariantCulture) : "",
                    }.Select(Cell)) + " |");
                }
                md.AppendLine();
                var failedIds = probe.FailedApimRequestIds;
                if (failedIds.Count > 0)
                {
                    md.AppendLine("apim-request-id of the failing responses: " + string.Join(", ", failedIds.Select(id => "`" + id + "`")));
                    md.AppendLine();
                }
            }

            TranscriptionBundleSection.Render(md, request.TranscriptionResults);

            md.AppendLine("## Timeline (UTC)");
            md.AppendLine();
            md.AppendLine("| # | Time (UTC) | Variant / operation | Status | apim-request-id | x-ms-region | ms | Error |");
            md.AppendLine("|---|---|---|---|---|---|---|---|");
            var attempts = probes.SelectMany(p => p.Attempts).ToList();
            if (attempts.Count > 0)
            {
                foreach (var a in attempts.Take(SupportBundleWriter.MaxTimelineRows))
                {
                    TimelineRow(md, a.Sequence, a.StartedAtUtc, a.Variant, a.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? a.Outcome.ToString(),
                        a.ApimRequestId, a.Region, a.DurationMs, a.Succeeded ? null : JoinNonEmpty(a.ErrorCode, a.ErrorMessage));
                }
                if (attempts.Count > SupportBundleWriter.MaxTimelineRows) md.AppendLine($"\n{attempts.Count - SupportBundleWriter.MaxTimelineRows} more attempts are in probe.json.");
            }
            else
            {
                foreach (var e in exchanges.Timeline)
                {
                    TimelineRow(md, e.Sequence, e.StartedAtUtc, TranscriptionBundleSection.What(e) ?? e.Variant ?? e.Operation, e.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? TranscriptionBundleSection.Status(e) ?? "no answer",
                        e.ApimRequestId, e.Region, e.DurationMs, e.Error);
                }
                if (exchanges.Total > exchanges.Timeline.Count) md.AppendLine($"\n{exchanges.Total - exchanges.Timeline.Count} more exchanges are in exchanges/.");
                if (exchanges.Total == 0) md.AppendLine("| | | (no request recorded) | | | | | |");
            }
            md.AppendLine();

            md.AppendLine("## The exact request, with and without transcription");
            md.AppendLine();
            var requests = ExactRequests(probes, exchanges, facts).ToList();
            if (requests.Count == 0) { md.AppendLine("No client_secrets request is in this bundle. Run Invoke-RealtimeProbe and pipe its result here to include both forms."); md.AppendLine(); }
            foreach (var (title, method, url, body) in requests)
            {
                md.AppendLine($"### {title}");
                md.AppendLine();
                md.AppendLine("```http");
                md.AppendLine($"{method} {url}");
                md.AppendLine("Content-Type: application/json");
                md.AppendLine("```");
                md.AppendLine();
                md.AppendLine("```json");
                md.AppendLine(Pretty(body));
                md.AppendLine("```");
                md.AppendLine();
            }

            if (request.Errors != null && request.Errors.Count > 0)
            {
                md.AppendLine("## Errors");
                md.AppendLine();
                md.AppendLine("| Error id | Category | Message |");
                md.AppendLine("|---|---|---|");
                foreach (var e in request.Errors) md.AppendLine($"| {Cell(e.ErrorId)} | {Cell(e.Category)} | {Cell(e.Message)} |");
                md.AppendLine();
            }

            md.AppendLine("## Files");
            md.AppendLine();
            md.AppendLine($"- `exchanges/` ({info.ExchangeCount} recorded HTTP attempts: method, URL, headers, bodies, status, ids; secrets removed)");
            md.AppendLine($"- `probe.json` ({info.ProbeCount} probe results), `validation.json` ({info.ValidationCount}), `deployments.json` ({info.DeploymentCheckCount}), `errors.json` ({info.ErrorCount})");
            md.AppendLine("- `environment.json` (loaded Azure.*, MSAL and System.* assemblies with versions, locations and load contexts)");
            md.AppendLine("- `redaction.json` (how many values were removed, per rule), `manifest.json` (versions, host, SHA-256 of every file)");
            return md.ToString();
        }

        private static IEnumerable<(string Title, string Method, string? Url, string? Body)> ExactRequests(IReadOnlyList<RealtimeProbeResult> probes, ExchangeDigest exchanges, SupportCaseFacts facts)
        {
            var probe = probes.LastOrDefault();
            if (probe != null)
            {
                foreach (var v in probe.Variants.Where(v => v.Variant == ProbeVariant.WithoutTranscriptionName || v.Variant == ProbeVariant.WithTranscriptionName))
                {
                    exchanges.FirstByVariant.TryGetValue(v.Variant, out var seen);
                    var url = seen?.Url ?? (string.IsNullOrEmpty(probe.Endpoint) ? "{endpoint}" : probe.Endpoint.TrimEnd('/')) + "/openai/v1/realtime/client_secrets";
                    var title = v.TranscriptionEnabled ? $"With transcription ({v.TranscriptionModel})" : "Without transcription";
                    yield return (title, seen?.Method ?? "POST", url, v.RequestBody);
                }
                yield break;
            }
            foreach (var kv in exchanges.FirstByVariant)
            {
                yield return (kv.Key, kv.Value.Method ?? "POST", kv.Value.Url, kv.Value.RequestBody);
            }
        }

        private static void TimelineRow(StringBuilder md, long sequence, DateTimeOffset time, string? what, string status, string? apim, string? region, double ms, string? error)
        {
            md.AppendLine("| " + string.Join(" | ", new[]
            {
                sequence.ToString(CultureInfo.InvariantCulture), Utc(time), what, status, apim, region, ms.ToString("0", CultureInfo.InvariantCulture), Truncate(error, 160),
            }.Select(Cell)) + " |");
        }

        private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

        private static void Row(StringBuilder md, string fact, string? value) =>
            md.AppendLine($"| {fact} | {(string.IsNullOrWhiteSpace(value) ? "**fill in before sending**" : Cell(value))} |");

        private static string? RegionText(string? region)
        {
            if (string.IsNullOrWhiteSpace(region)) return null;
            var known = Catalog.ServiceCatalog.Current.FindRegion(region);
            return known == null ? region : $"{known.DisplayName} ({known.Name})";
        }

        private static string? ParameterFor(string label)
        {
            switch (label)
            {
                case "Subscription id": return "SubscriptionId";
                case "Resource group": return "ResourceGroupName";
                case "Resource name": return "ResourceName";
                case "Region": return "Region";
                default: return null;
            }
        }

        private static string Cell(string? text) =>
            string.IsNullOrEmpty(text) ? "" : text!.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");

        private static string? Truncate(string? text, int max) => text == null || text.Length <= max ? text : text.Substring(0, max) + "…";

        private static string JoinNonEmpty(params string?[] parts) => string.Join(": ", parts.Where(p => !string.IsNullOrEmpty(p)));

        private static string Pretty(string? json)
        {
            if (string.IsNullOrEmpty(json)) return "(no body)";
            try
            {
                using (var doc = JsonDocument.Parse(json!)) return JsonSerializer.Serialize(doc.RootElement, SupportBundleWriter.JsonOptions);
            }
            catch (JsonException) { return json!; }
        }
    }
}
