using System;
using System.Linq;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Catalog;

using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>One ARM answer as the deployment client needs it.</summary>
    internal sealed class ResourceManagerResponse
    {
        public ResourceManagerResponse(int status, string? body, string? requestId)
        {
            Status = status;
            Body = body ?? string.Empty;
            RequestId = requestId;
        }

        public int Status { get; }
        public string Body { get; }
        public string? RequestId { get; }
        /// <summary>Sequences of the exchanges recorded for this read (empty when the transport records none).</summary>
        public IReadOnlyList<int> ExchangeSequences { get; internal set; } = Array.Empty<int>();
        /// <summary>The last recorded exchange of this read, or null.</summary>
        public Exchange? Exchange { get; internal set; }
    }

    /// <summary>
    /// Sends an authenticated ARM GET (scope https://management.azure.com/.default) through the shared pipeline, recording the
    /// exchange. Returns every HTTP answer (errors included) and throws RealtimeServiceException for transport failures.
    /// </summary>
    internal interface IResourceManagerTransport
    {
        Task<ResourceManagerResponse> GetAsync(Uri url, string operation, CancellationToken cancellationToken);
    }

    /// <summary>An account and its deployments, read together.</summary>
    internal sealed class AccountDeployments
    {
        public AccountDeployments(CognitiveServicesAccount account, IReadOnlyList<RealtimeDeployment> deployments)
        {
            Account = account;
            Deployments = deployments;
        }

        public CognitiveServicesAccount Account { get; }
        public IReadOnlyList<RealtimeDeployment> Deployments { get; }
    }

    /// <summary>
    /// Reads a Cognitive Services account and its deployments from ARM (api-version 2024-10-01; Azure REST "Deployments - List", https://learn.microsoft.com/rest/api/aiservices/accountmanagement/deployments/list).
    /// The management endpoint is configurable for sovereign clouds and the emulator.
    /// </summary>
    internal sealed class DeploymentClient
    {
        public const string ApiVersion = "2024-10-01";
        public const string ResourceManagerScope = "https://management.azure.com/.default";
        public static readonly Uri DefaultResourceManagerEndpoint = new Uri("https://management.azure.com/");
        private const int MaxPages = 50;

        private readonly IResourceManagerTransport _transport;
        private readonly ServiceCatalog _catalog;

        public DeploymentClient(IResourceManagerTransport transport, Uri? resourceManagerEndpoint = null, ServiceCatalog? catalog = null)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            ResourceManagerEndpoint = NormalizeEndpoint(resourceManagerEndpoint ?? DefaultResourceManagerEndpoint);
            _catalog = catalog ?? ServiceCatalog.Current;
        }

        public Uri ResourceManagerEndpoint { get; }

        /// <summary>The scope a token for this endpoint needs: {endpoint}/.default, except the emulator and public cloud use management.azure.com.</summary>
        public static string ScopeFor(Uri resourceManagerEndpoint)
        {
            if (resourceManagerEndpoint == null || resourceManagerEndpoint.IsLoopback) return ResourceManagerScope;
            return new Uri(NormalizeEndpoint(resourceManagerEndpoint), ".default").AbsoluteUri;
        }

        public static Uri NormalizeEndpoint(Uri endpoint)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            if (!endpoint.IsAbsoluteUri) throw new ArgumentException($"The resource manager endpoint '{endpoint}' is not an absolute URL.");
            if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
                throw new ArgumentException($"The resource manager endpoint '{endpoint}' must use https (only a loopback address may use http).");
            return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
        }

        public Uri AccountUri(AccountResourceId account) =>
            new Uri(ResourceManagerEndpoint, account.ToString().TrimStart('/') + "?api-version=" + ApiVersion);

        public Uri DeploymentsUri(AccountResourceId account) =>
            new Uri(ResourceManagerEndpoint, account.ToString().TrimStart('/') + "/deployments?api-version=" + ApiVersion);

        public async Task<CognitiveServicesAccount> GetAccountAsync(AccountResourceId account, CancellationToken cancellationToken)
        {
            if (account == null) throw new ArgumentNullException(nameof(account));
            var response = await _transport.GetAsync(AccountUri(account), "GetAccount", cancellationToken).ConfigureAwait(false);
            var body = Require(response, account);
            try
            {
                return ArmDeploymentParser.ParseAccount(body, account, _catalog);
            }
            catch (FormatException ex)
            {
                throw Unexpected(ex, response);
            }
        }

        /// <summary>The account (for its region and endpoint) and every deployment, following nextLink on the same host.</summary>
        public async Task<AccountDeployments> GetDeploymentsAsync(AccountResourceId account, CancellationToken cancellationToken)
        {
            var info = await GetAccountAsync(account, cancellationToken).ConfigureAwait(false);
            var all = new List<RealtimeDeployment>();
            var url = DeploymentsUri(account);
            for (var page = 0; url != null && page < MaxPages; page++)
            {
                var response = await _transport.GetAsync(url, "ListDeployments", cancellationToken).ConfigureAwait(false);
                var body = Require(response, account);
                string? next;
                try
                {
                    all.AddRange(ArmDeploymentParser.ParseDeployments(body, info, out next, _catalog));
                }
                catch (FormatException ex)
                {
                    throw Unexpected(ex, response);
                }
                url = SameHostNextLink(next);
            }
            return new AccountDeployments(info, all);
        }

        // A nextLink elsewhere would receive the bearer token; ARM never sends one, so it is not followed.
        private Uri? SameHostNextLink(string? next)
        {
            if (string.IsNullOrEmpty(next) || !Uri.TryCreate(next, UriKind.Absolute, out var uri)) return null;
            return string.Equals(uri.GetLeftPart(UriPartial.Authority), ResourceManagerEndpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
                ? uri : null;
        }

        private static string Require(ResourceManagerResponse response, AccountResourceId account)
        {
            if (response.Status == 200) return response.Body;
            var failure = ResourceManagerErrors.FromResponse(response.Status, response.Body, account, response.RequestId);
            failure.ExchangeSequences = response.ExchangeSequences.ToArray();
            failure.Exchange = response.Exchange;
            throw failure;
        }

        private static RealtimeServiceException Unexpected(FormatException ex, ResourceManagerResponse response) =>
            ResourceManagerErrors.Create(RealtimeServiceErrorKind.UnexpectedResponse,
                $"ARM answered 200 but the body could not be read: {ex.Message}", response.Status, null, response.RequestId,
                "Check -ResourceManagerEndpoint points at Azure Resource Manager.", ex);
    }
}
