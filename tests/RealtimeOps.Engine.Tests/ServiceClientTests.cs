using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    /// <summary>Tests that wait on real timers (a per-attempt network timeout, Azure.Core's retry pauses) run alone,
    /// after the parallel ones, so the fuzzers do not starve those timers.</summary>
    [CollectionDefinition("Timing", DisableParallelization = true)]
    public sealed class TimingCollection { }

    [Collection("Timing")]
    public class ServiceClientTests
    {
        private static ClientSecretRequest Request() => new ClientSecretRequest { Deployment = "gpt-realtime", TranscriptionModel = "gpt-4o-transcribe" };

        [Fact]
        public async Task MintSendsApiKeyUserAgentAndGaBodyAndReadsTheAnswer()
        {
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(200, TestClients.GaAnswer)));
            var client = TestClients.Create(handler);
            var secret = await client.CreateClientSecretAsync(Request(), null, CancellationToken.None);

            Assert.Equal("ek_canaryMinted0123456789", secret.GetPlainTextValue());
            Assert.Equal(RealtimeProtocol.Ga, secret.Protocol);
            Assert.Equal("sess_abc", secret.SessionId);
            Assert.Equal("Sweden Central", secret.Region);
            Assert.NotNull(secret.RequestId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1900000000), secret.ExpiresAt);

            handler.Received.TryPeek(out var sent);
            Assert.Equal("https://contoso.openai.azure.com/openai/v1/realtime/client_secrets", sent.Request.RequestUri.ToString());
            Assert.Equal(TestClients.ApiKey, sent.Request.Headers.GetValues("api-key").Single());
            Assert.Equal("RealtimeOps/0.1.0 PowerShell/7.6.0", string.Join(" ", sent.Request.Headers.GetValues("User-Agent")));
            Assert.True(sent.Request.Headers.Contains("x-ms-client-request-id"));
            Assert.Contains("\"model\":\"gpt-realtime\"", sent.Body);
            Assert.Contains("\"transcription\":{\"model\":\"gpt-4o-transcribe\"}", sent.Body);
        }

        [Fact]
        public async Task EveryAttemptOfAThrottledCallIsRecordedWithoutSecrets()
        {
            var handler = new ScriptedHandler((r, n) => Task.FromResult(n <= 2
                ? ScriptedHandler.Json(429, "{\"error\":{\"message\":\"Rate limit\",\"code\":\"429\"}}", ("retry-after-ms", "20"))
                : ScriptedHandler.Json(200, TestClients.GaAnswer)));
            var log = new ExchangeLog();
            var client = TestClients.Create(handler, log: log);
            await client.CreateClientSecretAsync(Request(), null, CancellationToken.None);

            var exchanges = log.Snapshot();
            Assert.Equal(new[] { 1, 2, 3 }, exchanges.Select(e => e.Attempt));
            Assert.Equal(new int?[] { 429, 429, 200 }, exchanges.Select(e => e.StatusCode));
            Assert.All(exchanges, e =>
            {
                Assert.Equal(RealtimeServiceClient.CreateClientSecretOperation, e.Operation);
                Assert.Equal("POST", e.Method);
                Assert.NotNull(e.ApimRequestId);
                Assert.Equal("Sweden Central", e.Region);
                Assert.NotNull(e.ClientRequestId);
                var all = string.Join("\n", e.RequestHeaders.Values) + e.RequestBody + e.ResponseBody + string.Join("\n", e.ResponseHeaders.Values) + e.Url;
                Assert.DoesNotContain(TestClients.ApiKey, all);
                Assert.DoesNotContain("ek_canaryMinted", all);
            });
            Assert.Equal("***REDACTED***", exchanges[0].RequestHeaders["api-key"]);
            Assert.Contains("\"value\":\"***REDACTED***\"", exchanges[2].ResponseBody);
            Assert.True(log.RedactionCounts["SecretHeader"] >= 3);
        }

        [Fact]
        public async Task BearerTokenIsSentAndNeverRecorded()
        {
            const string token = "eyJcanary.token.value-0123456789abcdef";
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(200, TestClients.GaAnswer)));
            var log = new ExchangeLog();
            var client = TestClients.Create(handler, TestClients.TokenConnection(token), log);
            await client.CreateClientSecretAsync(Request(), null, CancellationToken.None);
            handler.Received.TryPeek(out var sent);
            Assert.Equal("Bearer " + token, sent.Request.Headers.Authorization.ToString());
            var e = log.Snapshot().Single();
            Assert.Equal("Bearer ***REDACTED***", e.RequestHeaders["Authorization"]);
        }

        [Theory]
        [InlineData(400, "{\"error\":{\"message\":\"Unknown parameter: 'session.input_audio_transcription'.\",\"type\":\"invalid_request_error\",\"param\":\"session.input_audio_transcription\",\"code\":\"unknown_parameter\"}}", RealtimeServiceErrorKind.InvalidRequest)]
        [InlineData(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access token is missing, invalid, audience is incorrect, or have expired.\"}}", RealtimeServiceErrorKind.Unauthorized)]
        [InlineData(403, "{\"error\":{\"code\":\"403\",\"message\":\"Public access is disabled.\"}}", RealtimeServiceErrorKind.Forbidden)]
        [InlineData(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}", RealtimeServiceErrorKind.DeploymentNotFound)]
        [InlineData(500, "{\"error\":{\"message\":\"The server had an error.\",\"type\":\"server_error\",\"code\":\"server_error\"}}", RealtimeServiceErrorKind.ServiceError)]
        public async Task ErrorStatusesBecomeTheirKindWithTheApimRequestId(int status, string body, RealtimeServiceErrorKind kind)
        {
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(status, body)));
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => client.CreateClientSecretAsync(Request(), null, CancellationToken.None));
            Assert.Equal(kind, ex.Kind);
            Assert.Equal(status, ex.Status);
            Assert.NotNull(ex.ApimRequestId);
            Assert.Contains(ex.ApimRequestId, ex.Message);
            Assert.NotNull(ex.RecommendedAction);
            Assert.Single(ex.ExchangeSequences);
            if (kind == RealtimeServiceErrorKind.InvalidRequest)
            {
                Assert.Equal("session.input_audio_transcription", ex.Param);
                Assert.Equal("unknown_parameter", ex.ErrorCode);
            }
            if (kind == RealtimeServiceErrorKind.Unauthorized) Assert.Contains("Cognitive Services User", ex.RecommendedAction);
        }

        [Fact]
        public async Task HtmlGatewayPageIsSummarisedNotDumped()
        {
            var page = "<html><head><title>502 Bad Gateway</title></head><body>" + new string('x', 5000) + "</body></html>";
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Html(502, page)));
            var log = new ExchangeLog();
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 1), log);
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => client.CreateClientSecretAsync(Request(), null, CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.ServiceError, ex.Kind);
            Assert.Contains("HTML page titled '502 Bad Gateway'", ex.Message);
            Assert.DoesNotContain("xxxxxxxxxx", ex.Message);
            Assert.Equal(2, log.Count);
        }

        [Fact]
        public async Task NetworkFailuresAreRetriedRecordedAndReportedAsNetwork()
        {
            var handler = new ScriptedHandler((r, n) => Task.FromException<HttpResponseMessage>(new HttpRequestException("Connection reset by peer")));
            var log = new ExchangeLog();
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 2), log);
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => client.CreateClientSecretAsync(Request(), null, CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.Network, ex.Kind);
            Assert.Null(ex.ApimRequestId);
            Assert.Equal(3, log.Count);
            Assert.All(log.Snapshot(), e => { Assert.Null(e.StatusCode); Assert.Contains("Connection reset", e.Error); });
        }

        [Fact]
        public async Task AHungServiceEndsWhenTheOverallTimeoutRunsOut()
        {
            // The overall timer is injected: the call stays pending until the test says the -TimeoutSec has run out.
            var hung = new TaskCompletionSource<HttpResponseMessage>();
            var handler = new ScriptedHandler((r, n) => hung.Task);
            var log = new ExchangeLog();
            var timers = new List<(CancellationTokenSource Source, TimeSpan Limit)>();
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 3, timeoutSec: 7), log,
                startOverallTimer: (source, limit) => { lock (timers) timers.Add((source, limit)); });
            var call = client.CreateClientSecretAsync(Request(), null, CancellationToken.None);
            await WaitFor(() => handler.Calls == 1);
            Assert.False(call.IsCompleted, "the call ended before its timeout ran out");
            var timer = Assert.Single(timers);
            Assert.Equal(TimeSpan.FromSeconds(7), timer.Limit);
            timer.Source.Cancel();   // -TimeoutSec runs out

            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => call.WaitAsync(HangGuard));
            Assert.Equal(RealtimeServiceErrorKind.Timeout, ex.Kind);
            Assert.Contains("did not finish within 7 s (-TimeoutSec)", ex.Message);
            Assert.False(hung.Task.IsCompleted, "the service answered: the timeout did not end the call");
            Assert.Equal(1, handler.Calls);   // the overall timeout is not retried
            Assert.Contains("timed out", log.Snapshot().Last().Error);
        }

        [Fact]
        [Trait("Category", "Slow")]
        public async Task APerAttemptTimeoutAbandonsAHungAttemptAndRetries()
        {
            var handler = new ScriptedHandler((r, n) => n == 1
                ? new TaskCompletionSource<HttpResponseMessage>().Task
                : Task.FromResult(ScriptedHandler.Json(200, TestClients.GaAnswer)));
            var log = new ExchangeLog();
            var client = new RealtimeServiceClient(TestClients.ApiKeyConnection(maxRetries: 2, timeoutSec: 30), log, new RealtimeServiceClientOptions
            {
                RetryDelay = TimeSpan.FromMilliseconds(10),
                NetworkTimeout = TimeSpan.FromMilliseconds(300),
                Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(handler)),
            });
            var secret = await client.CreateClientSecretAsync(Request(), null, CancellationToken.None);
            Assert.Equal("sess_abc", secret.SessionId);
            var x = log.Snapshot();
            Assert.Equal(new[] { 1, 2 }, x.Select(e => e.Attempt));
            Assert.Null(x[0].StatusCode);
            Assert.Contains("timed out", x[0].Error);
            Assert.Equal(200, x[1].StatusCode);
        }

        [Fact]
        public async Task CallerCancellationEndsAHungCallBeforeTheServiceAnswersOrTheTimeoutRunsOut()
        {
            var hung = new TaskCompletionSource<HttpResponseMessage>();
            var handler = new ScriptedHandler((r, n) => hung.Task);
            var timers = new List<CancellationTokenSource>();
            // The overall timer never runs out by itself: only the caller's cancellation can end the call.
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(timeoutSec: 60), startOverallTimer: (source, limit) => timers.Add(source));
            using (var cts = new CancellationTokenSource())
            {
                var call = client.CreateClientSecretAsync(Request(), null, cts.Token);
                await WaitFor(() => handler.Calls == 1);
                Assert.False(call.IsCompleted);
                cts.Cancel();   // Ctrl+C
                var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => call.WaitAsync(HangGuard));
                Assert.Equal(RealtimeServiceErrorKind.Cancelled, ex.Kind);
                Assert.False(hung.Task.IsCompleted, "the call waited for the service instead of ending at the cancellation");
            }
            Assert.Equal(1, handler.Calls);   // a cancelled call is not retried
            Assert.Equal("cancelled by the caller", client.Exchanges.Snapshot().Last().Error);
        }

        /// <summary>Bounds a test that would otherwise hang; the assertions are about order, not duration.</summary>
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

        private static async Task WaitFor(Func<bool> condition)
        {
            var giveUp = DateTime.UtcNow + HangGuard;
            while (!condition())
            {
                if (DateTime.UtcNow > giveUp) throw new TimeoutException("the condition never became true");
                await Task.Delay(5);
            }
        }

        [Fact]
        public async Task PreviewShapedAnswerIsUnderstoodAndFlagged()
        {
            var preview = "{\"id\":\"sess_old\",\"object\":\"realtime.session\",\"model\":\"gpt-4o-realtime-preview\",\"client_secret\":{\"value\":\"ek_previewCanary987\",\"expires_at\":1900000060}}";
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(200, preview)));
            string warning = null;
            var client = TestClients.Create(handler);
            var secret = await client.CreateClientSecretAsync(Request(), new Observer(w => warning = w), CancellationToken.None);
            Assert.Equal(RealtimeProtocol.Preview, secret.Protocol);
            Assert.Equal("ek_previewCanary987", secret.GetPlainTextValue());
            Assert.Equal("sess_old", secret.SessionId);
            Assert.Contains("preview", warning);
            Assert.DoesNotContain("ek_previewCanary987", client.Exchanges.Snapshot().Single().ResponseBody);
        }

        [Fact]
        public async Task ArmScopeWithAnApiKeyIsRefusedBeforeSending()
        {
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(200, "{}")));
            var client = TestClients.Create(handler);
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() =>
                client.SendAsync("GET", "subscriptions/x", null, Connection.RealtimeConnection.ResourceManagerScope));
            Assert.Equal(RealtimeServiceErrorKind.Unauthorized, ex.Kind);
            Assert.Equal(0, handler.Calls);
        }

        [Fact]
        public async Task GenericSendRecordsOperationAndVariantAndCanReturnErrorsWithoutThrowing()
        {
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(500, "{\"error\":{\"code\":\"server_error\"}}")));
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0));
            var response = await client.SendAsync("POST", "openai/v1/realtime/client_secrets", "{}", operation: "Probe", variant: "WithTranscription", throwOnError: false);
            Assert.Equal(500, response.Status);
            var e = client.Exchanges.Snapshot().Single();
            Assert.Equal("Probe", e.Operation);
            Assert.Equal("WithTranscription", e.Variant);
            Assert.Equal(new[] { e.Sequence }, response.ExchangeSequences);
        }

        private sealed class Observer : Diagnostics.IOperationObserver
        {
            private readonly Action<string> _warning;
            public Observer(Action<string> warning) { _warning = warning; }
            public void Verbose(string message) { }
            public void Warning(string message) => _warning(message);
        }
    }
}
