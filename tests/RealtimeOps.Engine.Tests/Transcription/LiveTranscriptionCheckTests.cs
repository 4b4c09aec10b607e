#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Redaction;
using RealtimeOps.Engine.Transcription;
using RealtimeOps.Engine.Transcription.Audio;
using Xunit;

namespace RealtimeOps.Engine.Tests.Transcription
{
    public class LiveTranscriptionCheckTests
    {
        private const string Spoken = "Please transcribe this short sentence.";
        private static readonly Uri Endpoint = new Uri("https://contoso.openai.azure.com/");

        private static JsonObject Configured(string model = "stt-deploy", JsonNode? turnDetection = null)
        {
            var input = new JsonObject { ["transcription"] = new JsonObject { ["model"] = model, ["language"] = "en" } };
            if (turnDetection != null) input["turn_detection"] = turnDetection;
            return new JsonObject { ["type"] = "transcription", ["audio"] = new JsonObject { ["input"] = input } };
        }

        /// <summary>A well-behaved service: echoes the update, commits, streams two deltas and completes.</summary>
        private static Func<JsonObject, IEnumerable<string?>> Service(string transcript = Spoken,
            Func<JsonObject, IEnumerable<string?>>? onUpdate = null, Func<JsonObject, IEnumerable<string?>>? onCommit = null)
        {
            return message =>
            {
                switch ((string?)message["type"])
                {
                    case "session.update": return onUpdate?.Invoke(message) ?? new[] { Events.SessionUpdated(message) };
                    case "input_audio_buffer.commit":
                        return onCommit?.Invoke(message) ?? new[]
                        {
                            Events.Committed("item_1"), Events.Delta("item_1", transcript.Substring(0, transcript.Length / 2)),
                            Events.Delta("item_1", transcript.Substring(transcript.Length / 2)), Events.Completed("item_1", transcript),
                        };
                    default: return Array.Empty<string?>();
                }
            };
        }

        private static LiveTranscriptionRequest Request(string? deployment = null, JsonObject? session = null, int timeoutSec = 5, string? expected = Spoken) => new LiveTranscriptionRequest
        {
            Deployment = deployment,
            Session = session ?? Configured(),
            Audio = SampleAudio.Load(),
            ExpectedText = expected,
            TimeoutSec = timeoutSec,
        };

        private static async Task<(RealtimeTranscriptionResult Result, ExchangeLog Log)> Run(ScriptedRealtimeSocket socket, LiveTranscriptionRequest request, CancellationToken token = default)
        {
            var log = new ExchangeLog();
            var redactor = new SecretRedactor();
            redactor.RegisterSecret("canary-key-0123456789");
            var check = new LiveTranscriptionCheck(request, socket, new SessionEventRecorder(log, redactor, () => DateTimeOffset.UtcNow), (t, c) => Task.CompletedTask);
            var headers = new[] { new KeyValuePair<string, string>("api-key", "canary-key-0123456789") };
            var result = await check.RunAsync(Endpoint, headers, token);
            return (result, log);
        }

        [Fact]
        public async Task Transcribed_follows_the_recipe_in_order()
        {
            var socket = new ScriptedRealtimeSocket(Service());
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.Transcribed, r.Verdict);
            Assert.Equal(Spoken, r.Transcript);
            Assert.Equal(0, r.WordErrorRate);
            Assert.Equal("item_1", r.ItemId);
            Assert.Equal("sess_test1", r.SessionId);
            Assert.Equal("apim-1", r.ApimRequestId);
            Assert.Equal("req-1", r.RequestId);
            Assert.NotNull(r.FirstDeltaMs);
            Assert.NotNull(r.CompletedMs);
            Assert.Equal("wss://contoso.openai.azure.com/openai/v1/realtime?intent=transcription", socket.Uri!.ToString());

            var types = socket.Sent.Select(s => (string?)s["type"]).ToList();
            Assert.Equal("session.update", types.First());
            Assert.Equal("input_audio_buffer.commit", types.Last());
            var update = socket.Sent[0];
            Assert.StartsWith("rtops_update_", (string?)update["event_id"]);
            Assert.Equal("transcription", (string?)update["session"]!["type"]);
            Assert.Equal("stt-deploy", (string?)update["session"]!["audio"]!["input"]!["transcription"]!["model"]);
            Assert.Null(update["session"]!["audio"]!["input"]!["turn_detection"]);
            Assert.Equal(24000, (int)update["session"]!["audio"]!["input"]!["format"]!["rate"]!);
            // 100 ms chunks: 2400 samples, 4800 bytes each (the last may be shorter).
            var appends = socket.SentOfType("input_audio_buffer.append").Select(a => Convert.FromBase64String((string)a["audio"]!)).ToList();
            Assert.All(appends.Take(appends.Count - 1), a => Assert.Equal(4800, a.Length));
            Assert.Equal(SampleAudio.Load().Samples.Length * 2, appends.Sum(a => a.Length));
        }

        [Fact]
        public async Task Conversation_session_puts_the_deployment_on_the_url_and_asks_for_text_only()
        {
            var socket = new ScriptedRealtimeSocket(Service());
            var (r, _) = await Run(socket, Request(deployment: "gpt-realtime"));
            Assert.Equal(TranscriptionVerdict.Transcribed, r.Verdict);
            Assert.Equal("wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime", socket.Uri!.ToString());
            var session = socket.Sent[0]["session"]!;
            Assert.Equal("realtime", (string?)session["type"]);
            Assert.Equal("text", (string?)session["output_modalities"]![0]);
            Assert.DoesNotContain(socket.Sent, s => ((string?)s["type"])?.StartsWith("response.") == true);
        }

        [Fact]
        public async Task TranscriptMismatch_when_the_word_error_rate_is_above_the_limit()
        {
            var (r, _) = await Run(new ScriptedRealtimeSocket(Service("Something else entirely was heard")), Request());
            Assert.Equal(TranscriptionVerdict.TranscriptMismatch, r.Verdict);
            Assert.True(r.WordErrorRate > 0.5);
        }

        [Fact]
        public async Task EmptyTranscript_when_completed_has_no_words()
        {
            var (r, _) = await Run(new ScriptedRealtimeSocket(Service(" . ")), Request());
            Assert.Equal(TranscriptionVerdict.EmptyTranscript, r.Verdict);
        }

        [Fact]
        public async Task TranscriptionFailed_carries_the_error_and_the_deployment_hint()
        {
            var socket = new ScriptedRealtimeSocket(Service(onCommit: _ => new[] { Events.Committed("item_9"), Events.Failed("item_9") }));
            var (r, _) = await Run(socket, Request(session: Configured("gpt-4o-transcribe-model-name")));
            Assert.Equal(TranscriptionVerdict.TranscriptionFailed, r.Verdict);
            Assert.Equal("server_error", r.ErrorType);
            Assert.Contains("item_9", r.ErrorMessage);
            Assert.Contains("deployment", r.Recommendation);
            Assert.Contains("gpt-4o-transcribe-model-name", r.Recommendation);
        }

        [Fact]
        public async Task Completed_events_of_other_items_are_not_taken_for_ours()
        {
            var socket = new ScriptedRealtimeSocket(Service(onCommit: _ => new[] { Events.Committed("item_2"), Events.Completed("item_other", "wrong"), Events.Completed("item_2", Spoken) }));
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.Transcribed, r.Verdict);
            Assert.Equal(Spoken, r.Transcript);
        }

        [Fact]
        public async Task SessionUpdateRejected_when_an_error_names_the_update()
        {
            var socket = new ScriptedRealtimeSocket(Service(onUpdate: u => new[] { Events.Error((string?)u["event_id"], "unknown_parameter", "Unknown parameter: 'session.input_audio_transcription'.", "session.input_audio_transcription") }));
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.SessionUpdateRejected, r.Verdict);
            Assert.Equal("unknown_parameter", r.ErrorCode);
            Assert.Equal("session.input_audio_transcription", r.ErrorParam);
            Assert.DoesNotContain(socket.Sent, s => (string?)s["type"] == "input_audio_buffer.append");
        }

        [Fact]
        public async Task SessionUpdateRejected_names_the_validation_rule_that_explains_it()
        {
            var session = Configured("gpt-4o-transcribe");
            session["audio"]!["input"]!["transcription"]!["language"] = "EN";
            var socket = new ScriptedRealtimeSocket(Service(onUpdate: u => new[]
            {
                Events.Error((string?)u["event_id"], "invalid_value", "Invalid value: 'EN'. Expected an ISO-639-1 code.", "session.audio.input.transcription.language"),
            }));
            var (r, _) = await Run(socket, Request(session: session));
            Assert.Equal(TranscriptionVerdict.SessionUpdateRejected, r.Verdict);
            Assert.Equal("RTC1042", r.MatchingRule);
            Assert.Contains("RTC1042", r.Summary);
        }

        [Fact]
        public async Task An_error_for_another_event_does_not_reject_the_update()
        {
            var socket = new ScriptedRealtimeSocket(Service(onUpdate: u => new[] { Events.Error("someone_else", "invalid_value", "Not ours."), Events.SessionUpdated(u) }));
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.Transcribed, r.Verdict);
        }

        [Theory]
        [InlineData("null")]
        [InlineData("other-model")]
        [InlineData("wrong-type")]
        public async Task TranscriptionNotEnabled_when_session_updated_disagrees(string how)
        {
            var socket = new ScriptedRealtimeSocket(Service(onUpdate: u => new[]
            {
                Events.SessionUpdated(u, s =>
                {
                    if (how == "null") s["audio"]!["input"]!["transcription"] = null;
                    else if (how == "other-model") s["audio"]!["input"]!["transcription"]!["model"] = "whisper-1";
                    else s["type"] = "realtime";
                }),
            }));
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.TranscriptionNotEnabled, r.Verdict);
            Assert.DoesNotContain(socket.Sent, s => (string?)s["type"] == "input_audio_buffer.commit");
        }

        [Fact]
        public async Task NoTranscription_when_nothing_follows_the_commit()
        {
            var socket = new ScriptedRealtimeSocket(Service(onCommit: _ => new[] { Events.Committed("item_3") }));
            var (r, _) = await Run(socket, Request(timeoutSec: 1));
            Assert.Equal(TranscriptionVerdict.NoTranscription, r.Verdict);
            Assert.Equal("item_3", r.ItemId);
        }

        [Fact]
        public async Task Inconclusive_when_the_commit_is_refused()
        {
            var socket = new ScriptedRealtimeSocket(Service(onCommit: c => new[] { Events.Error((string?)c["event_id"], "input_audio_buffer_commit_empty", "Error committing input audio buffer: buffer too small.") }));
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.Inconclusive, r.Verdict);
            Assert.Equal("input_audio_buffer_commit_empty", r.ErrorCode);
        }

        [Fact]
        public async Task Inconclusive_when_session_created_never_comes()
        {
            var (r, _) = await Run(new ScriptedRealtimeSocket(Service(), null, "{\"type\":\"rate_limits.updated\",\"event_id\":\"e\"}"), Request(timeoutSec: 1));
            Assert.Equal(TranscriptionVerdict.Inconclusive, r.Verdict);
        }

        [Fact]
        public async Task Inconclusive_when_the_upgrade_gets_no_answer_in_time_and_ConnectionLost_when_it_cannot_connect()
        {
            var (timedOut, _) = await Run(new ScriptedRealtimeSocket(Service(), new HandshakeOutcome { Failure = "no answer", TimedOut = true }), Request());
            Assert.Equal(TranscriptionVerdict.Inconclusive, timedOut.Verdict);
            var (refused, _) = await Run(new ScriptedRealtimeSocket(Service(), new HandshakeOutcome { Failure = "SocketException: Connection refused" }), Request());
            Assert.Equal(TranscriptionVerdict.ConnectionLost, refused.Verdict);
            Assert.Contains("Connection refused", refused.Summary);
        }

        [Fact]
        public async Task ConnectionLost_when_the_server_closes_mid_stream()
        {
            var socket = new ScriptedRealtimeSocket(Service(onCommit: _ => new[] { Events.Committed("item_4"), null }));
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.ConnectionLost, r.Verdict);
            Assert.Contains(r.Timeline, t => t.Type == "(socket closed)");
        }

        [Fact]
        public async Task ConnectionLost_when_sending_fails_after_the_peer_dropped()
        {
            var socket = new ScriptedRealtimeSocket(Service()) { FailSendsAfter = 6 };
            var (r, _) = await Run(socket, Request());
            Assert.Equal(TranscriptionVerdict.ConnectionLost, r.Verdict);
        }

        [Theory]
        [InlineData(400, "{\"error\":{\"code\":\"OpperationNotSupported\",\"message\":\"The realtime operation does not work with the specified model\"}}", "gpt-4o-transcribe", "TranscriptionDeployment")]
        [InlineData(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key.\"}}", null, "audience")]
        [InlineData(403, "{\"error\":{\"code\":\"403\",\"message\":\"Public access is disabled.\"}}", null, "network rules")]
        [InlineData(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}", "nope", "Get-RealtimeDeployment")]
        [InlineData(429, "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit.\"}}", null, "throttled")]
        public async Task HandshakeRejected_reports_status_code_and_hint(int status, string body, string? deployment, string hint)
        {
            var handshake = new HandshakeOutcome { Status = status, ErrorBody = body, Headers = new Dictionary<string, string> { ["apim-request-id"] = "apim-h" } };
            var socket = new ScriptedRealtimeSocket(Service(), handshake);
            var (r, log) = await Run(socket, Request(deployment: deployment));
            Assert.Equal(TranscriptionVerdict.HandshakeRejected, r.Verdict);
            Assert.Equal(status, r.HandshakeStatus);
            Assert.Equal("apim-h", r.ApimRequestId);
            Assert.Contains(hint, r.Recommendation);
            Assert.Empty(socket.Sent);
            Assert.Equal(status, log.Snapshot().Single().StatusCode);
        }

        [Fact]
        public async Task EphemeralAuthRequired_suggests_a_client_secret()
        {
            var handshake = new HandshakeOutcome { Status = 401, ErrorBody = "{\"error\":{\"code\":\"401\",\"message\":\"This operation requires ephemeral authentication.\"}}" };
            var (r, _) = await Run(new ScriptedRealtimeSocket(Service(), handshake), Request());
            Assert.Equal(TranscriptionVerdict.EphemeralAuthRequired, r.Verdict);
            Assert.Contains("-UseClientSecret", r.Recommendation);
        }

        [Fact]
        public async Task Server_vad_configuration_leaves_the_commit_to_the_server()
        {
            // The server commits after the trailing silence: answer the last append.
            var request = Request(session: Configured(turnDetection: new JsonObject { ["type"] = "server_vad" }));
            var server = new ScriptedRealtimeSocket(m =>
            {
                var type = (string?)m["type"];
                if (type == "session.update") return new[] { Events.SessionUpdated(m) };
                if (type == "input_audio_buffer.append" && Convert.FromBase64String((string)m["audio"]!).All(b => b == 0))
                    return new[] { Events.Committed("item_v"), Events.Completed("item_v", Spoken) };
                return Array.Empty<string?>();
            });
            var (r, _) = await Run(server, request);
            Assert.Equal(TranscriptionVerdict.Transcribed, r.Verdict);
            Assert.DoesNotContain(server.Sent, s => (string?)s["type"] == "input_audio_buffer.commit");
            Assert.Equal("server_vad", (string?)server.Sent[0]["session"]!["audio"]!["input"]!["turn_detection"]!["type"]);
        }

        [Fact]
        public async Task Cancellation_aborts_the_socket_and_throws()
        {
            using var cts = new CancellationTokenSource();
            var socket = new ScriptedRealtimeSocket(Service(onCommit: _ => { cts.Cancel(); return new[] { Events.Committed("item_5") }; }));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(socket, Request(timeoutSec: 30), cts.Token));
            Assert.True(socket.WasAborted);
        }

        [Fact]
        public async Task Recorded_events_hold_no_audio_bytes_and_no_key()
        {
            var socket = new ScriptedRealtimeSocket(Service());
            var (r, log) = await Run(socket, Request());
            var all = string.Join("\n", log.Snapshot().Select(e => string.Join(" ", e.Url, e.RequestBody, e.ResponseBody, string.Join(",", e.RequestHeaders!.Select(h => h.Key + "=" + h.Value)))));
            Assert.DoesNotContain("canary-key-0123456789", all);
            var firstChunk = (string)socket.SentOfType("input_audio_buffer.append").First()["audio"]!;
            Assert.DoesNotContain(firstChunk.Substring(0, 40), all);
            Assert.Contains("bytes of audio, sha256:", all);
            Assert.Contains(log.Snapshot(), e => e.Operation == SessionEventRecorder.HandshakeOperation && e.RequestHeaders!["api-key"] == SecretRedactor.Mask);
            // The timeline folds the appends into one row and names event and item ids.
            Assert.Single(r.Timeline, t => t.Type == "input_audio_buffer.append");
            Assert.Contains(r.Timeline, t => t.Type == "session.update" && t.EventId!.StartsWith("rtops_update_"));
            Assert.Contains(r.Timeline, t => t.Type == "conversation.item.input_audio_transcription.completed" && t.ItemId == "item_1");
        }
    }
}
