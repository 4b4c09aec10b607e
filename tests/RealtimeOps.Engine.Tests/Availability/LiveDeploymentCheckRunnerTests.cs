using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Tests.Deployments;
using Xunit;
using static RealtimeOps.Engine.Tests.Availability.LiveModelTestData;

namespace RealtimeOps.Engine.Tests.Availability
{
    /// <summary>
    /// Test-RealtimeDeployment and the probe's preflight (one runner) read the account region's live model list through the
    /// same pipeline and token as the deployments, once per region, and judge region and retirement on it.
    /// </summary>
    public class LiveDeploymentCheckRunnerTests
    {
        private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        private static DeploymentCheckRunner Runner(ScriptedHandler handler) => new DeploymentCheckRunner(TestClients.Create(handler, new RealtimeConnection(new RealtimeConnectionSettings
        {
            Endpoint = new Uri("https://rtops-demo.openai.azure.com/"),
            AuthMode = AuthMode.AccessToken,
            Secret = TestClients.ArmToken().ToCharArray(),
            SubscriptionId = Subscription,
            ResourceGroupName = "rg-realtime",
            AccountName = "rtops-demo",
            MaxRetries = 0,
        })), new DeploymentChecker(now: Today));

        private static ScriptedHandler Arm(Func<string, (int Status, string Body)?> locations) => new ScriptedHandler((request, n) =>
        {
            var path = request.RequestUri.AbsolutePath;
            var live = path.Contains("/locations/") ? locations(path) : null;
            return Task.FromResult(live.HasValue ? ScriptedHandler.Json(live.Value.Status, live.Value.Body)
                : ScriptedHandler.Json(200, path.EndsWith("/deployments") ? DeploymentTestData.DemoDeploymentsJson : DeploymentTestData.DemoAccountJson));
        });

        private static readonly DeploymentCheckInput Pair = new DeploymentCheckInput { Deployment = "gpt-realtime", TranscriptionDeployment = "gpt-4o-transcribe" };

        [Fact]
        public async Task TheRetirementCheckWarnsWithTheLiveDateAndTheRegionIsReadOnce()
        {
            var models = Page(new[] { Model("gpt-realtime", "2025-08-28", retires: "2026-12-20T00:00:00Z"), Model("gpt-4o-transcribe", "2025-03-20", capabilities: "") });
            var handler = Arm(path => path.EndsWith("/models") ? (200, models) : (200, Page(new string[0])));
            var runner = Runner(handler);
            var result = await runner.RunAsync(Pair, null, CancellationToken.None);
            await runner.RunAsync(new DeploymentCheckInput { Deployment = "realtime-preview" }, null, CancellationToken.None);

            var retirement = Assert.Single(result.Checks, c => c.Name == DeploymentCheckNames.PreviewModelRetirement);
            Assert.Equal(DeploymentCheckStatus.Warning, retirement.Status);
            Assert.Equal(DeploymentCheck.LiveSource, retirement.Source);
            Assert.Contains("gpt-realtime 2025-08-28 retires on 2026-12-20, in 19 days (live model list from Azure Resource Manager", retirement.Reason);
            Assert.Equal(DeploymentCheck.LiveSource, Assert.Single(result.Checks, c => c.Name == DeploymentCheckNames.TranscriptionRegionOffersModel).Source);
            var paths = handler.Received.Select(r => r.Request.RequestUri.AbsolutePath).ToList();
            Assert.Equal(1, paths.Count(p => p == "/subscriptions/00000000-0000-0000-0000-0000000000aa/providers/Microsoft.CognitiveServices/locations/swedencentral/models"));
            Assert.Equal(4, handler.Calls); // account, deployments, models, usages: once for both inputs
            Assert.All(handler.Received, r => Assert.Equal("Bearer " + TestClients.ArmToken(), r.Request.Headers.Authorization?.ToString()));
        }

        [Fact]
        public async Task WhenTheModelListIsRefusedTheChecksUseTheCatalogAndSayWhy()
        {
            var handler = Arm(path => (403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no subscription read\"}}"));
            var result = await Runner(handler).RunAsync(Pair, null, CancellationToken.None);
            Assert.True(result.Online);
            var region = Assert.Single(result.Checks, c => c.Name == DeploymentCheckNames.RegionOffersModel);
            Assert.Equal(DeploymentCheck.CatalogSource, region.Source);
            Assert.Equal(DeploymentCheckStatus.Passed, region.Status);
            Assert.Contains("Dated catalog used: the live model list could not be read (Not authorized to read the model list of region 'swedencentral'", region.Reason);
            Assert.Contains("Reader role on the subscription", region.Reason);
        }
    }
}
