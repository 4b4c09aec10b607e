#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RealtimeOps.Engine.Redaction
{
    /// <summary>
    /// Removes secrets from what RealtimeOps records and exports. One set of rules, used at capture (the exchange recorder)
    /// and again at export (the support bundle): headers by name, JSON by property (also a JSON body held in a JSON
    /// string), URLs and form bodies by parameter name, and in free text only values whose shape is unmistakable (ek_
    /// secrets, bearer tokens, JWTs, Basic and SharedKey credentials, registered literals). Counts what it removed per
    /// rule, never the values.
    /// </summary>
    internal sealed class SecretRedactor
    {
        /// <summary>What a removed value is replaced with.</summary>
        public const string Mask = "***REDACTED***";

        public const string RuleSecretHeader = "SecretHeader";
        public const string RuleEphemeralKey = "EphemeralKey";
        public const string RuleQueryString = "QueryStringSecret";
        public const string RuleJsonSecretField = "JsonSecretField";
        public const string RuleBearerToken = "BearerToken";
        public const string RuleRegisteredSecret = "KnownSecretValue";
        public const string RuleJsonWebToken = "JsonWebToken";
        public const string RuleSchemeCredential = "SchemeCredential";

        private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;
        // ek_ values are ephemeral client secrets (Microsoft Learn, MS-webrtc); they may appear anywhere.
        private static readonly Regex s_ephemeralKey = new Regex(@"\bek_[A-Za-z0-9_\-\.~+/=]+", Options);
        private static readonly Regex s_bearer = new Regex(@"(?i)\bBearer\s+[A-Za-z0-9\-\._~\+/=]{8,}", Options);
        private static readonly Regex s_basic = new Regex(@"\bBasic\s+(?<value>[A-Za-z0-9+/]{4,}={0,2})", Options);
        private static readonly Regex s_sharedKey = new Regex(@"\b(?<scheme>SharedKey(?:Lite)?)\s+[^\s:""]+:[A-Za-z0-9+/=]+", Options);
        private static readonly Regex s_jwt = new Regex(@"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*", Options);
        // name=value after ?, & or whitespace (or at the start: a form body); only names of credentials are masked.
        private static readonly Regex s_queryPair = new Regex(@"(?<=^|[?&\s])(?<name>[^=&#?/\s""']+)=(?<value>[^&#\s""']*)", Options);
        // Only for text that is not valid JSON (a body cut at the record limit): "name":"value" of credential fields.
        private static readonly Regex s_jsonField = new Regex("\"(?<name>[A-Za-z_\\-]+)\"\\s*:\\s*\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"", Options);

        private readonly ConcurrentDictionary<string, int> _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private volatile string[] _literals = Array.Empty<string>();
        private readonly object _gate = new object();

        /// <summary>Removals so far, per rule name. Never the values.</summary>
        public IReadOnlyDictionary<string, int> Counts => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);

        /// <summary>Adds a literal secret (an api key, a token) that must never be recorded wherever it appears.</summary>
        public void RegisterSecret(string? secret)
        {
            // Short values would mask ordinary words; real keys and tokens are long.
            if (string.IsNullOrEmpty(secret) || secret!.Length < 6) return;
            lock (_gate)
            {
                if (_literals.Contains(secret, StringComparer.Ordinal)) return;
                _literals = _literals.Concat(new[] { secret }).OrderByDescending(s => s.Length).ToArray();
            }
        }

        internal bool HasRegisteredSecrets => _literals.Length > 0;

        /// <summary>A redactor with the same registered secrets and its own counts (one per recorded exchange).</summary>
        public SecretRedactor CreateScope()
        {
            var scope = new SecretRedactor();
            scope._literals = _literals;
            return scope;
        }

        public bool IsSecretHeader(string? name) => SecretNames.IsSecretHeader(name);

        /// <summary>True for a value that is already a mask (so it is neither changed nor counted again).</summary>
        internal static bool IsMasked(string value) =>
            value == "***" || value.IndexOf(Mask, StringComparison.Ordinal) >= 0 || value == "ek_***";

        /// <summary>The value to record for a header: masked for credential headers (the scheme of Authorization kept), otherwise scrubbed text.</summary>
        [return: NotNullIfNotNull("value")]
        public string? RedactHeader(string? name, string? value)
        {
            if (value == null) return null;
            if (SecretNames.IsSecretField(name))
            {
                if (IsMasked(value)) return value;
                Count(RuleSecretHeader);
                return MaskKeepingScheme(name, value);
            }
            return RedactText(value);
        }

        /// <summary>A URL with credential query values masked (and any other secret text).</summary>
        [return: NotNullIfNotNull("url")]
        public string? RedactUrl(string? url) => RedactText(url);

        /// <summary>A request body: JSON by property, a form body by field name, anything else by the free-text rules.</summary>
        [return: NotNullIfNotNull("body")]
        public string? RedactBody(string? body) => RedactStructured(body, maskValueFields: false);

        /// <summary>A response body: as <see cref="RedactBody"/>, and JSON "value" strings (a minted secret) too.</summary>
        [return: NotNullIfNotNull("body")]
        public string? RedactResponseBody(string? body) => RedactStructured(body, maskValueFields: true);

        /// <summary>Free text (messages, URLs): ek_ values, bearer tokens, JWTs, scheme credentials, registered literals, credential parameters.</summary>
        [return: NotNullIfNotNull("text")]
        public string? RedactText(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var t = text!;
            foreach (var secret in _literals)
            {
                if (t.IndexOf(secret, StringComparison.Ordinal) < 0) continue;
                Count(RuleRegisteredSecret, CountOccurrences(t, secret));
                t = t.Replace(secret, Mask);
            }
            if (t.IndexOf("ek_", StringComparison.Ordinal) >= 0)
                t = s_ephemeralKey.Replace(t, m => { Count(RuleEphemeralKey); return Mask; });
            if (t.IndexOf("earer", StringComparison.OrdinalIgnoreCase) >= 0)
                t = s_bearer.Replace(t, m => { Count(RuleBearerToken); return "Bearer " + Mask; });
            if (t.IndexOf("eyJ", StringComparison.Ordinal) >= 0)
                t = s_jwt.Replace(t, m => { Count(RuleJsonWebToken); return Mask; });
            if (t.IndexOf("Basic", StringComparison.Ordinal) >= 0)
                t = s_basic.Replace(t, m => IsBasicCredential(m.Groups["value"].Value) ? Counted(RuleSchemeCredential, "Basic " + Mask) : m.Value);
            if (t.IndexOf("SharedKey", StringComparison.Ordinal) >= 0)
                t = s_sharedKey.Replace(t, m => Counted(RuleSchemeCredential, m.Groups["scheme"].Value + " " + Mask));
            // "name":"value" pairs of credential fields in text that is not itself walked as JSON (markdown, messages).
            if (t.IndexOf('"') >= 0) t = MaskQuotedFields(t, maskValueFields: false);
            if (t.IndexOf('=') >= 0)
            {
                t = s_queryPair.Replace(t, m =>
                {
                    var name = Unescape(m.Groups["name"].Value);
                    var value = m.Groups["value"].Value;
                    if (!SecretNames.IsSecretQueryName(name) || value.Length == 0 || IsMasked(value)) return m.Value;
                    Count(RuleQueryString);
                    return m.Groups["name"].Value + "=" + Mask;
                });
            }
            return t;
        }

        /// <summary>A whole JSON document (a bundle file): every string value redacted by the property holding it.</summary>
        [return: NotNullIfNotNull("json")]
        public string? RedactJson(string? json) => RedactStructured(json, maskValueFields: false);

        [return: NotNullIfNotNull("text")]
        private string? RedactStructured(string? text, bool maskValueFields)
        {
            if (string.IsNullOrEmpty(text)) return text;
            if (JsonSecretWalker.LooksLikeJson(text))
            {
                var walked = new JsonSecretWalker(this).Redact(text!, maskValueFields);
                if (walked != null) return walked;
                // Not valid JSON (cut at the record limit, or not JSON at all): credential fields by their quoted name.
                text = MaskQuotedFields(text!, maskValueFields);
            }
            return RedactText(text);
        }

        private string MaskQuotedFields(string text, bool maskValueFields) => s_jsonField.Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            var value = m.Groups["value"];
            var secret = SecretNames.IsSecretField(name) || (maskValueFields && name == "value");
            if (!secret || value.Length == 0 || IsMasked(value.Value)) return m.Value;
            Count(RuleJsonSecretField);
            return m.Value.Substring(0, value.Index - m.Index) + Mask + m.Value.Substring(value.Index - m.Index + value.Length);
        });

        /// <summary>Masks the value of a credential-named JSON property or header and counts it.</summary>
        internal string MaskField(string? name, string value)
        {
            CountField(name);
            return MaskKeepingScheme(name, value);
        }

        internal void CountField(string? name) => Count(SecretNames.IsSecretHeader(name) ? RuleSecretHeader : RuleJsonSecretField);

        private static string MaskKeepingScheme(string? name, string value)
        {
            if (!SecretNames.HasScheme(name)) return Mask;
            var trimmed = value.Trim();
            var space = trimmed.IndexOf(' ');
            return space > 0 ? trimmed.Substring(0, space) + " " + Mask : Mask;
        }

        // "Basic" is an English word: only a base64 user:password after it is a credential.
        private static bool IsBasicCredential(string value)
        {
            if (value.Length % 4 != 0) return false;
            try { return Encoding.UTF8.GetString(Convert.FromBase64String(value)).IndexOf(':') > 0; }
            catch (FormatException) { return false; }
        }

        private static string Unescape(string name)
        {
            try { return Uri.UnescapeDataString(name); }
            catch (UriFormatException) { return name; }
        }

        private string Counted(string rule, string replacement) { Count(rule); return replacement; }

        private void Count(string rule, int n = 1) => _counts.AddOrUpdate(rule, n, (_, c) => c + n);

        private static int CountOccurrences(string text, string value)
        {
            int n = 0, i = 0;
            while ((i = text.IndexOf(value, i, StringComparison.Ordinal)) >= 0) { n++; i += value.Length; }
            return n;
        }
    }
}
