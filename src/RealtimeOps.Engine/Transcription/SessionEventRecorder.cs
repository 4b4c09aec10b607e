#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Redaction;
using RealtimeOps.Engine.Transcription.Audio;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>
    /// Records the handshake and every event of a live session into the runspace's exchange log, redacted at
    /// capture: audio payloads become their byte count and SHA-256, keys, tokens and ek_ values are removed. It
    /// also keeps the timeline the result and the support bundle show (appends folded into one row per run).
    /// </summary>
    internal sealed class SessionEventRecorder
    {
        internal const string HandshakeOperation = "RealtimeHandshake";
        internal const string EventOperation = "RealtimeEvent";
        internal const string Sent = "Sent";
        internal const string Received = "Received";
        private readonly ExchangeLog? _log;
        private readonly SecretRedactor _redactor;
        private readonly Func<DateTimeOffset> _utcNow;
        private readonly List<TranscriptionEventRecord> _timeline = new List<TranscriptionEventRecord>();
        private TranscriptionEventRecord? _appendRun;
        private long _appendBytes;
        private int _appendCount;
        private string _url = "";
        private string? _variant;

        internal SessionEventRecorder(ExchangeLog? log, SecretRedactor redactor, Func<DateTimeOffset> utcNow)
        {
            _log = log;
            _redactor = redactor;
            _utcNow = utcNow;
        }

        internal IReadOnlyList<TranscriptionEventRecord> Timeline => _timeline.ToArray();

        internal IReadOnlyList<Exchange> Exchanges => _exchanges.ToArray();
        private readonly List<Exchange> _exchanges = new List<Exchange>();

        internal void RecordHandshake(Uri url, string sessionType, IReadOnlyList<KeyValuePair<string, string>> requestHeaders, HandshakeOutcome outcome, DateTimeOffset started, double durationMs)
        {
            var r = _redactor.CreateScope();
            _url = r.RedactUrl(url.ToString());
            _variant = sessionType;
            var sentHeaders = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in requestHeaders) sentHeaders[h.Key] = r.RedactHeader(h.Key, h.Value);
            var received = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in outcome.Headers) received[h.Key] = r.RedactHeader(h.Key, h.Value);
            var exchange = new Exchange
            {
                Operation = HandshakeOperation,
                Variant = sessionType,
                StartedAtUtc = started,
                DurationMs = Math.Round(durationMs, 2),
                Method = "GET",
                Url = _url,
                RequestHeaders = sentHeaders,
                ResponseHeaders = received,
                StatusCode = outcome.Status,
                ResponseBody = outcome.ErrorBody == null ? null : r.RedactResponseBody(outcome.ErrorBody),
                Error = outcome.Failure == null ? null : r.RedactText(outcome.Failure),
                Attempt = 1,
                ApimRequestId = Get(received, "apim-request-id"),
                RequestId = Get(received, "x-request-id"),
                ClientRequestId = Get(received, "x-ms-client-request-id") ?? Get(sentHeaders, "x-ms-client-request-id"),
                Region = Get(received, "x-ms-region"),
            };
            var sequence = Keep(exchange, r.Counts);
            _timeline.Add(new TranscriptionEventRecord
            {
                Sequence = sequence, TimeUtc = started, Direction = "Handshake", Type = outcome.Accepted ? "upgrade accepted" : "upgrade rejected",
                Detail = Join(outcome.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? exchange.Error,
                    exchange.ApimRequestId == null ? null : "apim-request-id " + exchange.ApimRequestId,
                    exchange.RequestId == null ? null : "x-request-id " + exchange.RequestId),
            });
        }

        /// <summary>Records an event the client sent; the raw JSON is never kept (audio is hashed, secrets removed).</summary>
        internal void RecordSent(JsonObject message, byte[]? audio = null)
        {
            var type = Str(message["type"]) ?? "(no type)";
            string text;
            if (audio != null)
            {
                var copy = (JsonObject)message.DeepClone();
                copy["audio"] = $"({audio.Length} bytes of audio, {WavReader.Sha256(audio)})";
                text = copy.ToJsonString();
            }
            else text = message.ToJsonString();
            var sequence = Add(Sent, type, text, isRequest: true);
            if (audio != null)
            {
                _appendBytes += audio.Length;
                _appendCount++;
                if (_appendRun == null)
                {
                    _appendRun = new TranscriptionEventRecord { Sequence = sequence, TimeUtc = _utcNow(), Direction = Sent, Type = type };
                    _timeline.Add(_appendRun);
                }
                _appendRun.Detail = $"{_appendCount} chunk(s), {_appendBytes} bytes";
                return;
            }
            _appendRun = null;
            _timeline.Add(new TranscriptionEventRecord { Sequence = sequence, TimeUtc = _utcNow(), Direction = Sent, Type = type, EventId = Str(message["event_id"]) });
        }

        internal void RecordReceived(string raw, JsonObject? message)
        {
            _appendRun = null;
            var type = message == null ? "(not JSON)" : Str(message["type"]) ?? "(no type)";
            var sequence = Add(Received, type, raw, isRequest: false);
            _timeline.Add(new TranscriptionEventRecord
            {
                Sequence = sequence, TimeUtc = _utcNow(), Direction = Received, Type = type,
                EventId = message == null ? null : Str(message["event_id"]),
                ItemId = message == null ? null : Str(message["item_id"]) ?? Str((message["item"] as JsonObject)?["id"]),
                Detail = message == null ? null : Describe(type, message),
            });
        }

        internal void RecordClosed(string reason)
        {
            _appendRun = null;
            _timeline.Add(new TranscriptionEventRecord { TimeUtc = _utcNow(), Direction = Received, Type = "(socket closed)", Detail = reason });
        }

        private int Add(string direction, string? type, string text, bool isRequest)
        {
            var r = _redactor.CreateScope();
            var redacted = Limit(isRequest ? r.RedactText(text) : r.RedactResponseBody(text));
            var exchange = new Exchange
            {
                Operation = EventOperation,
                Variant = _variant,
                StartedAtUtc = _utcNow(),
                Method = direction == Sent ? "SEND" : "RECEIVE",
                Url = _url + "#" + type,
                RequestHeaders = new SortedDictionary<string, string>(),
                ResponseHeaders = new SortedDictionary<string, string>(),
                RequestBody = isRequest ? redacted : null,
                ResponseBody = isRequest ? null : redacted,
                Attempt = 1,
            };
            return Keep(exchange, r.Counts);
        }

        private int Keep(Exchange exchange, IReadOnlyDictionary<string, int> redactions)
        {
            _exchanges.Add(exchange);
            return _log?.Add(exchange, redactions).Sequence ?? _exchanges.Count;
        }

        private static string? Describe(string? type, JsonObject message)
        {
            if (message["error"] is JsonObject error) return Join(Str(error["type"]), Str(error["code"]), Str(error["message"]), Str(error["event_id"]) is string e ? "for " + e : null);
            if (type == "conversation.item.input_audio_transcription.completed") return $"{(Str(message["transcript"]) ?? "").Length} characters";
            if (type == "session.created" || type == "session.updated")
            {
                var session = message["session"] as JsonObject;
                var model = Str(((session?["audio"] as JsonObject)?["input"] as JsonObject)?["transcription"] is JsonObject t ? t["model"] : null);
                return Join(Str(session?["type"]), "transcription " + (model ?? "off"));
            }
            return null;
        }

        private static string? Join(params string?[] parts)
        {
            var kept = parts.Where(p => !string.IsNullOrEmpty(p)).ToArray();
            return kept.Length == 0 ? null : string.Join("; ", kept);
        }

        internal static string? Str(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        private static string? Get(IDictionary<string, string> headers, string name) => headers.TryGetValue(name, out var v) ? v : null;

        private static string Limit(string text) =>
            text.Length <= ExchangeRecorder.MaxBodyCharacters ? text : text.Substring(0, ExchangeRecorder.MaxBodyCharacters) + "... (truncated)";
    }
}
