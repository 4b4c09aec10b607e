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
    /// Removes secrets from what RealtimeOps records, at capture time, so nothing downstream (exchanges,
    /// errors, support bundles) ever holds one. Counts what it removed per rule, never the values.
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
        public const string RuleRegisteredSecret = "RegisteredSecret";

        private static readonly HashSet<string> s_secretHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "api-key", "Authorization", "Proxy-Authorization", "Ocp-Apim-Subscription-Key", "x-ms-identity-header",
            "X-IDENTITY-HEADER", "Metadata-Secret", "Cookie", "Set-Cookie"
        };

        // Query names whose values are credentials: keys, SAS signatures, function codes, OAuth tokens.
        private static readonly HashSet<string> s_secretQueryNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "key", "api-key", "apikey", "api_key", "subscription-key", "sig", "code", "token", "access_token",
            "id_token", "refresh_token", "client_secret", "secret", "password", "assertion", "client_assertion"
        };

        // ek_ values are ephemeral client secrets (SERVICE-FACTS §1); they may appear anywhere.
        private static readonly Regex s_ephemeralKey = new Regex(@"\bek_[A-Za-z0-9_\-\.~+/=]+", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex s_bearer = new Regex(@"(?i)\bBearer\s+[A-Za-z0-9\-\._~\+/=]{8,}", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex s_queryPair = new Regex(@"(?<=[?&])(?<name>[^=&#\s""']+)=(?<value>[^&#\s""']*)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        // JSON string fields that carry credentials in token and key responses.
        private static readonly Regex s_jsonSecretField = new Regex(
            "\"(?<name>access_token|refresh_token|id_token|client_secret|api_key|apiKey|api-key|key1|key2|password|secret|token)\"\\s*:\\s*\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);
        // The minted value of a client secret: "value":"..." in a client_secrets answer.
        private static readonly Regex s_jsonValueField = new Regex(
            "\"value\"\\s*:\\s*\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"", RegexOptions.Compiled | RegexOptions.CultureInvariant);

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

        public bool IsSecretHeader(string name) => name != null && s_secretHeaders.Contains(name);

        /// <summary>The value to record for a header: masked for credential headers, otherwise scrubbed text.</summary>
        [return: NotNullIfNotNull("value")]
        public string? RedactHeader(string name, string? value)
        {
            if (value == null) return null;
            if (IsSecretHeader(name))
            {
                Count(RuleSecretHeader);
                if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
                {
                    var space = value.IndexOf(' ');
                    if (space > 0) return value.Substring(0, space) + " " + Mask;
                }
                return Mask;
            }
            return RedactText(value);
        }

        /// <summary>A URL with credential query values masked (and any other secret text).</summary>
        public string? RedactUrl(string url)
        {
            if (string.IsNullOrEmpty(url)) return url;
            var q = url.IndexOf('?');
            string result = url;
            if (q >= 0)
            {
                result = url.Substring(0, q) + s_queryPair.Replace(url.Substring(q), m =>
                {
                    var name = Uri.UnescapeDataString(m.Groups["name"].Value);
                    if (!s_secretQueryNames.Contains(name) || m.Groups["value"].Length == 0) return m.Value;
                    Count(RuleQueryString);
                    return m.Groups["name"].Value + "=" + Mask;
                });
            }
            return RedactText(result);
        }

        /// <summary>Free text (bodies, messages): ek_ values, bearer tokens, registered literals, query secrets inside URLs.</summary>
        [return: NotNullIfNotNull("text")]
        public string? RedactText(string? text) => RedactCore(text, maskValueFields: false);

        /// <summary>A response body: as <see cref="RedactText"/> and also JSON "value" strings (a minted secret).</summary>
        [return: NotNullIfNotNull("text")]
        public string? RedactResponseBody(string? text) => RedactCore(text, maskValueFields: true);

        [return: NotNullIfNotNull("text")]
        private string? RedactCore(string? text, bool maskValueFields)
        {
            if (string.IsNullOrEmpty(text)) return text;
            var literals = _literals;
            foreach (var secret in literals)
            {
                if (text!.IndexOf(secret, StringComparison.Ordinal) < 0) continue;
                var n = CountOccurrences(text, secret);
                text = text.Replace(secret, Mask);
                Count(RuleRegisteredSecret, n);
            }
            if (text!.IndexOf("ek_", StringComparison.Ordinal) >= 0)
            {
                text = s_ephemeralKey.Replace(text, m => { Count(RuleEphemeralKey); return Mask; });
            }
            if (text.IndexOf("earer", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                text = s_bearer.Replace(text, m => { Count(RuleBearerToken); return "Bearer " + Mask; });
            }
            if (text.IndexOf('"') >= 0)
            {
                text = s_jsonSecretField.Replace(text, m => MaskGroup(m, RuleJsonSecretField));
                if (maskValueFields) text = s_jsonValueField.Replace(text, m => MaskGroup(m, RuleJsonSecretField));
            }
            if (text.IndexOf('?') >= 0 && text.IndexOf('=') >= 0)
            {
                text = s_queryPair.Replace(text, m =>
                {
                    var name = m.Groups["name"].Value;
                    if (!s_secretQueryNames.Contains(name) || m.Groups["value"].Length == 0 || m.Groups["value"].Value == Mask) return m.Value;
                    Count(RuleQueryString);
                    return name + "=" + Mask;
                });
            }
            return text;
        }

        private string MaskGroup(Match m, string rule)
        {
            var value = m.Groups["value"];
            if (value.Length == 0 || value.Value == Mask) return m.Value;
            Count(rule);
            var sb = new StringBuilder(m.Value.Length);
            sb.Append(m.Value, 0, value.Index - m.Index);
            sb.Append(Mask);
            sb.Append(m.Value, value.Index - m.Index + value.Length, m.Index + m.Length - value.Index - value.Length);
            return sb.ToString();
        }

        private void Count(string rule, int n = 1) => _counts.AddOrUpdate(rule, n, (_, c) => c + n);

        private static int CountOccurrences(string text, string value)
        {
            int n = 0, i = 0;
            while ((i = text.IndexOf(value, i, StringComparison.Ordinal)) >= 0) { n++; i += value.Length; }
            return n;
        }
    }
}
