using System;
using System.Runtime.CompilerServices;
using RealtimeOps.Engine.Connection;

namespace RealtimeOps.Engine.Http
{
    /// <summary>
    /// What one PowerShell runspace remembers: its current connection, its exchanges, and one client per
    /// connection (so tokens and HTTP connections are reused across calls). Runbooks share an AppDomain,
    /// so this is held per runspace by the cmdlets, never statically.
    /// </summary>
    internal sealed class ClientContext
    {
        private readonly ConditionalWeakTable<RealtimeConnection, RealtimeServiceClient> _clients = new ConditionalWeakTable<RealtimeConnection, RealtimeServiceClient>();
        private readonly object _gate = new object();
        private RealtimeConnection? _current;

        public ClientContext(int exchangeCapacity = ExchangeLog.DefaultCapacity)
        {
            Exchanges = new ExchangeLog(exchangeCapacity);
        }

        public ExchangeLog Exchanges { get; }

        public RealtimeConnection? Current
        {
            get { lock (_gate) return _current; }
            set { lock (_gate) _current = value; }
        }

        /// <summary>The client for a connection, recording into this context's exchanges.</summary>
        public RealtimeServiceClient GetClient(RealtimeConnection connection, string? powerShellVersion)
        {
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            lock (_gate)
            {
                if (_clients.TryGetValue(connection, out var client)) return client;
                client = new RealtimeServiceClient(connection, Exchanges, new RealtimeServiceClientOptions { PowerShellVersion = powerShellVersion });
                _clients.Add(connection, client);
                return client;
            }
        }
    }
}
