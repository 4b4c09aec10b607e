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
        internal static TokenCredential? Create(RealtimeConnection connection)
        {
            switch (connection.AuthMode)
            {
                case AuthMode.AccessToken:
                    // The connection refuses AccessToken mode without a token, so the secret is there.
                    return new StaticAccessTokenCredential(connection.RevealSecret() ?? throw new InvalidOperationException("The connection has no access token."));
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

    /// <summary>A token the user already holds (-AccessToken). It cannot be refreshed: a 401 after expiry says so.</summary>
    internal sealed class StaticAccessTokenCredential : TokenCredential
    {
        private readonly AccessToken _token;

        internal StaticAccessTokenCredential(string token)
        {
            // The expiry is unknown; an hour in the future keeps the bearer policy from asking again.
            _token = new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => _token;

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new ValueTask<AccessToken>(_token);
    }
}
