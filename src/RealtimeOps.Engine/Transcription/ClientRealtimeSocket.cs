#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>
    /// <see cref="IRealtimeSocket"/> over System.Net.WebSockets.ClientWebSocket.
    /// The HTTP status and headers of the upgrade answer are only exposed by .NET 7 and later
    /// (ClientWebSocketOptions.CollectHttpResponseDetails, ClientWebSocket.HttpStatusCode/HttpResponseHeaders); this
    /// netstandard2.0 assembly reaches them by reflection, which works on PowerShell 7.4+ (.NET 8+). On Windows
    /// PowerShell 5.1 (.NET Framework) they do not exist: the status is parsed from the exception message
    /// ("The server returned status code '401' when status code '101' was expected.") and the request ids of a
    /// successful upgrade are not available.
    /// </summary>
    internal sealed class ClientRealtimeSocket : IRealtimeSocket
    {
        internal const int MaxMessageBytes = 16 * 1024 * 1024;
        private static readonly Regex s_statusInMessage = new Regex(@"status code '(\d{3})'", RegexOptions.CultureInvariant);
        private readonly ClientWebSocket _socket = new ClientWebSocket();
        private readonly string _userAgent;
        private readonly SemaphoreSlim _sendGate = new SemaphoreSlim(1, 1);

        internal ClientRealtimeSocket(string userAgent)
        {
            _userAgent = userAgent;
        }

        public async Task<HandshakeOutcome> ConnectAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
        {
            foreach (var h in headers) _socket.Options.SetRequestHeader(h.Key, h.Value);
            if (_userAgent != null) TrySetHeader("User-Agent", _userAgent);
            _socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            SetOption("CollectHttpResponseDetails", true);
            try
            {
                await _socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
                return new HandshakeOutcome { Accepted = true, Status = 101, Headers = ResponseHeaders() };
            }
            catch (OperationCanceledException) { throw; }
            catch (Exception ex) when (ex is WebSocketException || ex is HttpRequestException || ex is IOException || ex is InvalidOperationException)
            {
                var status = ResponseStatus() ?? StatusFromMessage(ex);
                var outcome = new HandshakeOutcome { Status = status, Headers = ResponseHeaders(), Failure = status.HasValue ? null : Root(ex) };
                if (status.HasValue) outcome.ErrorBody = await ReadErrorBodyAsync(uri, headers, cancellationToken).ConfigureAwait(false);
                return outcome;
            }
        }

        public async Task SendTextAsync(string text, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { await _socket.SendAsync(new ArraySegment<byte>(bytes), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false); }
            finally { _sendGate.Release(); }
        }

        public async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            using (var message = new MemoryStream())
            {
                while (true)
                {
                    var result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) return null;
                    message.Write(buffer, 0, result.Count);
                    if (message.Length > MaxMessageBytes) throw new WebSocketException(WebSocketError.Faulted, $"A server event was larger than {MaxMessageBytes} bytes.");
                    if (result.EndOfMessage)
                    {
                        if (result.MessageType != WebSocketMessageType.Text) { message.SetLength(0); continue; }
                        return Encoding.UTF8.GetString(message.ToArray());
                    }
                }
            }
        }

        public async Task CloseAsync(CancellationToken cancellationToken)
        {
            if (_socket.State != WebSocketState.Open && _socket.State != WebSocketState.CloseReceived) return;
            try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "check finished", cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is IOException || ex is ObjectDisposedException) { _socket.Abort(); }
        }

        public void Abort()
        {
            try { _socket.Abort(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _sendGate.Dispose();
        }

        /// <summary>
        /// The upgrade's error body is not exposed by ClientWebSocket on any runtime. One plain GET with the same
        /// headers reads it (the gateway checks auth and the deployment before the upgrade), best effort and bounded.
        /// </summary>
        private static async Task<string?> ReadErrorBodyAsync(Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
        {
            var builder = new UriBuilder(uri) { Scheme = uri.Scheme == "wss" ? "https" : "http", Port = uri.Port };
            try
            {
                using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                using (var http = new HttpClient())
                using (var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri))
                {
                    limit.CancelAfter(TimeSpan.FromSeconds(5));
                    foreach (var h in headers) request.Headers.TryAddWithoutValidation(h.Key, h.Value);
                    using (var response = await http.SendAsync(request, limit.Token).ConfigureAwait(false))
                    {
                        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        return body.Length > 8192 ? body.Substring(0, 8192) : body;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException || ex is IOException)
            {
                if (cancellationToken.IsCancellationRequested) throw;
                return null;
            }
        }

        private void TrySetHeader(string name, string value)
        {
            try { _socket.Options.SetRequestHeader(name, value); } catch (ArgumentException) { }
        }

        private void SetOption(string name, object value)
        {
            var property = _socket.Options.GetType().GetProperty(name);
            if (property != null && property.CanWrite) property.SetValue(_socket.Options, value);
        }

        private int? ResponseStatus()
        {
            var value = _socket.GetType().GetProperty("HttpStatusCode")?.GetValue(_socket);
            if (value == null) return null;
            var code = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
            return code == 0 ? (int?)null : code;
        }

        private IReadOnlyDictionary<string, string> ResponseHeaders()
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (_socket.GetType().GetProperty("HttpResponseHeaders")?.GetValue(_socket) is IEnumerable<KeyValuePair<string, IEnumerable<string>>> raw)
            {
                foreach (var kv in raw) headers[kv.Key] = string.Join(", ", kv.Value ?? Enumerable.Empty<string>());
            }
            return headers;
        }

        internal static int? StatusFromMessage(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                var m = s_statusInMessage.Match(e.Message ?? "");
                if (m.Success) return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            return null;
        }

        private static string Root(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex.GetType().Name + ": " + ex.Message;
        }
    }
}
