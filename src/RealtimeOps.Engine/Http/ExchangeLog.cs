using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RealtimeOps.Engine.Http
{
    /// <summary>
    /// The exchanges recorded in one runspace (or one probe), newest kept when full. Thread-safe: the
    /// recorder appends from HTTP threads while cmdlets read.
    /// </summary>
    internal sealed class ExchangeLog
    {
        public const int DefaultCapacity = 10000;
        private readonly object _gate = new object();
        private readonly Queue<Exchange> _items;
        private readonly Dictionary<string, int> _redactionCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        private int _sequence;
        private long _dropped;

        public ExchangeLog(int capacity = DefaultCapacity)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must be at least 1.");
            Capacity = capacity;
            _items = new Queue<Exchange>(Math.Min(capacity, 1024));
        }

        public int Capacity { get; }

        public int Count { get { lock (_gate) return _items.Count; } }

        /// <summary>Exchanges that were dropped (oldest first) because the log was full.</summary>
        public long Dropped => Interlocked.Read(ref _dropped);

        /// <summary>Secrets removed from the recorded exchanges, per redaction rule (never the values).</summary>
        public IReadOnlyDictionary<string, int> RedactionCounts
        {
            get { lock (_gate) return new SortedDictionary<string, int>(_redactionCounts, StringComparer.Ordinal); }
        }

        public Exchange Add(Exchange exchange, IReadOnlyDictionary<string, int>? redactions = null)
        {
            if (exchange == null) throw new ArgumentNullException(nameof(exchange));
            lock (_gate)
            {
                exchange.Sequence = ++_sequence;
                _items.Enqueue(exchange);
                while (_items.Count > Capacity) { _items.Dequeue(); _dropped++; }
                if (redactions != null)
                {
                    foreach (var kv in redactions)
                    {
                        _redactionCounts.TryGetValue(kv.Key, out var c);
                        _redactionCounts[kv.Key] = c + kv.Value;
                    }
                }
            }
            return exchange;
        }

        public IReadOnlyList<Exchange> Snapshot() { lock (_gate) return _items.ToArray(); }

        /// <summary>Exchanges recorded after the given sequence number (to see what one call did).</summary>
        public IReadOnlyList<Exchange> Since(int sequence) { lock (_gate) return _items.Where(e => e.Sequence > sequence).ToArray(); }

        public int LastSequence { get { lock (_gate) return _sequence; } }

        public void Clear()
        {
            lock (_gate) { _items.Clear(); _redactionCounts.Clear(); _dropped = 0; }
        }
    }
}
