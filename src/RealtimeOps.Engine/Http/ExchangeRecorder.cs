using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Redaction;

namespace RealtimeOps.Engine.Http
{
    /// <summary>
    /// A per-retry pipeline policy: sees every attempt after authentication and records it, secrets removed
    /// at capture, in an <see cref="ExchangeLog"/>.
    /// </summary>
    internal sealed class ExchangeRecorder : HttpPipelinePolicy
    {
        internal const int MaxBodyCharacters = 64 * 1024;
        private readonly ExchangeLog _log;
        private readonly SecretRedactor _redactor;

        internal ExchangeRecorder(ExchangeLog log, SecretRedactor redactor)
        {
            _log = log ?? throw new ArgumentNullException(nameof(log));
            _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessCoreAsync(message, pipeline, false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessCoreAsync(message, pipeline, true);

        private async ValueTask ProcessCoreAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var attempt = NextAttempt(message);
            var started = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            Exception? failure = null;
            try
            {
                if (async) await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
                else ProcessNext(message, pipeline);
            }
            catch (Exception ex)
            {
                failure = ex;
                throw;
            }
            finally
            {
                watch.Stop();
                Record(message, attempt, started, watch.Elapsed.TotalMilliseconds, failure);
            }
        }

        private static int NextAttempt(HttpMessage message)
        {
            if (!message.TryGetProperty(MessageProperties.Attempts, out var boxed) || !(boxed is int[] counter))
            {
                counter = new int[1];
                message.SetProperty(MessageProperties.Attempts, counter);
            }
            return ++counter[0];
        }

        private void Record(HttpMessage message, int attempt, DateTimeOffset started, double durationMs, Exception? failure)
        {
            try
            {
                var r = _redactor.CreateScope();
                var request = message.Request;
                var requestHeaders = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var h in request.Headers) requestHeaders[h.Name] = r.RedactHeader(h.Name, h.Value);
                message.TryGetProperty(MessageProperties.Body, out var bodyObj);
                message.TryGetProperty(MessageProperties.Operation, out var op);
                message.TryGetProperty(MessageProperties.Variant, out var variant);

                var exchange = new Exchange
                {
                    Operation = op as string,
                    Variant = variant as string,
                    StartedAtUtc = started,
                    DurationMs = Math.Round(durationMs, 2),
                    Method = request.Method.Method,
                    Url = r.RedactUrl(request.Uri.ToString()),
                    RequestHeaders = requestHeaders,
                    RequestBody = Limit(r.RedactBody(bodyObj as string)),
                    Attempt = attempt,
                };
                request.Headers.TryGetValue("x-ms-client-request-id", out var clientRequestId);
                exchange.ClientRequestId = clientRequestId;

                Response? response = message.HasResponse ? message.Response : null;
                if (failure == null && response != null)
                {
                    exchange.StatusCode = response.Status;
                    var responseHeaders = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var h in response.Headers) responseHeaders[h.Name] = r.RedactHeader(h.Name, h.Value);
                    exchange.ResponseHeaders = responseHeaders;
                    exchange.ResponseBody = Limit(r.RedactResponseBody(ReadBody(response)));
                    exchange.ApimRequestId = Header(responseHeaders, "apim-request-id");
                    exchange.RequestId = Header(responseHeaders, "x-request-id");
                    exchange.Region = Header(responseHeaders, "x-ms-region");
                    var echoed = Header(responseHeaders, "x-ms-client-request-id");
                    if (echoed != null) exchange.ClientRequestId = echoed;
                }
                else
                {
                    exchange.ResponseHeaders = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    exchange.Error = r.RedactText(Describe(failure, message));
                }
                _log.Add(exchange, r.Counts);
                if (message.TryGetProperty(MessageProperties.Sequences, out var seqObj) && seqObj is List<int> sequences)
                {
                    lock (sequences) sequences.Add(exchange.Sequence);
                }
                if (message.TryGetProperty(MessageProperties.Observer, out var obs) && obs is IOperationObserver observer)
                {
                    var outcome = exchange.StatusCode.HasValue ? exchange.StatusCode.Value.ToString(CultureInfo.InvariantCulture) : "no response (" + exchange.Error + ")";
                    observer.Verbose($"{exchange.Method} {exchange.Url} attempt {attempt}: {outcome} in {exchange.DurationMs:0} ms" +
                                     (exchange.ApimRequestId != null ? $" (apim-request-id {exchange.ApimRequestId})" : ""));
                }
            }
            catch (Exception)
            {
                // Recording must never change the outcome of the call it observes.
            }
        }

        private static string? ReadBody(Response response)
        {
            try
            {
                var stream = response.ContentStream;
                if (stream == null) return null;
                if (stream.CanSeek)
                {
                    var content = response.Content;
                    stream.Position = 0;
                    return content.ToString();
                }
                return "(body not buffered)";
            }
            catch (Exception) { return "(body could not be read)"; }
        }

        private static string Describe(Exception? failure, HttpMessage message)
        {
            if (failure == null) return "no response";
            if (failure is OperationCanceledException)
            {
                var callerCancelled = message.TryGetProperty(MessageProperties.CallerCancellation, out var t) && t is CancellationToken caller && caller.IsCancellationRequested;
                return callerCancelled ? "cancelled by the caller" : "timed out waiting for the response";
            }
            var inner = failure;
            while (inner.InnerException != null && (inner is RequestFailedException || inner is AggregateException)) inner = inner.InnerException;
            return inner.GetType().Name + ": " + inner.Message;
        }

        private static string? Header(IDictionary<string, string> headers, string name) => headers.TryGetValue(name, out var v) ? v : null;

        private static string? Limit(string? text) =>
            text == null || text.Length <= MaxBodyCharacters ? text : text.Substring(0, MaxBodyCharacters) + $"... ({text.Length - MaxBodyCharacters} more characters not recorded)";
    }
}
