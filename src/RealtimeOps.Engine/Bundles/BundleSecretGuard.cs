using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>Removes secrets from a text and counts what it removed, per rule, never keeping a value.</summary>
    internal interface IBundleTextGuard
    {
        string? Redact(string? text);
        /// <summary>Rule name -> how many values it replaced.</summary>
        IReadOnlyDictionary<string, long> Counts { get; }
    }

    /// <summary>
    /// The last guard before anything is written into a bundle. Exchanges are redacted at capture already; this pass
    /// catches what reached the bundle another way (error messages, validation input, a header recorded by a
    /// different tool) and any literal secret value the caller knows of (the connection's key or token).
    /// </summary>
    internal sealed class BundleSecretGuard : IBundleTextGuard
    {
        public const string Mask = "***";

        private sealed class Rule
        {
            public Rule(string name, Regex pattern, Func<Match, string> replacement) { Name = name; Pattern = pattern; Replacement = replacement; }
            public string Name { get; }
            public Regex Pattern { get; }
            public Func<Match, string> Replacement { get; }
        }

        private static readonly RegexOptions s_options = RegexOptions.Compiled | RegexOptions.CultureInvariant;

        // A value that is already the mask is not counted again: the capture-time redaction counted it.
        private static readonly Rule[] s_rules =
        {
            new Rule("EphemeralKey", new Regex(@"\bek_(?!\*\*\*)[A-Za-z0-9_\-]{4,}", s_options), m => "ek_" + Mask),
            new Rule("BearerToken", new Regex(@"(?i)\b(Bearer)\s+(?!\*\*\*)[A-Za-z0-9\-\._~\+/]+=*", s_options), m => m.Groups[1].Value + " " + Mask),
            new Rule("QueryStringSecret", new Regex(@"(?i)([?&](?:api-key|api_key|key|code|sig|token|access_token|client_secret)=)(?!\*\*\*)([^&\s""#]+)", s_options), m => m.Groups[1].Value + Mask),
            new Rule("ApiKeyHeader", new Regex(@"(?i)(""?(?:api-key|x-api-key|ocp-apim-subscription-key)""?\s*[:=]\s*""?)(?!\*\*\*)([^""\s,;}]+)", s_options), m => m.Groups[1].Value + Mask),
            new Rule("AuthorizationHeader", new Regex(@"(?i)(""?authorization""?\s*[:=]\s*""?)(?!\*\*\*|Bearer\b)([^""\s,;}]+)", s_options), m => m.Groups[1].Value + Mask),
            new Rule("JsonWebToken", new Regex(@"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*", s_options), m => Mask),
            new Rule("SecretJsonField", new Regex(@"(?i)(""(?:client_secret|access_token|refresh_token|password|secret)""\s*:\s*"")(?!\*\*\*)([^""]+)", s_options), m => m.Groups[1].Value + Mask),
        };

        private readonly string[] _knownSecrets;
        private readonly Dictionary<string, long> _counts = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly object _gate = new object();

        /// <param name="knownSecrets">Literal values to remove wherever they appear (shorter than 6 characters are ignored:
        /// replacing them would mangle ordinary text without protecting anything).</param>
        public BundleSecretGuard(IEnumerable<string>? knownSecrets = null)
        {
            _knownSecrets = (knownSecrets ?? Enumerable.Empty<string>())
                .Where(s => !string.IsNullOrEmpty(s) && s.Length >= 6)
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(s => s.Length)
                .ToArray();
        }

        public IReadOnlyDictionary<string, long> Counts
        {
            get { lock (_gate) return new Dictionary<string, long>(_counts, StringComparer.Ordinal); }
        }

        public string? Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            foreach (var secret in _knownSecrets)
            {
                var index = text!.IndexOf(secret, StringComparison.Ordinal);
                if (index < 0) continue;
                var hits = 0;
                while (index >= 0) { hits++; index = text.IndexOf(secret, index + secret.Length, StringComparison.Ordinal); }
                text = text.Replace(secret, Mask);
                Add("KnownSecretValue", hits);
            }
            foreach (var rule in s_rules)
            {
                var hits = 0;
                text = rule.Pattern.Replace(text, m => { hits++; return rule.Replacement(m); });
                if (hits > 0) Add(rule.Name, hits);
            }
            return text;
        }

        private void Add(string rule, long hits)
        {
            lock (_gate) _counts[rule] = (_counts.TryGetValue(rule, out var n) ? n : 0) + hits;
        }
    }
}
