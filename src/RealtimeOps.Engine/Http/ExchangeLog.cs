using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RealtimeOps.Engine.Http
{
    /// <summary>
    /// The exchanges recorded in one runspace (or one probe), newest kept when full: full is a number of exchanges or an
    /// estimate of the memory they hold, whichever comes first (64 MB by default, so a 400 MB Azure Automation sandbox
    /// survives thousands of large requests). Thread-safe: the recorder appends from HTTP threads while cmdlets read.
    /// </summary>
    internal sealed class ExchangeLog
    {
        public const int DefaultCapacity = 10000;
        public const long DefaultMaxBytes = 64L * 1024 * 1024;
        // Per exchange and per header: object headers, references and the dictionary entries (an estimate, not a measure).
        private const int ExchangeOverheadBytes = 256;
        private const int HeaderOverheadBytes = 64;
        private readonly object _gate = new object();
        private readonly Queue<(Exchange Exchange, long Bytes)> _items;
        private readonly Dictionary<string, int> _redactionCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        private int _sequence;
        private long _dropped;
        private long _bytes;

        public ExchangeLog(int capacity = DefaultCapacity, long maxBytes = DefaultMaxBytes)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "The capacity must be at least 1.");
            if (maxBytes < 1) throw new ArgumentOutOfRangeException(nameof(maxBytes), "The byte cap must be at least 1.");
            Capacity = capacity;
            MaxBytes = maxBytes;
            _items = new Queue<(Exchange, long)>(Math.Min(capacity, 1024));
        }

        public int Capacity { get; }

        /// <summary>The most memory (estimated) the recorded exchanges may hold; the newest exchange is kept even when larger.</summary>
        public long MaxBytes { get; }

        /// <summary>The estimated memory the recorded exchanges hold now.</summary>
        public long Bytes { get { lock (_gate) return _bytes; } }

        public int Count { get { lock (_gate) return _items.Count; } }

        /// <summary>Exchanges that were dropped (oldest first) because the log was full (by count or by bytes).</summary>
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
                var size = EstimateBytes(exchange);
                _items.Enqueue((exchange, size));
                _bytes += size;
                while (_items.Count > Capacity || (_bytes > MaxBytes && _items.Count > 1))
                {
                    _bytes -= _items.Dequeue().Bytes;
                    _dropped++;
                }
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

        public IReadOnlyList<Exchange> Snapshot() { lock (_gate) return _items.Select(i => i.Exchange).ToArray(); }

        /// <summary>Exchanges recorded after the given sequence number (to see what one call did).</summary>
        public IReadOnlyList<Exchange> Since(int sequence) { lock (_gate) return _items.Select(i => i.Exchange).Where(e => e.Sequence > sequence).ToArray(); }

        public int LastSequence { get { lock (_gate) return _sequence; } }

        public void Clear()
        {
            lock (_gate) { _items.Clear(); _redactionCounts.Clear(); _dropped = 0; _bytes = 0; }
        }

        /// <summary>Two bytes per character of every text the exchange holds, plus fixed overheads.</summary>
        internal static long EstimateBytes(Exchange e)
        {
            long chars = Length(e.Operation) + Length(e.Variant) + Length(e.Method) + Length(e.Url) + Length(e.RequestBody) + Length(e.ResponseBody)
                         + Length(e.Error) + Length(e.ApimRequestId) + Length(e.RequestId) + Length(e.ClientRequestId) + Length(e.Region);
            long overhead = ExchangeOverheadBytes;
            foreach (var headers in new[] { e.RequestHeaders, e.ResponseHeaders })
            {
                if (headers == null) continue;
                foreach (var kv in headers) { chars += Length(kv.Key) + Length(kv.Value); overhead += HeaderOverheadBytes; }
            }
            return chars * 2 + overhead;
        }

        private static int Length(string? s) => s?.Length ?? 0;
    }
}
