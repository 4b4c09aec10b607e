#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Redaction;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>Removes secrets from what goes into a bundle and counts what it removed, per rule, never keeping a value.</summary>
    internal interface IBundleTextGuard
    {
        /// <summary>Any text (summary.md, a message): JSON by structure, a form body by field name, anything else by the free-text rules.</summary>
        string Redact(string text);
        /// <summary>A JSON file: redacted by structure, so the result still parses.</summary>
        string RedactJson(string json);
        /// <summary>Rule name -> how many values it replaced.</summary>
        IReadOnlyDictionary<string, long> Counts { get; }
    }

    /// <summary>
    /// The last guard before anything is written into a bundle: the same <see cref="SecretRedactor"/> rules that ran at
    /// capture, applied again because exchanges may come from elsewhere (another tool, a saved file, a PSCustomObject),
    /// plus any literal secret value the caller knows of (the connection's key or token).
    /// </summary>
    internal sealed class BundleSecretGuard : IBundleTextGuard
    {
        public const string Mask = SecretRedactor.Mask;

        private readonly SecretRedactor _redactor;

        /// <param name="knownSecrets">Literal values to remove wherever they appear (shorter than 6 characters are ignored:
        /// replacing them would mangle ordinary text without protecting anything).</param>
        public BundleSecretGuard(IEnumerable<string>? knownSecrets = null) : this(new SecretRedactor(), knownSecrets) { }

        internal BundleSecretGuard(SecretRedactor redactor, IEnumerable<string>? knownSecrets)
        {
            _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
            foreach (var s in knownSecrets ?? Enumerable.Empty<string>()) _redactor.RegisterSecret(s);
        }

        public IReadOnlyDictionary<string, long> Counts => _redactor.Counts.ToDictionary(kv => kv.Key, kv => (long)kv.Value, StringComparer.Ordinal);

        public string Redact(string text) => _redactor.RedactBody(text) ?? string.Empty;

        public string RedactJson(string json) => _redactor.RedactJson(json) ?? string.Empty;
    }
}
