#nullable enable
using System;
using System.Collections.Generic;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Redaction;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// The bundle's last guard built from the service client's redactor: the rules that ran at capture, with the
    /// connection's own key or token registered as a literal.
    /// </summary>
    internal sealed class ServiceRedactorGuard : IBundleTextGuard
    {
        private readonly BundleSecretGuard _guard;

        public ServiceRedactorGuard(SecretRedactor? redactor = null, IEnumerable<string>? knownSecrets = null)
        {
            _guard = new BundleSecretGuard(redactor?.CreateScope() ?? new SecretRedactor(), knownSecrets);
        }

        /// <summary>A guard that also knows the connection's secret (never exposed outside the engine).</summary>
        public static ServiceRedactorGuard ForConnections(IEnumerable<RealtimeConnection?>? connections, SecretRedactor? redactor = null)
        {
            var r = redactor?.CreateScope() ?? new SecretRedactor();
            foreach (var c in connections ?? Array.Empty<RealtimeConnection>())
            {
                if (c != null && c.HasSecret) r.RegisterSecret(c.RevealSecret());
            }
            return new ServiceRedactorGuard(r);
        }

        public string Redact(string text) => _guard.Redact(text);

        public string RedactJson(string json) => _guard.RedactJson(json);

        public IReadOnlyDictionary<string, long> Counts => _guard.Counts;
    }
}
