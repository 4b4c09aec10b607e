using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Tests.Deployments;
using Xunit;
using static RealtimeOps.Engine.Tests.Availability.LiveModelTestData;

namespace RealtimeOps.Engine.Tests.Availability
{
    /// <summary>The probe's deployment checks read the account region's live model list through the same pipeline.</summary>
    public class ProbePreflightLiveTests
    {
        private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        private const string Body = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\"}}}}}";

        private static RealtimeServiceClient Client(ScriptedHandler handler, ExchangeLog log) => TestClients.Create(handler, new RealtimeConnection(new RealtimeConnectionSettings
        {
            Endpoint = new Uri("https://rtops-demo.openai.azure.com/"),
            AuthMode = AuthMode.AccessToken,
            Secret = "arm-token-canary".ToCharArray(),
            SubscriptionId = Subscription,
            ResourceGroupName = "rg-realtime",
            AccountName = "rtops-demo",
        }), log);

        [Fact]
        public async Task TheRetirementCheckWarnsWithTheLiveDateAndSaysItIsLive()
        {
            var models = Page(new[] { Model("gpt-realtime", "2025-08-28", retires: "2026-12-20T00:00:00Z"), Model("gpt-4o-transcribe", "2025-03-20", capabilities: "") });
            var handler = new ScriptedHandler((request, n) => Task.FromResult(ScriptedHandler.Json(200,
                request.RequestUri.AbsolutePath.EndsWith("/models") ? models
                : request.RequestUri.AbsolutePath.EndsWith("/usages") ? Page(new string[0])
                : request.RequestUri.AbsolutePath.EndsWith("/deployments") ? DeploymentTestData.DemoDeploymentsJson
                : DeploymentTestData.DemoAccountJson)));
            var log = new ExchangeLog();
            var result = await ProbePreflight.CheckDeploymentsAsync(Client(handler, log), Body, "test", null, null, CancellationToken.None, Today);

            var retirement = Assert.Single(result.Checks, c => c.Name == DeploymentCheckNames.PreviewModelRetirement);
            Assert.Equal(DeploymentCheckStatus.Warning, retirement.Status);
            Assert.Equal(DeploymentCheck.LiveSource, retirement.Source);
            Assert.Contains("gpt-realtime 2025-08-28 retires on 2026-12-20, in 19 days (live model list from Azure Resource Manager", retirement.Reason);
            Assert.Equal(DeploymentCheck.LiveSource, Assert.Single(result.Checks, c => c.Name == DeploymentCheckNames.TranscriptionRegionOffersModel).Source);
            var urls = handler.Received.Select(r => r.Request.RequestUri.AbsolutePath).ToList();
            Assert.Contains("/subscriptions/00000000-0000-0000-0000-0000000000aa/providers/Microsoft.CognitiveServices/locations/swedencentral/models", urls);
            Assert.All(handler.Received, r => Assert.Equal("Bearer arm-token-canary", r.Request.Headers.Authorization?.ToString()));
        }

        [Fact]
        public async Task WhenTheModelListIsRefusedTheChecksUseTheCatalogAndSayWhy()
        {
            var handler = new ScriptedHandler((request, n) => Task.FromResult(
                request.RequestUri.AbsolutePath.Contains("/locations/")
                    ? ScriptedHandler.Json(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no subscription read\"}}")
                    : ScriptedHandler.Json(200, request.RequestUri.AbsolutePath.EndsWith("/deployments") ? DeploymentTestData.DemoDeploymentsJson : DeploymentTestData.DemoAccountJson)));
            var result = await ProbePreflight.CheckDeploymentsAsync(Client(handler, new ExchangeLog()), Body, "test", null, null, CancellationToken.None, Today);
            Assert.True(result.Online);
            var region = Assert.Single(result.Checks, c => c.Name == DeploymentCheckNames.RegionOffersModel);
            Assert.Equal(DeploymentCheck.CatalogSource, region.Source);
            Assert.Equal(DeploymentCheckStatus.Passed, region.Status);
            Assert.Contains("Dated catalog used: the live model list could not be read (Not authorized to read the model list of region 'swedencentral'", region.Reason);
            Assert.Contains("Reader role on the subscription", region.Reason);
        }
    }
}
