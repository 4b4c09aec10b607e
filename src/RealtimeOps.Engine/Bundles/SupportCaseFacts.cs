#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Probe;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>The facts Azure support asks for. Anything left null is listed under "fill in before sending".</summary>
    internal sealed class SupportCaseFacts
    {
        public string? SubscriptionId { get; set; }
        public string? ResourceGroupName { get; set; }
        public string? ResourceName { get; set; }
        public string? Region { get; set; }
        public string? Endpoint { get; set; }
        public string? Deployment { get; set; }

        /// <summary>Fills every fact still unknown here from <paramref name="other"/> (the first source that knows wins).</summary>
        public SupportCaseFacts FillFrom(SupportCaseFacts? other)
        {
            if (other == null) return this;
            SubscriptionId = First(SubscriptionId, other.SubscriptionId);
            ResourceGroupName = First(ResourceGroupName, other.ResourceGroupName);
            ResourceName = First(ResourceName, other.ResourceName);
            Region = First(Region, other.Region);
            Endpoint = First(Endpoint, other.Endpoint);
            Deployment = First(Deployment, other.Deployment);
            return this;
        }

        /// <summary>
        /// The resource name an Azure endpoint carries in its host ({resource}.openai.azure.com,
        /// .cognitiveservices.azure.com, .services.ai.azure.com); null for any other host.
        /// </summary>
        public static string? ResourceNameFromEndpoint(string? endpoint)
        {
            if (endpoint == null || string.IsNullOrWhiteSpace(endpoint) || !Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri)) return null;
            var host = uri.Host.ToLowerInvariant();
            foreach (var suffix in new[] { ".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com" })
            {
                if (host.EndsWith(suffix, StringComparison.Ordinal) && host.Length > suffix.Length)
                {
                    var name = host.Substring(0, host.Length - suffix.Length);
                    return name.IndexOf('.') >= 0 ? null : name;
                }
            }
            return null;
        }

        private static string? First(string? mine, string? theirs) => string.IsNullOrWhiteSpace(mine) ? (string.IsNullOrWhiteSpace(theirs) ? null : theirs) : mine;

        /// <summary>The facts support needs and nobody could fill in, by the label the summary shows.</summary>
        public IReadOnlyList<string> Unknown()
        {
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(SubscriptionId)) missing.Add("Subscription id");
            if (string.IsNullOrWhiteSpace(ResourceGroupName)) missing.Add("Resource group");
            if (string.IsNullOrWhiteSpace(ResourceName)) missing.Add("Resource name");
            if (string.IsNullOrWhiteSpace(Region)) missing.Add("Region");
            if (string.IsNullOrWhiteSpace(Endpoint)) missing.Add("Endpoint");
            if (string.IsNullOrWhiteSpace(Deployment)) missing.Add("Deployment");
            return missing;
        }
    }

    /// <summary>
    /// Works out the case facts once, from every source in order (the first that knows wins): the values the user gave,
    /// the connection, the deployment results, the probe results, the endpoint's host name, and last the recorded exchanges.
    /// </summary>
    internal static class SupportCaseFactsResolver
    {
        public static SupportCaseFacts Resolve(SupportCaseFacts? given, RealtimeConnection? connection, IEnumerable<object>? deploymentResults,
            IReadOnlyList<RealtimeProbeResult> probes, ExchangeDigest exchanges)
        {
            var facts = new SupportCaseFacts().FillFrom(given);
            if (connection != null)
            {
                facts.FillFrom(new SupportCaseFacts
                {
                    SubscriptionId = connection.SubscriptionId,
                    ResourceGroupName = connection.ResourceGroupName,
                    ResourceName = connection.AccountName,
                    Endpoint = connection.Endpoint?.ToString(),
                    Deployment = connection.Deployment,
                });
            }
            foreach (var d in deploymentResults ?? Enumerable.Empty<object>())
            {
                facts.FillFrom(new SupportCaseFacts { Region = Text(d, "Region"), ResourceName = Text(d, "AccountName"), Deployment = Text(d, "Deployment") });
            }
            facts.FillFrom(new SupportCaseFacts
            {
                Endpoint = probes.Select(p => p.Endpoint).LastOrDefault(e => !string.IsNullOrEmpty(e)),
                Deployment = probes.Select(p => p.Deployment).LastOrDefault(e => !string.IsNullOrEmpty(e)),
            });
            facts.FillFrom(new SupportCaseFacts { ResourceName = SupportCaseFacts.ResourceNameFromEndpoint(facts.Endpoint) });
            facts.FillFrom(new SupportCaseFacts { Region = probes.Select(p => p.Region).FirstOrDefault(r => !string.IsNullOrEmpty(r)) ?? exchanges.Region });
            facts.FillFrom(new SupportCaseFacts { Endpoint = exchanges.Endpoint });
            facts.FillFrom(new SupportCaseFacts { ResourceName = SupportCaseFacts.ResourceNameFromEndpoint(facts.Endpoint) });
            return facts;
        }

        // Deployment results are read by property name: Test-RealtimeDeployment's and Get-RealtimeDeployment's alike.
        private static string? Text(object? item, string property) =>
            item?.GetType().GetProperty(property)?.GetValue(item) as string;
    }
}
