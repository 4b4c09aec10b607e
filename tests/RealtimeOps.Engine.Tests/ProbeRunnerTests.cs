using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Tests.Deployments;
using Xunit;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Tests
{
    /// <summary>The probe's join, end to end over the in-process fake: validation, deployment checks, the A/B run, the verdict.</summary>
    [Collection("Timing")]
    public class ProbeRunnerTests
    {
        private const string Session = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\",\"language\":\"en\"}}}}}";

        private sealed class Recorder : IOperationReporter
        {
            public ConcurrentQueue<string> Events { get; } = new ConcurrentQueue<string>();
            public void Verbose(string message) => Events.Enqueue("verbose: " + message);
            public void Warning(string message) => Events.Enqueue("warning: " + message);
            public void Progress(OperationProgress progress) => Events.Enqueue($"progress: {progress.PercentComplete} {progress.StepFinished} {progress.Status}");
            public void Output(object item) => Events.Enqueue("output: " + item);
        }

        private static bool IsMint(HttpRequestMessage r) => r.RequestUri.AbsolutePath.EndsWith("/realtime/client_secrets", StringComparison.Ordinal);

        private static Task<HttpResponseMessage> Mint(string body, bool transcriptionFails)
        {
            var withTranscription = body != null && body.Contains("\"transcription\"");
            return Task.FromResult(transcriptionFails && withTranscription
                ? ScriptedHandler.Json(500, "{\"error\":{\"type\":\"server_error\",\"code\":\"server_error\",\"message\":\"The server had an error.\"}}")
                : ScriptedHandler.Json(200, TestClients.GaAnswer));
        }

        private static ProbeRequest Request(string json = Session, int rounds = 2) =>
            new ProbeRequest(new ClientSecretRequest { SessionJson = json, SessionSource = "session.json" }) { Options = new RealtimeProbeOptions { Rounds = rounds, DelayMs = 0 } };

        private static ScriptedHandler Service(bool transcriptionFails, Func<HttpRequestMessage, int, Task<HttpResponseMessage>> arm = null)
        {
            ScriptedHandler handler = null;
            handler = new ScriptedHandler((req, n) =>
            {
                if (!IsMint(req)) return arm != null ? arm(req, n) : throw new InvalidOperationException("unexpected " + req.RequestUri);
                var body = handler.Received.Where(r => r.Request == req).Select(r => r.Body).FirstOrDefault();
                return Mint(body, transcriptionFails);
            });
            return handler;
        }

        private static int Mints(ScriptedHandler handler) => handler.Received.Count(r => IsMint(r.Request));

        [Fact]
        public void InvalidSessionStopsBeforeAnythingIsSent()
        {
            var handler = Service(transcriptionFails: false);
            var runner = new ProbeRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0)));
            var ex = Assert.Throws<ProbeInputException>(() => runner.Prepare(Request("[1,2]")));
            Assert.Equal(ProbeInputFailure.SessionInvalid, ex.Failure);
            Assert.Contains("must be a JSON object", ex.Message);
            Assert.Equal(0, handler.Calls);
        }

        [Fact]
        public void NoDeploymentAnywhereStopsBeforeAnythingIsSent()
        {
            var handler = Service(transcriptionFails: false);
            var noDefault = new RealtimeConnection(new RealtimeConnectionSettings { Endpoint = new Uri("https://contoso.openai.azure.com/"), AuthMode = AuthMode.ApiKey, Secret = TestClients.ApiKey.ToCharArray(), MaxRetries = 0 });
            var runner = new ProbeRunner(TestClients.Create(handler, noDefault));
            var ex = Assert.Throws<ProbeInputException>(() => runner.Prepare(Request("{\"session\":{\"type\":\"realtime\"}}")));
            Assert.Equal(ProbeInputFailure.DeploymentMissing, ex.Failure);
            Assert.Equal(0, handler.Calls);
        }

        [Fact]
        public async Task TranscriptionOnlyFailuresAreATranscriptionServiceFaultWithTheChecksThatRanFirst()
        {
            var handler = Service(transcriptionFails: true);
            var runner = new ProbeRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0)));
            var reporter = new Recorder();
            var plan = runner.Prepare(Request());
            Assert.Equal(4, plan.TotalRequests);

            var result = await runner.RunAsync(plan, reporter, CancellationToken.None);

            Assert.Equal(ProbeVerdict.TranscriptionServiceFault, result.Verdict);
            Assert.Equal(4, Mints(handler));
            Assert.True(result.Validation.IsValid);
            // An api key without an account: the checks ran offline and say why, instead of passing silently.
            Assert.False(result.DeploymentChecks.Online);
            Assert.Contains("no account was given", result.DeploymentChecks.OfflineReason);
            Assert.Contains("api key", result.DeploymentChecks.OfflineReason);
            Assert.Equal(2, result.FailedApimRequestIds.Count);
            Assert.Equal(4, result.Exchanges.Count);
            Assert.Equal("gpt-realtime", result.Deployment);
            // Progress announces each attempt and reports its answer, ending at 100%.
            var progress = reporter.Events.Where(e => e.StartsWith("progress: ", StringComparison.Ordinal)).ToList();
            Assert.Equal(8, progress.Count);
            Assert.StartsWith("progress: 100 True", progress.Last());
            Assert.Contains(reporter.Events, e => e.StartsWith("verbose: Configuration: 0 error(s)", StringComparison.Ordinal));
        }

        [Fact]
        public async Task HealthyWhenEveryAttemptSucceeds()
        {
            var handler = Service(transcriptionFails: false);
            var runner = new ProbeRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0)));
            var result = await runner.RunAsync(runner.Prepare(Request(rounds: 1)), new Recorder(), CancellationToken.None);
            Assert.Equal(ProbeVerdict.Healthy, result.Verdict);
            Assert.Equal(2, result.Attempts.Count);
            Assert.All(result.Attempts, a => Assert.Equal(RealtimeServiceErrorKind.Success, a.Outcome));
            Assert.False(result.Cancelled);
        }

        [Fact]
        public async Task DeploymentsMissingFromTheAccountFailTheChecksReadFromArm()
        {
            var token = new RealtimeConnection(new RealtimeConnectionSettings
            {
                Endpoint = new Uri("https://contoso.openai.azure.com/"), AuthMode = AuthMode.AccessToken, Secret = TestClients.ArmToken().ToCharArray(), Deployment = "gpt-realtime",
                SubscriptionId = DeploymentTestData.DemoId.SubscriptionId, ResourceGroupName = DeploymentTestData.DemoId.ResourceGroupName, AccountName = DeploymentTestData.DemoId.AccountName,
                MaxRetries = 0,
            });
            var handler = Service(transcriptionFails: false, (req, n) => Task.FromResult(req.RequestUri.AbsolutePath.EndsWith("/deployments", StringComparison.Ordinal)
                ? ScriptedHandler.Json(200, "{\"value\":[" + DeploymentTestData.Deployment("other", "gpt-realtime", "2025-08-28", "GlobalStandard", 1) + "]}")
                : ScriptedHandler.Json(200, DeploymentTestData.DemoAccountJson)));
            var runner = new ProbeRunner(TestClients.Create(handler, token));

            var result = await runner.RunAsync(runner.Prepare(Request(rounds: 1)), new Recorder(), CancellationToken.None);

            Assert.True(result.DeploymentChecks.Online);
            Assert.Equal("swedencentral", result.DeploymentChecks.Region);
            Assert.Contains(result.DeploymentChecks.FailedChecks, c => c.Name == DeploymentCheckNames.DeploymentExists && c.Deployment == "gpt-realtime");
            Assert.Contains(result.DeploymentChecks.FailedChecks, c => c.Name == DeploymentCheckNames.TranscriptionDeploymentExists);
            Assert.Equal("swedencentral", result.Region);
        }

        [Fact]
        public async Task CancellationDuringTheRunReturnsThePartialResult()
        {
            using (var cts = new CancellationTokenSource())
            {
                var handler = new ScriptedHandler((req, n) =>
                {
                    if (n == 2) cts.Cancel();
                    return Task.FromResult(ScriptedHandler.Json(200, TestClients.GaAnswer));
                });
                var runner = new ProbeRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0)));
                var plan = runner.Prepare(Request(rounds: 5));
                plan.Request.SkipDeploymentCheck = true;

                var result = await runner.RunAsync(plan, new Recorder(), cts.Token);

                Assert.True(result.Cancelled);
                Assert.True(result.Attempts.Count < plan.TotalRequests);
                Assert.Equal(RealtimeServiceErrorKind.Success, result.Attempts[0].Outcome);
                Assert.True(handler.Calls <= 2);
            }
        }

        [Fact]
        public async Task CancellationBeforeTheRunSendsNothing()
        {
            var handler = Service(transcriptionFails: false);
            var runner = new ProbeRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0)));
            var plan = runner.Prepare(Request());
            using (var cts = new CancellationTokenSource())
            {
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(plan, null, cts.Token));
            }
            Assert.Equal(0, handler.Calls);
        }

        [Fact]
        public async Task AnotherStageRunsInOrderAndSeesWhatTheEarlierOnesFound()
        {
            var handler = Service(transcriptionFails: false);
            var runner = new ProbeRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0)));
            var seen = new List<string>();
            runner.Stages.Insert(2, new RecordingStage(c => seen.Add($"validation={c.Validation != null} deployments={c.DeploymentChecks != null} run={c.Run != null}")));
            runner.Stages.Add(new RecordingStage(c => seen.Add($"run={c.Run != null} attempts={c.Run.Attempts.Count}")));

            await runner.RunAsync(runner.Prepare(Request(rounds: 1)), null, CancellationToken.None);

            Assert.Equal(new[] { "validation=True deployments=True run=False", "run=True attempts=2" }, seen);
        }

        private sealed class RecordingStage : IProbeStage
        {
            private readonly Action<ProbeContext> _record;
            public RecordingStage(Action<ProbeContext> record) => _record = record;
            public Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
            {
                _record(context);
                return Task.CompletedTask;
            }
        }
    }
}
