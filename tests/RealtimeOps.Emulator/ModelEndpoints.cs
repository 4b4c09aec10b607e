using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// What a region offers a subscription (Azure REST "Models - List" and "Usages - List", Microsoft.CognitiveServices):
    /// GET /subscriptions/{sub}/providers/Microsoft.CognitiveServices/locations/{location}/models and .../usages, paged by nextLink.
    /// The built-in regions: swedencentral offers everything (with a preview model that retires within 90 days), eastus2 has
    /// no gpt-4o-transcribe quota left, centralus offers no transcription model; every other region lists nothing.
    /// Retirement dates are days from the emulator's clock, so a client judging them on the real clock always sees the same
    /// picture (the retiring model is 45 days out, the others more than a year).
    /// </summary>
    public sealed class ModelEndpoints
    {
        /// <summary>Entries per page, small so the default lists page (swedencentral's models take three pages).</summary>
        public const int ModelsPageSize = 4;
        public const int UsagesPageSize = 5;
        public const int RetiringModelDays = 45;
        private const string Provider = "Microsoft.CognitiveServices";

        private readonly EmulatorState _state;
        private readonly ResourceManagerEndpoints _arm;

        public ModelEndpoints(EmulatorState state, ResourceManagerEndpoints arm)
        {
            _state = state;
            _arm = arm;
        }

        /// <summary>Maps both endpoints (the one line Program.cs calls).</summary>
        public static void Map(WebApplication app)
        {
            var endpoints = new ModelEndpoints(app.Services.GetService(typeof(EmulatorState)) as EmulatorState,
                app.Services.GetService(typeof(ResourceManagerEndpoints)) as ResourceManagerEndpoints);
            const string location = "/subscriptions/{subscriptionId}/providers/Microsoft.CognitiveServices/locations/{location}";
            app.MapGet(location + "/models", (Func<HttpContext, string, string, Task>)endpoints.ModelsAsync);
            app.MapGet(location + "/usages", (Func<HttpContext, string, string, Task>)endpoints.UsagesAsync);
        }

        public async Task ModelsAsync(HttpContext context, string subscriptionId, string location)
        {
            if (!await AuthorizeAsync(context, subscriptionId, location, "models")) return;
            var today = DateTime.UtcNow.Date;
            var entries = Offers(location).Select(o => (JsonNode)ModelJson(o, today)).ToList();
            await WritePageAsync(context, subscriptionId, location, "models", entries, ModelsPageSize);
        }

        public async Task UsagesAsync(HttpContext context, string subscriptionId, string location)
        {
            if (!await AuthorizeAsync(context, subscriptionId, location, "usages")) return;
            var entries = Offers(location)
                .SelectMany(o => o.Skus.Select(s => (Usage: $"OpenAI.{s}.{o.Name}", o.Used, o.Limit)))
                .GroupBy(u => u.Usage, StringComparer.OrdinalIgnoreCase)
                .Select(g => (JsonNode)new JsonObject
                {
                    ["name"] = new JsonObject { ["value"] = g.Key, ["localizedValue"] = g.Key },
                    ["currentValue"] = g.First().Used,
                    ["limit"] = g.First().Limit,
                    ["unit"] = "Count",
                })
                .ToList();
            await WritePageAsync(context, subscriptionId, location, "usages", entries, UsagesPageSize);
        }

        private async Task<bool> AuthorizeAsync(HttpContext context, string subscriptionId, string location, string what)
        {
            if (!await _arm.CheckCallerAsync(context)) return false;
            if (_state.Scenario.Name == FaultScenario.ArmForbidden)
            {
                await ResourceManagerEndpoints.WriteForbiddenAsync(context, $"/subscriptions/{subscriptionId}", $"{Provider}/locations/{what}/read");
                return false;
            }
            if (!string.Equals(subscriptionId, _state.Configuration.SubscriptionId, StringComparison.OrdinalIgnoreCase))
            {
                await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("SubscriptionNotFound",
                    $"The subscription '{subscriptionId}' could not be found."));
                return false;
            }
            return true;
        }

        // $skipToken is the offset of the page; nextLink is absolute, on this host, as ARM writes it.
        private async Task WritePageAsync(HttpContext context, string subscriptionId, string location, string what, List<JsonNode> entries, int pageSize)
        {
            var skip = int.TryParse(context.Request.Query["$skipToken"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var page = new JsonArray(entries.Skip(skip).Take(pageSize).ToArray());
            var body = new JsonObject { ["value"] = page };
            if (skip + pageSize < entries.Count)
            {
                var apiVersion = Uri.EscapeDataString(context.Request.Query["api-version"].ToString());
                body["nextLink"] = $"{_state.BaseUri}subscriptions/{subscriptionId}/providers/{Provider}/locations/{location}/{what}?api-version={apiVersion}&$skipToken={skip + pageSize}";
            }
            await ServiceResponses.WriteJsonAsync(context, 200, body);
        }

        private static JsonObject ModelJson(Offer o, DateTime today)
        {
            var capabilities = new JsonObject();
            foreach (var c in o.Capabilities) capabilities[c] = "true";
            var retires = today.AddDays(o.RetiresInDays).ToString("yyyy-MM-ddT00:00:00Z", CultureInfo.InvariantCulture);
            return new JsonObject
            {
                ["kind"] = "OpenAI",
                ["skuName"] = "S0",
                ["model"] = new JsonObject
                {
                    ["format"] = "OpenAI",
                    ["name"] = o.Name,
                    ["version"] = o.Version,
                    ["capabilities"] = capabilities,
                    ["deprecation"] = new JsonObject { ["inference"] = retires },
                    ["lifecycleStatus"] = o.Lifecycle,
                    ["isDefaultVersion"] = o.IsDefault,
                    ["maxCapacity"] = 1000,
                    ["skus"] = new JsonArray(o.Skus.Select(sku => (JsonNode)new JsonObject
                    {
                        ["name"] = sku,
                        ["usageName"] = $"OpenAI.{sku}.{o.Name}",
                        ["deprecationDate"] = retires,
                        ["capacity"] = new JsonObject { ["default"] = 10, ["maximum"] = 1000, ["minimum"] = 1, ["step"] = 1 },
                        ["rateLimits"] = new JsonArray(
                            new JsonObject { ["key"] = "request", ["renewalPeriod"] = 60, ["count"] = 6 },
                            new JsonObject { ["key"] = "token", ["renewalPeriod"] = 60, ["count"] = 1000 }),
                    }).ToArray()),
                },
            };
        }

        private sealed class Offer
        {
            public string Name;
            public string Version;
            public string[] Capabilities;
            public string Lifecycle = "GenerallyAvailable";
            public bool IsDefault = true;
            public int RetiresInDays = 400;
            public string[] Skus = { "GlobalStandard" };
            public int Used;
            public int Limit = 100;
        }

        private static readonly string[] Realtime = { "realtime", "audio" };
        private static readonly string[] Transcription = { "audio", "transcription" };

        private static IEnumerable<Offer> Offers(string location)
        {
            switch (location.ToLowerInvariant())
            {
                case "swedencentral":
                    return new[]
                    {
                        new Offer { Name = "gpt-realtime", Version = "2025-08-28", Capabilities = Realtime, Used = 10 },
                        new Offer { Name = "gpt-realtime-mini", Version = "2025-10-06", Capabilities = Realtime, RetiresInDays = 420 },
                        new Offer { Name = "gpt-realtime-mini", Version = "2025-12-15", Capabilities = Realtime, IsDefault = false, RetiresInDays = 480 },
                        new Offer { Name = "gpt-4o-realtime-preview", Version = "2024-12-17", Capabilities = Realtime, Lifecycle = "Deprecating", RetiresInDays = RetiringModelDays, Limit = 50, Used = 1 },
                        new Offer { Name = "gpt-4o-transcribe", Version = "2025-03-20", Capabilities = Transcription, Used = 20 },
                        new Offer { Name = "gpt-4o-mini-transcribe", Version = "2025-03-20", Capabilities = Transcription },
                        new Offer { Name = "gpt-4o-transcribe-diarize", Version = "2025-10-15", Capabilities = Transcription, Lifecycle = "Preview" },
                        new Offer { Name = "whisper-1", Version = "001", Capabilities = Transcription, Skus = new[] { "Standard" }, Limit = 3 },
                        new Offer { Name = "gpt-4o", Version = "2024-11-20", Capabilities = new[] { "chatCompletion" }, Skus = new[] { "GlobalStandard", "Standard" }, Limit = 450 },
                        new Offer { Name = "text-embedding-3-small", Version = "1", Capabilities = new[] { "embeddings" }, Skus = new[] { "Standard" }, Limit = 350 },
                    };
                case "eastus2":
                    return new[]
                    {
                        new Offer { Name = "gpt-realtime", Version = "2025-08-28", Capabilities = Realtime },
                        new Offer { Name = "gpt-realtime-mini", Version = "2025-10-06", Capabilities = Realtime },
                        new Offer { Name = "gpt-4o-transcribe", Version = "2025-03-20", Capabilities = Transcription, Used = 50, Limit = 50 },
                        new Offer { Name = "gpt-4o-mini-transcribe", Version = "2025-03-20", Capabilities = Transcription },
                    };
                case "centralus":
                    return new[]
                    {
                        new Offer { Name = "gpt-realtime", Version = "2025-08-28", Capabilities = Realtime },
                        new Offer { Name = "gpt-realtime-mini", Version = "2025-10-06", Capabilities = Realtime },
                        new Offer { Name = "gpt-4o", Version = "2024-11-20", Capabilities = new[] { "chatCompletion" }, Skus = new[] { "GlobalStandard" }, Limit = 450 },
                    };
                default:
                    return Array.Empty<Offer>();
            }
        }
    }
}
