using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using Xunit;
using static RealtimeOps.Engine.Tests.Availability.LiveModelTestData;

namespace RealtimeOps.Engine.Tests.Availability
{
    public class ModelAvailabilityClientTests
    {
        private static readonly string Models = Page(new[]
        {
            Model("gpt-realtime-mini", "2025-10-06"),
            Model("gpt-4o-transcribe", "2025-03-20", capabilities: "\"audio\":\"true\""),
            Model("gpt-4o", "2024-11-20", capabilities: "\"chatCompletion\":\"true\""),
            Model("future-voice", "2027-01-01", capabilities: "\"realtime\":\"true\""),
        });

        private static readonly string Usages = Page(new[]
        {
            Usage("OpenAI.GlobalStandard.gpt-realtime-mini", 12, 30),
            Usage("OpenAI.GlobalStandard.gpt-4o-transcribe", 0, 100),
        });

        [Fact]
        public void ParsesTheArmShape()
        {
            var entries = ArmModelListParser.ParseModels(Models, out var next);
            Assert.Null(next);
            var mini = entries[0];
            Assert.Equal("gpt-realtime-mini", mini.Name);
            Assert.Equal("2025-10-06", mini.Version);
            Assert.Equal("OpenAI", mini.Format);
            Assert.Equal("true", mini.Capabilities["realtime"]);
            Assert.Equal(new DateTime(2027, 4, 6, 0, 0, 0, DateTimeKind.Utc), mini.InferenceDeprecation);
            Assert.Equal(DateTimeKind.Utc, mini.InferenceDeprecation.Value.Kind);
            Assert.Equal("GenerallyAvailable", mini.LifecycleStatus);
            Assert.True(mini.IsDefaultVersion);
            Assert.Equal(1000, mini.MaxCapacity);
            var sku = Assert.Single(mini.Skus);
            Assert.Equal("GlobalStandard", sku.Name);
            Assert.Equal("OpenAI.GlobalStandard.gpt-realtime-mini", sku.UsageName);
            Assert.Equal((1d, 10d, 1000d, 1d), (sku.MinimumCapacity.Value, sku.DefaultCapacity.Value, sku.MaximumCapacity.Value, sku.CapacityStep.Value));
            Assert.Equal(new[] { "request: 6 per 60s", "token: 1000 per 60s" }, sku.RateLimits.Select(r => r.ToString()));
        }

        [Fact]
        public void ToleratesMissingAndOddMembersButNotAPageWithoutValue()
        {
            var odd = "{\"value\":[1,{\"kind\":\"OpenAI\"},{\"model\":{\"name\":\"gpt-realtime\",\"maxCapacity\":\"7\",\"isDefaultVersion\":\"false\",\"deprecation\":{\"inference\":\"soon\"}}}],\"nextLink\":\"\"}";
            var e = Assert.Single(ArmModelListParser.ParseModels(odd, out var next));
            Assert.Null(next);
            Assert.Equal(7, e.MaxCapacity);
            Assert.False(e.IsDefaultVersion);
            Assert.Null(e.InferenceDeprecation);
            Assert.Empty(e.Skus);
            Assert.Throws<FormatException>(() => ArmModelListParser.ParseModels("{\"values\":[]}", out _));
            Assert.Throws<FormatException>(() => ArmModelListParser.ParseModels("<html>502</html>", out _));
            Assert.Throws<FormatException>(() => ArmModelListParser.ParseUsages("[]", out _));
        }

        [Fact]
        public async Task ReadsModelsThenUsagesWithTheDatedApiVersionAndMapsOnlyRealtimeAndTranscription()
        {
            var t = new ScriptedTransport(u => new ResourceManagerResponse(200, u.AbsolutePath.EndsWith("/usages") ? Usages : Models, "rid"));
            var client = new ModelAvailabilityClient(t, new Uri("http://127.0.0.1:5123/x"), clock: () => new DateTimeOffset(ReadAt));
            var list = await client.GetRegionAsync(Subscription.ToUpperInvariant(), "Sweden Central", CancellationToken.None);
            Assert.Equal(new[]
            {
                "http://127.0.0.1:5123/subscriptions/00000000-0000-0000-0000-0000000000aa/providers/Microsoft.CognitiveServices/locations/swedencentral/models?api-version=2024-10-01",
                "http://127.0.0.1:5123/subscriptions/00000000-0000-0000-0000-0000000000aa/providers/Microsoft.CognitiveServices/locations/swedencentral/usages?api-version=2024-10-01",
            }, t.Calls.Select(c => c.Url.AbsoluteUri));
            Assert.Equal(new[] { "ListLocationModels", "ListLocationUsages" }, t.Calls.Select(c => c.Operation));
            Assert.Equal("swedencentral", list.Region);
            Assert.Equal(new[] { "gpt-realtime-mini", "gpt-4o-transcribe", "future-voice" }, list.Models.Select(m => m.Name));
            Assert.Equal(new[] { ModelKind.Realtime, ModelKind.Transcription, ModelKind.Realtime }, list.Models.Select(m => m.Kind));
            var mini = list.Models[0];
            Assert.True(mini.IsLive);
            Assert.Equal(ReadAt, mini.AsOf);
            Assert.StartsWith("Azure Resource Manager", mini.Source);
            Assert.Equal(new[] { "swedencentral" }, mini.Regions);
            Assert.Equal(new DateTime(2027, 4, 6), mini.RetirementDate);
            var sku = Assert.Single(mini.Skus);
            Assert.Equal((12d, 30d, 18d), (sku.QuotaUsed.Value, sku.QuotaLimit.Value, sku.QuotaLeft.Value));
            Assert.Equal("GlobalStandard (18 of 30 left)", sku.ToString());
            Assert.Null(list.Models[2].Skus[0].QuotaLeft); // no usage listed for it: unknown, not zero
        }

        [Fact]
        public async Task FollowsNextLinkOnTheSameHostOnly()
        {
            var t = new ScriptedTransport(u =>
            {
                if (u.AbsolutePath.EndsWith("/usages")) return new ResourceManagerResponse(200, Page(new string[0]), null);
                if (u.Query.Contains("page=2")) return new ResourceManagerResponse(200, Page(new[] { Model("gpt-realtime", "2025-08-28") }, "https://evil.example/page3"), null);
                return new ResourceManagerResponse(200, Page(new[] { Model("gpt-realtime-mini", "2025-10-06") }, "https://management.azure.com/next?page=2"), null);
            });
            var list = await new ModelAvailabilityClient(t).GetRegionAsync(Subscription, "eastus2", CancellationToken.None);
            Assert.Equal(new[] { "gpt-realtime-mini", "gpt-realtime" }, list.Models.Select(m => m.Name));
            Assert.DoesNotContain(t.Calls, c => c.Url.Host == "evil.example");
        }

        [Fact]
        public async Task StopsWithAnErrorRatherThanPageForever()
        {
            var t = new ScriptedTransport(u => new ResourceManagerResponse(200, Page(new[] { Model("gpt-realtime", "2025-08-28") }, "https://management.azure.com/again"), null));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => new ModelAvailabilityClient(t).GetRegionAsync(Subscription, "eastus2", CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.UnexpectedResponse, ex.Kind);
            Assert.Contains($"after {ModelAvailabilityClient.MaxPages} pages", ex.Message);
            Assert.Equal(ModelAvailabilityClient.MaxPages, t.Calls.Count);
        }

        [Theory]
        [InlineData(401, RealtimeServiceErrorKind.Unauthorized, "Reader role on the subscription")]
        [InlineData(403, RealtimeServiceErrorKind.Forbidden, "the identity needs the Reader role on the subscription")]
        [InlineData(404, RealtimeServiceErrorKind.InvalidRequest, "ARM found no model list for region 'eastus2'")]
        [InlineData(429, RealtimeServiceErrorKind.Throttled, "throttled")]
        [InlineData(503, RealtimeServiceErrorKind.ServiceError, "ARM failed reading the model list of region 'eastus2'")]
        public async Task ErrorsNameTheRoleAndTheRegion(int status, RealtimeServiceErrorKind kind, string text)
        {
            var body = "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}";
            var t = new ScriptedTransport(u => new ResourceManagerResponse(status, body, "rid-9"));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => new ModelAvailabilityClient(t).GetRegionAsync(Subscription, "eastus2", CancellationToken.None));
            Assert.Equal(kind, ex.Kind);
            Assert.Contains(text, ex.Message);
            Assert.Contains("x-ms-request-id rid-9", ex.Message);
            Assert.Equal(status == 401 || status == 403, ex.IsAccessDenied);
        }

        [Fact]
        public async Task AnUnreadableBodyIsAnUnexpectedResponse()
        {
            var t = new ScriptedTransport(u => new ResourceManagerResponse(200, "<html>hi</html>", null));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => new ModelAvailabilityClient(t).GetRegionAsync(Subscription, "eastus2", CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.UnexpectedResponse, ex.Kind);
            Assert.Contains("could not be read", ex.Message);
        }

        [Theory]
        [InlineData("not-a-guid", "eastus2")]
        [InlineData(Subscription, "north/../pole")]
        [InlineData(Subscription, "")]
        public void RejectsValuesThatWouldChangeTheUrl(string subscription, string region)
        {
            var client = new ModelAvailabilityClient(new ScriptedTransport(u => throw new InvalidOperationException("no request expected")));
            Assert.Throws<ArgumentException>(() => client.ModelsUri(subscription, region));
        }

        [Fact]
        public void AcceptsARegionNewerThanTheCatalogInArmForm()
        {
            var client = new ModelAvailabilityClient(new ScriptedTransport(u => null));
            Assert.EndsWith("/locations/newregion2/models?api-version=2024-10-01", client.ModelsUri(Subscription, "NewRegion2").AbsoluteUri);
        }
    }
}
