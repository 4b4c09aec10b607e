using System;
using System.Text.Json;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>Why an ARM read failed, in terms a cmdlet maps to an error id and category.</summary>
    public enum ResourceManagerErrorKind
    {
        /// <summary>The connection has no Entra credential (an api-key): keys do not grant ARM access.</summary>
        NoResourceManagerCredential,
        Unauthorized,
        Forbidden,
        AccountNotFound,
        Throttled,
        ServiceError,
        Network,
        Timeout,
        InvalidRequest,
        UnexpectedResponse,
    }

    /// <summary>A failed ARM read. The message never holds a token or a key.</summary>
    public sealed class ResourceManagerException : Exception
    {
        public ResourceManagerException(ResourceManagerErrorKind kind, string message, int? status = null, string errorCode = null,
            string requestId = null, string recommendedAction = null, Exception inner = null)
            : base(message, inner)
        {
            Kind = kind;
            Status = status;
            ErrorCode = errorCode;
            RequestId = requestId;
            RecommendedAction = recommendedAction;
        }

        public ResourceManagerErrorKind Kind { get; }
        public int? Status { get; }
        /// <summary>ARM's error.code (AuthorizationFailed, ResourceNotFound, ...).</summary>
        public string ErrorCode { get; }
        /// <summary>x-ms-request-id (or the correlation id) of the failing answer.</summary>
        public string RequestId { get; }
        public string RecommendedAction { get; }

        /// <summary>True when the failure means "no ARM access" (so deployment checks can still run offline).</summary>
        public bool IsAccessDenied =>
            Kind == ResourceManagerErrorKind.NoResourceManagerCredential || Kind == ResourceManagerErrorKind.Unauthorized || Kind == ResourceManagerErrorKind.Forbidden;
    }

    /// <summary>Turns ARM answers into clear errors (roles for 401/403, "no such account" for 404).</summary>
    public static class ResourceManagerErrors
    {
        internal const string RoleHint =
            "Reading deployments needs an Entra identity (managed identity, Azure CLI, pipeline or default credential) with the Reader role on the account " +
            "(or any role with Microsoft.CognitiveServices/accounts/deployments/read); data-plane keys (api-key) do not grant ARM access. Role changes can take about 5 minutes.";

        public static ResourceManagerException NoCredential(AccountResourceId account, string authMode) =>
            new ResourceManagerException(ResourceManagerErrorKind.NoResourceManagerCredential,
                $"The connection uses {authMode}, and data-plane keys (api-key) do not grant ARM access: RealtimeOps cannot read the deployments of account '{account?.AccountName}'.",
                recommendedAction: "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity that has the Reader role on the account, or test offline with -Region.");

        public static ResourceManagerException FromResponse(int status, string body, AccountResourceId account, string requestId)
        {
            ReadError(body, out var code, out var serviceMessage);
            var where = account == null ? "the account" : $"account '{account.AccountName}' in resource group '{account.ResourceGroupName}' (subscription {account.SubscriptionId})";
            var said = string.IsNullOrEmpty(serviceMessage) ? string.Empty : $" ARM said: {serviceMessage}";
            var codeText = string.IsNullOrEmpty(code) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {code}";
            var rid = string.IsNullOrEmpty(requestId) ? string.Empty : $" (x-ms-request-id {requestId})";
            switch (status)
            {
                case 401:
                    return new ResourceManagerException(ResourceManagerErrorKind.Unauthorized,
                        $"ARM did not accept the credential for {where} ({codeText}){rid}.{said} {RoleHint}",
                        status, code, requestId, "Connect with an identity whose token is for https://management.azure.com and give it the Reader role on the account.");
                case 403:
                    return new ResourceManagerException(ResourceManagerErrorKind.Forbidden,
                        $"Not authorized to read {where} ({codeText}){rid}: the identity needs the Reader role on the account.{said} Note that data-plane keys (api-key) do not grant ARM access.",
                        status, code, requestId, "Assign the Reader role on the account (az role assignment create --role Reader --scope <account id> --assignee <principal>) and retry after about 5 minutes.");
                case 404:
                    return new ResourceManagerException(ResourceManagerErrorKind.AccountNotFound,
                        $"There is no such account in that resource group: ARM found no Cognitive Services account '{account?.AccountName}' in resource group '{account?.ResourceGroupName}' of subscription {account?.SubscriptionId} ({codeText}){rid}.",
                        status, code, requestId, "Check -AccountName, -ResourceGroupName and -SubscriptionId (or -ResourceId), for example with Get-AzCognitiveServicesAccount.");
                default:
                    return FromOtherStatus(status, where, codeText, rid, said, code, requestId);
            }
        }

        /// <summary>429, 5xx, other 4xx and unexpected statuses of any ARM read; <paramref name="where"/> names what was read.</summary>
        internal static ResourceManagerException FromOtherStatus(int status, string where, string codeText, string rid, string said, string code, string requestId)
        {
            if (status == 429)
                return new ResourceManagerException(ResourceManagerErrorKind.Throttled,
                    $"ARM throttled the read of {where} ({codeText}){rid} and retries did not get through.{said}",
                    status, code, requestId, "Wait and try again; raise -MaxRetries for long runs.");
            if (status >= 500)
                return new ResourceManagerException(ResourceManagerErrorKind.ServiceError,
                    $"ARM failed reading {where} ({codeText}){rid}.{said}", status, code, requestId, "Try again; if it persists, check Azure status.");
            if (status >= 400)
                return new ResourceManagerException(ResourceManagerErrorKind.InvalidRequest,
                    $"ARM rejected the read of {where} ({codeText}){rid}.{said}", status, code, requestId,
                    "Check the subscription id and the -ResourceManagerEndpoint.");
            return new ResourceManagerException(ResourceManagerErrorKind.UnexpectedResponse,
                $"ARM answered {status} reading {where}{rid}; RealtimeOps expected 200.", status, code, requestId);
        }

        internal static void ReadError(string body, out string code, out string message)
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
