using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>
    /// ARM GETs through the connection's shared <see cref="RealtimeServiceClient"/> pipeline: the same retry policy
    /// (Retry-After honoured), timeouts, client request ids and exchange recorder as every data-plane call, with a
    /// token for the Resource Manager scope.
    /// </summary>
    internal sealed class ServiceClientResourceManagerTransport : IResourceManagerTransport
    {
        private readonly RealtimeServiceClient _client;
        private readonly string _scope;
        private readonly AccountResourceId? _account;

        public ServiceClientResourceManagerTransport(RealtimeServiceClient client, Uri resourceManagerEndpoint, AccountResourceId? account)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _scope = DeploymentClient.ScopeFor(resourceManagerEndpoint);
            _account = account;
        }

        public async Task<ResourceManagerResponse> GetAsync(Uri url, string operation, CancellationToken cancellationToken)
        {
            ServiceResponse response;
            try
            {
                response = await _client.SendAsync(new ServiceRequest
                {
                    Method = "GET",
                    Uri = url.AbsoluteUri,
                    Scope = _scope,
                    Operation = operation,
                    Description = _account == null ? $"Reading {url.AbsolutePath} from Azure Resource Manager"
                        : operation == "ListDeployments"
                        ? $"Reading the deployments of account '{_account?.AccountName}' from Azure Resource Manager"
                        : $"Reading account '{_account?.AccountName}' from Azure Resource Manager",
                    ThrowOnError = false,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled)
            {
                throw Map(ex);
            }
            string? requestId = null;
            if (response.Headers != null)
            {
                if (!response.Headers.TryGetValue("x-ms-request-id", out requestId))
                    response.Headers.TryGetValue("x-ms-correlation-request-id", out requestId);
            }
            var sequences = response.ExchangeSequences ?? Array.Empty<int>();
            return new ResourceManagerResponse(response.Status, response.Content, requestId ?? response.ApimRequestId)
            {
                ExchangeSequences = sequences,
                Exchange = sequences.Count == 0 ? null : _client.Exchanges.Since(sequences.Min() - 1).LastOrDefault(e => sequences.Contains(e.Sequence)),
            };
        }

        private RealtimeServiceException Map(RealtimeServiceException ex)
        {
            switch (ex.Kind)
            {
                case RealtimeServiceErrorKind.Timeout:
                    return ResourceManagerErrors.Create(RealtimeServiceErrorKind.Timeout, ex.Message, recommendedAction: ex.RecommendedAction);
                case RealtimeServiceErrorKind.Network:
                    return ResourceManagerErrors.Create(RealtimeServiceErrorKind.Network, ex.Message, recommendedAction: ex.RecommendedAction);
                case RealtimeServiceErrorKind.Unauthorized:
                    // No token could be obtained (or the connection holds only an api-key).
                    return ResourceManagerErrors.Create(RealtimeServiceErrorKind.Unauthorized,
                        $"{ex.Message} {ResourceManagerErrors.RoleHint}", recommendedAction: ex.RecommendedAction);
                default:
                    return ResourceManagerErrors.Create(RealtimeServiceErrorKind.UnexpectedResponse, ex.Message, ex.Status, ex.ErrorCode,
                        recommendedAction: ex.RecommendedAction);
            }
        }
    }

    /// <summary>Which account to read and where ARM is, from explicit values and the connection.</summary>
    internal sealed class DeploymentAccountSelection
    {
        public string? ResourceId { get; set; }
        public string? SubscriptionId { get; set; }
        public string? ResourceGroupName { get; set; }
        public string? AccountName { get; set; }
        public string? ResourceManagerEndpoint { get; set; }
    }

    /// <summary>Builds a <see cref="DeploymentClient"/> for a connection and works out the account to read.</summary>
    internal static class DeploymentAccess
    {
        /// <summary>
        /// -ResourceId wins; otherwise each of subscription, resource group and account comes from the explicit value or,
        /// when absent, from the connection (Connect-RealtimeOps -SubscriptionId/-ResourceGroupName/-AccountName).
        /// Returns null with <paramref name="missing"/> naming what is missing; throws FormatException/ArgumentException for bad values.
        /// </summary>
        public static AccountResourceId? ResolveAccount(DeploymentAccountSelection selection, RealtimeConnection? connection, out string? missing)
        {
            missing = null;
            selection = selection ?? new DeploymentAccountSelection();
            if (!string.IsNullOrWhiteSpace(selection.ResourceId)) return AccountResourceId.Parse(selection.ResourceId);
            var sub = First(selection.SubscriptionId, connection?.SubscriptionId);
            var rg = First(selection.ResourceGroupName, connection?.ResourceGroupName);
            var account = First(selection.AccountName, connection?.AccountName);
            var absent = new System.Collections.Generic.List<string>();
            if (sub == null) absent.Add("-SubscriptionId");
            if (rg == null) absent.Add("-ResourceGroupName");
            if (account == null) absent.Add("-AccountName");
            if (absent.Count > 0)
            {
                missing = string.Join(", ", absent);
                return null;
            }
            return new AccountResourceId(sub, rg, account);
        }

        public static Uri ResolveResourceManagerEndpoint(string? explicitEndpoint, RealtimeConnection connection)
        {
            if (!string.IsNullOrWhiteSpace(explicitEndpoint))
            {
                if (!Uri.TryCreate(explicitEndpoint!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                    throw new ArgumentException($"-ResourceManagerEndpoint '{explicitEndpoint}' is not an absolute http(s) URL; give e.g. https://management.azure.com or https://management.usgovcloudapi.net.");
                return DeploymentClient.NormalizeEndpoint(uri);
            }
            return DeploymentClient.NormalizeEndpoint(connection?.ResourceManagerEndpoint ?? DeploymentClient.DefaultResourceManagerEndpoint);
        }

        /// <summary>The client for an account; a connection holding only an api-key cannot read ARM and gets a clear error.</summary>
        public static DeploymentClient CreateClient(RealtimeServiceClient serviceClient, Uri resourceManagerEndpoint, AccountResourceId account)
        {
            if (serviceClient == null) throw new ArgumentNullException(nameof(serviceClient));
            if (serviceClient.Connection.AuthMode == AuthMode.ApiKey) throw ResourceManagerErrors.NoCredential(account, "an api-key");
            return new DeploymentClient(new ServiceClientResourceManagerTransport(serviceClient, resourceManagerEndpoint, account), resourceManagerEndpoint);
        }

        private static string? First(string? a, string? b) =>
            !string.IsNullOrWhiteSpace(a) ? a!.Trim() : (!string.IsNullOrWhiteSpace(b) ? b!.Trim() : null);
    }
}
