using System;
using System.Collections.Concurrent;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Collects what engine work reports from any thread (messages, progress, objects); the pipeline thread drains
    /// it, in order, and writes the streams (PowerShell forbids writing from other threads).
    /// </summary>
    internal sealed class QueuedObserver : IOperationReporter
    {
        internal enum Kind { Verbose, Warning, Progress, Output, Completed }

        private readonly BlockingCollection<Tuple<Kind, object?>> _queue = new BlockingCollection<Tuple<Kind, object?>>();

        internal BlockingCollection<Tuple<Kind, object?>> Queue => _queue;

        public void Verbose(string message) => TryAdd(Kind.Verbose, message);

        public void Warning(string message) => TryAdd(Kind.Warning, message);

        public void Progress(OperationProgress progress) => TryAdd(Kind.Progress, progress);

        public void Output(object item) => TryAdd(Kind.Output, item);

        internal void Complete() => TryAdd(Kind.Completed, null);

        private void TryAdd(Kind kind, object? item)
        {
            try { _queue.Add(Tuple.Create(kind, item)); }
            catch (InvalidOperationException) { }
        }
    }
}
