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
                    return new StaticAccessTokenCredential(connection.RevealSecret() ?? throw new InvalidOperationException("The connection has no access token."), connection.TokenScope);
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
    /// A token the user already holds (-AccessToken). It cannot be refreshed: a 401 after expiry says so. It is given for the
    /// connection's token scope (what the user passed it for), and for another scope only when it is a JWT whose audience
    /// is that scope's resource (an ARM token read from its aud claim): an opaque or other-audience token fails before
    /// anything is sent, so it never reaches a host of another audience.
    /// </summary>
    internal sealed class StaticAccessTokenCredential : TokenCredential
    {
        // Azure Resource Manager tokens of the public cloud carry either audience.
        private static readonly string[][] s_sameResource =
        {
            new[] { "https://management.azure.com", "https://management.core.windows.net" },
        };

        private readonly AccessToken _token;
        private readonly string _scope;
        private readonly string? _audience;

        internal StaticAccessTokenCredential(string token, string scope)
        {
            // The expiry is unknown; an hour in the future keeps the bearer policy from asking again.
            _token = new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
            _scope = scope;
            _audience = ReadAudience(token);
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
                if (SameResource(scope, _scope) || (_audience != null && SameResource(scope, _audience))) continue;
                throw new CredentialUnavailableException(
                    $"the -AccessToken was given for '{_scope}' and is not sent where '{scope}' is needed. Connect with -Identity, -AzureCli, -DefaultCredential or -AzurePipelines to read Azure Resource Manager");
            }
        }

        private static string Resource(string scopeOrAudience)
        {
            var r = scopeOrAudience.Trim();
            if (r.EndsWith("/.default", StringComparison.OrdinalIgnoreCase)) r = r.Substring(0, r.Length - "/.default".Length);
            return r.TrimEnd('/').ToLowerInvariant();
        }

        private static bool SameResource(string a, string b)
        {
            var x = Resource(a);
            var y = Resource(b);
            if (x == y) return true;
            foreach (var group in s_sameResource)
                if (Array.IndexOf(group, x) >= 0 && Array.IndexOf(group, y) >= 0) return true;
            return false;
        }

        /// <summary>The aud claim of a JWT (read, not validated: only to decide where the token may go), or null.</summary>
        internal static string? ReadAudience(string token)
        {
            var parts = token.Split('.');
            if (parts.Length != 3 || parts[1].Length == 0) return null;
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using (var doc = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload)))
                {
                    return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                           doc.RootElement.TryGetProperty("aud", out var aud) && aud.ValueKind == System.Text.Json.JsonValueKind.String
                        ? aud.GetString()
                        : null;
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is System.Text.Json.JsonException || ex is ArgumentException)
            {
                return null;
            }
        }
    }
}
