using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>
    /// A configuration parsed once into a tree that remembers the line and column of every name and value.
    /// Parsing never throws for bad input: syntax errors, excessive nesting and bad encodings become
    /// diagnostics (RTC1001, RTC1002) and <see cref="Root"/> is null.
    /// </summary>
    public sealed class SessionDocument
    {
        /// <summary>Deeper nesting is refused (RTC1002). Session configurations nest about 6 levels.</summary>
        public const int MaxDepth = 64;

        private SessionDocument(string source, DocumentNode? root, bool hasPositions, IReadOnlyList<Diagnostic>? diagnostics)
        {
            Source = source ?? string.Empty;
            Root = root;
            HasPositions = hasPositions;
            Diagnostics = diagnostics ?? Array.Empty<Diagnostic>();
        }

        public string Source { get; }
        /// <summary>The root value, or null when the input could not be parsed.</summary>
        public DocumentNode? Root { get; }
        /// <summary>True when nodes carry line and column (parsed from text).</summary>
        public bool HasPositions { get; }
        /// <summary>Problems found while parsing (syntax, depth, encoding).</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; }

        /// <summary>Parses raw bytes: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (or recognisably without).</summary>
        public static SessionDocument Parse(byte[] bytes, string source)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (IsUtf32(bytes))
            {
                return Failed(source, new Diagnostic(RuleIds.JsonSyntax, RuleCatalog.Get(RuleIds.JsonSyntax).Severity, string.Empty, 1, 1,
                    "JSON syntax error: the input is UTF-32, which the service does not read.",
                    "Save the file as UTF-8 (with or without BOM) or UTF-16 with a BOM.", source));
            }
            return ParseUtf8(ToUtf8(bytes, out var offset), offset, source);
        }

        /// <summary>Parses JSON text.</summary>
        public static SessionDocument Parse(string? json, string source)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            if (json.Length > 0 && json[0] == '\uFEFF') json = json.Substring(1);
            return ParseUtf8(Encoding.UTF8.GetBytes(json), 0, source);
        }

        // UTF-32 (with or without BOM): JSON text starts with an ASCII character, so three zero bytes beside it reveal it.
        private static bool IsUtf32(byte[] b) =>
            b.Length >= 4 && ((b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) ||
                              (b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) || (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0));

        private static byte[] ToUtf8(byte[] bytes, out int offset)
        {
            offset = 0;
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) { offset = 3; return bytes; }
            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
            if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2));
            // Without a BOM, JSON text starts with an ASCII character, so a zero byte beside it reveals UTF-16 (RFC 4627 §3).
            if (bytes.Length >= 2 && bytes.Length % 2 == 0 && bytes[0] != 0 && bytes[1] == 0) return Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(bytes));
            if (bytes.Length >= 2 && bytes.Length % 2 == 0 && bytes[0] == 0 && bytes[1] != 0) return Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(bytes));
            return bytes;
        }

        private static SessionDocument ParseUtf8(byte[] utf8, int start, string source)
        {
            var span = new ReadOnlySpan<byte>(utf8, start, utf8.Length - start);
            var positions = new PositionTracker(utf8, start);
            var reader = new Utf8JsonReader(span, new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Disallow,
                AllowTrailingCommas = false,
                // Our own limit fires first and reports RTC1002; the reader's is a backstop.
                MaxDepth = MaxDepth + 2,
            });
            var stack = new Stack<DocumentNode>();
            DocumentNode? root = null;
            string? pendingName = null;
            int pendingLine = 0, pendingColumn = 0;
            try
            {
                while (reader.Read())
                {
                    var tokenType = reader.TokenType;
                    if (tokenType == JsonTokenType.PropertyName)
                    {
                        positions.MoveTo(start + (int)reader.TokenStartIndex, out pendingLine, out pendingColumn);
                        pendingName = reader.GetString();
                        continue;
                    }
                    if (tokenType == JsonTokenType.EndObject || tokenType == JsonTokenType.EndArray)
                    {
                        stack.Pop();
                        continue;
                    }
                    positions.MoveTo(start + (int)reader.TokenStartIndex, out var line, out var column);
                    DocumentNode node;
                    switch (tokenType)
                    {
                        case JsonTokenType.StartObject: node = new DocumentNode(DocumentNodeKind.Object, line, column); break;
                        case JsonTokenType.StartArray: node = new DocumentNode(DocumentNodeKind.Array, line, column); break;
                        case JsonTokenType.String:
                            node = new DocumentNode(DocumentNodeKind.String, line, column) { Text = reader.GetString() };
                            break;
                        case JsonTokenType.Number:
                            node = NumberNode(ref reader, utf8, start, line, column);
                            break;
                        case JsonTokenType.True: node = new DocumentNode(DocumentNodeKind.Boolean, line, column) { Boolean = true }; break;
                        case JsonTokenType.False: node = new DocumentNode(DocumentNodeKind.Boolean, line, column); break;
                        default: node = new DocumentNode(DocumentNodeKind.Null, line, column); break;
                    }
                    if (stack.Count == 0) root = node;
                    else
                    {
                        var parent = stack.Peek();
                        if (parent.Kind == DocumentNodeKind.Object) parent.AddProperty(new DocumentProperty(pendingName ?? string.Empty, pendingLine, pendingColumn, node));
                        else parent.AddItem(node);
                    }
                    if (tokenType == JsonTokenType.StartObject || tokenType == JsonTokenType.StartArray)
                    {
                        if (stack.Count >= MaxDepth)
                        {
                            return Failed(source, new Diagnostic(RuleIds.NestingTooDeep, RuleCatalog.Get(RuleIds.NestingTooDeep).Severity, string.Empty, line, column,
                                $"Objects and arrays nest deeper than {MaxDepth} levels; checking stopped here.",
                                "A session configuration nests about 6 levels: look for a runaway generator or a wrongly pasted file.", source));
                        }
                        stack.Push(node);
                    }
                }
            }
            catch (JsonException ex)
            {
                positions.FromReaderPosition(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0, out var line, out var column);
                return Failed(source, new Diagnostic(RuleIds.JsonSyntax, RuleCatalog.Get(RuleIds.JsonSyntax).Severity, string.Empty, line, column,
                    "JSON syntax error: " + SyntaxMessage(ex.Message, utf8, start, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0),
                    "Fix the JSON at this position (a missing comma, quote or bracket is the usual cause; comments and trailing commas are not JSON).", source));
            }
            catch (InvalidOperationException ex)
            {
                // Invalid UTF-8 or a bad escape inside a string surfaces when the string is decoded.
                positions.MoveTo(start + (int)reader.TokenStartIndex, out var line, out var column);
                return Failed(source, new Diagnostic(RuleIds.JsonSyntax, RuleCatalog.Get(RuleIds.JsonSyntax).Severity, string.Empty, line, column,
                    "JSON syntax error: " + CleanReaderMessage(ex.Message),
                    "Save the file as UTF-8 (with or without BOM) or UTF-16 with a BOM, and check escapes in strings.", source));
            }
            if (root == null)
            {
                return Failed(source, new Diagnostic(RuleIds.JsonSyntax, RuleCatalog.Get(RuleIds.JsonSyntax).Severity, string.Empty, 1, 1,
                    "JSON syntax error: the input is empty.", "Give a JSON object such as {\"session\": {\"type\": \"realtime\"}}.", source));
            }
            return new SessionDocument(source, root, true, null);
        }

        private static DocumentNode NumberNode(ref Utf8JsonReader reader, byte[] utf8, int start, int line, int column)
        {
            // The reader runs over one contiguous array, so a number's text is a slice of it: no copy needed.
            var raw = Encoding.UTF8.GetString(utf8, start + (int)reader.TokenStartIndex, reader.ValueSpan.Length);
            reader.TryGetDouble(out var value);
            return new DocumentNode(DocumentNodeKind.Number, line, column)
            {
                Text = raw,
                Number = value,
                IsInteger = !double.IsInfinity(value) && Math.Floor(value) == value,
            };
        }

        // Comments and trailing commas are what editors allow and the service refuses: say so in those words.
        private static string SyntaxMessage(string readerMessage, byte[] utf8, int start, long readerLine, long bytePositionInLine)
        {
            var i = start;
            for (long line = 0; line < readerLine && i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n') line++;
            }
            var at = i + bytePositionInLine;
            if (at >= 0 && at + 1 < utf8.Length && utf8[at] == (byte)'/' && (utf8[at + 1] == (byte)'/' || utf8[at + 1] == (byte)'*'))
                return "a comment; comments are not JSON and the service rejects comments.";
            if (readerMessage.IndexOf("does not contain any JSON tokens", StringComparison.OrdinalIgnoreCase) >= 0)
                return "the input is empty (or only white space).";
            if (readerMessage.IndexOf("trailing comma", StringComparison.OrdinalIgnoreCase) >= 0)
                return "a trailing comma; the service rejects trailing commas.";
            return CleanReaderMessage(readerMessage);
        }

        // Reader messages end with "LineNumber: 0 | BytePositionInLine: 7." (0-based, bytes): we report our own 1-based position.
        private static string CleanReaderMessage(string message)
        {
            var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (i > 0) message = message.Substring(0, i);
            message = message.Replace(" Change the reader options.", string.Empty);
            return message.Trim().TrimEnd('.') + ".";
        }

        internal static SessionDocument Failed(string source, Diagnostic d) => new SessionDocument(source, null, true, new[] { d });

        /// <summary>
        /// Builds a document from an object graph: IDictionary (keys as names, in enumeration order), lists,
        /// strings, booleans, numbers, null. Line and column are absent. Iterative, so a cyclic or very deep
        /// graph gives RTC1002 instead of a stack overflow.
        /// </summary>
        public static SessionDocument FromObject(object? graph, string source)
        {
            var work = new Stack<(object? Value, DocumentNode? Parent, string? Name, int Depth)>();
            work.Push((graph, null, null, 0));
            DocumentNode? root = null;
            while (work.Count > 0)
            {
                var (value, parent, name, depth) = work.Pop();
                var stop = ObjectGraphLimits.Verdict(value, source);
                if (stop != null) return Failed(source, stop);
                var node = ConvertScalar(value);
                if (node == null)
                {
                    if (depth >= MaxDepth)
                    {
                        return Failed(source, new Diagnostic(RuleIds.NestingTooDeep, RuleCatalog.Get(RuleIds.NestingTooDeep).Severity, string.Empty, null, null,
                            $"Objects and arrays nest deeper than {MaxDepth} levels (or the object refers to itself); checking stopped.",
                            "Pass a plain hashtable or ordered dictionary of the configuration.", source));
                    }
                    if (value is IDictionary dictionary)
                    {
                        node = new DocumentNode(DocumentNodeKind.Object, null, null);
                        var entries = new List<DictionaryEntry>();
                        foreach (DictionaryEntry e in dictionary) entries.Add(e);
                        for (var i = entries.Count - 1; i >= 0; i--)
                        {
                            work.Push((entries[i].Value, node, Convert.ToString(entries[i].Key, CultureInfo.InvariantCulture), depth + 1));
                        }
                    }
                    else
                    {
                        node = new DocumentNode(DocumentNodeKind.Array, null, null);
                        var items = new List<object?>();
                        foreach (var item in (IEnumerable)value!) items.Add(item);
                        for (var i = items.Count - 1; i >= 0; i--) work.Push((items[i], node, null, depth + 1));
                    }
                }
                if (parent == null) root = node;
                else if (parent.Kind == DocumentNodeKind.Object) parent.AddProperty(new DocumentProperty(name ?? string.Empty, null, null, node));
                else parent.AddItem(node);
            }
            return new SessionDocument(source, root, false, null);
        }

        // Returns null for containers (IDictionary, IEnumerable other than string).
        private static DocumentNode? ConvertScalar(object? value)
        {
            switch (value)
            {
                case null: return new DocumentNode(DocumentNodeKind.Null, null, null);
                case string s: return new DocumentNode(DocumentNodeKind.String, null, null) { Text = s };
                case char c: return new DocumentNode(DocumentNodeKind.String, null, null) { Text = c.ToString() };
                case bool b: return new DocumentNode(DocumentNodeKind.Boolean, null, null) { Boolean = b };
                case DateTime dt: return new DocumentNode(DocumentNodeKind.String, null, null) { Text = dt.ToString("o", CultureInfo.InvariantCulture) };
                case DateTimeOffset dto: return new DocumentNode(DocumentNodeKind.String, null, null) { Text = dto.ToString("o", CultureInfo.InvariantCulture) };
                case Enum e: return new DocumentNode(DocumentNodeKind.String, null, null) { Text = e.ToString() };
                case IDictionary _: return null;
                case IEnumerable _: return null;
            }
            if (value is IConvertible convertible)
            {
                var code = convertible.GetTypeCode();
                if (code >= TypeCode.SByte && code <= TypeCode.Decimal)
                {
                    var d = convertible.ToDouble(CultureInfo.InvariantCulture);
                    return new DocumentNode(DocumentNodeKind.Number, null, null)
                    {
                        Number = d,
                        Text = convertible.ToString(CultureInfo.InvariantCulture),
                        IsInteger = !double.IsInfinity(d) && Math.Floor(d) == d,
                    };
                }
            }
            return new DocumentNode(DocumentNodeKind.String, null, null) { Text = Convert.ToString(value, CultureInfo.InvariantCulture) };
        }

        /// <summary>Maps byte offsets (monotonically increasing) to 1-based line and column in characters.</summary>
        private sealed class PositionTracker
        {
            private readonly byte[] _bytes;
            private readonly int _start;
            private int _offset;
            private int _line = 1;
            private int _column = 1;

            public PositionTracker(byte[] bytes, int start)
            {
                _bytes = bytes;
                _start = start;
                _offset = start;
            }

            public void MoveTo(int offset, out int line, out int column)
            {
                if (offset < _offset) { _offset = _start; _line = 1; _column = 1; }
                var bytes = _bytes;
                for (var i = _offset; i < offset && i < bytes.Length; i++)
                {
                    var b = bytes[i];
                    if (b == (byte)'\n') { _line++; _column = 1; }
                    else if ((b & 0xC0) != 0x80) _column++;
                }
                _offset = offset;
                line = _line;
                column = _column;
            }

            // The reader reports a 0-based line (counted by \n) and a 0-based byte position within it.
            public void FromReaderPosition(long readerLine, long bytePositionInLine, out int line, out int column)
            {
                var i = _start;
                long currentLine = 0;
                while (currentLine < readerLine && i < _bytes.Length)
                {
                    if (_bytes[i] == (byte)'\n') currentLine++;
                    i++;
                }
                column = 1;
                var end = Math.Min(_bytes.Length, i + (int)Math.Min(bytePositionInLine, int.MaxValue - i));
                for (var j = i; j < end; j++)
                {
                    if ((_bytes[j] & 0xC0) != 0x80) column++;
                }
                line = (int)currentLine + 1;
            }
        }
    }
}
