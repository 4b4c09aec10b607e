using System;
using System.Collections.Concurrent;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Collects what engine work reports from any thread; the pipeline thread drains it and writes the
    /// streams (PowerShell forbids writing from other threads).
    /// </summary>
    internal sealed class QueuedObserver : IOperationObserver
    {
        internal enum Kind { Verbose, Warning, Completed }

        private readonly BlockingCollection<Tuple<Kind, string?>> _queue = new BlockingCollection<Tuple<Kind, string?>>();

        internal BlockingCollection<Tuple<Kind, string?>> Queue => _queue;

        public void Verbose(string message) => TryAdd(Kind.Verbose, message);

        public void Warning(string message) => TryAdd(Kind.Warning, message);

        internal void Complete() => TryAdd(Kind.Completed, null);

        private void TryAdd(Kind kind, string? message)
        {
            try { _queue.Add(Tuple.Create(kind, message)); }
            catch (InvalidOperationException) { }
        }
    }
}
