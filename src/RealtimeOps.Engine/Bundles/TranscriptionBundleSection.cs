#nullable enable
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RealtimeOps.Engine.Transcription;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// The live transcription part of a support bundle: each check's verdict, the upgrade's request ids, the session
    /// and item ids, and the event timeline with UTC times and event ids, in summary.md.
    /// </summary>
    internal static class TranscriptionBundleSection
    {
        private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

        internal static void FillFacts(SupportCaseFacts facts, IReadOnlyList<RealtimeTranscriptionResult>? results)
        {
            if (results == null || results.Count == 0) return;
            if (string.IsNullOrWhiteSpace(facts.Region)) facts.Region = results.Select(r => r.Region).FirstOrDefault(r => !string.IsNullOrEmpty(r));
            if (string.IsNullOrWhiteSpace(facts.Endpoint)) facts.Endpoint = results.Select(r => r.Endpoint).FirstOrDefault(e => !string.IsNullOrEmpty(e));
            if (string.IsNullOrWhiteSpace(facts.Deployment))
                facts.Deployment = results.Select(r => r.Deployment ?? r.TranscriptionDeployment).FirstOrDefault(d => !string.IsNullOrEmpty(d));
        }

        internal static string? LastVerdict(IReadOnlyList<RealtimeTranscriptionResult>? results) =>
            results == null || results.Count == 0 ? null : results[results.Count - 1].Verdict.ToString();

        /// <summary>For a recorded socket event: "transcription event: session.update"; null for an HTTP exchange.</summary>
        internal static string? What(RealtimeOps.Engine.Http.Exchange e)
        {
            if (e.Operation != SessionEventRecorder.EventOperation) return null;
            var hash = e.Url?.LastIndexOf('#') ?? -1;
            return $"{e.Variant} event: {(hash >= 0 ? e.Url!.Substring(hash + 1) : "?")}";
        }

        internal static string? Status(RealtimeOps.Engine.Http.Exchange e) =>
            e.Operation == SessionEventRecorder.EventOperation ? (e.Method == "SEND" ? "sent" : "received") : null;

        internal static void Render(StringBuilder md, IReadOnlyList<RealtimeTranscriptionResult>? results)
        {
            if (results == null) return;
            foreach (var r in results)
            {
                md.AppendLine($"## Live transcription verdict: {r.Verdict}");
                md.AppendLine();
                md.AppendLine(r.Summary);
                md.AppendLine();
                md.AppendLine($"**Next step:** {r.Recommendation}");
                md.AppendLine();
                md.AppendLine("| Fact | Value |");
                md.AppendLine("|---|---|");
                Row(md, "Session", $"{r.SessionType} session, {r.AuthMode} auth" + (r.Deployment != null ? $", realtime deployment {r.Deployment}" : ""));
                Row(md, "Transcription deployment", r.TranscriptionDeployment);
                Row(md, "WebSocket URL", r.Url);
                Row(md, "Upgrade status", r.HandshakeStatus?.ToString(CultureInfo.InvariantCulture));
                Row(md, "apim-request-id (upgrade)", r.ApimRequestId);
                Row(md, "x-request-id (upgrade)", r.RequestId);
                Row(md, "x-ms-client-request-id", r.ClientRequestId);
                Row(md, "Session id", r.SessionId);
                Row(md, "Item id", r.ItemId);
                Row(md, "Started (UTC)", r.StartedAtUtc.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
                Row(md, "Service error", string.Join(" ", new[] { r.ErrorType, r.ErrorCode, r.ErrorMessage, r.ErrorParam == null ? null : "param " + r.ErrorParam }.Where(s => !string.IsNullOrEmpty(s))));
                Row(md, "Transcript", r.Transcript);
                Row(md, "Expected text", r.ExpectedText);
                Row(md, "Word error rate", r.WordErrorRate?.ToString("0.##", CultureInfo.InvariantCulture));
                md.AppendLine();
                md.AppendLine("| # | Time (UTC) | Direction | Event | event_id | item_id | Detail |");
                md.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var t in r.Timeline)
                {
                    md.AppendLine("| " + string.Join(" | ", new[]
                    {
                        t.Sequence.ToString(CultureInfo.InvariantCulture), t.TimeUtc.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
                        t.Direction, t.Type, t.EventId, t.ItemId, t.Detail,
                    }.Select(Cell)) + " |");
                }
                md.AppendLine();
            }
        }

        private static void Row(StringBuilder md, string fact, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) md.AppendLine($"| {fact} | {Cell(value)} |");
        }

        private static string Cell(string? text) =>
            string.IsNullOrEmpty(text) ? "" : text!.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
    }
}
