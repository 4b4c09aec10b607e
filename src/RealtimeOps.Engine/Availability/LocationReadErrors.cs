#nullable enable
using System.Globalization;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>
    /// Clear errors for the subscription-scoped reads of a region (models, usages): which role on which scope for
    /// 401/403, and that data-plane keys grant no ARM access.
    /// </summary>
    internal static class LocationReadErrors
    {
        internal const string RoleHint =
            "Reading a region's models and quota needs an Entra identity (managed identity, Azure CLI, pipeline or default credential) with the Reader role " +
            "on the subscription (or any role with Microsoft.CognitiveServices/locations/models/read and locations/usages/read); data-plane keys (api-key) " +
            "do not grant ARM access. Role changes can take about 5 minutes.";

        public static RealtimeServiceException NoCredential(string subscriptionId, string authMode) =>
            ResourceManagerErrors.Create(RealtimeServiceErrorKind.NoResourceManagerCredential,
                $"The connection uses {authMode}, and data-plane keys (api-key) do not grant ARM access: RealtimeOps cannot read the models and quota of subscription {subscriptionId}.",
                recommendedAction: "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity that has the Reader role on the subscription, or leave out -Location to use the dated catalog.");

        public static RealtimeServiceException FromResponse(int status, string body, string subscriptionId, string region, string what, string? requestId)
        {
            ResourceManagerErrors.ReadError(body, out var code, out var serviceMessage);
            var where = $"the {what} of region '{region}' in subscription {subscriptionId}";
            var said = string.IsNullOrEmpty(serviceMessage) ? string.Empty : $" ARM said: {serviceMessage}";
            var codeText = string.IsNullOrEmpty(code) ? status.ToString(CultureInfo.InvariantCulture) : $"{status} {code}";
            var rid = string.IsNullOrEmpty(requestId) ? string.Empty : $" (x-ms-request-id {requestId})";
            if (status == 401)
                return ResourceManagerErrors.Create(RealtimeServiceErrorKind.Unauthorized,
                    $"ARM did not accept the credential for {where} ({codeText}){rid}.{said} {RoleHint}", status, code, requestId,
                    "Connect with an identity whose token is for https://management.azure.com and give it the Reader role on the subscription.");
            if (status == 403)
                return ResourceManagerErrors.Create(RealtimeServiceErrorKind.Forbidden,
                    $"Not authorized to read {where} ({codeText}){rid}: the identity needs the Reader role on the subscription.{said} Note that data-plane keys (api-key) do not grant ARM access.",
                    status, code, requestId,
                    $"Assign the Reader role on the subscription (az role assignment create --role Reader --scope /subscriptions/{subscriptionId} --assignee <principal>) and retry after about 5 minutes.");
            if (status == 404)
                return ResourceManagerErrors.Create(RealtimeServiceErrorKind.InvalidRequest,
                    $"ARM found no {what} for region '{region}' in subscription {subscriptionId} ({codeText}){rid}.{said}", status, code, requestId,
                    "Check -SubscriptionId and the region name (ARM form, such as swedencentral).");
            return ResourceManagerErrors.FromOtherStatus(status, where, codeText, rid, said, code, requestId);
        }
    }
}
