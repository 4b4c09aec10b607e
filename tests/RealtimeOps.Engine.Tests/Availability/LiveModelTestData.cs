using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Tests.Availability
{
    /// <summary>Model-list and usage pages in the shape ARM answers (Models - List, Usages - List).</summary>
    internal static class LiveModelTestData
    {
        internal const string Subscription = "00000000-0000-0000-0000-0000000000aa";
        internal static readonly DateTime ReadAt = new DateTime(2026, 12, 1, 7, 0, 0, DateTimeKind.Utc);

        internal static string Model(string name, string version, string retires = "2027-04-06T00:00:00Z", string lifecycle = "GenerallyAvailable",
            bool isDefault = true, string capabilities = "\"realtime\":\"true\"", params string[] skus)
        {
            var skuJson = (skus.Length == 0 ? new[] { "GlobalStandard" } : skus).Select(s =>
                "{\"name\":\"" + s + "\",\"usageName\":\"OpenAI." + s + "." + name + "\",\"capacity\":{\"default\":10,\"maximum\":1000,\"minimum\":1,\"step\":1}," +
                "\"rateLimits\":[{\"key\":\"request\",\"renewalPeriod\":60,\"count\":6},{\"key\":\"token\",\"renewalPeriod\":60.0,\"count\":1000}]}");
            var deprecation = retires == null ? "" : ",\"deprecation\":{\"inference\":\"" + retires + "\",\"fineTune\":\"" + retires + "\"}";
            return "{\"kind\":\"OpenAI\",\"skuName\":\"S0\",\"model\":{\"format\":\"OpenAI\",\"name\":\"" + name + "\",\"version\":\"" + version + "\"," +
                   "\"capabilities\":{" + capabilities + "}" + deprecation + ",\"lifecycleStatus\":\"" + lifecycle + "\",\"isDefaultVersion\":" + (isDefault ? "true" : "false") +
                   ",\"maxCapacity\":1000,\"skus\":[" + string.Join(",", skuJson) + "]}}";
        }

        internal static string Usage(string name, double used, double limit) =>
            "{\"name\":{\"value\":\"" + name + "\",\"localizedValue\":\"" + name + "\"},\"currentValue\":" + used.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            ",\"limit\":" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"unit\":\"Count\"}";

        internal static string Page(IEnumerable<string> items, string nextLink = null) =>
            "{\"value\":[" + string.Join(",", items) + "]" + (nextLink == null ? "" : ",\"nextLink\":\"" + nextLink + "\"") + "}";

        internal static RegionModelList List(string region, string modelsPage, string usagesPage) =>
            new ModelAvailabilityClient(new ScriptedTransport(u => new ResourceManagerResponse(200, u.AbsolutePath.EndsWith("/usages") ? usagesPage : modelsPage, "rid")),
                    new Uri("https://management.azure.com/"), clock: () => ReadAt)
                .GetRegionAsync(Subscription, region, CancellationToken.None).GetAwaiter().GetResult();
    }

    internal sealed class ScriptedTransport : IResourceManagerTransport
    {
        private readonly Func<Uri, ResourceManagerResponse> _answer;
        public readonly List<(Uri Url, string Operation)> Calls = new List<(Uri, string)>();
        public ScriptedTransport(Func<Uri, ResourceManagerResponse> answer) { _answer = answer; }

        public Task<ResourceManagerResponse> GetAsync(Uri url, string operation, CancellationToken cancellationToken)
        {
            lock (Calls) Calls.Add((url, operation));
            return Task.FromResult(_answer(url));
        }
    }
}
