#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// A generated fleet of Cognitive Services accounts behind Azure Resource Graph (POST
    /// /providers/Microsoft.ResourceGraph/resources, Azure Resource Graph REST) and ARM reads: $skipToken paging at
    /// 1,000 rows, the x-ms-user-quota-* headers, forced 429s, per-request latency, and accounts that answer 403.
    /// Configure with POST /_emulator/fleet {accounts, subscriptions, managementGroups, latencyMs, indexDeployments,
    /// force429, quota, forbiddenEvery}; GET /_emulator/fleet describes the fleet and what was asked of it.
    /// </summary>
    public sealed class ResourceGraphEndpoints
    {
        private const string Provider = "Microsoft.CognitiveServices";
        private static readonly Regex ArmPath = new Regex(
            @"^/subscriptions/(?<sub>[^/]+)/(?:resourceGroups/(?<rg>[^/]+)/)?providers/Microsoft\.CognitiveServices/accounts(?:/(?<name>[^/]+)(?<deployments>/deployments)?)?/?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex LocationFilter = new Regex(@"location in~ \((?<list>[^)]*)\)", RegexOptions.CultureInvariant);
        private static readonly string[] Regions = { "swedencentral", "eastus2", "centralus", "francecentral", "japaneast", "westus3" };

        private readonly EmulatorState _state;
        private readonly object _gate = new object();
        private Fleet _fleet = Fleet.Generate(new FleetOptions());
        private readonly Queue<DateTimeOffset> _window = new Queue<DateTimeOffset>();
        private int _graphRequests, _throttled, _maxSubscriptions, _armRequests, _force429;

        public ResourceGraphEndpoints(EmulatorState state) { _state = state; }

        /// <summary>Wires the endpoints into the app: one call from Program.cs.</summary>
        public static void Map(WebApplication app)
        {
            var self = new ResourceGraphEndpoints((EmulatorState)app.Services.GetService(typeof(EmulatorState))!);
            app.MapPost("/providers/Microsoft.ResourceGraph/resources", (Func<HttpContext, Task>)self.QueryAsync);
            app.MapGet("/_emulator/fleet", (Func<HttpContext, Task>)(c => ServiceResponses.WriteJsonAsync(c, 200, self.Describe())));
            app.MapPost("/_emulator/fleet", (Func<HttpContext, Task>)self.ConfigureAsync);
            app.Use(async (context, next) =>
            {
                var m = ArmPath.Match(context.Request.Path.Value ?? string.Empty);
                if (HttpMethods.IsGet(context.Request.Method) && m.Success && self._fleet.Subscriptions.Contains(m.Groups["sub"].Value, StringComparer.OrdinalIgnoreCase))
                    await self.ArmAsync(context, m);
                else await next(context);
            });
        }

        private async Task ConfigureAsync(HttpContext context)
        {
            JsonNode? body;
            try { body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)); }
            catch (JsonException) { body = null; }
            try
            {
                var o = new FleetOptions();
                int Int(string n, int d) => body?[n] != null ? body[n]!.GetValue<int>() : d;
                o.Accounts = Int("accounts", o.Accounts);
                o.Subscriptions = Int("subscriptions", o.Subscriptions);
                o.ManagementGroups = Int("managementGroups", o.ManagementGroups);
                o.ForbiddenEvery = Int("forbiddenEvery", o.ForbiddenEvery);
                o.LatencyMs = Int("latencyMs", 0);
                o.Quota = Int("quota", o.Quota);
                o.IndexDeployments = body?["indexDeployments"]?.GetValue<bool>() ?? false;
                if (o.Accounts < 0 || o.Accounts > 20000 || o.Subscriptions < 1 || o.ManagementGroups < 1 || o.LatencyMs < 0 || o.Quota < 1)
                    throw new FormatException();
                lock (_gate)
                {
                    _fleet = Fleet.Generate(o);
                    _force429 = Int("force429", 0);
                    _graphRequests = _throttled = _maxSubscriptions = _armRequests = 0;
                    _window.Clear();
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidOperationException)
            {
                await ServiceResponses.WriteObjectAsync(context, 400, new { error = new { code = "InvalidFleet", message = "accounts 0..20000, subscriptions and managementGroups >= 1, latencyMs >= 0, quota >= 1, force429 >= 0 (integers); indexDeployments a boolean." } });
                return;
            }
            await ServiceResponses.WriteJsonAsync(context, 200, Describe());
        }

        private JsonObject Describe()
        {
            var f = _fleet;
            return new JsonObject
            {
                ["accounts"] = f.Accounts.Count,
                ["deployments"] = f.Accounts.Where(a => !a.Forbidden).Sum(a => a.Deployments.Count),
                ["realtimeAccounts"] = f.Accounts.Count(a => a.Deployments.Any(d => d.Model.Contains("realtime"))),
                ["subscriptions"] = new JsonArray(f.Subscriptions.Select(s => (JsonNode)s).ToArray()),
                ["managementGroups"] = new JsonObject(f.ManagementGroups.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray(g.Value.Select(s => (JsonNode)s).ToArray())))),
                ["forbidden"] = new JsonArray(f.Accounts.Where(a => a.Forbidden).Select(a => (JsonNode)a.Id).ToArray()),
                ["latencyMs"] = f.Options.LatencyMs,
                ["indexDeployments"] = f.Options.IndexDeployments,
                ["stats"] = new JsonObject
                {
                    ["graphRequests"] = _graphRequests, ["throttled"] = _throttled, ["maxSubscriptionsPerRequest"] = _maxSubscriptions, ["armRequests"] = _armRequests,
                },
            };
        }

        private async Task<bool> AuthorizeAsync(HttpContext context)
        {
            if (_fleet.Options.LatencyMs > 0) await Task.Delay(_fleet.Options.LatencyMs, context.RequestAborted);
            var authorization = context.Request.Headers.Authorization.ToString();
            var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization.Substring(7).Trim() : null;
            if (_state.Credentials.Check(token, out _) != TokenAudience.ResourceManager)
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("InvalidAuthenticationToken", "The access token is invalid or not for https://management.azure.com."));
                return false;
            }
            if (string.IsNullOrEmpty(context.Request.Query["api-version"].ToString()))
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."));
                return false;
            }
            return true;
        }

        private async Task QueryAsync(HttpContext context)
        {
            Interlocked.Increment(ref _graphRequests);
            if (!await AuthorizeAsync(context)) return;
            var (remaining, resets, throttled) = Quota();
            context.Response.Headers["x-ms-user-quota-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["x-ms-user-quota-resets-after"] = resets.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
            if (throttled)
            {
                Interlocked.Increment(ref _throttled);
                context.Response.Headers["Retry-After"] = ((int)Math.Ceiling(resets.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ServiceResponses.WriteJsonAsync(context, 429, ServiceResponses.AzureError("RateLimiting", "Please provide below info when asking for support: timestamp, correlationId. Too many requests."));
                return;
            }
            JsonNode? body;
            try { body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)); }
            catch (JsonException) { body = null; }
            var query = (body?["query"] as JsonValue)?.TryGetValue<string>(out var q) == true ? q : null;
            if (query == null)
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("BadRequest", "The request body needs a 'query' string."));
                return;
            }
            var subscriptions = (body!["subscriptions"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? new List<string>();
            var groups = (body["managementGroups"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? new List<string>();
            lock (_gate) _maxSubscriptions = Math.Max(_maxSubscriptions, subscriptions.Count);
            var top = body["options"]?["$top"]?.GetValue<int>() ?? 1000;
            var skip = body["options"]?["$skipToken"]?.GetValue<string>();
            if (top < 1 || top > 1000)
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("BadRequest", "options.$top must be between 1 and 1000."));
                return;
            }
            var offset = 0;
            if (skip != null && (!int.TryParse(Encoding.UTF8.GetString(Convert.FromBase64String(skip)), out offset) || offset < 0))
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("BadRequest", "The $skipToken is not valid."));
                return;
            }
            var rows = Rows(query, subscriptions, groups);
            var page = rows.Skip(offset).Take(top).ToArray();
            var answer = new JsonObject { ["totalRecords"] = rows.Count, ["count"] = page.Length, ["resultTruncated"] = "false", ["data"] = new JsonArray(page) };
            if (offset + top < rows.Count) answer["$skipToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + top).ToString(CultureInfo.InvariantCulture)));
            await ServiceResponses.WriteJsonAsync(context, 200, answer);
        }

        private (int Remaining, TimeSpan Resets, bool Throttled) Quota()
        {
            lock (_gate)
            {
                var now = DateTimeOffset.UtcNow;
                var window = TimeSpan.FromSeconds(5);
                while (_window.Count > 0 && now - _window.Peek() >= window) _window.Dequeue();
                var resets = _window.Count > 0 ? window - (now - _window.Peek()) : window;
                resets = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(resets.TotalSeconds)));
                if (_force429 > 0) { _force429--; return (0, TimeSpan.FromSeconds(1), true); }
                if (_window.Count >= _fleet.Options.Quota) return (0, resets, true);
                _window.Enqueue(now);
                return (_fleet.Options.Quota - _window.Count, resets, false);
            }
        }

        private List<JsonNode?> Rows(string query, List<string> subscriptions, List<string> groups)
        {
            var f = _fleet;
            IEnumerable<FleetAccount> inScope = f.Accounts;
            if (subscriptions.Count > 0 || groups.Count > 0)
            {
                var subs = new HashSet<string>(subscriptions, StringComparer.OrdinalIgnoreCase);
                foreach (var g in groups) if (f.ManagementGroups.TryGetValue(g, out var members)) subs.UnionWith(members);
                inScope = inScope.Where(a => subs.Contains(a.SubscriptionId));
            }
            if (query.Contains("accounts/deployments", StringComparison.OrdinalIgnoreCase))
            {
                if (!f.Options.IndexDeployments) return new List<JsonNode?>();
                return inScope.Where(a => !a.Forbidden).SelectMany(a => a.Deployments.Select(d => (Id: a.Id + "/deployments/" + d.Name, Json: DeploymentJson(a, d))))
                    .OrderBy(x => x.Id, StringComparer.OrdinalIgnoreCase).Select(x => (JsonNode?)x.Json).ToList();
            }
            var location = LocationFilter.Match(query);
            if (location.Success)
            {
                var wanted = location.Groups["list"].Value.Split(',').Select(s => s.Trim().Trim('\'')).ToHashSet(StringComparer.OrdinalIgnoreCase);
                inScope = inScope.Where(a => wanted.Contains(a.Location));
            }
            return inScope.OrderBy(a => a.Id, StringComparer.OrdinalIgnoreCase).Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.Id, ["name"] = a.Name, ["kind"] = a.Kind, ["location"] = a.Location, ["subscriptionId"] = a.SubscriptionId,
                ["resourceGroup"] = a.ResourceGroup, ["endpoint"] = _state.BaseUri, ["disableLocalAuth"] = a.DisableLocalAuth,
                ["publicNetworkAccess"] = a.PublicNetworkAccess,
            }).ToList();
        }

        private async Task ArmAsync(HttpContext context, Match m)
        {
            Interlocked.Increment(ref _armRequests);
            if (!await AuthorizeAsync(context)) return;
            var f = _fleet;
            var sub = m.Groups["sub"].Value;
            if (!m.Groups["name"].Success)
            {
                var list = f.Accounts.Where(a => string.Equals(a.SubscriptionId, sub, StringComparison.OrdinalIgnoreCase)
                    && (!m.Groups["rg"].Success || string.Equals(a.ResourceGroup, m.Groups["rg"].Value, StringComparison.OrdinalIgnoreCase)));
                await ServiceResponses.WriteJsonAsync(context, 200, new JsonObject { ["value"] = new JsonArray(list.Select(a => (JsonNode)AccountJson(a)).ToArray()) });
                return;
            }
            var account = f.Accounts.FirstOrDefault(a => string.Equals(a.SubscriptionId, sub, StringComparison.OrdinalIgnoreCase)
                && string.Equals(a.ResourceGroup, m.Groups["rg"].Value, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Name, m.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
            if (account == null)
            {
                await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("ResourceNotFound",
                    $"The Resource '{Provider}/accounts/{m.Groups["name"].Value}' under resource group '{m.Groups["rg"].Value}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"));
                return;
            }
            if (account.Forbidden)
            {
                var principal = ManagedIdentityEndpoint.SystemAssignedClientId;
                await ServiceResponses.WriteJsonAsync(context, 403, ServiceResponses.AzureError("AuthorizationFailed",
                    $"The client '{principal}' with object id '{principal}' does not have authorization to perform action '{Provider}/accounts/deployments/read' over scope '{account.Id}' or the scope is invalid. If access was recently granted, please refresh your credentials."));
                return;
            }
            JsonNode answer = m.Groups["deployments"].Success
                ? new JsonObject { ["value"] = new JsonArray(account.Deployments.Select(d => (JsonNode)DeploymentJson(account, d)).ToArray()) }
                : AccountJson(account);
            await ServiceResponses.WriteJsonAsync(context, 200, answer);
        }

        private JsonObject AccountJson(FleetAccount a) => new JsonObject
        {
            ["id"] = a.Id, ["name"] = a.Name, ["type"] = $"{Provider}/accounts", ["kind"] = a.Kind, ["location"] = a.Location,
            ["sku"] = new JsonObject { ["name"] = "S0" },
            ["properties"] = new JsonObject
            {
                ["endpoint"] = _state.BaseUri, ["disableLocalAuth"] = a.DisableLocalAuth, ["publicNetworkAccess"] = a.PublicNetworkAccess, ["provisioningState"] = "Succeeded",
            },
        };

        private static JsonObject DeploymentJson(FleetAccount a, DeploymentDefinition d) => new JsonObject
        {
            ["id"] = $"{a.Id}/deployments/{d.Name}", ["name"] = d.Name, ["type"] = $"{Provider}/accounts/deployments",
            ["subscriptionId"] = a.SubscriptionId, ["resourceGroup"] = a.ResourceGroup,
            ["sku"] = new JsonObject { ["name"] = d.Sku, ["capacity"] = d.Capacity },
            ["properties"] = new JsonObject
            {
                ["model"] = new JsonObject { ["format"] = "OpenAI", ["name"] = d.Model, ["version"] = d.Version },
                ["provisioningState"] = d.ProvisioningState,
            },
        };

        private sealed class FleetOptions
        {
            public int Accounts = 1200, Subscriptions = 40, ManagementGroups = 3, ForbiddenEvery = 37, LatencyMs, Quota = 15;
            public bool IndexDeployments;
        }

        private sealed class FleetAccount
        {
            public string Id = "", Name = "", Kind = "", Location = "", SubscriptionId = "", ResourceGroup = "", PublicNetworkAccess = "";
            public bool DisableLocalAuth, Forbidden;
            public List<DeploymentDefinition> Deployments = new List<DeploymentDefinition>();
        }

        /// <summary>
        /// Account i: subscription i mod S, management group (subscription mod M); every 10th has no realtime deployment,
        /// every 6th also runs the preview model gpt-4o-realtime-preview, every 25th has a failed realtime deployment,
        /// every ForbiddenEvery-th answers 403 to deployment reads.
        /// </summary>
        private sealed class Fleet
        {
            public FleetOptions Options = new FleetOptions();
            public List<FleetAccount> Accounts = new List<FleetAccount>();
            public List<string> Subscriptions = new List<string>();
            public Dictionary<string, List<string>> ManagementGroups = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);

            public static Fleet Generate(FleetOptions o)
            {
                var f = new Fleet { Options = o };
                for (var s = 0; s < o.Subscriptions; s++) f.Subscriptions.Add($"f1ee{s:x4}-0000-4000-8000-{s:x12}");
                for (var g = 0; g < o.ManagementGroups; g++)
                    f.ManagementGroups[$"mg-fleet-{g + 1}"] = f.Subscriptions.Where((_, s) => s % o.ManagementGroups == g).ToList();
                for (var i = 0; i < o.Accounts; i++)
                {
                    var a = new FleetAccount
                    {
                        Name = $"rtfleet-{i + 1:d5}", Kind = i % 3 == 2 ? "OpenAI" : "AIServices", Location = Regions[i % Regions.Length],
                        SubscriptionId = f.Subscriptions[i % o.Subscriptions], ResourceGroup = $"rg-fleet-{i % 5 + 1}",
                        DisableLocalAuth = i % 2 == 0, PublicNetworkAccess = i % 4 == 3 ? "Disabled" : "Enabled",
                        Forbidden = o.ForbiddenEvery > 0 && i % o.ForbiddenEvery == 7,
                    };
                    a.Id = $"/subscriptions/{a.SubscriptionId}/resourceGroups/{a.ResourceGroup}/providers/{Provider}/accounts/{a.Name}";
                    if (i % 10 == 9) a.Deployments.Add(new DeploymentDefinition { Name = "chat", Model = "gpt-4o", Version = "2024-11-20", Sku = "Standard" });
                    else
                    {
                        a.Deployments.Add(new DeploymentDefinition { Name = "gpt-realtime", Model = "gpt-realtime", Version = "2025-08-28", ProvisioningState = i % 25 == 3 ? "Failed" : "Succeeded" });
                        if (i % 6 == 1) a.Deployments.Add(new DeploymentDefinition { Name = "realtime-preview", Model = "gpt-4o-realtime-preview", Version = "2024-12-17", Capacity = 1 });
                        if (i % 4 == 0) a.Deployments.Add(new DeploymentDefinition { Name = "gpt-4o-transcribe", Model = "gpt-4o-transcribe", Version = "2025-03-20" });
                    }
                    f.Accounts.Add(a);
                }
                return f;
            }
        }
    }
}
