#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Transcription;

namespace RealtimeOps.Engine.Tests.Transcription
{
    /// <summary>
    /// An in-memory realtime socket: the server side is a function from each client event to the events it answers
    /// with (a null string closes the socket). Everything the client sent is kept for assertions.
    /// </summary>
    internal sealed class ScriptedRealtimeSocket : IRealtimeSocket
    {
        private readonly ConcurrentQueue<string?> _outbox = new ConcurrentQueue<string?>();
        private readonly SemaphoreSlim _ready = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _aborted = new CancellationTokenSource();
        private readonly Func<JsonObject, IEnumerable<string?>> _server;

        internal ScriptedRealtimeSocket(Func<JsonObject, IEnumerable<string?>> server, HandshakeOutcome? handshake = null, params string?[] greeting)
        {
            _server = server;
            Handshake = handshake ?? new HandshakeOutcome { Accepted = true, Status = 101, Headers = new Dictionary<string, string> { ["apim-request-id"] = "apim-1", ["x-request-id"] = "req-1" } };
            foreach (var g in greeting.Length == 0 ? new[] { Events.SessionCreated() } : greeting) Push(g);
        }

        internal HandshakeOutcome Handshake { get; }
        internal List<JsonObject> Sent { get; } = new List<JsonObject>();
        internal IReadOnlyList<KeyValuePair<string, string>>? Headers { get; private set; }
        internal Uri? Uri { get; private set; }
        internal bool WasAborted => _aborted.IsCancellationRequested;

        public Task<HandshakeOutcome> ConnectAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
        {
            Uri = uri;
            Headers = headers;
            return Task.FromResult(Handshake);
        }

        /// <summary>After this many sends, sending throws as ClientWebSocket does once the peer dropped the connection.</summary>
        internal int? FailSendsAfter { get; set; }

        public Task SendTextAsync(string text, CancellationToken cancellationToken)
        {
            if (FailSendsAfter.HasValue && Sent.Count >= FailSendsAfter.Value) throw new OperationCanceledException("The operation was canceled.");
            var message = (JsonObject)JsonNode.Parse(text)!;
            lock (Sent) Sent.Add(message);
            foreach (var reply in _server(message)) Push(reply);
            return Task.CompletedTask;
        }

        public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _aborted.Token);
            await _ready.WaitAsync(linked.Token);
            _outbox.TryDequeue(out var text);
            return text;
        }

        public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Abort() => _aborted.Cancel();

        public void Dispose() { }

        private void Push(string? text)
        {
            _outbox.Enqueue(text);
            _ready.Release();
        }

        internal IEnumerable<JsonObject> SentOfType(string type) { lock (Sent) return Sent.Where(s => (string?)s["type"] == type).ToList(); }
    }

    /// <summary>Server events shaped as the OpenAI specification shapes them.</summary>
    internal static class Events
    {
        internal static string SessionCreated() => new JsonObject
        {
            ["type"] = "session.created", ["event_id"] = "event_c1",
            ["session"] = new JsonObject { ["id"] = "sess_test1", ["type"] = "transcription", ["audio"] = new JsonObject { ["input"] = new JsonObject { ["transcription"] = null } } },
        }.ToJsonString();

        /// <summary>session.updated echoing what the client sent (or a changed copy).</summary>
        internal static string SessionUpdated(JsonObject update, Action<JsonObject>? change = null)
        {
            var session = (JsonObject)update["session"]!.DeepClone();
            change?.Invoke(session);
            return new JsonObject { ["type"] = "session.updated", ["event_id"] = "event_u1", ["session"] = session }.ToJsonString();
        }

        internal static string Error(string? clientEventId, string code, string message, string? param = null, string type = "invalid_request_error") => new JsonObject
        {
            ["type"] = "error", ["event_id"] = "event_e1",
            ["error"] = new JsonObject { ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param, ["event_id"] = clientEventId },
        }.ToJsonString();

        internal static string Committed(string itemId) =>
            new JsonObject { ["type"] = "input_audio_buffer.committed", ["event_id"] = "event_k1", ["previous_item_id"] = null, ["item_id"] = itemId }.ToJsonString();

        internal static string Delta(string itemId, string delta) =>
            new JsonObject { ["type"] = "conversation.item.input_audio_transcription.delta", ["event_id"] = "event_d1", ["item_id"] = itemId, ["content_index"] = 0, ["delta"] = delta }.ToJsonString();

        internal static string Completed(string itemId, string transcript) => new JsonObject
        {
            ["type"] = "conversation.item.input_audio_transcription.completed", ["event_id"] = "event_t1", ["item_id"] = itemId, ["content_index"] = 0,
            ["transcript"] = transcript, ["usage"] = new JsonObject { ["type"] = "duration", ["seconds"] = 3 },
        }.ToJsonString();

        internal static string Failed(string itemId) => new JsonObject
        {
            ["type"] = "conversation.item.input_audio_transcription.failed", ["event_id"] = "event_f1", ["item_id"] = itemId, ["content_index"] = 0,
            ["error"] = new JsonObject { ["type"] = "server_error", ["code"] = null, ["message"] = $"Input transcription failed for item '{itemId}'.", ["param"] = null },
        }.ToJsonString();
    }
}
