#nullable enable
using System;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>
    /// Resource Graph POSTs through the connection's shared <see cref="RealtimeServiceClient"/> pipeline (retry policy,
    /// timeouts, client request ids, exchange recorder) with a Resource Manager token. Raw REST on purpose: the
    /// Azure.ResourceManager.ResourceGraph package would bring the whole Azure.ResourceManager stack into the module.
    /// </summary>
    internal sealed class ServiceClientResourceGraphTransport : IResourceGraphTransport
    {
        private readonly RealtimeServiceClient _client;
        private readonly string _scope;

        public ServiceClientResourceGraphTransport(RealtimeServiceClient client, Uri resourceManagerEndpoint)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _scope = DeploymentClient.ScopeFor(resourceManagerEndpoint);
        }

        public async Task<ResourceGraphResponse> PostAsync(Uri url, string body, CancellationToken cancellationToken)
        {
            // Transport failures (network, timeout, no token) arrive as the service exception the pipeline raised.
            var response = await _client.SendAsync(new ServiceRequest
            {
                Method = "POST",
                Uri = url.AbsoluteUri,
                Body = body,
                Scope = _scope,
                Operation = "QueryResourceGraph",
                Description = "Querying Azure Resource Graph",
                ThrowOnError = false,
            }, cancellationToken).ConfigureAwait(false);
            return new ResourceGraphResponse(response.Status, response.Content, response.Headers);
        }

        /// <summary>The Resource Graph client for a connection; an api-key connection cannot query and gets a clear error.</summary>
        public static ResourceGraphClient CreateClient(RealtimeServiceClient serviceClient, Uri resourceManagerEndpoint)
        {
            if (serviceClient == null) throw new ArgumentNullException(nameof(serviceClient));
            if (serviceClient.Connection.AuthMode == AuthMode.ApiKey)
                throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.NoResourceManagerCredential,
                    "The connection uses an api-key, and data-plane keys do not grant Azure Resource Graph or ARM access.",
                    recommendedAction: "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity with the Reader role on the subscriptions to sweep.");
            return new ResourceGraphClient(new ServiceClientResourceGraphTransport(serviceClient, resourceManagerEndpoint), resourceManagerEndpoint);
        }
    }
}
