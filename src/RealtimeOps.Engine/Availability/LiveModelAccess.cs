#nullable enable
using System;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>A region's live model list for the deployment checks, or why there is none (the checks then use the dated catalog).</summary>
    internal sealed class LiveModelRead
    {
        private LiveModelRead(RegionModelList? list, string unavailableReason)
        {
            List = list;
            UnavailableReason = unavailableReason;
        }

        /// <summary>The live list; null when it could not be read.</summary>
        public RegionModelList? List { get; }
        /// <summary>Why there is no live list (empty when there is one).</summary>
        public string UnavailableReason { get; }

        public static LiveModelRead Read(RegionModelList list) => new LiveModelRead(list ?? throw new ArgumentNullException(nameof(list)), string.Empty);
        public static LiveModelRead Unavailable(string reason) => new LiveModelRead(null, reason ?? string.Empty);
    }

    /// <summary>Builds the live model reader for a connection; the same pipeline, token path and exchange log as the deployment reads.</summary>
    internal static class LiveModelAccess
    {
        /// <summary>The explicit subscription, else the connection's; null when neither has one.</summary>
        public static string? ResolveSubscription(string? subscriptionId, RealtimeConnection? connection)
        {
            if (!string.IsNullOrWhiteSpace(subscriptionId)) return subscriptionId!.Trim();
            return string.IsNullOrWhiteSpace(connection?.SubscriptionId) ? null : connection!.SubscriptionId!.Trim();
        }

        /// <summary>The reader; a connection that holds only an api-key cannot read ARM and gets a clear error.</summary>
        public static ModelAvailabilityClient CreateClient(RealtimeServiceClient serviceClient, Uri resourceManagerEndpoint, string subscriptionId,
            Func<DateTimeOffset>? clock = null)
        {
            if (serviceClient == null) throw new ArgumentNullException(nameof(serviceClient));
            if (serviceClient.Connection.AuthMode == AuthMode.ApiKey) throw LocationReadErrors.NoCredential(subscriptionId, "an api-key");
            return new ModelAvailabilityClient(new ServiceClientResourceManagerTransport(serviceClient, resourceManagerEndpoint, null), resourceManagerEndpoint,
                clock: clock);
        }

        /// <summary>
        /// Reads the region for the deployment checks. Never throws for an ARM failure: a subscription-level Reader role is
        /// more than the account reads need, so a refusal here only means the checks fall back to the dated catalog.
        /// </summary>
        public static async Task<LiveModelRead> TryReadAsync(RealtimeServiceClient serviceClient, Uri resourceManagerEndpoint, string subscriptionId,
            string region, CancellationToken cancellationToken)
        {
            try
            {
                var client = CreateClient(serviceClient, resourceManagerEndpoint, subscriptionId);
                return LiveModelRead.Read(await client.GetRegionAsync(subscriptionId, region, cancellationToken).ConfigureAwait(false));
            }
            catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled)
            {
                return LiveModelRead.Unavailable(ex.Message);
            }
            catch (ArgumentException ex)
            {
                return LiveModelRead.Unavailable(ex.Message);
            }
        }
    }
}
