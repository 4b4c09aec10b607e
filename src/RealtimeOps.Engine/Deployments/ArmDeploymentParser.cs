using System;
using System.Collections.Generic;
using System.Text.Json;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>
    /// Reads the ARM account and deployments answers (api-version 2024-10-01): location, properties.endpoint,
    /// and per deployment properties.model{format,name,version}, sku{name,capacity}, properties.provisioningState.
    /// </summary>
    internal static class ArmDeploymentParser
    {
        public static CognitiveServicesAccount ParseAccount(string json, AccountResourceId id, ServiceCatalog? catalog = null)
        {
            catalog = catalog ?? ServiceCatalog.Current;
            using (var doc = ParseDocument(json, "account"))
            {
                var root = doc.RootElement;
                var location = GetString(root, "location");
                var props = GetObject(root, "properties");
                var endpoint = props.HasValue ? GetString(props.Value, "endpoint") : null;
                return new CognitiveServicesAccount(id, CanonicalRegion(location, catalog), endpoint, GetString(root, "kind"));
            }
        }

        /// <summary>One page of the deployments list; <paramref name="nextLink"/> is set when ARM has more.</summary>
        public static IReadOnlyList<RealtimeDeployment> ParseDeployments(string json, CognitiveServicesAccount account,
            out string? nextLink, ServiceCatalog? catalog = null)
        {
            catalog = catalog ?? ServiceCatalog.Current;
            var list = new List<RealtimeDeployment>();
            using (var doc = ParseDocument(json, "deployments list"))
            {
                var root = doc.RootElement;
                nextLink = GetString(root, "nextLink");
                if (!root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
                    throw new FormatException("The deployments answer has no 'value' array.");
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object) continue;
                    var name = GetString(item, "name");
                    if (string.IsNullOrEmpty(name)) continue;
                    var props = GetObject(item, "properties");
                    var model = props.HasValue ? GetObject(props.Value, "model") : null;
                    var sku = GetObject(item, "sku");
                    var modelName = model.HasValue ? GetString(model.Value, "name") : null;
                    var version = model.HasValue ? GetString(model.Value, "version") : null;
                    int? capacity = null;
                    if (sku.HasValue && sku.Value.TryGetProperty("capacity", out var cap) && cap.ValueKind == JsonValueKind.Number && cap.TryGetInt32(out var c))
                        capacity = c;
                    list.Add(new RealtimeDeployment(
                        name, modelName, version, model.HasValue ? GetString(model.Value, "format") : null,
                        DeploymentModelResolver.KindOf(modelName, version, catalog),
                        sku.HasValue ? GetString(sku.Value, "name") : null, capacity,
                        props.HasValue ? GetString(props.Value, "provisioningState") : null, account));
                }
            }
            return list;
        }

        internal static string? CanonicalRegion(string? location, ServiceCatalog catalog)
        {
            if (string.IsNullOrWhiteSpace(location)) return string.Empty;
            var region = catalog.FindRegion(location);
            return region != null ? region.Name : location!.Replace(" ", string.Empty).ToLowerInvariant();
        }

        private static JsonDocument ParseDocument(string json, string what)
        {
            if (string.IsNullOrWhiteSpace(json)) throw new FormatException($"The {what} answer is empty.");
            try
            {
                var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    doc.Dispose();
                    throw new FormatException($"The {what} answer is not a JSON object.");
                }
                return doc;
            }
            catch (JsonException ex)
            {
                throw new FormatException($"The {what} answer is not JSON: {ex.Message}", ex);
            }
        }

        private static string? GetString(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static JsonElement? GetObject(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : (JsonElement?)null;
    }

    /// <summary>Maps a deployed model (name, version) to its catalog entry.</summary>
    internal static class DeploymentModelResolver
    {
        /// <summary>
        /// ARM reports a dated release as name + version (gpt-realtime-mini, 2025-12-15); the catalog may list it
        /// as its own entry (gpt-realtime-mini-2025-12-15), which then wins because its regions are specific.
        /// </summary>
        public static RealtimeModel? FindCatalogModel(string? modelName, string? version, ServiceCatalog? catalog = null)
        {
            catalog = catalog ?? ServiceCatalog.Current;
            if (string.IsNullOrWhiteSpace(modelName)) return null;
            if (!string.IsNullOrWhiteSpace(version))
            {
                var dated = catalog.FindModel(modelName!.Trim() + "-" + version!.Trim());
                if (dated != null) return dated;
            }
            return catalog.FindModel(modelName);
        }

        public static DeploymentKind KindOf(string? modelName, string? version, ServiceCatalog? catalog = null)
        {
            var model = FindCatalogModel(modelName, version, catalog);
            if (model == null) return DeploymentKind.Other;
            return model.Kind == ModelKind.Realtime ? DeploymentKind.Realtime : DeploymentKind.Transcription;
        }
    }
}
