#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>
    /// The queue between engine work (any number of threads) and the one thread that writes what it reports. Bounded:
    /// when the reader is slower than the writers, a writer waits for room, so memory stays at most
    /// <see cref="Capacity"/> reports however many a sweep produces. <see cref="Stop"/> (the reader stopped reading)
    /// cancels <see cref="Token"/>: a writer waiting for room, and every later write, throws
    /// <see cref="OperationCanceledException"/>, which ends the engine work that reports through it.
    /// </summary>
    internal sealed class BoundedReportQueue<T> : IDisposable
    {
        private readonly BlockingCollection<T> _items;
        private readonly CancellationTokenSource _stop;
        private int _peak;

        public BoundedReportQueue(int capacity, CancellationToken stopping)
        {
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), "The queue needs room for at least one report.");
            Capacity = capacity;
            _items = new BlockingCollection<T>(capacity);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        }

        public int Capacity { get; }

        /// <summary>Cancelled when the caller's token is, or the reader stops: the token to hand the engine work.</summary>
        public CancellationToken Token => _stop.Token;

        /// <summary>The most reports ever waiting at once (never more than <see cref="Capacity"/>).</summary>
        public int Peak => Volatile.Read(ref _peak);

        /// <summary>Adds a report, waiting while the queue is full. Dropped once <see cref="Complete"/> was called.</summary>
        public void Add(T item)
        {
            CancellationToken token;
            try { token = _stop.Token; }
            catch (ObjectDisposedException) { throw new OperationCanceledException(); }
            try
            {
                _items.Add(item, token);
            }
            catch (ObjectDisposedException) { throw new OperationCanceledException(token); }
            catch (InvalidOperationException) { return; }   // added after Complete: nobody reads any more
            var count = _items.Count;
            int seen;
            while (count > (seen = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, count, seen) != seen) { }
        }

        /// <summary>The reports in the order added, until <see cref="Complete"/> was called and all were read.</summary>
        public IEnumerable<T> Drain() => _items.GetConsumingEnumerable();

        /// <summary>No more reports: the reader gets those already queued, then the end.</summary>
        public void Complete()
        {
            try { _items.CompleteAdding(); }
            catch (ObjectDisposedException) { }
        }

        /// <summary>The reader stopped: writers waiting for room, and later writes, are cancelled.</summary>
        public void Stop()
        {
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        /// <summary>Stops writers and frees the queue; a late writer gets OperationCanceledException, not ObjectDisposedException.</summary>
        public void Dispose()
        {
            Stop();
            _stop.Dispose();
            _items.Dispose();
        }
    }
}
