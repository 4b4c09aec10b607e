using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests.Deployments
{
    /// <summary>"Read ARM if we can, else run offline with a reason": the one runner Test-RealtimeDeployment and the probe share.</summary>
    public class DeploymentCheckRunnerTests
    {
        private sealed class Messages : IOperationObserver
        {
            public List<string> Verbose { get; } = new List<string>();
            public List<string> Warnings { get; } = new List<string>();
            void IOperationObserver.Verbose(string message) => Verbose.Add(message);
            void IOperationObserver.Warning(string message) => Warnings.Add(message);
        }

        private static RealtimeConnection Token(bool withAccount = true) => new RealtimeConnection(new RealtimeConnectionSettings
        {
            Endpoint = new Uri("https://contoso.openai.azure.com/"), AuthMode = AuthMode.AccessToken, Secret = TestClients.ArmToken().ToCharArray(),
            SubscriptionId = withAccount ? DeploymentTestData.DemoId.SubscriptionId : null,
            ResourceGroupName = withAccount ? DeploymentTestData.DemoId.ResourceGroupName : null,
            AccountName = withAccount ? DeploymentTestData.DemoId.AccountName : null,
            MaxRetries = 0,
        });

        private static ScriptedHandler Arm(int status = 200) => new ScriptedHandler((req, n) => Task.FromResult(
            status != 200 ? ScriptedHandler.Json(status, "{\"error\":{\"code\":\"Code" + status + "\",\"message\":\"no\"}}", ("x-ms-request-id", "rid-" + n))
            : req.RequestUri.AbsolutePath.EndsWith("/deployments", StringComparison.Ordinal) ? ScriptedHandler.Json(200, DeploymentTestData.DemoDeploymentsJson)
            : ScriptedHandler.Json(200, DeploymentTestData.DemoAccountJson)));

        private static DeploymentCheckInput Input(string region = null) => new DeploymentCheckInput { Deployment = "gpt-realtime", TranscriptionDeployment = "gpt-4o-transcribe", Region = region };

        [Fact]
        public async Task ReadsTheAccountOnceForManyInputs()
        {
            var handler = Arm();
            var runner = new DeploymentCheckRunner(TestClients.Create(handler, Token()));
            var first = await runner.RunAsync(Input(), null, CancellationToken.None);
            var second = await runner.RunAsync(new DeploymentCheckInput { Deployment = "stt" }, null, CancellationToken.None);
            Assert.True(first.Online);
            Assert.True(first.IsHealthy);
            Assert.True(second.Online);
            Assert.Equal(3, handler.Calls);   // the account, its deployments and its region's model list, once
        }

        [Fact]
        public async Task OfflineReasonsSayWhatIsMissing()
        {
            var notConnected = await new DeploymentCheckRunner(null).RunAsync(Input("swedencentral"), null, CancellationToken.None);
            Assert.False(notConnected.Online);
            Assert.StartsWith("not connected", notConnected.OfflineReason);

            var offline = await new DeploymentCheckRunner(null).RunAsync(new DeploymentCheckInput { Deployment = "gpt-realtime", Offline = true }, null, CancellationToken.None);
            Assert.Equal("-Offline was given", offline.OfflineReason);

            var handler = Arm();
            var noAccount = await new DeploymentCheckRunner(TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 0))).RunAsync(Input(), null, CancellationToken.None);
            Assert.Contains("no account was given (-SubscriptionId, -ResourceGroupName, -AccountName missing", noAccount.OfflineReason);
            Assert.Contains("api key", noAccount.OfflineReason);
            Assert.Equal(0, handler.Calls);
            Assert.Null(await new DeploymentCheckRunner(null).RunAsync(new DeploymentCheckInput(), null, CancellationToken.None));
        }

        [Fact]
        public async Task NoArmAccessRunsOfflineWithAWarning()
        {
            var messages = new Messages();
            var result = await new DeploymentCheckRunner(TestClients.Create(Arm(403), Token())).RunAsync(Input(), messages, CancellationToken.None);
            Assert.False(result.Online);
            Assert.Contains("no ARM access to account 'rtops-demo' (DeploymentReadForbidden", result.OfflineReason);
            Assert.Contains(messages.Warnings, w => w.Contains("Reader role"));
        }

        [Fact]
        public async Task OtherArmFailuresThrowForTheCmdletButLetTheProbeRunOffline()
        {
            var strict = new DeploymentCheckRunner(TestClients.Create(Arm(404), Token()));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => strict.RunAsync(Input(), null, CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.NotFound, ex.Kind);
            Assert.Equal(DeploymentTestData.DemoId.ToString(), ex.Resource);
            Assert.Equal("DeploymentAccountNotFound", ResourceManagerErrors.ErrorIdFor(ex.Kind));
            // The one service exception carries the ARM request id and the recorded exchange, as data-plane failures do.
            Assert.Equal("rid-1", ex.RequestId);
            Assert.Equal(404, ex.Exchange.StatusCode);
            Assert.Equal(1, ex.Exchange.Attempt);
            Assert.Equal(ex.ExchangeSequences.Last(), ex.Exchange.Sequence);

            var messages = new Messages();
            var lenient = new DeploymentCheckRunner(TestClients.Create(Arm(404), Token())) { OfflineOnAnyReadFailure = true };
            var result = await lenient.RunAsync(Input(), messages, CancellationToken.None);
            Assert.False(result.Online);
            Assert.Contains(messages.Warnings, w => w.StartsWith("Deployment checks ran offline: Azure Resource Manager answered", StringComparison.Ordinal));
        }
    }
}
