#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>One entry of a region's model list as ARM gives it (Models - List: value[]).</summary>
    internal sealed class ArmModelEntry
    {
        public string Kind { get; set; } = string.Empty;
        public string Format { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Version { get; set; } = string.Empty;
        public Dictionary<string, string> Capabilities { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public DateTime? InferenceDeprecation { get; set; }
        public string LifecycleStatus { get; set; } = string.Empty;
        public bool? IsDefaultVersion { get; set; }
        public double? MaxCapacity { get; set; }
        public List<RealtimeModelSku> Skus { get; } = new List<RealtimeModelSku>();
    }

    /// <summary>One quota of a region's usages (value[]: name.value, currentValue, limit, unit).</summary>
    internal sealed class ArmUsage
    {
        public ArmUsage(string name, double? currentValue, double? limit, string unit)
        {
            Name = name;
            CurrentValue = currentValue;
            Limit = limit;
            Unit = unit;
        }

        public string Name { get; }
        public double? CurrentValue { get; }
        public double? Limit { get; }
        public string Unit { get; }
    }

    /// <summary>
    /// Reads the pages of locations/{location}/models and locations/{location}/usages (ARM-models). Lenient about
    /// missing or odd members (a newer api-version adds some); strict only about the page's own shape.
    /// </summary>
    internal static class ArmModelListParser
    {
        public static IReadOnlyList<ArmModelEntry> ParseModels(string json, out string? nextLink)
        {
            var list = new List<ArmModelEntry>();
            using (var doc = Open(json, out var value, out nextLink))
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
                        continue;
                    var entry = new ArmModelEntry
                    {
                        Kind = Text(item, "kind"),
                        Format = Text(model, "format"),
                        Name = Text(model, "name"),
                        Version = Text(model, "version"),
                        LifecycleStatus = Text(model, "lifecycleStatus"),
                        IsDefaultVersion = Bool(model, "isDefaultVersion"),
                        MaxCapacity = Number(model, "maxCapacity"),
                    };
                    if (entry.Name.Length == 0) continue;
                    if (model.TryGetProperty("capabilities", out var caps) && caps.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var c in caps.EnumerateObject())
                            entry.Capabilities[c.Name] = c.Value.ValueKind == JsonValueKind.String ? c.Value.GetString() ?? string.Empty : c.Value.GetRawText();
                    }
                    if (model.TryGetProperty("deprecation", out var deprecation) && deprecation.ValueKind == JsonValueKind.Object)
                        entry.InferenceDeprecation = Date(deprecation, "inference");
                    if (model.TryGetProperty("skus", out var skus) && skus.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var sku in skus.EnumerateArray())
                        {
                            if (sku.ValueKind == JsonValueKind.Object) entry.Skus.Add(ParseSku(sku));
                        }
                    }
                    list.Add(entry);
                }
            }
            return list;
        }

        public static IReadOnlyList<ArmUsage> ParseUsages(string json, out string? nextLink)
        {
            var list = new List<ArmUsage>();
            using (var doc = Open(json, out var value, out nextLink))
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name)) continue;
                    var usageName = name.ValueKind == JsonValueKind.Object ? Text(name, "value") : (name.ValueKind == JsonValueKind.String ? name.GetString() ?? string.Empty : string.Empty);
                    if (usageName.Length == 0) continue;
                    list.Add(new ArmUsage(usageName, Number(item, "currentValue"), Number(item, "limit"), Text(item, "unit")));
                }
            }
            return list;
        }

        private static RealtimeModelSku ParseSku(JsonElement sku)
        {
            double? def = null, min = null, max = null, step = null;
            if (sku.TryGetProperty("capacity", out var capacity) && capacity.ValueKind == JsonValueKind.Object)
            {
                def = Number(capacity, "default");
                min = Number(capacity, "minimum");
                max = Number(capacity, "maximum");
                step = Number(capacity, "step");
            }
            var limits = new List<RealtimeModelRateLimit>();
            if (sku.TryGetProperty("rateLimits", out var rateLimits) && rateLimits.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in rateLimits.EnumerateArray())
                {
                    if (r.ValueKind == JsonValueKind.Object) limits.Add(new RealtimeModelRateLimit(Text(r, "key"), Number(r, "count"), Number(r, "renewalPeriod")));
                }
            }
            return new RealtimeModelSku(Text(sku, "name"), Text(sku, "usageName"), Date(sku, "deprecationDate"), def, min, max, step, limits);
        }

        private static JsonDocument Open(string json, out JsonElement value, out string? nextLink)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json ?? string.Empty);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"the body is not JSON ({ex.Message})", ex);
            }
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out value) || value.ValueKind != JsonValueKind.Array)
            {
                doc.Dispose();
                throw new FormatException("the body has no 'value' array");
            }
            var next = Text(root, "nextLink");
            nextLink = next.Length == 0 ? null : next;
            return doc;
        }

        private static string Text(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;

        private static bool? Bool(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.True) return true;
            if (v.ValueKind == JsonValueKind.False) return false;
            if (v.ValueKind == JsonValueKind.String && bool.TryParse(v.GetString(), out var b)) return b;
            return null;
        }

        private static double? Number(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)) return d;
            if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
            return null;
        }

        // ARM writes UTC date-times (2027-04-06T00:00:00Z); an unreadable one is treated as absent, not as a broken page.
        private static DateTime? Date(JsonElement e, string name)
        {
            var text = Text(e, name);
            if (text.Length == 0) return null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
                ? d.UtcDateTime
                : (DateTime?)null;
        }
    }
}
