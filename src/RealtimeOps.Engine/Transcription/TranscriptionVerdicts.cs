#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.ClientSecrets;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>The verdicts of a live transcription check, each with its summary and next step.</summary>
    internal static class TranscriptionVerdicts
    {
        internal const string AzureDeploymentHint =
            "On Azure the transcription model must be the name of a deployment of a transcription model (MS-ref, https://learn.microsoft.com/azure/foundry/openai/realtime-audio-reference), not the model's name.";

        internal static void Handshake(RealtimeTranscriptionResult r, HandshakeOutcome h, LiveTranscriptionRequest request)
        {
            ReadHandshakeError(r, h.ErrorBody);
            var ids = r.ApimRequestId != null ? $" (apim-request-id {r.ApimRequestId})" : "";
            if (h.TimedOut)
            {
                Set(r, TranscriptionVerdict.Inconclusive, $"The WebSocket upgrade at {r.Url} got {h.Failure}.",
                    "Run again with a larger -TimeoutSec; if the upgrade never completes, check proxies that do not pass WebSocket traffic.");
                return;
            }
            if (h.Status == null)
            {
                Set(r, TranscriptionVerdict.ConnectionLost, $"No answer to the WebSocket upgrade at {r.Url}: {h.Failure}.",
                    "Check the endpoint, DNS, proxy and firewall rules for WebSocket (wss://) traffic to the resource.");
                return;
            }
            var status = h.Status.Value;
            var message = (r.ErrorMessage ?? "") + " " + (r.ErrorCode ?? "");
            if ((status == 401 || status == 403) && message.IndexOf("ephemeral", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                Set(r, TranscriptionVerdict.EphemeralAuthRequired,
                    $"The upgrade was refused with {status}{ids}: the deployment accepts only an ephemeral client secret ({r.ErrorMessage?.Trim()}).",
                    "Run again with -UseClientSecret: RealtimeOps mints an ek_ secret for the session and connects with 'Authorization: Bearer ek_...'.");
                return;
            }
            string recommendation;
            var code = r.ErrorCode ?? "";
            switch (status)
            {
                case 400 when code.IndexOf("OperationNotSupported", StringComparison.OrdinalIgnoreCase) >= 0 || code.IndexOf("OpperationNotSupported", StringComparison.OrdinalIgnoreCase) >= 0 || request.IsConversation:
                    recommendation = request.IsConversation
                        ? $"'{request.Deployment}' on ?model= must be a realtime deployment (gpt-realtime...). A transcription deployment goes in session.update of a transcription session: run without -Deployment and pass it as -TranscriptionDeployment."
                        : "Check the URL and the session configuration; the service did not accept the upgrade.";
                    break;
                case 401:
                    recommendation = "Check the api key or token: the token's audience must be https://cognitiveservices.azure.com, and GA URLs must not carry a dated api-version (MS-migrate).";
                    break;
                case 403:
                    recommendation = "The resource refused the caller: check its network rules (firewall, private endpoints) and the identity's role (Cognitive Services OpenAI User).";
                    break;
                case 404:
                    recommendation = request.IsConversation
                        ? $"No deployment '{request.Deployment}' on this resource: check the name with Get-RealtimeDeployment."
                        : "Check the endpoint: the resource has no realtime WebSocket at /openai/v1/realtime.";
                    break;
                case 429:
                    var retry = h.Headers.TryGetValue("retry-after", out var ra) ? $" (retry-after {ra})" : "";
                    recommendation = $"The deployment is throttled{retry}: wait and run again, or raise its capacity.";
                    break;
                default:
                    recommendation = "Run again; if it persists, open a support case with the apim-request-id.";
                    break;
            }
            var what = string.Join(" ", new[] { r.ErrorCode, r.ErrorMessage }.Where(s => !string.IsNullOrWhiteSpace(s)));
            Set(r, TranscriptionVerdict.HandshakeRejected, $"The WebSocket upgrade was answered with HTTP {status}{(what.Length > 0 ? " " + what : "")}{ids}.", recommendation);
        }

        internal static void ErrorBeforeUpdate(RealtimeTranscriptionResult r, JsonObject error)
        {
            ReadError(r, error);
            Set(r, TranscriptionVerdict.Inconclusive, $"The service sent an error before the session was set up: {ErrorText(r)}.",
                "Run again; if it persists, open a support case with the apim-request-id and the session id.");
        }

        internal static void UpdateRejected(RealtimeTranscriptionResult r, JsonObject error, string updateJson)
        {
            ReadError(r, error);
            r.MatchingRule = MatchingRule(updateJson, r.ErrorParam);
            var rule = r.MatchingRule != null ? $" Validation rule {r.MatchingRule} explains it." : "";
            Set(r, TranscriptionVerdict.SessionUpdateRejected,
                $"The service rejected session.update with an error event ({ErrorText(r)}): transcription stays off in a client that ignores it.{rule}",
                "Fix the session configuration (Test-TranscriptionConfig checks it offline) and run again.");
        }

        /// <summary>False (and the verdict set) when session.updated shows transcription off, another model or another session type.</summary>
        internal static bool CheckUpdated(RealtimeTranscriptionResult r, JsonObject? session, string? model, string sessionType)
        {
            var type = SessionEventRecorder.Str(session?["type"]);
            var transcription = (((session?["audio"] as JsonObject)?["input"] as JsonObject)?["transcription"]) as JsonObject;
            var effective = SessionEventRecorder.Str(transcription?["model"]);
            string? problem = null;
            if (type != null && !string.Equals(type, sessionType, StringComparison.Ordinal))
                problem = $"session.updated describes a '{type}' session, not the '{sessionType}' session asked for";
            else if (transcription == null)
                problem = "session.updated shows audio.input.transcription null: transcription is off although it was asked for";
            else if (model != null && !string.Equals(effective, model, StringComparison.Ordinal))
                problem = $"session.updated names the transcription model '{effective ?? "(none)"}', not the deployment '{model}' that was sent";
            if (problem == null) return true;
            Set(r, TranscriptionVerdict.TranscriptionNotEnabled, problem + ".",
                "Compare the session configuration with what session.updated reports (in the timeline); check the transcription deployment name with Get-RealtimeDeployment.");
            return false;
        }

        internal static void CommitRefused(RealtimeTranscriptionResult r, JsonObject error)
        {
            ReadError(r, error);
            Set(r, TranscriptionVerdict.Inconclusive, $"The service refused the commit of the audio ({ErrorText(r)}).",
                r.ErrorCode == "input_audio_buffer_commit_empty"
                    ? "The buffer held less than 100 ms of audio: use a longer recording."
                    : "Check the audio (PCM16 mono 24 kHz) and run again.");
        }

        internal static void Completed(RealtimeTranscriptionResult r, string transcript)
        {
            r.Transcript = transcript;
            if (WordErrorRate.Words(transcript).Count == 0)
            {
                Set(r, TranscriptionVerdict.EmptyTranscript, "The transcription completed with no words.",
                    "Check the audio holds speech (silence gives an empty transcript) and the language setting.");
                return;
            }
            if (string.IsNullOrWhiteSpace(r.ExpectedText))
            {
                Set(r, TranscriptionVerdict.Transcribed, $"Transcribed in {r.CompletedMs:0} ms after the commit: \"{transcript}\".", "Nothing to do: transcription works for this session.");
                return;
            }
            r.WordErrorRate = WordErrorRate.Compute(r.ExpectedText, transcript);
            var wer = r.WordErrorRate.Value.ToString("0.##", CultureInfo.InvariantCulture);
            if (r.WordErrorRate > r.MaxWordErrorRate)
                Set(r, TranscriptionVerdict.TranscriptMismatch,
                    $"The transcript \"{transcript}\" differs from the expected text (word error rate {wer}, limit {r.MaxWordErrorRate.ToString("0.##", CultureInfo.InvariantCulture)}).",
                    "Check the language and prompt settings and the audio quality; pass -ExpectedText with the words actually spoken.");
            else
                Set(r, TranscriptionVerdict.Transcribed, $"Transcribed in {r.CompletedMs:0} ms after the commit (word error rate {wer}): \"{transcript}\".",
                    "Nothing to do: transcription works for this session.");
        }

        internal static void Failed(RealtimeTranscriptionResult r, JsonObject? error)
        {
            if (error != null) ReadError(r, error);
            Set(r, TranscriptionVerdict.TranscriptionFailed,
                $"conversation.item.input_audio_transcription.failed for item {r.ItemId}: {ErrorText(r)}.",
                $"{AzureDeploymentHint} '{r.TranscriptionDeployment}' was sent: check it with Get-RealtimeDeployment. If it is a transcription deployment, open a support case with the session id and the apim-request-id.");
        }

        internal static void NoTranscription(RealtimeTranscriptionResult r, int timeoutSec) =>
            Set(r, TranscriptionVerdict.NoTranscription,
                $"The audio was committed (item {r.ItemId}) but neither completed nor failed arrived for it within {timeoutSec} s.",
                "Run again with a larger -TimeoutSec; if nothing arrives, open a support case with the session id and the apim-request-id.");

        internal static void TimedOut(RealtimeTranscriptionResult r, int timeoutSec, TranscriptionEventRecord? last) =>
            Set(r, TranscriptionVerdict.Inconclusive,
                $"The service sent no expected event within {timeoutSec} s (last event: {last?.Type ?? "none"}).",
                "Run again with a larger -TimeoutSec; the timeline shows where the session stopped.");

        internal static void ConnectionLost(RealtimeTranscriptionResult r, string? reason, IReadOnlyList<TranscriptionEventRecord> timeline)
        {
            var last = timeline.LastOrDefault(t => t.Direction != "Handshake" && t.Type != "(socket closed)");
            Set(r, TranscriptionVerdict.ConnectionLost, $"The socket closed before the check finished ({reason ?? "no reason given"}; last event: {last?.Type ?? "none"}).",
                "Run again; if it keeps dropping, check proxies and idle timeouts on the network path, then open a support case with the apim-request-id.");
        }

        private static void Set(RealtimeTranscriptionResult r, TranscriptionVerdict verdict, string summary, string recommendation)
        {
            r.Verdict = verdict;
            r.Summary = summary;
            r.Recommendation = recommendation;
        }

        private static void ReadError(RealtimeTranscriptionResult r, JsonObject error)
        {
            r.ErrorType = SessionEventRecorder.Str(error["type"]);
            r.ErrorCode = SessionEventRecorder.Str(error["code"]);
            r.ErrorMessage = SessionEventRecorder.Str(error["message"]);
            r.ErrorParam = SessionEventRecorder.Str(error["param"]);
        }

        private static void ReadHandshakeError(RealtimeTranscriptionResult r, string? body)
        {
            if (string.IsNullOrWhiteSpace(body)) return;
            try
            {
                if (JsonNode.Parse(body!) is JsonObject o && o["error"] is JsonObject e) { ReadError(r, e); return; }
            }
            catch (JsonException) { }
            r.ErrorMessage = body!.Length > 300 ? body.Substring(0, 300) + "..." : body;
        }

        private static string ErrorText(RealtimeTranscriptionResult r) =>
            string.Join(" ", new[] { r.ErrorType, r.ErrorCode, r.ErrorMessage }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct()).TrimEnd('.');

        /// <summary>The validator's finding for the rejected field (by error.param).</summary>
        private static string? MatchingRule(string updateJson, string? param)
        {
            // The validator never throws for bad content: every problem is a diagnostic.
            IReadOnlyList<Validation.Diagnostic> findings = new Validation.ConfigurationRequestValidator().Validate(updateJson, "session.update");
            // The finding on the rejected field explains it whatever its severity: a warning (a disputed point, a
            // recommendation) the service turned out to enforce is exactly what the user needs to see.
            var match = param == null ? null : findings.FirstOrDefault(f => f.Path != null && (f.Path.EndsWith(param, StringComparison.Ordinal) || param.EndsWith(f.Path.TrimStart('$', '.'), StringComparison.Ordinal)));
            return (match ?? findings.FirstOrDefault(RequestValidation.IsError))?.RuleId;
        }
    }
}
