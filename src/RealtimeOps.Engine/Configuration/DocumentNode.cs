using System;
using System.Collections.Generic;
using System.Globalization;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>The JSON kind of a node of a <see cref="SessionDocument"/>.</summary>
    public enum DocumentNodeKind
    {
        Object,
        Array,
        String,
        Number,
        Boolean,
        Null,
    }

    /// <summary>
    /// One JSON value of a parsed configuration, with the 1-based line and column where it starts
    /// (null when the document was built from an object graph rather than text).
    /// </summary>
    public sealed class DocumentNode
    {
        private List<DocumentProperty>? _properties;
        private List<DocumentNode>? _items;

        internal DocumentNode(DocumentNodeKind kind, int? line, int? column)
        {
            Kind = kind;
            Line = line;
            Column = column;
        }

        public DocumentNodeKind Kind { get; }
        public int? Line { get; }
        public int? Column { get; }

        /// <summary>The string value, or the number's JSON text; null for other kinds.</summary>
        public string? Text { get; internal set; }
        public double Number { get; internal set; }
        public bool IsInteger { get; internal set; }
        public bool Boolean { get; internal set; }

        public IReadOnlyList<DocumentProperty> Properties => (IReadOnlyList<DocumentProperty>?)_properties ?? Array.Empty<DocumentProperty>();
        public IReadOnlyList<DocumentNode> Items => (IReadOnlyList<DocumentNode>?)_items ?? Array.Empty<DocumentNode>();

        internal void AddProperty(DocumentProperty p) => (_properties ?? (_properties = new List<DocumentProperty>())).Add(p);
        internal void AddItem(DocumentNode n) => (_items ?? (_items = new List<DocumentNode>())).Add(n);

        /// <summary>The last property of that name (ordinal, as the service matches names).</summary>
        public DocumentProperty? FindProperty(string name)
        {
            if (_properties == null) return null;
            for (var i = _properties.Count - 1; i >= 0; i--)
            {
                if (string.Equals(_properties[i].Name, name, StringComparison.Ordinal)) return _properties[i];
            }
            return null;
        }

        public DocumentNode? this[string name] => FindProperty(name)?.Value;

        public bool IsNull => Kind == DocumentNodeKind.Null;

        /// <summary>The string value when this is a string, else null.</summary>
        public string? StringValue => Kind == DocumentNodeKind.String ? Text : null;

        public static string KindName(DocumentNodeKind kind)
        {
            switch (kind)
            {
                case DocumentNodeKind.Object: return "an object";
                case DocumentNodeKind.Array: return "an array";
                case DocumentNodeKind.String: return "a string";
                case DocumentNodeKind.Number: return "a number";
                case DocumentNodeKind.Boolean: return "a boolean";
                default: return "null";
            }
        }

        /// <summary>A short, single-line rendering of the value for messages.</summary>
        public string Describe()
        {
            switch (Kind)
            {
                case DocumentNodeKind.String:
                    var s = Text ?? string.Empty;
                    var t = s.Length > 60 ? s.Substring(0, 57) + "..." : s;
                    return "\"" + t + "\"";
                case DocumentNodeKind.Number: return Text ?? Number.ToString("R", CultureInfo.InvariantCulture);
                case DocumentNodeKind.Boolean: return Boolean ? "true" : "false";
                case DocumentNodeKind.Null: return "null";
                case DocumentNodeKind.Array: return "[...]";
                default: return "{...}";
            }
        }
    }

    /// <summary>A property of an object node: its name, where the name is written, and its value.</summary>
    public sealed class DocumentProperty
    {
        internal DocumentProperty(string name, int? line, int? column, DocumentNode value)
        {
            Name = name;
            Line = line;
            Column = column;
            Value = value;
        }

        public string Name { get; }
        public int? Line { get; }
        public int? Column { get; }
        public DocumentNode Value { get; internal set; }
    }
}
