using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// GET /msi/token: the App Service / Azure Automation managed-identity protocol (api-version 2019-08-01)
    /// that MSAL's AppService source speaks when IDENTITY_ENDPOINT and IDENTITY_HEADER are set.
    /// </summary>
    public sealed class ManagedIdentityEndpoint
    {
        /// <summary>The client id reported for the system-assigned identity.</summary>
        public const string SystemAssignedClientId = "00000000-0000-0000-0000-0000000000c1";

        private readonly EmulatorState _state;

        public ManagedIdentityEndpoint(EmulatorState state) { _state = state; }

        public async Task TokenAsync(HttpContext context)
        {
            var query = context.Request.Query;
            var header = context.Request.Headers["X-IDENTITY-HEADER"].ToString();
            if (string.IsNullOrEmpty(header))
            {
                await ServiceResponses.WriteObjectAsync(context, 400, new { statusCode = 400, message = "The X-IDENTITY-HEADER request header is missing.", correlationId = Guid.NewGuid().ToString() });
                return;
            }
            if (!string.Equals(header, _state.Configuration.IdentityHeader, StringComparison.Ordinal))
            {
                await ServiceResponses.WriteObjectAsync(context, 401, new { statusCode = 401, message = "The X-IDENTITY-HEADER request header does not match the value of IDENTITY_HEADER.", correlationId = Guid.NewGuid().ToString() });
                return;
            }
            var apiVersion = query["api-version"].ToString();
            if (apiVersion != "2019-08-01")
            {
                await ServiceResponses.WriteObjectAsync(context, 400, new { statusCode = 400, message = $"api-version '{apiVersion}' is not supported; use 2019-08-01.", correlationId = Guid.NewGuid().ToString() });
                return;
            }
            var resource = query["resource"].ToString();
            if (string.IsNullOrWhiteSpace(resource))
            {
                await ServiceResponses.WriteObjectAsync(context, 400, new { statusCode = 400, message = "The 'resource' query parameter is required.", correlationId = Guid.NewGuid().ToString() });
                return;
            }

            // A user-assigned identity is picked by client_id, mi_res_id, object_id or principal_id; any is accepted.
            var clientId = FirstNonEmpty(query["client_id"], query["object_id"], query["principal_id"]) ?? SystemAssignedClientId;
            var (token, expiresOn) = _state.Credentials.Issue(resource, clientId);
            await ServiceResponses.WriteObjectAsync(context, 200, new
            {
                access_token = token,
                expires_on = expiresOn.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                resource,
                token_type = "Bearer",
                client_id = clientId,
            });
        }

        /// <summary>
        /// GET /metadata/identity/oauth2/token: the Azure VM instance metadata (IMDS) protocol. MSAL sends it to
        /// AZURE_POD_IDENTITY_AUTHORITY_HOST instead of 169.254.169.254 when that variable is set, which is how
        /// the VM path of a managed-identity client is exercised on loopback.
        /// </summary>
        public async Task ImdsTokenAsync(HttpContext context)
        {
            var query = context.Request.Query;
            if (!string.Equals(context.Request.Headers["Metadata"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
            {
                await ServiceResponses.WriteObjectAsync(context, 400, new { error = "invalid_request", error_description = "Required metadata header not specified" });
                return;
            }
            var resource = query["resource"].ToString();
            if (string.IsNullOrWhiteSpace(query["api-version"].ToString()) || string.IsNullOrWhiteSpace(resource))
            {
                await ServiceResponses.WriteObjectAsync(context, 400, new { error = "invalid_request", error_description = "Required query variable 'api-version' and 'resource' must be specified." });
                return;
            }
            var clientId = FirstNonEmpty(query["client_id"], query["object_id"], query["principal_id"]) ?? SystemAssignedClientId;
            var (token, expiresOn) = _state.Credentials.Issue(resource, clientId);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            await ServiceResponses.WriteObjectAsync(context, 200, new
            {
                access_token = token,
                client_id = clientId,
                expires_in = (expiresOn.ToUnixTimeSeconds() - now).ToString(inv),
                expires_on = expiresOn.ToUnixTimeSeconds().ToString(inv),
                ext_expires_in = (expiresOn.ToUnixTimeSeconds() - now).ToString(inv),
                not_before = now.ToString(inv),
                resource,
                token_type = "Bearer",
            });
        }

        private static string FirstNonEmpty(params Microsoft.Extensions.Primitives.StringValues[] values)
        {
            foreach (var v in values) if (!string.IsNullOrEmpty(v.ToString())) return v.ToString();
            return null;
        }
    }
}
