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

        private static string FirstNonEmpty(params Microsoft.Extensions.Primitives.StringValues[] values)
        {
            foreach (var v in values) if (!string.IsNullOrEmpty(v.ToString())) return v.ToString();
            return null;
        }
    }
}
