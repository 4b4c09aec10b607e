#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Transcription.Audio;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>
    /// One live session over the realtime WebSocket, following the robust recipe of the OpenAI and Microsoft
    /// documentation (Spec, MS-ws): session.update with an event_id, an error naming it is a rejection, session.updated
    /// checked (transcription on, the model sent, the session type asked for), audio in 100 ms chunks, a commit (or
    /// the server's VAD), then completed or failed for the committed item within the time limit.
    /// </summary>
    internal sealed class LiveTranscriptionCheck
    {
        // Events go over a socket, not into HTML: base64's '+' and '/' stay as they are (the default encoder escapes '+').
        private static readonly JsonSerializerOptions s_wire = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly LiveTranscriptionRequest _request;
        private readonly IRealtimeSocket _socket;
        private readonly SessionEventRecorder _recorder;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly IOperationObserver? _observer;
        private readonly Stopwatch _watch = new Stopwatch();
        private readonly RealtimeTranscriptionResult _result;
        private EventPump? _pump;
        private int _eventCounter;

        internal LiveTranscriptionCheck(LiveTranscriptionRequest request, IRealtimeSocket socket, SessionEventRecorder recorder,
            Func<TimeSpan, CancellationToken, Task>? delay = null, IOperationObserver? observer = null)
        {
            _request = request;
            _socket = socket;
            _recorder = recorder;
            _delay = delay ?? ((t, c) => Task.Delay(t, c));
            _observer = observer;
            _result = new RealtimeTranscriptionResult
            {
                SessionType = request.SessionType,
                Deployment = request.IsConversation ? request.Deployment!.Trim() : null,
                ExpectedText = request.ExpectedText,
                MaxWordErrorRate = request.MaxWordErrorRate,
                AudioMs = Math.Round(request.Audio.DurationMs),
                Pace = request.Pace.ToString(),
            };
        }

        private TimeSpan Limit => TimeSpan.FromSeconds(_request.TimeoutSec);

        /// <summary>Runs the check; the caller's cancellation (Ctrl+C) aborts the socket and throws OperationCanceledException.</summary>
        internal async Task<RealtimeTranscriptionResult> RunAsync(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
        {
            _result.StartedAtUtc = DateTimeOffset.UtcNow;
            _result.Endpoint = endpoint.ToString();
            var uri = _request.SocketUri(endpoint);
            _result.Url = uri.ToString();
            _watch.Start();
            using (cancellationToken.Register(_socket.Abort))
            {
                try
                {
                    await RunCoreAsync(uri, headers, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The live transcription check was stopped.", cancellationToken);
                }
                catch (Exception ex) when (ex is WebSocketException || ex is System.IO.IOException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    // The socket went away under a send or a close: the timeline shows how far the session got.
                    _recorder.RecordClosed(ex.Message);
                    TranscriptionVerdicts.ConnectionLost(_result, ex.Message, _recorder.Timeline);
                }
                finally
                {
                    await CloseAsync().ConfigureAwait(false);
                }
            }
            _result.EndedAtUtc = DateTimeOffset.UtcNow;
            _result.Timeline = _recorder.Timeline;
            _result.Exchanges = _recorder.Exchanges;
            return _result;
        }

        private async Task RunCoreAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
        {
            var session = _request.BuildSession(out var model, out var serverCommits);
            _result.TranscriptionDeployment = model;

            // 1. The upgrade.
            var started = DateTimeOffset.UtcNow;
            var connectAt = _watch.Elapsed;
            HandshakeOutcome handshake;
            using (var connectLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectLimit.CancelAfter(Limit);
                try { handshake = await _socket.ConnectAsync(uri, headers, connectLimit.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    handshake = new HandshakeOutcome { Failure = $"no answer to the WebSocket upgrade within {_request.TimeoutSec} s", TimedOut = true };
                }
            }
            _result.ConnectMs = Ms(_watch.Elapsed - connectAt);
            _recorder.RecordHandshake(uri, _request.SessionType, headers, handshake, started, _result.ConnectMs.Value);
            CaptureIds(handshake);
            _observer?.Verbose($"GET {_result.Url} (WebSocket upgrade): {(handshake.Status?.ToString(CultureInfo.InvariantCulture) ?? handshake.Failure)} in {_result.ConnectMs:0} ms" +
                               (_result.ApimRequestId != null ? $" (apim-request-id {_result.ApimRequestId})" : ""));
            if (!handshake.Accepted) { TranscriptionVerdicts.Handshake(_result, handshake, _request); return; }

            _pump = new EventPump(_socket);
            _pump.Start();

            // 2. session.created, then our session.update.
            var created = await NextAsync(e => Type(e) == "session.created" || Type(e) == "error", cancellationToken).ConfigureAwait(false);
            if (created == null) return;
            if (Type(created) == "error") { TranscriptionVerdicts.ErrorBeforeUpdate(_result, (JsonObject)created["error"]!); return; }
            _result.SessionId = SessionEventRecorder.Str((created["session"] as JsonObject)?["id"]);

            var updateId = NewEventId("update");
            var update = new JsonObject { ["type"] = "session.update", ["event_id"] = updateId, ["session"] = session };
            var updateAt = _watch.Elapsed;
            await SendAsync(update, null, cancellationToken).ConfigureAwait(false);
            var updated = await NextAsync(e => Type(e) == "session.updated" || IsErrorFor(e, updateId), cancellationToken).ConfigureAwait(false);
            if (updated == null) return;
            if (Type(updated) == "error") { TranscriptionVerdicts.UpdateRejected(_result, (JsonObject)updated["error"]!, update.ToJsonString()); return; }
            _result.SessionUpdatedMs = Ms(_watch.Elapsed - updateAt);
            if (!TranscriptionVerdicts.CheckUpdated(_result, updated["session"] as JsonObject, model, _request.SessionType)) return;

            // 3. The audio, in 100 ms chunks, then the commit (or the server's VAD).
            var audio = _request.Audio.ToSessionRate();
            var samplesPerChunk = PcmAudio.SessionSampleRate * LiveTranscriptionRequest.ChunkMilliseconds / 1000;
            var total = audio.Samples.Length + (serverCommits ? PcmAudio.SessionSampleRate * 7 / 10 : 0);
            var padded = serverCommits ? new PcmAudio(audio.Samples.Concat(new short[total - audio.Samples.Length]).ToArray(), audio.SampleRate) : audio;
            for (var offset = 0; offset < padded.Samples.Length; offset += samplesPerChunk)
            {
                if (_pump.Closed) break;
                var bytes = padded.ToBytes(offset, Math.Min(samplesPerChunk, padded.Samples.Length - offset));
                var append = new JsonObject { ["type"] = "input_audio_buffer.append", ["audio"] = Convert.ToBase64String(bytes) };
                await SendAsync(append, bytes, cancellationToken).ConfigureAwait(false);
                if (_request.Pace == TranscriptionPace.RealTime) await _delay(TimeSpan.FromMilliseconds(LiveTranscriptionRequest.ChunkMilliseconds), cancellationToken).ConfigureAwait(false);
            }

            string? commitId = null;
            var commitAt = _watch.Elapsed;
            if (!serverCommits)
            {
                commitId = NewEventId("commit");
                await SendAsync(new JsonObject { ["type"] = "input_audio_buffer.commit", ["event_id"] = commitId }, null, cancellationToken).ConfigureAwait(false);
            }
            var committed = await NextAsync(e => Type(e) == "input_audio_buffer.committed" || (Type(e) == "error" && (commitId == null || IsErrorFor(e, commitId))), cancellationToken).ConfigureAwait(false);
            if (committed == null) return;
            if (Type(committed) == "error") { TranscriptionVerdicts.CommitRefused(_result, (JsonObject)committed["error"]!); return; }
            if (serverCommits) commitAt = _watch.Elapsed;
            var itemId = SessionEventRecorder.Str(committed["item_id"]);
            _result.ItemId = itemId;

            // 4. completed or failed for that item (deltas counted on the way).
            var deltas = new StringBuilder();
            while (true)
            {
                var next = await NextAsync(e => IsTranscriptionEventFor(e, itemId), cancellationToken, committedPhase: true).ConfigureAwait(false);
                if (next == null) return;
                var type = Type(next);
                if (type == "conversation.item.input_audio_transcription.delta")
                {
                    if (_result.FirstDeltaMs == null) _result.FirstDeltaMs = Ms(_watch.Elapsed - commitAt);
                    deltas.Append(SessionEventRecorder.Str(next["delta"]));
                    continue;
                }
                _result.CompletedMs = Ms(_watch.Elapsed - commitAt);
                if (type == "conversation.item.input_audio_transcription.failed")
                    TranscriptionVerdicts.Failed(_result, next["error"] as JsonObject);
                else
                    TranscriptionVerdicts.Completed(_result, SessionEventRecorder.Str(next["transcript"]) ?? deltas.ToString());
                return;
            }
        }

        private static bool IsTranscriptionEventFor(JsonObject e, string? itemId)
        {
            var type = Type(e);
            if (type == null || !type.StartsWith("conversation.item.input_audio_transcription.", StringComparison.Ordinal)) return false;
            if (type.EndsWith(".segment", StringComparison.Ordinal)) return false;
            // Completed events of different turns may arrive out of order: match by item_id.
            return itemId == null || SessionEventRecorder.Str(e["item_id"]) == itemId;
        }

        private static bool IsErrorFor(JsonObject e, string eventId) =>
            Type(e) == "error" && SessionEventRecorder.Str((e["error"] as JsonObject)?["event_id"]) == eventId;

        private static string? Type(JsonObject e) => SessionEventRecorder.Str(e["type"]);

        /// <summary>
        /// The next event that matches, recording every event on the way; null (and the verdict set) when the socket
        /// closed or the time limit passed first.
        /// </summary>
        private async Task<JsonObject?> NextAsync(Func<JsonObject, bool> match, CancellationToken cancellationToken, bool committedPhase = false)
        {
            var deadline = _watch.Elapsed + Limit;
            while (true)
            {
                var left = deadline - _watch.Elapsed;
                var item = left > TimeSpan.Zero ? await _pump!.NextAsync(left, cancellationToken).ConfigureAwait(false) : null;
                if (item == null)
                {
                    if (committedPhase) TranscriptionVerdicts.NoTranscription(_result, _request.TimeoutSec);
                    else TranscriptionVerdicts.TimedOut(_result, _request.TimeoutSec, _recorder.Timeline.LastOrDefault());
                    return null;
                }
                if (item.Closed)
                {
                    _recorder.RecordClosed(item.CloseReason ?? "closed by the server");
                    TranscriptionVerdicts.ConnectionLost(_result, item.CloseReason, _recorder.Timeline);
                    return null;
                }
                JsonObject? parsed = null;
                try { parsed = JsonNode.Parse(item.Text!) as JsonObject; } catch (JsonException) { }
                _recorder.RecordReceived(item.Text!, parsed);
                if (parsed != null && match(parsed)) return parsed;
                if (parsed != null && Type(parsed) == "error") _observer?.Warning($"The service sent an error event: {Describe(parsed)}");
            }
        }

        private static string Describe(JsonObject e)
        {
            var error = e["error"] as JsonObject;
            return string.Join(" ", new[] { SessionEventRecorder.Str(error?["code"]), SessionEventRecorder.Str(error?["message"]) }.Where(s => s != null));
        }

        private async Task SendAsync(JsonObject message, byte[]? audio, CancellationToken cancellationToken)
        {
            _recorder.RecordSent(message, audio);
            try { await _socket.SendTextAsync(message.ToJsonString(s_wire), cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is WebSocketException || ex is System.IO.IOException || ex is InvalidOperationException || ex is ObjectDisposedException || ex is OperationCanceledException))
            {
                // The receive side reports the close; the next wait sees it.
                _pump?.MarkClosed("the socket broke while sending: " + ex.Message);
            }
        }

        private string NewEventId(string what) => $"rtops_{what}_{Interlocked.Increment(ref _eventCounter)}_{Guid.NewGuid().ToString("N").Substring(0, 8)}";

        private void CaptureIds(HandshakeOutcome handshake)
        {
            _result.HandshakeStatus = handshake.Status;
            string? Get(string name) => handshake.Headers.TryGetValue(name, out var v) ? v : null;
            _result.ApimRequestId = Get("apim-request-id");
            _result.RequestId = Get("x-request-id");
            _result.Region = Get("x-ms-region");
            _result.ClientRequestId = Get("x-ms-client-request-id");
        }

        private async Task CloseAsync()
        {
            try
            {
                using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(1))) await _socket.CloseAsync(limit.Token).ConfigureAwait(false);
            }
            catch (Exception) { _socket.Abort(); }
            if (_pump != null) await _pump.StopAsync().ConfigureAwait(false);
        }

        private static double Ms(TimeSpan t) => Math.Round(t.TotalMilliseconds, 1);
    }
}
