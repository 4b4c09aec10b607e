#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Transcription;
using RealtimeOps.Engine.Transcription.Audio;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>The stage after the A/B run: the live sessions, when -Live asks for them and the run was not stopped.</summary>
    internal sealed class LiveTranscriptionStage : IProbeStage
    {
        public async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            if (!context.Plan.Request.Live || context.Run == null || context.Run.Cancelled) return;
            try
            {
                context.LiveChecks = await ProbeLiveArm.RunAsync(context.Client, context.Plan.Body, context.Plan.Deployment, context.Reporter, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C during the live sessions: the A/B result stands, as after a stopped run.
                context.Reporter.Warning("The live sessions were stopped; the result holds the A/B run only.");
            }
        }
    }

    /// <summary>
    /// The live arm of Invoke-RealtimeProbe -Live, after the A/B client_secrets requests: a transcription-only session
    /// against the transcription deployment and, when the configuration names a realtime deployment, the conversation
    /// session on it. A 200 from client_secrets proves the request shape; only these prove that audio is transcribed.
    /// </summary>
    internal static class ProbeLiveArm
    {
        internal const int MaxTimeoutSec = 30;

        internal static async Task<IReadOnlyList<RealtimeTranscriptionResult>> RunAsync(RealtimeServiceClient client, string body, string? realtimeDeployment,
            IOperationObserver? observer, CancellationToken cancellationToken)
        {
            JsonObject? session;
            try { session = (JsonNode.Parse(body) as JsonObject)?["session"] as JsonObject; }
            catch (JsonException) { session = null; }
            var model = SessionEventRecorder.Str(((((session?["audio"] as JsonObject)?["input"] as JsonObject)?["transcription"]) as JsonObject)?["model"]);
            if (session == null || model == null)
            {
                observer?.Verbose("Live arm skipped: the configuration turns no transcription on.");
                return Array.Empty<RealtimeTranscriptionResult>();
            }
            var arms = new List<string?> { null };
            if (SessionEventRecorder.Str(session["type"]) != "transcription" && !string.IsNullOrWhiteSpace(realtimeDeployment)) arms.Add(realtimeDeployment);
            var results = new List<RealtimeTranscriptionResult>();
            foreach (var deployment in arms)
            {
                var request = new LiveTranscriptionRequest
                {
                    Deployment = deployment,
                    Session = session,
                    Audio = SampleAudio.Load(),
                    ExpectedText = SampleAudio.Text,
                    TimeoutSec = Math.Min(client.Connection.TimeoutSec, MaxTimeoutSec),
                };
                var result = await LiveTranscription.RunAsync(client, request, observer, cancellationToken).ConfigureAwait(false);
                observer?.Verbose($"Live {result.SessionType} session{(deployment != null ? " on " + deployment : "")}: {result.Verdict}.");
                results.Add(result);
            }
            return results;
        }

        /// <summary>The A/B verdict weighed with the live sessions.</summary>
        internal static ProbeClassification Classify(ProbeClassification ab, IReadOnlyList<RealtimeTranscriptionResult> live)
        {
            if (live.Count == 0) return ab;
            var transcriptionOnly = live.FirstOrDefault(l => l.SessionType == "transcription");
            var conversation = live.FirstOrDefault(l => l.SessionType == "realtime");
            var failed = live.FirstOrDefault(l => l.Verdict != TranscriptionVerdict.Transcribed);
            var liveText = string.Join(" ", live.Select(l => $"Live {l.SessionType} session: {l.Verdict}."));
            if (ab.Verdict != ProbeVerdict.Healthy)
                return new ProbeClassification(ab.Verdict, ab.Summary + " " + liveText, ab.Recommendation, ab.MatchingRuleId);
            if (failed == null)
                return new ProbeClassification(ab.Verdict, ab.Summary + " " + liveText + " Speech was transcribed at run time.", ab.Recommendation, ab.MatchingRuleId);
            if (transcriptionOnly?.Verdict == TranscriptionVerdict.Transcribed && conversation != null)
                return new ProbeClassification(ProbeVerdict.RealtimeDeploymentLiveFailure,
                    $"client_secrets accepted every request and a transcription-only session transcribed the sample, but the conversation session on '{conversation.Deployment}' did not ({conversation.Verdict}: {conversation.Summary})",
                    $"The transcription deployment works; look at the realtime deployment '{conversation.Deployment}' (Test-RealtimeDeployment) and the conversation session's configuration. {conversation.Recommendation}");
            return new ProbeClassification(ProbeVerdict.LiveTranscriptionFailure,
                $"client_secrets accepted every request (200), yet the live {failed.SessionType} session did not transcribe: {failed.Verdict}: {failed.Summary}",
                failed.Recommendation + " A 200 from client_secrets proves only the request shape; the bundle of this probe holds the live session's event timeline and request ids.");
        }
    }
}
