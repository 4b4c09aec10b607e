#nullable enable
using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>
    /// Moves a parsed configuration between the reader's tree and System.Text.Json nodes without going through text:
    /// the request builder edits JsonNodes, the validator reads <see cref="SessionDocument"/>s.
    /// </summary>
    internal static class DocumentJson
    {
        /// <summary>The node as a JsonNode (a duplicate name keeps its last value, as the validator reads it).</summary>
        public static JsonNode? ToJsonNode(DocumentNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            switch (node.Kind)
            {
                case DocumentNodeKind.Object:
                    var o = new JsonObject();
                    foreach (var p in node.Properties) o[p.Name] = ToJsonNode(p.Value);
                    return o;
                case DocumentNodeKind.Array:
                    var a = new JsonArray();
                    foreach (var item in node.Items) a.Add(ToJsonNode(item));
                    return a;
                case DocumentNodeKind.String: return JsonValue.Create(node.Text);
                case DocumentNodeKind.Boolean: return JsonValue.Create(node.Boolean);
                case DocumentNodeKind.Number: return NumberNode(node);
                default: return null;
            }
        }

        /// <summary>A document over a JsonNode (no positions), for validating a request as it will be sent.</summary>
        public static SessionDocument ToDocument(JsonNode? node, string source) => SessionDocument.FromObject(ToGraph(node), source);

        private static JsonNode NumberNode(DocumentNode node)
        {
            // The number's own JSON text keeps 1.0 as 1.0 and big integers exact.
            if (node.Text != null && IsJsonNumber(node.Text))
            {
                using (var doc = JsonDocument.Parse(node.Text))
                {
                    return JsonValue.Create(doc.RootElement.Clone())!;
                }
            }
            return double.IsNaN(node.Number) || double.IsInfinity(node.Number)
                ? JsonValue.Create(node.Text ?? node.Number.ToString(CultureInfo.InvariantCulture))
                : JsonValue.Create(node.Number);
        }

        private static bool IsJsonNumber(string text)
        {
            if (text.Length == 0 || text.Length > 400) return false;
            foreach (var c in text)
            {
                if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') return false;
            }
            return char.IsDigit(text[text.Length - 1]) && (char.IsDigit(text[0]) || text[0] == '-');
        }

        private static object? ToGraph(JsonNode? node)
        {
            switch (node)
            {
                case null: return null;
                case JsonObject o:
                    var d = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (var kv in o) d[kv.Key] = ToGraph(kv.Value);
                    return d;
                case JsonArray a:
                    var list = new List<object?>(a.Count);
                    foreach (var item in a) list.Add(ToGraph(item));
                    return list;
                default:
                    var value = (JsonValue)node;
                    switch (value.GetValueKind())
                    {
                        case JsonValueKind.String: return value.GetValue<string>();
                        case JsonValueKind.True: return true;
                        case JsonValueKind.False: return false;
                        case JsonValueKind.Number:
                            var text = value.ToJsonString();
                            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m
                                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : (object)text;
                        default: return null;
                    }
            }
        }
    }
}
