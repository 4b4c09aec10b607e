using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// The live model reader for Get-RealtimeModel -Location and Find-RealtimeRegion: the subscription from -SubscriptionId or
    /// the connection, the Resource Manager endpoint, and a connection that can read ARM; otherwise the ErrorRecord that says why.
    /// </summary>
    internal static class LiveModelClients
    {
        internal static (ModelAvailabilityClient Client, string Subscription)? TryCreate(string? subscriptionId, string? resourceManagerEndpoint,
            RealtimeConnection connection, Func<RealtimeConnection, RealtimeServiceClient> getClient, out ErrorRecord? error)
        {
            error = null;
            var subscription = LiveModelAccess.ResolveSubscription(subscriptionId, connection);
            if (subscription == null)
            {
                error = Error("ModelListSubscriptionNotSpecified", null,
                    "Which subscription? -SubscriptionId is neither given nor set on the connection; a region's models and quota are read per subscription.",
                    "Pass -SubscriptionId, or run Connect-RealtimeOps with -SubscriptionId; Get-RealtimeModel without -Location lists the dated catalog offline.");
                return null;
            }
            try
            {
                ModelAvailabilityClient.NormalizeSubscription(subscription);
                var endpoint = DeploymentAccess.ResolveResourceManagerEndpoint(resourceManagerEndpoint, connection);
                return (LiveModelAccess.CreateClient(getClient(connection), endpoint, subscription), subscription);
            }
            catch (ArgumentException ex)
            {
                error = Error("ModelListParameterInvalid", subscriptionId ?? resourceManagerEndpoint, ex.Message,
                    "Give -SubscriptionId as a GUID and -ResourceManagerEndpoint as an https URL such as https://management.azure.com.");
            }
            catch (RealtimeServiceException ex)
            {
                error = ModelListErrorRecords.Create(ex, subscription);
            }
            return null;
        }

        /// <summary>RegionNotRecognized for the first -Location that is not a region name (null when all are), before any request.</summary>
        internal static ErrorRecord? CheckRegions(string[]? locations)
        {
            foreach (var location in locations ?? Array.Empty<string>())
            {
                try { ModelAvailabilityClient.NormalizeRegion(location, Engine.Catalog.ServiceCatalog.Current); }
                catch (ArgumentException ex)
                {
                    return Error("RegionNotRecognized", location, ex.Message,
                        "Use an ARM region name such as swedencentral or a display name such as 'Sweden Central'; press Tab after -Location to list them.");
                }
            }
            return null;
        }

        private static ErrorRecord Error(string id, object? target, string message, string action)
        {
            var record = new ErrorRecord(new Cmdlets.RealtimeOpsException(message), id, ErrorCategory.InvalidArgument, target);
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
            return record;
        }
    }
}
