using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Text helpers for messages: JSON kinds, expected types, ranges and paths.</summary>
    internal static class ValidationText
    {
        internal static bool KindMatches(DocumentNode node, string? type)
        {
            switch (type)
            {
                case null:
                case "any": return true;
                case "object": return node.Kind == DocumentNodeKind.Object;
                case "array": return node.Kind == DocumentNodeKind.Array;
                case "string": return node.Kind == DocumentNodeKind.String;
                case "boolean": return node.Kind == DocumentNodeKind.Boolean;
                case "number": return node.Kind == DocumentNodeKind.Number;
                case "integer": return node.Kind == DocumentNodeKind.Number && node.IsInteger;
                default: return false;
            }
        }

        internal static string DescribeKind(DocumentNode node) =>
            node.Kind == DocumentNodeKind.Number || node.Kind == DocumentNodeKind.String || node.Kind == DocumentNodeKind.Boolean
                ? DocumentNode.KindName(node.Kind) + " (" + node.Describe() + ")"
                : DocumentNode.KindName(node.Kind);

        internal static string TypeName(string? type)
        {
            switch (type)
            {
                case "object": return "an object";
                case "array": return "an array";
                case "string": return "a string";
                case "boolean": return "true or false";
                case "number": return "a number";
                case "integer": return "an integer";
                default: return "a value";
            }
        }

        internal static string AlternativeText(FieldSpec spec)
        {
            if (spec.Type == "string" && spec.Enum != null) return string.Join(" or ", spec.Enum.Select(e => "\"" + e + "\""));
            if (spec.Type == "integer" && (spec.Minimum.HasValue || spec.Maximum.HasValue)) return "an integer " + RangeText(spec);
            return TypeName(spec.Type);
        }

        internal static string RangeText(FieldSpec spec)
        {
            string F(double v) => v.ToString(CultureInfo.InvariantCulture);
            if (spec.Minimum.HasValue && spec.Maximum.HasValue) return $"from {F(spec.Minimum.Value)} to {F(spec.Maximum.Value)}";
            if (spec.Minimum.HasValue) return $"at least {F(spec.Minimum.Value)}";
            return $"at most {F(spec.Maximum!.Value)}";
        }

        internal static string Display(string path) => path.Length == 0 ? "the root object" : path;
    }
}
