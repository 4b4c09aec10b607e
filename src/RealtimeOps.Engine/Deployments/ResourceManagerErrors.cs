using System;
using System.Text.Json;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>Turns ARM answers into clear errors (roles for 401/403, "no such account" for 404).</summary>
    internal static class ResourceManagerErrors
    {
        /// <summary>A failed ARM read: kind, message, status, ARM's error.code and x-ms-request-id, and what to do.</summary>
        internal static RealtimeServiceException Create(RealtimeServiceErrorKind kind, string message, int? status = null, string? errorCode = null,
            string? requestId = null, string? recommendedAction = null, Exception? inner = null) =>
            new RealtimeServiceException(kind, message, status, errorCode, inner: inner) { RequestId = requestId, RecommendedAction = recommendedAction };

        /// <summary>The error id a cmdlet reports for a failed ARM read: &lt;What&gt;&lt;Why&gt;.</summary>
        public static string ErrorIdFor(RealtimeServiceErrorKind kind)
        {
            switch (kind)
            {
                case RealtimeServiceErrorKind.NoResourceManagerCredential: return "DeploymentReadNeedsEntraIdentity";
                case RealtimeServiceErrorKind.Unauthorized: return "DeploymentReadUnauthorized";
                case RealtimeServiceErrorKind.Forbidden: return "DeploymentReadForbidden";
                case RealtimeServiceErrorKind.NotFound: return "DeploymentAccountNotFound";
                case RealtimeServiceErrorKind.Throttled: return "DeploymentReadThrottled";
                case RealtimeServiceErrorKind.ServiceError: return "DeploymentReadServiceError";
                case RealtimeServiceErrorKind.Network: return "DeploymentReadNetworkError";
                case RealtimeServiceErrorKind.Timeout: return "DeploymentReadTimeout";
                case RealtimeServiceErrorKind.InvalidRequest: return "DeploymentReadInvalidRequest";
                default: return "DeploymentReadUnexpectedResponse";
            }
        }

        internal const string RoleHint =
            "Reading deployments needs an Entra identity (managed identity, Azure CLI, pipeline or default credential) with the Reader role on the account " +
            "(or any role with Microsoft.CognitiveServices/accounts/deployments/read); data-plane keys (api-key) do not grant ARM access. Role changes can take about 5 minutes.";

        public static RealtimeServiceException NoCredential(AccountResourceId? account, string authMode) =>
            Create(RealtimeServiceErrorKind.NoResourceManagerCredential,
                $"The connection uses {authMode}, and data-plane keys (api-key) do not grant ARM access: RealtimeOps cannot read the deployments of account '{account?.AccountName}'.",
                recommendedAction: "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity that has the Reader role on the account, or test offline with -Region.");

        public static RealtimeServiceException FromResponse(int status, string body, AccountResourceId? account, string? requestId)
        {
            ReadError(body, out var code, out var serviceMessage);
            var where = account == null ? "the account" : $"account '{account.AccountName}' in resource group '{account.ResourceGroupName}' (subscription {account.SubscriptionId})";
            var said = string.IsNullOrEmpty(serviceMessage) ? string.Empty : $" ARM said: {serviceMessage}";
            var codeText = string.IsNullOrEmpty(code) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {code}";
            var rid = string.IsNullOrEmpty(requestId) ? string.Empty : $" (x-ms-request-id {requestId})";
            switch (status)
            {
                case 401:
                    return Create(RealtimeServiceErrorKind.Unauthorized,
                        $"ARM did not accept the credential for {where} ({codeText}){rid}.{said} {RoleHint}",
                        status, code, requestId, "Connect with an identity whose token is for https://management.azure.com and give it the Reader role on the account.");
                case 403:
                    return Create(RealtimeServiceErrorKind.Forbidden,
                        $"Not authorized to read {where} ({codeText}){rid}: the identity needs the Reader role on the account.{said} Note that data-plane keys (api-key) do not grant ARM access.",
                        status, code, requestId, "Assign the Reader role on the account (az role assignment create --role Reader --scope <account id> --assignee <principal>) and retry after about 5 minutes.");
                case 404:
                    return Create(RealtimeServiceErrorKind.NotFound,
                        $"There is no such account in that resource group: ARM found no Cognitive Services account '{account?.AccountName}' in resource group '{account?.ResourceGroupName}' of subscription {account?.SubscriptionId} ({codeText}){rid}.",
                        status, code, requestId, "Check -AccountName, -ResourceGroupName and -SubscriptionId (or -ResourceId), for example with Get-AzCognitiveServicesAccount.");
                default:
                    return FromOtherStatus(status, where, codeText, rid, said, code, requestId);
            }
        }

        /// <summary>429, 5xx, other 4xx and unexpected statuses of any ARM read; <paramref name="where"/> names what was read.</summary>
        internal static RealtimeServiceException FromOtherStatus(int status, string where, string codeText, string rid, string said, string? code, string? requestId)
        {
            if (status == 429)
                return Create(RealtimeServiceErrorKind.Throttled,
                    $"ARM throttled the read of {where} ({codeText}){rid} and retries did not get through.{said}",
                    status, code, requestId, "Wait and try again; raise -MaxRetries for long runs.");
            if (status >= 500)
                return Create(RealtimeServiceErrorKind.ServiceError,
                    $"ARM failed reading {where} ({codeText}){rid}.{said}", status, code, requestId, "Try again; if it persists, check Azure status.");
            if (status >= 400)
                return Create(RealtimeServiceErrorKind.InvalidRequest,
                    $"ARM rejected the read of {where} ({codeText}){rid}.{said}", status, code, requestId,
                    "Check the subscription id and the -ResourceManagerEndpoint.");
            return Create(RealtimeServiceErrorKind.UnexpectedResponse,
                $"ARM answered {status} reading {where}{rid}; RealtimeOps expected 200.", status, code, requestId);
        }

        internal static void ReadError(string body, out string? code, out string? message)
        {
            code = null;
            message = null;
            if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{') return;
            try
            {
                using (var doc = JsonDocument.Parse(body))
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
                    {
                        if (e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) code = c.GetString();
                        if (e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString();
                    }
                }
            }
            catch (JsonException)
            {
                // A gateway's HTML or a truncated body: the status alone still says what happened.
            }
        }
    }
}
