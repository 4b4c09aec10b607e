#nullable enable
using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Runs engine work that reports many items from many threads (a fleet sweep) and hands each item to the pipeline
    /// thread, the only thread allowed to write PowerShell streams. The queue is bounded: when the pipeline is slower than
    /// the engine, the engine waits, so memory stays bounded. When the pipeline stops (Ctrl+C, Select-Object -First, an
    /// error) the engine work is cancelled.
    /// </summary>
    internal sealed class EnginePump : IOperationObserver, IDisposable
    {
        internal enum Kind { Output, Failure, Progress, Verbose, Warning }

        private readonly BlockingCollection<Tuple<Kind, object?>> _queue;
        private readonly CancellationTokenSource _cancel;

        internal EnginePump(CancellationToken stopping, int capacity = 256)
        {
            _queue = new BlockingCollection<Tuple<Kind, object?>>(capacity);
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        }

        internal CancellationToken Token => _cancel.Token;

        public void Verbose(string message) => Add(Kind.Verbose, message);
        public void Warning(string message) => Add(Kind.Warning, message);
        internal void Output(object item) => Add(Kind.Output, item);
        internal void Failure(object failure) => Add(Kind.Failure, failure);
        internal void Progress(int done, int total) => Add(Kind.Progress, Tuple.Create(done, total));

        /// <summary>Runs <paramref name="work"/> on the thread pool and calls <paramref name="onItem"/> on this thread for each item, in order.</summary>
        internal void Run(Func<EnginePump, CancellationToken, Task> work, Action<Kind, object?> onItem)
        {
            var task = Task.Run(() => work(this, Token), Token);
            task.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (var item in _queue.GetConsumingEnumerable()) onItem(item.Item1, item.Item2);
                task.GetAwaiter().GetResult();
            }
            finally
            {
                // The pipeline stopped reading (or the work ended): producers blocked on a full queue give up.
                _cancel.Cancel();
            }
        }

        private void Add(Kind kind, object? item)
        {
            // After the pipeline stopped reading, a producer still running gets cancelled (or finds the queue closed).
            try { _queue.Add(Tuple.Create(kind, item), _cancel.Token); }
            catch (ObjectDisposedException) { throw new OperationCanceledException(); }
            catch (InvalidOperationException) { }
        }

        public void Dispose()
        {
            _cancel.Dispose();
            _queue.Dispose();
        }
    }
}
