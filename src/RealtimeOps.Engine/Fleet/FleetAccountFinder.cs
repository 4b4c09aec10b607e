#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>What Find-RealtimeAccount asks for.</summary>
    internal sealed class AccountSearch
    {
        public ResourceGraphScope Scope { get; set; } = new ResourceGraphScope();
        /// <summary>Which account names to keep (the cmdlet builds it from PowerShell's own wildcards); null keeps every name.</summary>
        public Func<string, bool>? NameMatches { get; set; }
        /// <summary>ARM region names (swedencentral); empty for every region.</summary>
        public IReadOnlyList<string> Locations { get; set; } = Array.Empty<string>();
    }

    /// <summary>
    /// Finds every Azure OpenAI / AI Services account in a scope with one Resource Graph query (source: ARG,
    /// https://learn.microsoft.com/azure/governance/resource-graph/), ordered by id as ARG paging advises.
    /// </summary>
    internal sealed class FleetAccountFinder
    {
        private static readonly Regex RegionName = new Regex("^[a-z0-9]{2,40}$", RegexOptions.CultureInvariant);
        private readonly ResourceGraphClient _graph;

        public FleetAccountFinder(ResourceGraphClient graph) { _graph = graph ?? throw new ArgumentNullException(nameof(graph)); }

        /// <summary>The KQL; regions go into the query (validated names only), name wildcards are matched on the rows.</summary>
        internal static string BuildQuery(IReadOnlyList<string> locations)
        {
            var kql = new StringBuilder("resources | where type =~ 'microsoft.cognitiveservices/accounts' | where kind in~ ('OpenAI','AIServices')");
            if (locations.Count > 0)
            {
                var regions = locations.Select(NormalizeRegion).ToArray();
                kql.Append(" | where location in~ (").Append(string.Join(",", regions.Select(r => "'" + r + "'"))).Append(')');
            }
            kql.Append(" | project id, name, kind, location, subscriptionId, resourceGroup, endpoint = tostring(properties.endpoint),")
               .Append(" disableLocalAuth = tobool(properties.disableLocalAuth), publicNetworkAccess = tostring(properties.publicNetworkAccess)")
               .Append(" | order by id asc");
            return kql.ToString();
        }

        /// <summary>An ARM region name: "Sweden Central" and "swedencentral" both give swedencentral; anything else throws.</summary>
        internal static string NormalizeRegion(string location)
        {
            var region = (location ?? string.Empty).Replace(" ", string.Empty).ToLowerInvariant();
            if (!RegionName.IsMatch(region))
                throw new ArgumentException($"'{location}' is not an Azure region name; give names such as swedencentral or eastus2.");
            return region;
        }

        /// <summary>Hands every matching account to <paramref name="onAccount"/> as its page arrives; returns how many matched.</summary>
        public async Task<int> FindAsync(AccountSearch search, Action<RealtimeAccount> onAccount, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (search == null) throw new ArgumentNullException(nameof(search));
            var query = BuildQuery(search.Locations);
            observer?.Verbose($"Resource Graph query over the {search.Scope}: {query}");
            var found = 0;
            await _graph.QueryAsync(query, search.Scope, row =>
            {
                var account = FromRow(row);
                if (account == null) return;
                if (search.NameMatches != null && !search.NameMatches(account.Name)) return;
                found++;
                onAccount(account);
            }, observer, cancellationToken).ConfigureAwait(false);
            return found;
        }

        internal static RealtimeAccount? FromRow(JsonElement row)
        {
            var id = Text(row, "id");
            if (id == null || !Deployments.AccountResourceId.TryParse(id, out var parsed, out _)) return null;
            bool? disableLocalAuth = row.TryGetProperty("disableLocalAuth", out var d) && (d.ValueKind == JsonValueKind.True || d.ValueKind == JsonValueKind.False)
                ? d.GetBoolean() : (bool?)null;
            return new RealtimeAccount(id, Text(row, "name") ?? parsed!.AccountName, Text(row, "kind") ?? string.Empty, Text(row, "location") ?? string.Empty,
                Text(row, "subscriptionId") ?? parsed!.SubscriptionId, Text(row, "resourceGroup") ?? parsed!.ResourceGroupName,
                Text(row, "endpoint"), disableLocalAuth, Text(row, "publicNetworkAccess"));
        }

        internal static string? Text(JsonElement row, string name) =>
            row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
