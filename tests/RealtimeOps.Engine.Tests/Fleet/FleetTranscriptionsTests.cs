#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Transcription;
using Xunit;

namespace RealtimeOps.Engine.Tests.Fleet
{
    public class FleetTranscriptionsTests
    {
        private sealed class Sink : IFleetTranscriptionSink
        {
            public ConcurrentQueue<RealtimeTranscriptionResult> Results { get; } = new ConcurrentQueue<RealtimeTranscriptionResult>();
            public ConcurrentQueue<(string Deployment, RealtimeServiceErrorKind Kind)> Failures { get; } = new ConcurrentQueue<(string, RealtimeServiceErrorKind)>();
            public ConcurrentQueue<(int Done, int Total)> Progress { get; } = new ConcurrentQueue<(int, int)>();
            public void Result(RealtimeTranscriptionResult result) => Results.Enqueue(result);
            public void Failed(RealtimeDeployment deployment, RealtimeServiceException error) => Failures.Enqueue((deployment.AccountName + "/" + deployment.Name, error.Kind));
            public void AccountDone(int done, int total) => Progress.Enqueue((done, total));
        }

        private static RealtimeDeployment Deployment(string name, int account) =>
            new RealtimeDeployment(name, "gpt-4o-transcribe", "2025-03-20", "OpenAI", DeploymentKind.Transcription, "GlobalStandard", 10, "Succeeded",
                new CognitiveServicesAccount(new AccountResourceId("00000000-0000-0000-0000-000000000001", "rg", $"acct{account}"), "swedencentral",
                    $"https://acct{account}.openai.azure.com/", "OpenAI"));

        private static RealtimeServiceClient Client() =>
            TestClients.Create(new ScriptedHandler((request, n) => Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound))));

        [Fact]
        public async Task EachDeploymentIsCheckedOnItsAccountAndItsResultCarriesTheAccount()
        {
            var deployments = Enumerable.Range(0, 6).SelectMany(a => new[] { Deployment("stt", a), Deployment("stt-mini", a) }).ToList();
            var client = Client();
            var asked = new ConcurrentQueue<string>();
            var inFlight = 0;
            var maxInFlight = 0;
            var checks = new FleetTranscriptions(id => { asked.Enqueue(id); return client; },
                d => new LiveTranscriptionRequest { Session = new System.Text.Json.Nodes.JsonObject { ["model"] = d.Name } }, throttleLimit: 2,
                run: async (c, request, observer, token) =>
                {
                    var now = Interlocked.Increment(ref inFlight);
                    int seen;
                    while ((seen = Volatile.Read(ref maxInFlight)) < now && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen) { }
                    await Task.Yield();
                    Interlocked.Decrement(ref inFlight);
                    return new RealtimeTranscriptionResult { Verdict = TranscriptionVerdict.Transcribed, TranscriptionDeployment = (string?)request.Session!["model"] };
                });
            var sink = new Sink();

            await checks.RunAsync(deployments, sink, null, CancellationToken.None);

            Assert.Equal(deployments.Select(d => d.AccountResourceId + "|" + d.Name).OrderBy(x => x),
                sink.Results.Select(r => r.AccountResourceId + "|" + r.TranscriptionDeployment).OrderBy(x => x));
            Assert.All(sink.Results, r => Assert.Equal(r.AccountResourceId!.Split('/').Last(), r.AccountName));
            Assert.All(sink.Results, r => Assert.Equal("swedencentral", r.Region));
            Assert.Equal(deployments.Select(d => d.AccountResourceId).OrderBy(x => x), asked.OrderBy(x => x));
            Assert.InRange(maxInFlight, 1, 2);
            Assert.Equal(Enumerable.Range(1, 6), sink.Progress.Select(p => p.Done).OrderBy(x => x));
            Assert.All(sink.Progress, p => Assert.Equal(6, p.Total));
            Assert.Empty(sink.Failures);
        }

        [Fact]
        public async Task AFailedSessionIsThatDeploymentsFailureAndTheSweepGoesOn()
        {
            var deployments = new[] { Deployment("stt", 1), Deployment("stt", 2), Deployment("stt", 3) };
            var failing = 0;
            var calls = 0;
            var sink = new Sink();
            var counting = new FleetTranscriptions(_ => Client(), d => new LiveTranscriptionRequest { Deployment = d.AccountName == "acct2" ? "boom" : null }, 1,
                (c, request, observer, token) =>
                {
                    Interlocked.Increment(ref calls);
                    if (request.Deployment == "boom") { Interlocked.Increment(ref failing); throw new RealtimeServiceException(RealtimeServiceErrorKind.Unauthorized, "401"); }
                    return Task.FromResult(new RealtimeTranscriptionResult { Verdict = TranscriptionVerdict.Transcribed });
                });

            await counting.RunAsync(deployments, sink, null, CancellationToken.None);

            Assert.Equal(3, calls);
            Assert.Equal(1, failing);
            Assert.Equal(new[] { ("acct2/stt", RealtimeServiceErrorKind.Unauthorized) }, sink.Failures.ToArray());
            Assert.Equal(2, sink.Results.Count);
            Assert.Equal(3, sink.Progress.Count);
        }

        [Fact]
        public async Task CancellationEndsTheSweepInsteadOfBecomingAFailure()
        {
            using var cts = new CancellationTokenSource();
            var sink = new Sink();
            var checks = new FleetTranscriptions(_ => Client(), d => new LiveTranscriptionRequest(), 1, (c, request, observer, token) =>
            {
                cts.Cancel();
                throw new RealtimeServiceException(RealtimeServiceErrorKind.Cancelled, "cancelled");
            });
            await Assert.ThrowsAsync<RealtimeServiceException>(() => checks.RunAsync(new[] { Deployment("stt", 1), Deployment("stt", 2) }, sink, null, cts.Token));
            Assert.Empty(sink.Failures);
            Assert.Empty(sink.Results);
        }
    }
}
