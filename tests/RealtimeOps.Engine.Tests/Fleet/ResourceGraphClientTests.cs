#nullable enable
using System;
using Xunit;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Fleet;

namespace RealtimeOps.Engine.Tests.Fleet
{
    public class ResourceGraphClientTests
    {
        private readonly List<TimeSpan> _waits = new List<TimeSpan>();

        private ResourceGraphClient Client(ScriptedGraph graph, int pageSize = 1000) =>
            new ResourceGraphClient(graph, new Uri("https://management.azure.com/"), (wait, _) => { lock (_waits) _waits.Add(wait); return Task.CompletedTask; }, pageSize);

        private static async Task<List<RealtimeAccount>> Find(ResourceGraphClient client, AccountSearch search)
        {
            var found = new List<RealtimeAccount>();
            await new FleetAccountFinder(client).FindAsync(search, found.Add, null, CancellationToken.None);
            return found;
        }

        [Fact]
        public async Task Pages_with_skipToken_resending_the_same_query_and_scope_until_it_is_absent()
        {
            var all = Enumerable.Range(0, 2500).Select(i => ScriptedGraph.Account(i)).ToArray();
            var graph = new ScriptedGraph((call, body) =>
            {
                var offset = body["options"]!["$skipToken"] is JsonNode t ? int.Parse(t.GetValue<string>()) : 0;
                var next = offset + 1000 < all.Length ? (offset + 1000).ToString() : null;
                return ScriptedGraph.Page(all.Skip(offset).Take(1000), next);
            });
            var found = await Find(Client(graph), new AccountSearch { Scope = new ResourceGraphScope(new[] { "00000000-0000-0000-0000-000000000001" }) });

            Assert.Equal(2500, found.Count);
            Assert.Equal(3, graph.Calls);
            var bodies = graph.Bodies.ToArray();
            Assert.All(bodies, b => Assert.Equal(bodies[0]["query"]!.GetValue<string>(), b["query"]!.GetValue<string>()));
            Assert.All(bodies, b => Assert.Equal("00000000-0000-0000-0000-000000000001", b["subscriptions"]![0]!.GetValue<string>()));
            Assert.Null(bodies[0]["options"]!["$skipToken"]);
            Assert.Equal("2000", bodies[2]["options"]!["$skipToken"]!.GetValue<string>());
            Assert.All(bodies, b => Assert.Equal("objectArray", b["options"]!["resultFormat"]!.GetValue<string>()));
            Assert.Contains("order by id asc", bodies[0]["query"]!.GetValue<string>());
            var first = found[0];
            Assert.Equal("acct0000", first.Name);
            Assert.Equal("https://acct0000.openai.azure.com/", first.Endpoint);
            Assert.True(first.DisableLocalAuth);
            Assert.Equal("rg", first.ResourceGroup);
        }

        [Fact]
        public async Task Sends_subscriptions_in_batches_under_300()
        {
            var subs = Enumerable.Range(0, 700).Select(i => $"00000000-0000-0000-0000-{i:d12}").ToArray();
            var graph = new ScriptedGraph((call, body) => ScriptedGraph.Page(new[] { ScriptedGraph.Account(call, body["subscriptions"]![0]!.GetValue<string>()) }));
            var found = await Find(Client(graph), new AccountSearch { Scope = new ResourceGraphScope(subs) });

            var sizes = graph.Bodies.Select(b => b["subscriptions"]!.AsArray().Count).ToArray();
            Assert.All(sizes, n => Assert.True(n < 300, $"a request carried {n} subscriptions"));
            Assert.Equal(700, sizes.Sum());
            Assert.Equal(subs, graph.Bodies.SelectMany(b => b["subscriptions"]!.AsArray().Select(s => s!.GetValue<string>())).ToArray());
            Assert.Equal(sizes.Length, found.Count);
        }

        [Fact]
        public async Task Tenant_scope_sends_no_scope_and_management_groups_go_as_managementGroups()
        {
            var graph = new ScriptedGraph((call, body) => ScriptedGraph.Page(Array.Empty<JsonNode>()));
            await Find(Client(graph), new AccountSearch());
            await Find(Client(graph), new AccountSearch { Scope = new ResourceGraphScope(null, new[] { "mg-a", "mg-b" }) });
            var bodies = graph.Bodies.ToArray();
            Assert.Null(bodies[0]["subscriptions"]);
            Assert.Null(bodies[0]["managementGroups"]);
            Assert.Equal(new[] { "mg-a", "mg-b" }, bodies[1]["managementGroups"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Null(bodies[1]["subscriptions"]);
        }

        [Fact]
        public async Task Waits_the_reset_time_when_the_quota_reaches_zero_before_the_next_page()
        {
            var graph = new ScriptedGraph((call, body) => call == 1
                ? ScriptedGraph.Page(new[] { ScriptedGraph.Account(1) }, "p2", remaining: 0, resets: "00:00:03")
                : ScriptedGraph.Page(new[] { ScriptedGraph.Account(2) }, null, remaining: 14));
            var found = await Find(Client(graph), new AccountSearch());
            Assert.Equal(2, found.Count);
            Assert.Equal(new[] { TimeSpan.FromSeconds(3) }, _waits);
        }

        [Fact]
        public async Task A_429_waits_its_Retry_After_and_sends_the_page_again_without_failing_the_sweep()
        {
            var graph = new ScriptedGraph((call, body) => call == 2
                ? new ResourceGraphResponse(429, "{\"error\":{\"code\":\"RateLimiting\",\"message\":\"Too many requests\"}}",
                    new Dictionary<string, string> { ["Retry-After"] = "7", ["x-ms-user-quota-remaining"] = "0", ["x-ms-user-quota-resets-after"] = "00:00:02" })
                : call == 1 ? ScriptedGraph.Page(new[] { ScriptedGraph.Account(1) }, "p2") : ScriptedGraph.Page(new[] { ScriptedGraph.Account(2) }));
            var found = await Find(Client(graph), new AccountSearch());
            Assert.Equal(new[] { "acct0001", "acct0002" }, found.Select(a => a.Name));
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, _waits);
            var bodies = graph.Bodies.ToArray();
            Assert.Equal("p2", bodies[2]["options"]!["$skipToken"]!.GetValue<string>());
        }

        [Fact]
        public async Task A_429_without_Retry_After_waits_the_quota_reset()
        {
            var graph = new ScriptedGraph((call, body) => call == 1
                ? new ResourceGraphResponse(429, "{}", new Dictionary<string, string> { ["x-ms-user-quota-resets-after"] = "00:00:04" })
                : ScriptedGraph.Page(new[] { ScriptedGraph.Account(1) }));
            Assert.Single(await Find(Client(graph), new AccountSearch()));
            Assert.Equal(new[] { TimeSpan.FromSeconds(4) }, _waits);
        }

        [Fact]
        public async Task Persistent_throttling_ends_with_a_Throttled_error_after_a_bounded_number_of_retries()
        {
            var graph = new ScriptedGraph((call, body) => new ResourceGraphResponse(429, "{}", new Dictionary<string, string> { ["Retry-After"] = "1" }));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => Find(Client(graph), new AccountSearch()));
            Assert.Equal(RealtimeServiceErrorKind.Throttled, ex.Kind);
            Assert.Equal(7, graph.Calls);
        }

        [Fact]
        public async Task A_403_is_a_Forbidden_error_that_names_the_Reader_role()
        {
            var graph = new ScriptedGraph((call, body) => new ResourceGraphResponse(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}", null));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => Find(Client(graph), new AccountSearch()));
            Assert.Equal(RealtimeServiceErrorKind.Forbidden, ex.Kind);
            Assert.Contains("Reader", ex.RecommendedAction);
        }

        [Fact]
        public async Task A_body_without_data_is_an_UnexpectedResponse()
        {
            var graph = new ScriptedGraph((call, body) => new ResourceGraphResponse(200, "<html>proxy</html>", null));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => Find(Client(graph), new AccountSearch()));
            Assert.Equal(RealtimeServiceErrorKind.UnexpectedResponse, ex.Kind);
        }

        [Fact]
        public async Task The_name_filter_is_applied_to_rows_and_locations_go_into_the_query()
        {
            // The cmdlet builds the filter from PowerShell's WildcardPattern (-Name 'ACCT001?','acct0025'; Fleet.Tests covers the wildcards).
            var graph = new ScriptedGraph((call, body) => ScriptedGraph.Page(Enumerable.Range(0, 30).Select(i => ScriptedGraph.Account(i))));
            var found = await Find(Client(graph), new AccountSearch
            {
                NameMatches = n => (n.Length == 8 && n.StartsWith("acct001", StringComparison.OrdinalIgnoreCase)) || n == "acct0025",
                Locations = new[] { "swedencentral", "East US 2" },
            });
            Assert.Equal(Enumerable.Range(10, 10).Select(i => $"acct{i:d4}").Append("acct0025"), found.Select(a => a.Name));
            Assert.Contains("where location in~ ('swedencentral','eastus2')", graph.Bodies.First()["query"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("sweden'central")]
        [InlineData("x) | project secrets")]
        [InlineData("")]
        public void A_location_that_is_not_a_region_name_is_refused_before_it_reaches_the_query(string location)
        {
            Assert.Throws<ArgumentException>(() => FleetAccountFinder.BuildQuery(new[] { location }));
        }

        [Theory]
        [InlineData("00:00:05", 5)]
        [InlineData("00:01:00", 60)]
        public void Reads_the_reset_time_as_hh_mm_ss(string value, int seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), ResourceGraphClient.ParseResetsAfter(value));
        }
    }
}
