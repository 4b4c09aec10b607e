#nullable enable
using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>
    /// Reads server events on its own task into a queue, so a wait can time out without tearing the socket down
    /// and a close is seen whatever the check is doing. One reader, one consumer.
    /// </summary>
    internal sealed class EventPump
    {
        internal sealed class Item
        {
            internal string? Text;
            internal bool Closed;
            internal string? CloseReason;
        }

        private readonly IRealtimeSocket _socket;
        private readonly ConcurrentQueue<Item> _queue = new ConcurrentQueue<Item>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private Task _reader = Task.CompletedTask;
        private int _closed;

        internal EventPump(IRealtimeSocket socket) { _socket = socket; }

        internal bool Closed => Volatile.Read(ref _closed) == 1;

        internal void Start() => _reader = Task.Run(ReadAsync);

        private async Task ReadAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var text = await _socket.ReceiveTextAsync(_stop.Token).ConfigureAwait(false);
                    if (text == null) { MarkClosed("the server closed the socket"); return; }
                    _queue.Enqueue(new Item { Text = text });
                    _available.Release();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
            catch (Exception ex)
            {
                MarkClosed("the connection broke: " + FirstLine(ex.Message));
            }
        }

        internal void MarkClosed(string reason)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1) return;
            _queue.Enqueue(new Item { Closed = true, CloseReason = reason });
            _available.Release();
        }

        /// <summary>The next item, or null when none arrived within <paramref name="wait"/>.</summary>
        internal async Task<Item?> NextAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            if (!await _available.WaitAsync(wait, cancellationToken).ConfigureAwait(false)) return null;
            _queue.TryDequeue(out var item);
            // A close stays visible to every later wait.
            if (item != null && item.Closed) _available.Release();
            if (item != null && item.Closed) _queue.Enqueue(item);
            return item;
        }

        internal async Task StopAsync()
        {
            _stop.Cancel();
            _socket.Abort();
            await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        }

        private static string FirstLine(string s)
        {
            var i = s.IndexOfAny(new[] { '\r', '\n' });
            return i >= 0 ? s.Substring(0, i) : s;
        }
    }
}
