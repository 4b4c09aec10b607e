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
    public class FleetDeploymentReaderTests
    {
        private static readonly Uri Arm = new Uri("https://management.azure.com/");

        private static ResourceGraphClient EmptyGraph(out ScriptedGraph graph)
        {
            graph = new ScriptedGraph((call, body) => ScriptedGraph.Page(Array.Empty<JsonNode>()));
            return new ResourceGraphClient(graph, Arm, (w, t) => Task.CompletedTask);
        }

        private static ScriptedArm ArmFor(Func<string, ResourceManagerResponse> byAccount, int delayMs = 0) =>
            new ScriptedArm(url => byAccount(url.AbsolutePath.Split('/')[8]), delayMs);

        [Fact]
        public async Task Falls_back_to_ARM_per_account_when_Resource_Graph_lists_no_deployments_and_tags_each_with_its_account()
        {
            var accounts = Enumerable.Range(0, 20).Select(i => FleetData.Account(i)).ToList();
            var arm = ArmFor(name => ScriptedArm.Deployments(("rt-" + name, "gpt-realtime", "2025-08-28")));
            var reader = new FleetDeploymentReader(EmptyGraph(out var graph), _ => arm, Arm, 4);
            var sink = new CollectingSink();
            await reader.ReadAsync(accounts, sink, null, CancellationToken.None);

            Assert.Equal(1, graph.Calls);
            Assert.Equal(20, arm.Calls);
            Assert.Equal(20, sink.Deployments.Count);
            Assert.All(sink.Deployments, d => Assert.Equal("rt-" + d.AccountName, d.Name));
            Assert.All(sink.Deployments, d => Assert.Equal("swedencentral", d.Region));
            Assert.Contains(sink.Deployments, d => d.AccountResourceId == accounts[3].Id);
            Assert.Equal(20, reader.AccountsFromResourceManager);
        }

        [Fact]
        public async Task Runs_no_more_ARM_reads_at_once_than_the_throttle_limit_and_uses_all_of_it()
        {
            var accounts = Enumerable.Range(0, 40).Select(i => FleetData.Account(i)).ToList();
            var arm = ArmFor(name => ScriptedArm.Deployments(("d", "gpt-realtime", "2025-08-28")), delayMs: 20);
            await new FleetDeploymentReader(EmptyGraph(out _), _ => arm, Arm, 5).ReadAsync(accounts, new CollectingSink(), null, CancellationToken.None);
            Assert.Equal(5, arm.MaxInFlight);
        }

        [Fact]
        public async Task One_accounts_403_and_another_accounts_404_are_reported_for_those_accounts_and_the_sweep_goes_on()
        {
            var accounts = Enumerable.Range(0, 10).Select(i => FleetData.Account(i)).ToList();
            var arm = ArmFor(name => name == "acct0003"
                ? new ResourceManagerResponse(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}", "r")
                : name == "acct0007" ? new ResourceManagerResponse(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"gone\"}}", "r")
                : ScriptedArm.Deployments(("d", "gpt-realtime", "2025-08-28")));
            var sink = new CollectingSink();
            await new FleetDeploymentReader(EmptyGraph(out _), _ => arm, Arm, 3).ReadAsync(accounts, sink, null, CancellationToken.None);

            Assert.Equal(8, sink.Deployments.Count);
            var failures = sink.Failures.OrderBy(f => f.Account.Name).ToArray();
            Assert.Equal(new[] { "acct0003", "acct0007" }, failures.Select(f => f.Account.Name));
            Assert.Equal(RealtimeServiceErrorKind.Forbidden, failures[0].Error.Kind);
            Assert.Equal(RealtimeServiceErrorKind.NotFound, failures[1].Error.Kind);
            Assert.Equal(Enumerable.Range(1, 10), sink.Progress.Select(p => p.Done).OrderBy(n => n));
            Assert.All(sink.Progress, p => Assert.Equal(10, p.Total));
        }

        [Fact]
        public async Task Uses_one_Resource_Graph_query_for_accounts_it_indexes_and_ARM_only_for_the_rest()
        {
            var accounts = Enumerable.Range(0, 6).Select(i => FleetData.Account(i)).ToList();
            var graph = new ScriptedGraph((call, body) => ScriptedGraph.Page(accounts.Take(4).Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id + "/deployments/from-graph", ["name"] = "from-graph",
                ["sku"] = new JsonObject { ["name"] = "GlobalStandard", ["capacity"] = 5 },
                ["properties"] = new JsonObject { ["model"] = new JsonObject { ["name"] = "gpt-realtime", ["version"] = "2025-08-28", ["format"] = "OpenAI" }, ["provisioningState"] = "Succeeded" },
            }).Append(new JsonObject { ["id"] = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/not-asked-for/deployments/d", ["name"] = "d" })));
            var arm = ArmFor(name => ScriptedArm.Deployments(("from-arm", "gpt-realtime", "2025-08-28")));
            var sink = new CollectingSink();
            var reader = new FleetDeploymentReader(new ResourceGraphClient(graph, Arm, (w, t) => Task.CompletedTask), _ => arm, Arm, 2);
            await reader.ReadAsync(accounts, sink, null, CancellationToken.None);

            Assert.Equal(1, graph.Calls);
            Assert.Contains("accounts/deployments", graph.Bodies.Single()["query"]!.GetValue<string>());
            Assert.Equal(2, arm.Calls);
            Assert.Equal(4, sink.Deployments.Count(d => d.Name == "from-graph"));
            Assert.Equal(new[] { "acct0004", "acct0005" }, sink.Deployments.Where(d => d.Name == "from-arm").Select(d => d.AccountName).OrderBy(n => n));
            Assert.Equal(5, sink.Deployments.First(d => d.Name == "from-graph").Capacity);
            Assert.Equal(4, reader.AccountsFromResourceGraph);
        }

        [Fact]
        public async Task A_Resource_Graph_failure_falls_back_to_ARM_for_every_account()
        {
            var accounts = Enumerable.Range(0, 3).Select(i => FleetData.Account(i)).ToList();
            var graph = new ScriptedGraph((call, body) => new ResourceGraphResponse(400, "{\"error\":{\"code\":\"BadRequest\"}}", null));
            var arm = ArmFor(name => ScriptedArm.Deployments(("d", "gpt-realtime", "2025-08-28")));
            var sink = new CollectingSink();
            await new FleetDeploymentReader(new ResourceGraphClient(graph, Arm, (w, t) => Task.CompletedTask), _ => arm, Arm).ReadAsync(accounts, sink, null, CancellationToken.None);
            Assert.Equal(3, sink.Deployments.Count);
            Assert.Empty(sink.Failures);
        }

        [Fact]
        public async Task Hands_each_deployment_over_as_it_is_read_rather_than_at_the_end()
        {
            // The sink sees the first deployment while most accounts are still unread: nothing is gathered up first.
            var accounts = Enumerable.Range(0, 30).Select(i => FleetData.Account(i)).ToList();
            var arm = ArmFor(name => ScriptedArm.Deployments(("d", "gpt-realtime", "2025-08-28")), delayMs: 5);
            var sink = new CollectingSink();
            int? callsAtFirst = null;
            sink.OnDeployment = d => { if (callsAtFirst == null) callsAtFirst = Volatile.Read(ref arm.Calls); };
            await new FleetDeploymentReader(EmptyGraph(out _), _ => arm, Arm, 2).ReadAsync(accounts, sink, null, CancellationToken.None);
            Assert.True(callsAtFirst <= 3, $"the first deployment arrived after {callsAtFirst} reads");
        }

        [Fact]
        public async Task A_sweep_of_2000_deployments_keeps_none_of_them_once_handed_over()
        {
            var accounts = Enumerable.Range(0, 500).Select(i => FleetData.Account(i)).ToList();
            var arm = ArmFor(name => ScriptedArm.Deployments(("a", "gpt-realtime", "2025-08-28"), ("b", "gpt-realtime", "2025-08-28"),
                ("c", "gpt-4o-transcribe", "2025-03-20"), ("d", "gpt-4o", "2024-11-20")));
            var handedOver = new List<WeakReference>();
            var sink = new WeakSink(handedOver);
            var reader = new FleetDeploymentReader(EmptyGraph(out _), _ => arm, Arm, 8);
            await reader.ReadAsync(accounts, sink, null, CancellationToken.None);
            Assert.Equal(2000, handedOver.Count);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Equal(0, handedOver.Count(w => w.IsAlive));
            GC.KeepAlive(reader);
        }

        /// <summary>Remembers each deployment only weakly: whatever stays alive is held by the reader.</summary>
        private sealed class WeakSink : IFleetDeploymentSink
        {
            private readonly List<WeakReference> _seen;
            public WeakSink(List<WeakReference> seen) { _seen = seen; }
            public void Deployment(RealtimeDeployment deployment) { lock (_seen) _seen.Add(new WeakReference(deployment)); }
            public void AccountFailed(RealtimeAccount account, RealtimeServiceException error) { }
            public void AccountDone(RealtimeAccount account, int done, int total) { }
        }

        [Fact]
        public async Task Cancellation_stops_the_sweep()
        {
            var accounts = Enumerable.Range(0, 50).Select(i => FleetData.Account(i)).ToList();
            var arm = ArmFor(name => ScriptedArm.Deployments(("d", "gpt-realtime", "2025-08-28")), delayMs: 10);
            using var cts = new CancellationTokenSource();
            var sink = new CollectingSink { OnDeployment = d => cts.Cancel() };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new FleetDeploymentReader(EmptyGraph(out _), _ => arm, Arm, 2).ReadAsync(accounts, sink, null, cts.Token));
            Assert.True(arm.Calls < 10, $"{arm.Calls} reads after cancellation was asked for");
        }
    }
}
