using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeOps.Emulator
{
    /// <summary>One accepted realtime WebSocket: the GA server events, shaped as the OpenAI specification shapes them.</summary>
    internal sealed class RealtimeSocketSession
    {
        private const int SampleRate = 24000;
        private const int MinCommitBytes = SampleRate / 10 * 2;
        private const int SilenceThreshold = 64;
        private readonly RealtimeSocketEndpoint _endpoint;
        private readonly WebSocket _socket;
        private readonly FaultScenario _scenario;
        private readonly CancellationToken _aborted;
        private readonly JsonObject _session;
        private readonly MemoryStream _buffer = new MemoryStream();
        private string _previousItem;
        private int _appends;
        private int _counter;
        private bool _speech;
        private int _trailingSilence;

        internal RealtimeSocketSession(RealtimeSocketEndpoint endpoint, WebSocket socket, FaultScenario scenario, string sessionType, string model, CancellationToken aborted)
        {
            _endpoint = endpoint;
            _socket = socket;
            _scenario = scenario;
            _aborted = aborted;
            _session = new JsonObject
            {
                ["type"] = sessionType,
                ["object"] = "realtime.session",
                ["id"] = "sess_" + CredentialStore.RandomToken(24),
                ["audio"] = new JsonObject
                {
                    ["input"] = new JsonObject
                    {
                        ["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = SampleRate },
                        ["transcription"] = null,
                        ["noise_reduction"] = null,
                        ["turn_detection"] = sessionType == "realtime"
                            ? new JsonObject { ["type"] = "server_vad", ["threshold"] = 0.5, ["prefix_padding_ms"] = 300, ["silence_duration_ms"] = 500 }
                            : null,
                    },
                },
            };
            if (sessionType == "realtime")
            {
                _session["model"] = model;
                _session["output_modalities"] = new JsonArray("audio");
                _session["instructions"] = "";
            }
            else
            {
                _session["include"] = null;
            }
        }

        private string SessionType => (string)_session["type"];

        internal async Task RunAsync()
        {
            try
            {
                await SendAsync(new JsonObject { ["type"] = "session.created", ["event_id"] = NewId("event"), ["session"] = _session.DeepClone() });
                while (_socket.State == WebSocketState.Open)
                {
                    var text = await ReceiveAsync();
                    if (text == null) break;
                    JsonObject message;
                    try { message = JsonNode.Parse(text) as JsonObject; }
                    catch (JsonException) { message = null; }
                    if (message == null)
                    {
                        await ErrorAsync(null, "invalid_request_error", "invalid_json", "The event is not a JSON object.", null);
                        continue;
                    }
                    if (!await HandleAsync(message)) return;
                }
                if (_socket.State == WebSocketState.CloseReceived)
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is IOException) { }
        }

        /// <summary>False when the session must end at once (a dropped connection).</summary>
        private async Task<bool> HandleAsync(JsonObject message)
        {
            var eventId = Str(message["event_id"]);
            switch (Str(message["type"]))
            {
                case "session.update":
                    await UpdateAsync(message, eventId);
                    return true;
                case "input_audio_buffer.append":
                    return await AppendAsync(message, eventId);
                case "input_audio_buffer.commit":
                    await CommitAsync(eventId);
                    return true;
                case "input_audio_buffer.clear":
                    _buffer.SetLength(0);
                    await SendAsync(new JsonObject { ["type"] = "input_audio_buffer.cleared", ["event_id"] = NewId("event") });
                    return true;
                default:
                    await ErrorAsync(eventId, "invalid_request_error", "invalid_value",
                        $"Invalid value: '{Str(message["type"])}'. Supported values are client events such as 'session.update' and 'input_audio_buffer.append'.", "type");
                    return true;
            }
        }

        private async Task UpdateAsync(JsonObject message, string eventId)
        {
            if (_scenario.Name == RealtimeSocketScenarios.UpdateRejected)
            {
                await ErrorAsync(eventId, "invalid_request_error", "unknown_parameter", "Unknown parameter: 'session.input_audio_transcription'.", "session.input_audio_transcription");
                return;
            }
            if (message["session"] is not JsonObject requested)
            {
                await ErrorAsync(eventId, "invalid_request_error", "missing_required_parameter", "Missing required parameter: 'session'.", "session");
                return;
            }
            var type = Str(requested["type"]);
            if (type != null && type != SessionType)
            {
                await ErrorAsync(eventId, "invalid_request_error", "invalid_parameter",
                    $"Passing a {type} session update event to a {SessionType} session is not allowed.", "session.type");
                return;
            }
            var format = (((requested["audio"] as JsonObject)?["input"] as JsonObject)?["format"]) as JsonObject;
            if (format != null && (Str(format["type"]) != "audio/pcm" || (format["rate"] != null && format["rate"].GetValue<double>() != SampleRate)))
            {
                await ErrorAsync(eventId, "invalid_request_error", "invalid_value", "Invalid value for 'session.audio.input.format': the emulator takes audio/pcm at 24000 Hz.", "session.audio.input.format");
                return;
            }
            Merge(_session, requested);
            if (_scenario.Name == RealtimeSocketScenarios.TranscriptionSilentlyOff || (_scenario.Name == RealtimeSocketScenarios.RealtimeTranscriptionOff && SessionType == "realtime"))
                ((JsonObject)_session["audio"]["input"])["transcription"] = null;
            await SendAsync(new JsonObject { ["type"] = "session.updated", ["event_id"] = NewId("event"), ["session"] = _session.DeepClone() });
        }

        private async Task<bool> AppendAsync(JsonObject message, string eventId)
        {
            byte[] bytes;
            try { bytes = Convert.FromBase64String(Str(message["audio"]) ?? ""); }
            catch (FormatException)
            {
                await ErrorAsync(eventId, "invalid_request_error", "invalid_value", "Invalid 'audio': expected base64-encoded audio bytes.", "audio");
                return true;
            }
            if (bytes.Length % 2 != 0)
            {
                await ErrorAsync(eventId, "invalid_request_error", "invalid_value", "Invalid 'audio': PCM16 audio has an even number of bytes.", "audio");
                return true;
            }
            _appends++;
            if (_scenario.Name == RealtimeSocketScenarios.DropMidStream && _appends >= RealtimeSocketScenarios.DropAfterAppends)
            {
                _socket.Abort();
                return false;
            }
            _buffer.Write(bytes, 0, bytes.Length);
            if (!(TurnDetection is JsonObject)) return true;
            // server_vad: speech, then silence_duration_ms of quiet, commits the buffer.
            for (var i = 0; i + 1 < bytes.Length; i += 2)
            {
                var sample = (short)(bytes[i] | (bytes[i + 1] << 8));
                if (Math.Abs((int)sample) > SilenceThreshold) { _speech = true; _trailingSilence = 0; }
                else _trailingSilence++;
            }
            var silenceMs = (TurnDetection as JsonObject)?["silence_duration_ms"]?.GetValue<double>() ?? 500;
            if (_speech && _trailingSilence >= SampleRate * silenceMs / 1000) { _speech = false; await CommitAsync(null); }
            return true;
        }

        private JsonNode TurnDetection => ((_session["audio"] as JsonObject)?["input"] as JsonObject)?["turn_detection"];

        private async Task CommitAsync(string eventId)
        {
            if (_buffer.Length < MinCommitBytes)
            {
                await ErrorAsync(eventId, "invalid_request_error", "input_audio_buffer_commit_empty",
                    $"Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has {_buffer.Length * 1000.0 / 2 / SampleRate:0.00}ms of audio.", null);
                return;
            }
            var audio = _buffer.ToArray();
            _buffer.SetLength(0);
            var itemId = NewId("item");
            await SendAsync(new JsonObject { ["type"] = "input_audio_buffer.committed", ["event_id"] = NewId("event"), ["previous_item_id"] = _previousItem, ["item_id"] = itemId });
            _previousItem = itemId;
            var transcription = ((_session["audio"] as JsonObject)?["input"] as JsonObject)?["transcription"] as JsonObject;
            if (transcription == null || _scenario.Name == RealtimeSocketScenarios.NoTranscription) return;

            var model = Str(transcription["model"]);
            var deployment = model == null ? null : _endpoint.Deployment(model);
            if (_scenario.Name == RealtimeSocketScenarios.TranscriptionFailed || deployment == null || !RealtimeSocketEndpoint.IsTranscriptionModel(deployment.Model))
            {
                // Azure, with a transcription model that is not a transcription deployment: a bare server_error.
                await SendAsync(new JsonObject
                {
                    ["type"] = "conversation.item.input_audio_transcription.failed", ["event_id"] = NewId("event"), ["item_id"] = itemId, ["content_index"] = 0,
                    ["error"] = new JsonObject { ["type"] = "server_error", ["code"] = null, ["message"] = $"Input transcription failed for item '{itemId}'.", ["param"] = null },
                });
                return;
            }
            var transcript = IsSilent(audio) ? "" : _endpoint.Transcript;
            var words = transcript.Length == 0 ? Array.Empty<string>() : transcript.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                if (_scenario.Name == RealtimeSocketScenarios.SlowDeltas) await Task.Delay(RealtimeSocketScenarios.SlowDeltaMilliseconds, _aborted);
                await SendAsync(new JsonObject
                {
                    ["type"] = "conversation.item.input_audio_transcription.delta", ["event_id"] = NewId("event"), ["item_id"] = itemId, ["content_index"] = 0,
                    ["delta"] = (i == 0 ? "" : " ") + words[i],
                });
            }
            await SendAsync(new JsonObject
            {
                ["type"] = "conversation.item.input_audio_transcription.completed", ["event_id"] = NewId("event"), ["item_id"] = itemId, ["content_index"] = 0,
                ["transcript"] = transcript,
                ["usage"] = new JsonObject { ["type"] = "duration", ["seconds"] = Math.Round(audio.Length / 2.0 / SampleRate, 2) },
            });
        }

        private static bool IsSilent(byte[] audio)
        {
            for (var i = 0; i + 1 < audio.Length; i += 2)
                if (Math.Abs((int)(short)(audio[i] | (audio[i + 1] << 8))) > SilenceThreshold) return false;
            return true;
        }

        private Task ErrorAsync(string clientEventId, string type, string code, string message, string param) =>
            SendAsync(new JsonObject
            {
                ["type"] = "error", ["event_id"] = NewId("event"),
                ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param, ["event_id"] = clientEventId },
            });

        private Task SendAsync(JsonObject message) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _aborted);

        private async Task<string> ReceiveAsync()
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _aborted);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                message.Write(buffer, 0, result.Count);
                if (message.Length > 16 * 1024 * 1024) throw new WebSocketException("An event over 15 MiB.");
                if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
            }
        }

        private string NewId(string prefix) => $"{prefix}_{CredentialStore.RandomToken(12)}{Interlocked.Increment(ref _counter)}";

        private static string Str(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        /// <summary>Requested values over the current ones: objects merge, everything else (null included) replaces.</summary>
        private static void Merge(JsonObject target, JsonObject source)
        {
            foreach (var property in source.ToArray())
            {
                if (property.Key == "type") continue;
                if (property.Value is JsonObject child && target[property.Key] is JsonObject existing && Str(child["type"]) == Str(existing["type"]))
                    Merge(existing, child);
                else
                    target[property.Key] = property.Value?.DeepClone();
            }
        }
    }
}
