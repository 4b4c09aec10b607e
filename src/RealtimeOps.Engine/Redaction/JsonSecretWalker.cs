#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RealtimeOps.Engine.Redaction
{
    /// <summary>
    /// Redacts a JSON text by its structure: it reads the tokens, decides per string value from the property that holds it,
    /// and splices only the changed values back, re-encoded. Everything else (layout, order, escapes) stays byte for byte,
    /// and the result is always valid JSON. A string value that is itself JSON (a body inside an exchange) is walked too.
    /// </summary>
    internal sealed class JsonSecretWalker
    {
        // A body inside a body inside a file is as deep as real data goes; deeper text is treated as plain text.
        private const int MaxNesting = 4;
        private static readonly JsonSerializerOptions s_encode = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, true);

        private readonly SecretRedactor _redactor;

        internal JsonSecretWalker(SecretRedactor redactor) { _redactor = redactor; }

        private sealed class Frame
        {
            public Frame(string? owner, bool isArray, bool secret, bool maskValues) { Owner = owner; IsArray = isArray; Secret = secret; MaskValues = maskValues; }
            public string? Owner { get; }
            public bool IsArray { get; }
            /// <summary>Inside a property named like a credential (client_secret: {value, expires_at}).</summary>
            public bool Secret { get; }
            /// <summary>"value" strings are minted secrets here (a client_secrets answer).</summary>
            public bool MaskValues { get; }
        }

        internal static bool LooksLikeJson(string? text)
        {
            if (string.IsNullOrEmpty(text)) return false;
            foreach (var c in text!)
            {
                if (char.IsWhiteSpace(c)) continue;
                return c == '{' || c == '[';
            }
            return false;
        }

        /// <summary>The redacted JSON, or null when <paramref name="json"/> is not valid JSON (the caller falls back to text rules).</summary>
        internal string? Redact(string json, bool maskValueFields, int nesting = 0)
        {
            if (nesting > MaxNesting) return null;
            byte[] bytes;
            try { bytes = s_utf8.GetBytes(json); }
            catch (EncoderFallbackException) { return null; }
            var edits = new List<(int Start, int Length, string Replacement)>();
            var frames = new Stack<Frame>();
            string? pendingName = null;
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
            try
            {
                while (reader.Read())
                {
                    var frame = frames.Count > 0 ? frames.Peek() : null;
                    var name = frame != null && frame.IsArray ? frame.Owner : pendingName;
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            pendingName = reader.GetString();
                            continue;
                        case JsonTokenType.StartObject:
                        case JsonTokenType.StartArray:
                            var secret = SecretNames.IsSecretField(name) || (frame != null && frame.Secret && frame.IsArray);
                            var maskValues = (frame == null ? maskValueFields : frame.MaskValues) || secret;
                            frames.Push(new Frame(name, reader.TokenType == JsonTokenType.StartArray, secret, maskValues));
                            break;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            frames.Pop();
                            break;
                        case JsonTokenType.String:
                            var value = reader.GetString() ?? string.Empty;
                            var redacted = RedactValue(name, value, frame, maskValueFields, nesting);
                            if (!ReferenceEquals(redacted, value) && redacted != value)
                                edits.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, JsonSerializer.Serialize(redacted, s_encode)));
                            break;
                        case JsonTokenType.Number:
                            if (SecretNames.IsSecretField(name) || (frame != null && frame.Secret && frame.IsArray))
                            {
                                _redactor.CountField(name);
                                edits.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length, JsonSerializer.Serialize(SecretRedactor.Mask, s_encode)));
                            }
                            break;
                    }
                    pendingName = null;
                }
            }
            catch (JsonException)
            {
                return null;
            }
            return edits.Count == 0 ? json : Splice(bytes, edits);
        }

        private string RedactValue(string? name, string value, Frame? frame, bool maskValueFields, int nesting)
        {
            if (SecretRedactor.IsMasked(value)) return value;
            if (SecretNames.IsSecretField(name)) return _redactor.MaskField(name, value);
            var masksValues = frame == null ? maskValueFields : frame.MaskValues;
            if (masksValues && string.Equals(name, "value", StringComparison.OrdinalIgnoreCase)) return _redactor.MaskField(name, value);
            if (frame != null && frame.Secret && frame.IsArray) return _redactor.MaskField(name, value);
            if (LooksLikeJson(value))
            {
                var responseBody = string.Equals(name, "ResponseBody", StringComparison.OrdinalIgnoreCase);
                var nested = Redact(value, responseBody, nesting + 1);
                if (nested != null) return nested;
            }
            return _redactor.RedactText(value) ?? value;
        }

        private static string Splice(byte[] bytes, List<(int Start, int Length, string Replacement)> edits)
        {
            using (var output = new MemoryStream(bytes.Length))
            {
                var at = 0;
                foreach (var (start, length, replacement) in edits)
                {
                    output.Write(bytes, at, start - at);
                    var r = s_utf8.GetBytes(replacement);
                    output.Write(r, 0, r.Length);
                    at = start + length;
                }
                output.Write(bytes, at, bytes.Length - at);
                return s_utf8.GetString(output.ToArray());
            }
        }
    }
}
