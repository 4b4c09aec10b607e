using System;
using System.Collections.Generic;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Redaction;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// The bundle's last guard: the service client's redactor (the same rules that ran at capture, with the
    /// connection's own key or token registered as a literal) followed by the bundle's own patterns.
    /// </summary>
    internal sealed class ServiceRedactorGuard : IBundleTextGuard
    {
        private readonly SecretRedactor _redactor;
        private readonly BundleSecretGuard _patterns;

        public ServiceRedactorGuard(SecretRedactor? redactor = null, IEnumerable<string>? knownSecrets = null)
        {
            _redactor = redactor ?? new SecretRedactor();
            _patterns = new BundleSecretGuard(knownSecrets);
        }

        /// <summary>A guard that also knows the connection's secret (never exposed outside the engine).</summary>
        public static ServiceRedactorGuard ForConnections(IEnumerable<RealtimeConnection?> connections, SecretRedactor? redactor = null)
        {
            var r = redactor?.CreateScope() ?? new SecretRedactor();
            foreach (var c in connections ?? Array.Empty<RealtimeConnection?>())
            {
                if (c != null && c.HasSecret) r.RegisterSecret(c.RevealSecret());
            }
            return new ServiceRedactorGuard(r);
        }

        public string? Redact(string? text) => _patterns.Redact(_redactor.RedactText(text));

        public IReadOnlyDictionary<string, long> Counts
        {
            get
            {
                var total = new SortedDictionary<string, long>(StringComparer.Ordinal);
                foreach (var kv in _redactor.Counts) total[kv.Key] = kv.Value;
                foreach (var kv in _patterns.Counts) total[kv.Key] = (total.TryGetValue(kv.Key, out var n) ? n : 0) + kv.Value;
                return total;
            }
        }
    }
}
