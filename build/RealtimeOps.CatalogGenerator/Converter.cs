using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RealtimeOps.CatalogGenerator
{
    /// <summary>
    /// Converts OpenAPI schema objects into field-table nodes: $ref becomes ref (and the target is converted too),
    /// anyOf/oneOf become anyOf with a discriminator (given, or inferred when every alternative fixes the same
    /// property to one value), a type: 'null' alternative or nullable: true becomes nullable, a plain string next to
    /// a string enum becomes an open enum (known values, any string accepted), const becomes a one-value enum.
    /// </summary>
    internal sealed class Converter
    {
        private readonly IReadOnlyDictionary<string, YamlMappingNode> _schemas;
        private readonly Queue<string> _pending = new Queue<string>();
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        public Converter(IReadOnlyDictionary<string, YamlMappingNode> schemas) => _schemas = schemas;

        public void Require(string name)
        {
            if (_seen.Add(name)) _pending.Enqueue(name);
        }

        public JsonObject ConvertAll()
        {
            var result = new JsonObject();
            while (_pending.Count > 0)
            {
                var name = _pending.Dequeue();
                if (!_schemas.TryGetValue(name, out var schema)) throw new InvalidDataException($"$ref to a schema the document does not have: '{name}'.");
                result[name] = Convert(schema);
            }
            return result;
        }

        private JsonObject Convert(YamlMappingNode s)
        {
            var nullable = Bool(s, "nullable");
            var reference = Text(s, "$ref");
            if (reference != null)
            {
                var name = RefName(reference);
                Require(name);
                var r = new JsonObject { ["ref"] = name };
                return nullable ? new JsonObject { ["nullable"] = true, ["anyOf"] = new JsonArray(r) } : r;
            }
            var allOf = Seq(s, "allOf");
            if (allOf != null && allOf.Children.Count == 1 && allOf.Children[0] is YamlMappingNode only)
            {
                var single = Convert(only);
                return nullable ? MakeNullable(single) : single;
            }
            if (allOf != null) throw new InvalidDataException("allOf with more than one schema is not supported by the field tables.");
            var alternatives = Seq(s, "anyOf") ?? Seq(s, "oneOf");
            if (alternatives != null) return ConvertUnion(s, alternatives, nullable);
            return ConvertPlain(s, nullable);
        }

        private JsonObject ConvertUnion(YamlMappingNode s, YamlSequenceNode alternatives, bool nullable)
        {
            var discriminator = DiscriminatorOf(s);
            var flat = new List<YamlMappingNode>();
            foreach (var a in alternatives.Children.OfType<YamlMappingNode>()) Flatten(a, flat, ref discriminator);
            if (flat.Any(IsNullType)) nullable = true;
            flat = flat.Where(a => !IsNullType(a)).ToList();

            // A plain string beside string enums: the enums are known values, not a restriction.
            if (flat.Count > 1 && flat.All(a => Text(a, "type") == "string" && Text(a, "$ref") == null) &&
                flat.Any(a => Seq(a, "enum") == null && Text(a, "pattern") == null))
            {
                var open = new JsonObject { ["type"] = "string" };
                if (nullable) open["nullable"] = true;
                var values = new JsonArray();
                foreach (var a in flat) foreach (var v in EnumValues(a)) values.Add(v);
                if (values.Count > 0) { open["enum"] = values; open["openEnum"] = true; }
                return open;
            }
            var converted = flat.Select(Convert).ToList();
            if (converted.Count == 1) return nullable ? MakeNullable(converted[0]) : converted[0];
            var node = new JsonObject();
            if (nullable) node["nullable"] = true;
            discriminator ??= InferDiscriminator(flat);
            if (discriminator != null) node["discriminator"] = discriminator;
            node["anyOf"] = new JsonArray(converted.Cast<JsonNode>().ToArray());
            return node;
        }

        private static JsonObject MakeNullable(JsonObject node)
        {
            if (node["ref"] != null) return new JsonObject { ["nullable"] = true, ["anyOf"] = new JsonArray(node) };
            node["nullable"] = true;
            return node;
        }

        // A nested anyOf with no type of its own only groups alternatives: lift them (and its discriminator).
        private static void Flatten(YamlMappingNode a, List<YamlMappingNode> into, ref string? discriminator)
        {
            var nested = Seq(a, "anyOf") ?? Seq(a, "oneOf");
            if (nested != null && Text(a, "type") == null && Map(a, "properties") == null && Text(a, "$ref") == null)
            {
                discriminator ??= DiscriminatorOf(a);
                foreach (var n in nested.Children.OfType<YamlMappingNode>()) Flatten(n, into, ref discriminator);
                return;
            }
            into.Add(a);
        }

        // The object alternatives (at least two) all fix the same property to one value: that property tells them apart.
        // String or array alternatives beside them are matched by JSON kind.
        private string? InferDiscriminator(List<YamlMappingNode> alternatives)
        {
            string? common = null;
            var objects = 0;
            foreach (var a in alternatives)
            {
                var target = Deref(a);
                var properties = Map(target, "properties");
                if (properties == null)
                {
                    if (Text(target, "type") == "object") return null;
                    continue;
                }
                objects++;
                var fixedNames = properties.Children
                    .Where(kv => kv.Value is YamlMappingNode p && (Text(p, "const") != null || Seq(p, "enum")?.Children.Count == 1))
                    .Select(kv => ((YamlScalarNode)kv.Key).Value).ToList();
                var name = fixedNames.Contains("type") ? "type" : fixedNames.FirstOrDefault();
                if (name == null || (common != null && common != name)) return null;
                common = name;
            }
            return objects >= 2 ? common : null;
        }

        private YamlMappingNode Deref(YamlMappingNode a)
        {
            var r = Text(a, "$ref");
            return r != null && _schemas.TryGetValue(RefName(r), out var t) ? t : a;
        }

        private JsonObject ConvertPlain(YamlMappingNode s, bool nullable)
        {
            var type = Text(s, "type");
            if (type == null && s.Children.TryGetValue(new YamlScalarNode("type"), out var typeList) && typeList is YamlSequenceNode types)
            {
                var names = types.Children.OfType<YamlScalarNode>().Select(t => t.Value).ToList();
                if (names.Contains("null")) nullable = true;
                type = names.FirstOrDefault(n => n != "null");
            }
            var properties = Map(s, "properties");
            if (type == null && properties != null) type = "object";
            var values = EnumValues(s).ToList();
            if (type == null && values.Count > 0) type = values.All(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String) ? "string" : null;
            var node = new JsonObject { ["type"] = type ?? "any" };
            if (nullable) node["nullable"] = true;
            switch (type)
            {
                case "object":
                    var required = Seq(s, "required")?.Children.OfType<YamlScalarNode>().Select(r => r.Value).ToList();
                    if (required != null && required.Count > 0) node["required"] = new JsonArray(required.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray());
                    if (properties != null && properties.Children.Count > 0)
                    {
                        var props = new JsonObject();
                        foreach (var kv in properties.Children) props[((YamlScalarNode)kv.Key).Value!] = Convert((YamlMappingNode)kv.Value);
                        node["properties"] = props;
                    }
                    if (s.Children.TryGetValue(new YamlScalarNode("additionalProperties"), out var extra))
                    {
                        if (extra is YamlMappingNode extraSchema) node["additionalProperties"] = Convert(extraSchema);
                        else if (((YamlScalarNode)extra).Value == "true") node["additionalProperties"] = new JsonObject { ["type"] = "any" };
                    }
                    else if (properties == null || properties.Children.Count == 0)
                    {
                        node["additionalProperties"] = new JsonObject { ["type"] = "any" }; // a free-form object
                    }
                    break;
                case "array":
                    if (Map(s, "items") is YamlMappingNode items) node["items"] = Convert(items);
                    CopyNumber(s, node, "minItems");
                    CopyNumber(s, node, "maxItems");
                    break;
                case "string":
                    CopyNumber(s, node, "maxLength");
                    if (Text(s, "pattern") is string pattern) node["pattern"] = pattern;
                    break;
                case "integer":
                case "number":
                    CopyNumber(s, node, "minimum");
                    CopyNumber(s, node, "maximum");
                    break;
            }
            if (values.Count > 0) node["enum"] = new JsonArray(values.ToArray());
            return node;
        }

        private static IEnumerable<JsonNode> EnumValues(YamlMappingNode s)
        {
            if (s.Children.TryGetValue(new YamlScalarNode("const"), out var c) && c is YamlScalarNode cs) yield return Scalar(cs);
            foreach (var v in Seq(s, "enum")?.Children.OfType<YamlScalarNode>() ?? Enumerable.Empty<YamlScalarNode>())
            {
                if (v.Value == "null" && v.Style == ScalarStyle.Plain) continue; // nullable, not a value
                yield return Scalar(v);
            }
        }

        private static JsonNode Scalar(YamlScalarNode v)
        {
            if (v.Style == ScalarStyle.Plain && double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return d == Math.Floor(d) && Math.Abs(d) < 1e15 ? JsonValue.Create((long)d) : JsonValue.Create(d);
            }
            if (v.Style == ScalarStyle.Plain && (v.Value == "true" || v.Value == "false")) return JsonValue.Create(v.Value == "true");
            return JsonValue.Create(v.Value ?? string.Empty);
        }

        private static void CopyNumber(YamlMappingNode s, JsonObject node, string key)
        {
            if (Text(s, key) is string text)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) throw new InvalidDataException($"{key} is not a number: '{text}'.");
                node[key] = d == Math.Floor(d) && Math.Abs(d) < 1e15 ? JsonValue.Create((long)d) : JsonValue.Create(d);
            }
        }

        private static bool IsNullType(YamlMappingNode a) => Text(a, "type") == "null";

        private static string? DiscriminatorOf(YamlMappingNode s) => Map(s, "discriminator") is YamlMappingNode d ? Text(d, "propertyName") : null;

        private static string RefName(string reference)
        {
            const string prefix = "#/components/schemas/";
            if (!reference.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidDataException($"Only local schema references are supported: '{reference}'.");
            return reference.Substring(prefix.Length);
        }

        private static string? Text(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;

        private static bool Bool(YamlMappingNode node, string key) => Text(node, key) == "true";

        private static YamlSequenceNode? Seq(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v as YamlSequenceNode : null;

        private static YamlMappingNode? Map(YamlMappingNode node, string key) => OpenApiTables.Map(node, key);
    }
}
