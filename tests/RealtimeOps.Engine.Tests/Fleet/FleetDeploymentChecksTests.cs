#nullable enable
using System;
using Xunit;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Tests.Fleet
{
    public class FleetDeploymentChecksTests
    {
        private sealed class Sink : IFleetCheckSink
        {
            public ConcurrentQueue<DeploymentTestResult> Results { get; } = new ConcurrentQueue<DeploymentTestResult>();
            public ConcurrentQueue<(int Done, int Total)> Progress { get; } = new ConcurrentQueue<(int, int)>();
            public void Result(DeploymentTestResult result) => Results.Enqueue(result);
            public void Failed(RealtimeDeployment deployment, RealtimeServiceException error) { }
            public void AccountDone(int done, int total) => Progress.Enqueue((done, total));
        }

        private static RealtimeDeployment Deployment(string name, string model, DeploymentKind kind, int account) =>
            new RealtimeDeployment(name, model, "2025-08-28", "OpenAI", kind, "GlobalStandard", 10, "Succeeded",
                new CognitiveServicesAccount(new AccountResourceId("00000000-0000-0000-0000-000000000001", "rg", $"acct{account}"), "swedencentral", "https://x/", "OpenAI"));

        [Fact]
        public async Task Checks_every_deployment_with_its_own_account_and_reports_progress_per_account()
        {
            var deployments = Enumerable.Range(0, 6).SelectMany(a => new[]
            {
                Deployment("gpt-realtime", "gpt-realtime", DeploymentKind.Realtime, a),
                Deployment("stt", "gpt-4o-transcribe", DeploymentKind.Transcription, a),
            }).ToList();
            var runners = 0;
            var sink = new Sink();
            await new FleetDeploymentChecks(() => { Interlocked.Increment(ref runners); return new DeploymentCheckRunner(null); }, 3)
                .RunAsync(deployments, null, offline: true, sink, null, CancellationToken.None);

            Assert.Equal(6, runners);
            Assert.Equal(12, sink.Results.Count);
            Assert.Equal(6, sink.Results.Count(r => r.Deployment == "gpt-realtime" && r.TranscriptionDeployment == null));
            Assert.Equal(6, sink.Results.Count(r => r.TranscriptionDeployment == "stt" && r.Deployment == null));
            Assert.All(sink.Results, r => Assert.Equal("swedencentral", r.Region));
            Assert.Equal(Enumerable.Range(1, 6), sink.Progress.Select(p => p.Done).OrderBy(n => n));
            Assert.All(sink.Progress, p => Assert.Equal(6, p.Total));
        }

        [Fact]
        public void A_transcription_deployment_is_checked_as_the_transcription_model_on_its_own_account()
        {
            var d = Deployment("stt", "gpt-4o-transcribe", DeploymentKind.Transcription, 4);
            var input = FleetDeploymentChecks.InputFor(d, "https://management.azure.com/", offline: false);
            Assert.Null(input.Deployment);
            Assert.Equal("stt", input.TranscriptionDeployment);
            Assert.Equal(d.AccountResourceId, input.Account.ResourceId);
            Assert.Equal("swedencentral", input.Region);
        }
    }
}

namespace RealtimeOps.Engine.Tests.Fleet
{
    public class FleetProbesTests
    {
        private static RealtimeDeployment Deployment(string name, DeploymentKind kind) =>
            new RealtimeDeployment(name, name, "2025-08-28", "OpenAI", kind, "GlobalStandard", 10, "Succeeded",
                new CognitiveServicesAccount(new AccountResourceId("00000000-0000-0000-0000-000000000009", "rg-9", "acct9"), "eastus2", "https://acct9.openai.azure.com/", "OpenAI"));

        [Fact]
        public void Each_deployment_is_probed_on_its_own_account_with_the_base_identity()
        {
            var baseConnection = new RealtimeOps.Engine.Connection.RealtimeConnection(new RealtimeOps.Engine.Connection.RealtimeConnectionSettings
            {
                Endpoint = new Uri("https://first.openai.azure.com/"), AuthMode = RealtimeOps.Engine.Connection.AuthMode.ManagedIdentity, Deployment = "other",
            });
            var c = FleetProbes.ConnectionFor(baseConnection, Deployment("gpt-realtime", DeploymentKind.Realtime));
            Assert.Equal("https://acct9.openai.azure.com/", c.Endpoint.AbsoluteUri);
            Assert.Equal(RealtimeOps.Engine.Connection.AuthMode.ManagedIdentity, c.AuthMode);
            Assert.Equal("acct9", c.AccountName);
            Assert.Equal("rg-9", c.ResourceGroupName);
            Assert.Null(c.Deployment);
        }

        [Fact]
        public void A_realtime_deployment_is_session_model_and_a_transcription_deployment_the_transcription_model()
        {
            Assert.Equal("gpt-realtime", FleetProbes.SessionFor(Deployment("gpt-realtime", DeploymentKind.Realtime)).Deployment);
            var stt = FleetProbes.SessionFor(Deployment("stt", DeploymentKind.Transcription));
            Assert.Equal(RealtimeOps.Engine.ClientSecrets.RealtimeSessionType.Transcription, stt.SessionType);
            Assert.Equal("stt", stt.TranscriptionModel);
        }
    }
}
