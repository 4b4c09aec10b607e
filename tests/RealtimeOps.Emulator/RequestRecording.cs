using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// Records every data-plane, ARM and identity request (control endpoints under /_emulator are not recorded)
    /// and stamps the request-id headers the real services send.
    /// </summary>
    public sealed class RequestRecording
    {
        public const string ResetMarker = "RealtimeOps.Emulator.Reset";
        public const string HangMarker = "RealtimeOps.Emulator.Hang";
        public const string ControlPrefix = "/_emulator";

        private readonly RequestDelegate _next;
        private readonly EmulatorState _state;

        public RequestRecording(RequestDelegate next, EmulatorState state)
        {
            _next = next;
            _state = state;
        }

        public async Task InvokeAsync(HttpContext context)
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(ControlPrefix, StringComparison.OrdinalIgnoreCase))
            {
                await _next(context);
                return;
            }

            context.Request.EnableBuffering();
            string body;
            using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, false, 4096, leaveOpen: true))
                body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;

            var record = _state.Requests.Add(new RecordedRequest
            {
                ReceivedAtUtc = DateTimeOffset.UtcNow,
                Method = context.Request.Method,
                Path = path.Value,
                Query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value.TrimStart('?') : "",
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Body = body,
                Scenario = _state.Scenario.Name,
            });

            var responseRequestId = StampHeaders(context);
            var aborted = false;
            try
            {
                await _next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                aborted = true;
            }
            catch (IOException) when (context.RequestAborted.IsCancellationRequested)
            {
                aborted = true;
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                // An emulator bug must show as one, not as a service behaviour a test might accept.
                Console.Error.WriteLine($"RealtimeOps.Emulator: unhandled {ex.GetType().Name} for {context.Request.Method} {path}: {ex}");
                await ServiceResponses.WriteJsonAsync(context, 500, ServiceResponses.AzureError("EmulatorFault",
                    $"The emulator failed on this request ({ex.GetType().Name}: {ex.Message}). This is a bug in RealtimeOps.Emulator, not a service behaviour."));
            }
            finally
            {
                aborted |= context.Items.ContainsKey(ResetMarker) || context.Items.ContainsKey(HangMarker) || context.RequestAborted.IsCancellationRequested;
                int? status = context.Items.ContainsKey(HangMarker) || (aborted && !context.Response.HasStarted) ? (int?)null : context.Response.StatusCode;
                _state.Requests.Complete(record, status, aborted, responseRequestId);
            }
        }

        private string StampHeaders(HttpContext context)
        {
            var request = context.Request;
            var response = context.Response.Headers;
            var path = request.Path;
            if (path.StartsWithSegments("/openai", StringComparison.OrdinalIgnoreCase))
            {
                var apim = Guid.NewGuid().ToString();
                response["apim-request-id"] = apim;
                response["x-request-id"] = Guid.NewGuid().ToString();
                response["x-ms-region"] = _state.Configuration.RegionDisplayName;
                var clientRequestId = request.Headers["x-ms-client-request-id"].ToString();
                if (!string.IsNullOrEmpty(clientRequestId)) response["x-ms-client-request-id"] = clientRequestId;
                return apim;
            }
            if (path.StartsWithSegments("/subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                var id = Guid.NewGuid().ToString();
                response["x-ms-request-id"] = id;
                var correlation = request.Headers["x-ms-correlation-request-id"].ToString();
                response["x-ms-correlation-request-id"] = string.IsNullOrEmpty(correlation) ? id : correlation;
                var clientRequestId = request.Headers["x-ms-client-request-id"].ToString();
                if (!string.IsNullOrEmpty(clientRequestId)) response["x-ms-client-request-id"] = clientRequestId;
                return id;
            }
            return null;
        }
    }
}
