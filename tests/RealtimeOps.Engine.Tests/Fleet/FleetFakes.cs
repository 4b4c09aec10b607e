#nullable enable
using System;
using Xunit;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Fleet;

namespace RealtimeOps.Engine.Tests.Fleet
{
    /// <summary>A Resource Graph stand-in: each POST is answered by a script that sees the call number and the parsed body.</summary>
    internal sealed class ScriptedGraph : IResourceGraphTransport
    {
        private readonly Func<int, JsonNode, ResourceGraphResponse> _reply;
        private int _calls;
        public ConcurrentQueue<JsonNode> Bodies { get; } = new ConcurrentQueue<JsonNode>();

        public ScriptedGraph(Func<int, JsonNode, ResourceGraphResponse> reply) { _reply = reply; }

        public int Calls => _calls;

        public Task<ResourceGraphResponse> PostAsync(Uri url, string body, CancellationToken cancellationToken)
        {
            Assert.Contains("/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", url.AbsoluteUri);
            var node = JsonNode.Parse(body)!;
            Bodies.Enqueue(node);
            return Task.FromResult(_reply(Interlocked.Increment(ref _calls), node));
        }

        public static ResourceGraphResponse Page(IEnumerable<JsonNode> rows, string? skipToken = null, int remaining = 10, string resets = "00:00:05")
        {
            var o = new JsonObject { ["count"] = 0, ["data"] = new JsonArray(rows.Select(r => r.DeepClone()).ToArray()) };
            if (skipToken != null) o["$skipToken"] = skipToken;
            return new ResourceGraphResponse(200, o.ToJsonString(), new Dictionary<string, string>
            {
                ["x-ms-user-quota-remaining"] = remaining.ToString(), ["x-ms-user-quota-resets-after"] = resets,
            });
        }

        public static JsonNode Account(int i, string sub = "00000000-0000-0000-0000-000000000001", string location = "swedencentral") => new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct{i:d4}",
            ["name"] = $"acct{i:d4}", ["kind"] = i % 2 == 0 ? "OpenAI" : "AIServices", ["location"] = location, ["subscriptionId"] = sub,
            ["resourceGroup"] = "rg", ["endpoint"] = $"https://acct{i:d4}.openai.azure.com/", ["disableLocalAuth"] = i % 2 == 0, ["publicNetworkAccess"] = "Enabled",
        };
    }

    /// <summary>ARM deployment lists per account, with a latency and a record of how many reads ran at once.</summary>
    internal sealed class ScriptedArm : IResourceManagerTransport
    {
        private readonly Func<Uri, ResourceManagerResponse> _reply;
        private readonly int _delayMs;
        private int _inFlight;
        public int MaxInFlight;
        public int Calls;

        public ScriptedArm(Func<Uri, ResourceManagerResponse> reply, int delayMs = 0)
        {
            _reply = reply;
            _delayMs = delayMs;
        }

        public async Task<ResourceManagerResponse> GetAsync(Uri url, string operation, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref MaxInFlight)) < now && Interlocked.CompareExchange(ref MaxInFlight, now, seen) != seen) { }
            try
            {
                if (_delayMs > 0) await Task.Delay(_delayMs, cancellationToken);
                return _reply(url);
            }
            finally { Interlocked.Decrement(ref _inFlight); }
        }

        public static ResourceManagerResponse Deployments(params (string Name, string Model, string Version)[] items) =>
            new ResourceManagerResponse(200, new JsonObject
            {
                ["value"] = new JsonArray(items.Select(d => (JsonNode)new JsonObject
                {
                    ["name"] = d.Name, ["sku"] = new JsonObject { ["name"] = "GlobalStandard", ["capacity"] = 10 },
                    ["properties"] = new JsonObject
                    {
                        ["model"] = new JsonObject { ["format"] = "OpenAI", ["name"] = d.Model, ["version"] = d.Version }, ["provisioningState"] = "Succeeded",
                    },
                }).ToArray()),
            }.ToJsonString(), "req-1");
    }

    /// <summary>Collects what a sweep reports (thread-safe).</summary>
    internal sealed class CollectingSink : IFleetDeploymentSink
    {
        public ConcurrentQueue<RealtimeDeployment> Deployments { get; } = new ConcurrentQueue<RealtimeDeployment>();
        public ConcurrentQueue<(RealtimeAccount Account, RealtimeServiceException Error)> Failures { get; } = new ConcurrentQueue<(RealtimeAccount, RealtimeServiceException)>();
        public ConcurrentQueue<(int Done, int Total)> Progress { get; } = new ConcurrentQueue<(int, int)>();
        public Action<RealtimeDeployment>? OnDeployment;

        public void Deployment(RealtimeDeployment deployment) { Deployments.Enqueue(deployment); OnDeployment?.Invoke(deployment); }
        public void AccountFailed(RealtimeAccount account, RealtimeServiceException error) => Failures.Enqueue((account, error));
        public void AccountDone(RealtimeAccount account, int done, int total) => Progress.Enqueue((done, total));
    }

    internal static class FleetData
    {
        public static RealtimeAccount Account(int i, string sub = "00000000-0000-0000-0000-000000000001") =>
            new RealtimeAccount($"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct{i:d4}",
                $"acct{i:d4}", "OpenAI", "swedencentral", sub, "rg", $"https://acct{i:d4}.openai.azure.com/", true, "Enabled");
    }
}
