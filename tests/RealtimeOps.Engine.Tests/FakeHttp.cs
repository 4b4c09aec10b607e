using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core.Pipeline;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Tests
{
    /// <summary>An in-process stand-in for the service: answers each request with the next scripted reply.</summary>
    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, int, Task<HttpResponseMessage>> _reply;
        private int _calls;
        public ConcurrentQueue<(HttpRequestMessage Request, string Body)> Received { get; } = new ConcurrentQueue<(HttpRequestMessage, string)>();

        public ScriptedHandler(Func<HttpRequestMessage, int, Task<HttpResponseMessage>> reply) { _reply = reply; }

        public int Calls => _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _calls);
            var body = request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Received.Enqueue((request, body));
            var reply = _reply(request, n);
            var completed = await Task.WhenAny(reply, Task.Delay(Timeout.Infinite, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            return await reply;
        }

        public static HttpResponseMessage Json(int status, string json, params (string, string)[] headers)
        {
            var r = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            r.Headers.Add("apim-request-id", Guid.NewGuid().ToString());
            r.Headers.Add("x-request-id", Guid.NewGuid().ToString());
            r.Headers.Add("x-ms-region", "Sweden Central");
            foreach (var (n, v) in headers) r.Headers.TryAddWithoutValidation(n, v);
            return r;
        }

        public static HttpResponseMessage Html(int status, string html)
        {
            var r = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(html, Encoding.UTF8, "text/html") };
            return r;
        }
    }

    internal static class TestClients
    {
        public const string ApiKey = "canary-api-key-7f3a9c1e5b";

        public static RealtimeConnection ApiKeyConnection(int maxRetries = 2, int timeoutSec = 30) =>
            new RealtimeConnection(new RealtimeConnectionSettings
            {
                Endpoint = new Uri("https://contoso.openai.azure.com/"),
                AuthMode = AuthMode.ApiKey,
                Secret = ApiKey.ToCharArray(),
                Deployment = "gpt-realtime",
                MaxRetries = maxRetries,
                TimeoutSec = timeoutSec,
            });

        public static RealtimeConnection TokenConnection(string token) =>
            new RealtimeConnection(new RealtimeConnectionSettings
            {
                Endpoint = new Uri("https://contoso.openai.azure.com/"),
                AuthMode = AuthMode.AccessToken,
                Secret = token.ToCharArray(),
                Deployment = "gpt-realtime",
            });

        /// <summary>An unsigned JWT-shaped access token whose audience is Azure Resource Manager (an ARM token a user holds).</summary>
        public static string ArmToken(string canary = "canary-arm-token") =>
            "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"aud\":\"https://management.azure.com\",\"sub\":\"" + canary + "\"}"))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2lnbmF0dXJl";

        /// <param name="startOverallTimer">Replaces the -TimeoutSec timer (see RealtimeServiceClientOptions.StartOverallTimer).</param>
        public static RealtimeServiceClient Create(ScriptedHandler handler, RealtimeConnection connection = null, ExchangeLog log = null,
            Action<CancellationTokenSource, TimeSpan> startOverallTimer = null) =>
            new RealtimeServiceClient(connection ?? ApiKeyConnection(), log ?? new ExchangeLog(), new RealtimeServiceClientOptions
            {
                PowerShellVersion = "7.6.0",
                ModuleVersion = "0.1.0",
                RetryDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromMilliseconds(50),
                Transport = new HttpClientTransport(new HttpClient(handler)),
                StartOverallTimer = startOverallTimer,
            });

        public const string GaAnswer = "{\"value\":\"ek_canaryMinted0123456789\",\"expires_at\":1900000000,\"session\":{\"id\":\"sess_abc\",\"object\":\"realtime.session\",\"type\":\"realtime\",\"model\":\"gpt-realtime\"}}";
    }
}
