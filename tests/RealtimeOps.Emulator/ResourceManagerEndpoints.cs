using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeOps.Emulator
{
    /// <summary>ARM reads of a Cognitive Services account and its deployments.</summary>
    public sealed class ResourceManagerEndpoints
    {
        private static readonly Regex DatedApiVersion = new Regex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.CultureInvariant);
        private const string Provider = "Microsoft.CognitiveServices";

        private readonly EmulatorState _state;
        private readonly FaultInjector _faults;

        public ResourceManagerEndpoints(EmulatorState state, FaultInjector faults)
        {
            _state = state;
            _faults = faults;
        }

        public async Task AccountAsync(HttpContext context, string subscriptionId, string resourceGroup, string accountName)
        {
            var account = await AuthorizeAndFindAsync(context, subscriptionId, resourceGroup, accountName, "Microsoft.CognitiveServices/accounts/read");
            if (account == null) return;
            await ServiceResponses.WriteJsonAsync(context, 200, AccountJson(account));
        }

        public async Task DeploymentsAsync(HttpContext context, string subscriptionId, string resourceGroup, string accountName)
        {
            var account = await AuthorizeAndFindAsync(context, subscriptionId, resourceGroup, accountName, "Microsoft.CognitiveServices/accounts/deployments/read");
            if (account == null) return;
            var value = new JsonArray(account.Deployments.Select(d => (JsonNode)DeploymentJson(account, d)).ToArray());
            await ServiceResponses.WriteJsonAsync(context, 200, new JsonObject { ["value"] = value });
        }

        public async Task DeploymentAsync(HttpContext context, string subscriptionId, string resourceGroup, string accountName, string deploymentName)
        {
            var account = await AuthorizeAndFindAsync(context, subscriptionId, resourceGroup, accountName, "Microsoft.CognitiveServices/accounts/deployments/read");
            if (account == null) return;
            var deployment = account.Deployments.FirstOrDefault(d => string.Equals(d.Name, deploymentName, StringComparison.OrdinalIgnoreCase));
            if (deployment == null)
            {
                await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("ResourceNotFound",
                    $"The Resource '{Provider}/accounts/{account.Name}/deployments/{deploymentName}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"));
                return;
            }
            await ServiceResponses.WriteJsonAsync(context, 200, DeploymentJson(account, deployment));
        }

        private async Task<AccountDefinition> AuthorizeAndFindAsync(HttpContext context, string subscriptionId, string resourceGroup, string accountName, string action)
        {
            if (!await CheckCallerAsync(context)) return null;

            var config = _state.Configuration;
            var account = string.Equals(subscriptionId, config.SubscriptionId, StringComparison.OrdinalIgnoreCase)
                ? config.Accounts.FirstOrDefault(a => string.Equals(a.Name, accountName, StringComparison.OrdinalIgnoreCase)
                                                   && string.Equals(a.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase))
                : null;

            if (_state.Scenario.Name == FaultScenario.ArmForbidden)
            {
                await WriteForbiddenAsync(context, $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/{Provider}/accounts/{accountName}", action);
                return null;
            }

            if (account == null)
            {
                await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("ResourceNotFound",
                    $"The Resource '{Provider}/accounts/{accountName}' under resource group '{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"));
                return null;
            }
            return account;
        }

        /// <summary>403 AuthorizationFailed as ARM writes it, for the arm-forbidden scenario.</summary>
        internal static Task WriteForbiddenAsync(HttpContext context, string scope, string action)
        {
            var principal = ManagedIdentityEndpoint.SystemAssignedClientId;
            return ServiceResponses.WriteJsonAsync(context, 403, ServiceResponses.AzureError("AuthorizationFailed",
                $"The client '{principal}' with object id '{principal}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."));
        }

        /// <summary>
        /// What every ARM read checks before it looks at the resource: the scenario's faults, a bearer token for the ARM audience,
        /// and a dated api-version. False when the request has been answered.
        /// </summary>
        internal async Task<bool> CheckCallerAsync(HttpContext context)
        {
            var scenario = _state.Scenario;
            if (scenario.HitsArm && await _faults.TryInjectAsync(context, scenario, FaultInjector.Surface.ResourceManager)) return false;

            var authorization = context.Request.Headers.Authorization.ToString();
            var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization.Substring(7).Trim() : null;
            var audience = _state.Credentials.Check(token, out var resource);
            if (audience == TokenAudience.DataPlane || audience == TokenAudience.Other)
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("InvalidAuthenticationTokenAudience",
                    $"The access token has been obtained for wrong audience or resource '{resource}'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'."));
                return false;
            }
            if (audience == TokenAudience.Expired)
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("ExpiredAuthenticationToken",
                    "The access token expiry UTC time is earlier than current UTC time."));
                return false;
            }
            if (audience != TokenAudience.ResourceManager)
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("InvalidAuthenticationToken", "The access token is invalid."));
                return false;
            }

            var apiVersion = context.Request.Query["api-version"].ToString();
            if (string.IsNullOrEmpty(apiVersion))
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests."));
                return false;
            }
            if (!DatedApiVersion.IsMatch(apiVersion))
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("InvalidApiVersionParameter",
                    $"The api-version '{apiVersion}' is invalid. The supported versions are '2024-10-01'."));
                return false;
            }

            return true;
        }

        private string AccountId(AccountDefinition account) =>
            $"/subscriptions/{_state.Configuration.SubscriptionId}/resourceGroups/{account.ResourceGroup}/providers/{Provider}/accounts/{account.Name}";

        private JsonObject AccountJson(AccountDefinition account) => new JsonObject
        {
            ["id"] = AccountId(account),
            ["name"] = account.Name,
            ["type"] = $"{Provider}/accounts",
            ["kind"] = "AIServices",
            ["location"] = account.Location,
            ["sku"] = new JsonObject { ["name"] = "S0" },
            ["properties"] = new JsonObject
            {
                ["endpoint"] = _state.BaseUri,
                ["endpoints"] = new JsonObject
                {
                    ["OpenAI Language Model Instance API"] = _state.BaseUri,
                    ["OpenAI Realtime API"] = _state.BaseUri,
                },
                ["customSubDomainName"] = account.Name,
                ["provisioningState"] = "Succeeded",
            },
        };

        private JsonObject DeploymentJson(AccountDefinition account, DeploymentDefinition d) => new JsonObject
        {
            ["id"] = $"{AccountId(account)}/deployments/{d.Name}",
            ["name"] = d.Name,
            ["type"] = $"{Provider}/accounts/deployments",
            ["sku"] = new JsonObject { ["name"] = d.Sku, ["capacity"] = d.Capacity },
            ["properties"] = new JsonObject
            {
                ["model"] = new JsonObject { ["format"] = "OpenAI", ["name"] = d.Model, ["version"] = d.Version },
                ["provisioningState"] = d.ProvisioningState,
            },
        };
    }
}
