#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>
    /// Reads what a region offers a subscription from Azure Resource Manager (ARM-models):
    /// GET /subscriptions/{sub}/providers/Microsoft.CognitiveServices/locations/{region}/models and .../usages
    /// (api-version 2024-10-01), following nextLink on the same host for at most <see cref="MaxPages"/> pages each.
    /// </summary>
    internal sealed class ModelAvailabilityClient
    {
        public const int MaxPages = 50;
        private readonly IResourceManagerTransport _transport;
        private readonly ServiceCatalog _catalog;
        private readonly Func<DateTimeOffset> _clock;

        public ModelAvailabilityClient(IResourceManagerTransport transport, Uri? resourceManagerEndpoint = null, ServiceCatalog? catalog = null,
            Func<DateTimeOffset>? clock = null)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            ResourceManagerEndpoint = DeploymentClient.NormalizeEndpoint(resourceManagerEndpoint ?? DeploymentClient.DefaultResourceManagerEndpoint);
            _catalog = catalog ?? ServiceCatalog.Current;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public Uri ResourceManagerEndpoint { get; }

        public Uri ModelsUri(string subscriptionId, string region) => LocationUri(subscriptionId, region, "models");

        public Uri UsagesUri(string subscriptionId, string region) => LocationUri(subscriptionId, region, "usages");

        private Uri LocationUri(string subscriptionId, string region, string what) =>
            new Uri(ResourceManagerEndpoint,
                $"subscriptions/{NormalizeSubscription(subscriptionId)}/providers/Microsoft.CognitiveServices/locations/{NormalizeRegion(region, _catalog)}/{what}?api-version={DeploymentClient.ApiVersion}");

        /// <summary>A subscription id is a GUID; anything else would change the URL's path.</summary>
        public static string NormalizeSubscription(string subscriptionId)
        {
            if (string.IsNullOrWhiteSpace(subscriptionId) || !Guid.TryParse(subscriptionId.Trim(), out var id))
                throw new ArgumentException($"'{subscriptionId}' is not a subscription id; give the GUID, such as 00000000-0000-0000-0000-000000000000.");
            return id.ToString("D");
        }

        /// <summary>The ARM name of a region: from the catalog in any spelling, or, for a region newer than the catalog, letters and digits as given.</summary>
        public static string NormalizeRegion(string region, ServiceCatalog catalog)
        {
            if (string.IsNullOrWhiteSpace(region)) throw new ArgumentException("The region is empty; give an ARM region name such as swedencentral.");
            var known = catalog.FindRegion(region);
            if (known != null) return known.Name;
            var compact = new string(region.Where(c => c != ' ').Select(char.ToLowerInvariant).ToArray());
            if (compact.Length == 0 || compact.Length > 64 || !compact.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                throw new ArgumentException($"'{region}' is not an Azure region name; use the ARM form, such as swedencentral.");
            return compact;
        }

        /// <summary>The region's realtime and transcription models with their SKUs and the subscription's quota.</summary>
        public async Task<RegionModelList> GetRegionAsync(string subscriptionId, string region, CancellationToken cancellationToken)
        {
            var sub = NormalizeSubscription(subscriptionId);
            var name = NormalizeRegion(region, _catalog);
            var readAt = _clock().UtcDateTime;
            var entries = await ReadPagesAsync(ModelsUri(sub, name), "ListLocationModels", sub, name, "model list",
                body => (ArmModelListParser.ParseModels(body, out var next), next), cancellationToken).ConfigureAwait(false);
            var usages = await ReadPagesAsync(UsagesUri(sub, name), "ListLocationUsages", sub, name, "quota usages",
                body => (ArmModelListParser.ParseUsages(body, out var next), next), cancellationToken).ConfigureAwait(false);
            return new RegionModelList(name, sub, LiveModelMapper.Map(entries, usages, name, readAt, _catalog), readAt);
        }

        private async Task<List<T>> ReadPagesAsync<T>(Uri first, string operation, string sub, string region, string what,
            Func<string, (IReadOnlyList<T> Items, string? Next)> parse, CancellationToken cancellationToken)
        {
            var all = new List<T>();
            Uri? url = first;
            for (var page = 0; url != null; page++)
            {
                if (page == MaxPages)
                    throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.UnexpectedResponse,
                        $"ARM was still paging the {what} of region '{region}' after {MaxPages} pages; RealtimeOps stops there rather than report a partial list.",
                        recommendedAction: "Try again; if it persists, check -ResourceManagerEndpoint points at Azure Resource Manager.");
                var response = await _transport.GetAsync(url, operation, cancellationToken).ConfigureAwait(false);
                if (response.Status != 200)
                {
                    var failure = LocationReadErrors.FromResponse(response.Status, response.Body, sub, region, what, response.RequestId);
                    failure.ExchangeSequences = response.ExchangeSequences.ToArray();
                    failure.Exchange = response.Exchange;
                    failure.Resource = $"/subscriptions/{sub}/providers/Microsoft.CognitiveServices/locations/{region}";
                    throw failure;
                }
                (IReadOnlyList<T> Items, string? Next) read;
                try
                {
                    read = parse(response.Body);
                }
                catch (FormatException ex)
                {
                    throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.UnexpectedResponse,
                        $"ARM answered 200 for the {what} of region '{region}' but the body could not be read: {ex.Message}", response.Status, null, response.RequestId,
                        "Check -ResourceManagerEndpoint points at Azure Resource Manager.", ex);
                }
                all.AddRange(read.Items);
                url = SameHost(read.Next);
            }
            return all;
        }

        // A nextLink on another host would receive the bearer token; ARM never sends one, so it is not followed.
        private Uri? SameHost(string? next)
        {
            if (string.IsNullOrEmpty(next) || !Uri.TryCreate(next, UriKind.Absolute, out var uri)) return null;
            return string.Equals(uri.GetLeftPart(UriPartial.Authority), ResourceManagerEndpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
                ? uri : null;
        }
    }
}
