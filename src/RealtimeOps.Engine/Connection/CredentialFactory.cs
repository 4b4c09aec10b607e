using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;

namespace RealtimeOps.Engine.Connection
{
    /// <summary>The Azure.Identity credential for a connection's mode. Internal: no Azure type leaves the engine.</summary>
    internal static class CredentialFactory
    {
        internal static TokenCredential Create(RealtimeConnection connection)
        {
            switch (connection.AuthMode)
            {
                case AuthMode.AccessToken:
                    return new StaticAccessTokenCredential(connection.RevealSecret(), connection.TokenScope);
                case AuthMode.ManagedIdentity:
                    return connection.ClientId == null
                        ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(connection.ClientId));
                case AuthMode.AzurePipelines:
                    return new AzurePipelinesCredential(connection.TenantId, connection.ClientId, connection.ServiceConnectionId, connection.RevealSecret());
                case AuthMode.AzureCli:
                    return new AzureCliCredential();
                case AuthMode.DefaultCredential:
                    return connection.ClientId == null
                        ? new DefaultAzureCredential()
                        : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection.ClientId, WorkloadIdentityClientId = connection.ClientId });
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// A token the user already holds (-AccessToken). It cannot be refreshed: a 401 after expiry says so. It was minted for
    /// one audience (the connection's token scope) and is given for that scope only: a request for another scope (Azure
    /// Resource Manager, another resource) fails before anything is sent, so the token never reaches a host of another audience.
    /// </summary>
    internal sealed class StaticAccessTokenCredential : TokenCredential
    {
        private readonly AccessToken _token;
        private readonly string _scope;

        internal StaticAccessTokenCredential(string token, string scope)
        {
            // The expiry is unknown; an hour in the future keeps the bearer policy from asking again.
            _token = new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
            _scope = scope;
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            CheckAudience(requestContext);
            return _token;
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            CheckAudience(requestContext);
            return new ValueTask<AccessToken>(_token);
        }

        private void CheckAudience(TokenRequestContext requestContext)
        {
            foreach (var scope in requestContext.Scopes ?? Array.Empty<string>())
            {
                if (!SameScope(scope, _scope))
                    throw new CredentialUnavailableException(
                        $"the -AccessToken was given for '{_scope}' and is not sent where '{scope}' is needed. Connect with -Identity, -AzureCli, -DefaultCredential or -AzurePipelines to read Azure Resource Manager");
            }
        }

        private static bool SameScope(string a, string b) =>
            string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }
}
