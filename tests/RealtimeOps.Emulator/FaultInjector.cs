using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// The faults that hit a request before the service looks at it: throttling, overload, a gateway's HTML
    /// page, a dropped connection, no answer at all, and the audience 401. The data plane and ARM answer them
    /// with their own error bodies and headers (Microsoft Learn, "Troubleshoot Azure OpenAI errors").
    /// </summary>
    public sealed class FaultInjector
    {
        public enum Surface { DataPlane, ResourceManager }

        private readonly IHostApplicationLifetime _lifetime;

        public FaultInjector(IHostApplicationLifetime lifetime) { _lifetime = lifetime; }

        /// <summary>Writes the scenario's fault if it has one here; true when the request is answered (or abandoned).</summary>
        public async Task<bool> TryInjectAsync(HttpContext context, FaultScenario scenario, Surface surface)
        {
            var arm = surface == Surface.ResourceManager;
            switch (scenario.Name)
            {
                case FaultScenario.Forbidden403 when !arm:
                    // What Azure answers when the resource's network rules keep the caller out (403).
                    await ServiceResponses.WriteJsonAsync(context, 403, ServiceResponses.AzureError("403",
                        "Access denied due to Virtual Network/Firewall rules."));
                    return true;

                case FaultScenario.Audience401:
                    await ServiceResponses.WriteJsonAsync(context, 401, arm
                        ? ServiceResponses.AzureError("InvalidAuthenticationTokenAudience", "The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.")
                        : ServiceResponses.AzureError("401", ServiceResponses.AudienceMessage));
                    return true;

                case FaultScenario.Throttle when scenario.TakeThrottleSlot():
                    if (arm)
                    {
                        context.Response.Headers["retry-after"] = "1";
                        context.Response.Headers["x-ms-ratelimit-remaining-subscription-reads"] = "0";
                        await ServiceResponses.WriteJsonAsync(context, 429, ServiceResponses.AzureError("TooManyRequests",
                            "The request is being throttled as the limit has been reached for operation type - Read. Please retry after 1 second."));
                    }
                    else
                    {
                        context.Response.Headers["retry-after-ms"] = "200";
                        context.Response.Headers["retry-after"] = "1";
                        context.Response.Headers["x-ratelimit-remaining-requests"] = "0";
                        context.Response.Headers["x-ratelimit-remaining-tokens"] = "0";
                        await ServiceResponses.WriteJsonAsync(context, 429, ServiceResponses.AzureError("429",
                            "Requests to the Realtime Client Secrets Operation under Azure OpenAI API version v1 have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."));
                    }
                    return true;

                case FaultScenario.Flaky503 when scenario.DrawFailure():
                    await ServiceResponses.WriteJsonAsync(context, 503, ServiceResponses.AzureError("ServiceUnavailable",
                        "The service is temporarily unable to process your request. Please try again later."));
                    return true;

                case FaultScenario.Html502:
                {
                    const string html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n</body>\r\n</html>\r\n";
                    var bytes = Encoding.UTF8.GetBytes(html);
                    context.Response.StatusCode = 502;
                    context.Response.ContentType = "text/html";
                    context.Response.ContentLength = bytes.Length;
                    await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
                    return true;
                }

                case FaultScenario.Reset:
                {
                    // Promise more than is sent, send a fragment, then drop the connection: the client sees the
                    // status and headers, then a truncated body and a connection error.
                    var fragment = Encoding.UTF8.GetBytes(arm ? "{\"value\":[{\"id\":" : "{\"value\":\"ek_");
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = 4096;
                    await context.Response.Body.WriteAsync(fragment, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    context.Items[RequestRecording.ResetMarker] = true;
                    context.Abort();
                    return true;
                }

                case FaultScenario.Hang:
                {
                    // Never answer; give up only when the client does or the emulator stops.
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.ApplicationStopping);
                    try { await Task.Delay(Timeout.Infinite, linked.Token); }
                    catch (OperationCanceledException) { }
                    context.Items[RequestRecording.HangMarker] = true;
                    context.Abort();
                    return true;
                }
            }
            return false;
        }
    }
}
