#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>The answer to the WebSocket upgrade: accepted (101), or the HTTP status and what came with it.</summary>
    internal sealed class HandshakeOutcome
    {
        internal bool Accepted { get; set; }
        /// <summary>101 when accepted; the error status when known; null when no HTTP answer arrived.</summary>
        internal int? Status { get; set; }
        internal IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>The error body of a rejected upgrade, when it could be read (raw: redact before recording).</summary>
        internal string? ErrorBody { get; set; }
        /// <summary>Why no connection was made (network error, timeout), or null.</summary>
        internal string? Failure { get; set; }
        /// <summary>No answer to the upgrade within the time limit (the check cannot tell what the service would say).</summary>
        internal bool TimedOut { get; set; }
    }

    /// <summary>
    /// A realtime WebSocket as the check uses it: text frames only, one sender and one receiver. Tests replace it
    /// with a scripted stream of server events.
    /// </summary>
    internal interface IRealtimeSocket : IDisposable
    {
        Task<HandshakeOutcome> ConnectAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken);
        Task SendTextAsync(string text, CancellationToken cancellationToken);
        /// <summary>The next text frame, or null when the server closed the socket.</summary>
        Task<string?> ReceiveTextAsync(CancellationToken cancellationToken);
        /// <summary>A polite close; bounded by the token.</summary>
        Task CloseAsync(CancellationToken cancellationToken);
        /// <summary>Ends the socket at once (Ctrl+C, timeouts).</summary>
        void Abort();
    }
}
