using System.Threading;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// What engine work reports to the pipeline: the engine's messages, progress and objects, plus ErrorRecords for
    /// failures that do not end the operation (one account of a fleet sweep).
    /// </summary>
    internal interface IPipelineReporter : IOperationReporter
    {
        /// <summary>A non-terminating error, written in the order it was reported.</summary>
        void Error(ErrorRecord record);
    }

    /// <summary>
    /// Collects what engine work reports from any thread (messages, progress, objects, errors) in a
    /// <see cref="BoundedReportQueue{T}"/>; the pipeline thread drains it, in order, and writes the streams (PowerShell
    /// forbids writing from other threads). A full queue makes the reporting engine thread wait.
    /// </summary>
    internal sealed class QueuedObserver : IPipelineReporter, IDisposable
    {
        internal const int DefaultCapacity = 256;

        internal enum Kind { Verbose, Warning, Progress, Output, Error }

        private readonly BoundedReportQueue<Tuple<Kind, object?>> _queue;

        internal QueuedObserver(CancellationToken stopping, int capacity = DefaultCapacity)
        {
            _queue = new BoundedReportQueue<Tuple<Kind, object?>>(capacity, stopping);
        }

        /// <summary>Cancelled when the pipeline stops (Ctrl+C) or stops reading (<see cref="Stop"/>): the engine work's token.</summary>
        internal CancellationToken Token => _queue.Token;

        public void Verbose(string message) => _queue.Add(Tuple.Create(Kind.Verbose, (object?)message));

        public void Warning(string message) => _queue.Add(Tuple.Create(Kind.Warning, (object?)message));

        public void Progress(OperationProgress progress) => _queue.Add(Tuple.Create(Kind.Progress, (object?)progress));

        public void Output(object item) => _queue.Add(Tuple.Create(Kind.Output, (object?)item));

        public void Error(ErrorRecord record) => _queue.Add(Tuple.Create(Kind.Error, (object?)record));

        /// <summary>The reports, in order, until <see cref="Complete"/> and the queue is empty.</summary>
        internal IEnumerable<Tuple<Kind, object?>> Drain() => _queue.Drain();

        /// <summary>The work ended: the reader sees the reports already queued, then the end.</summary>
        internal void Complete() => _queue.Complete();

        /// <summary>The pipeline stopped reading: engine threads waiting on a full queue (and later reports) are cancelled.</summary>
        internal void Stop() => _queue.Stop();

        public void Dispose() => _queue.Dispose();
    }
}
