#nullable enable
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;
using Xunit;

namespace RealtimeOps.Engine.Tests.Fleet
{
    /// <summary>The queue behind the cmdlets' one output pump: bounded, ordered, and stopping the engine when the pipeline stops.</summary>
    public class BoundedReportQueueTests
    {
        [Fact]
        public async Task AWriterWaitsWhileTheQueueIsFullSoASweepHoldsAtMostTheCapacity()
        {
            using var queue = new BoundedReportQueue<int>(4, CancellationToken.None);
            var added = 0;
            var writer = Task.Run(() =>
            {
                for (var i = 0; i < 2000; i++) { queue.Add(i); Interlocked.Increment(ref added); }
                queue.Complete();
            });
            // Nobody reads yet: the writer fills the queue and then waits for room (it never finishes on its own).
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref added) == 4, TimeSpan.FromSeconds(30)));
            Assert.False(writer.Wait(TimeSpan.FromMilliseconds(300)), "the writer should be waiting for room");
            Assert.Equal(4, Volatile.Read(ref added));

            var read = queue.Drain().ToList();
            await writer;
            Assert.Equal(Enumerable.Range(0, 2000), read);
            Assert.Equal(4, queue.Peak);
        }

        [Fact]
        public async Task StoppingTheReaderCancelsAWriterWaitingForRoomAndEveryLaterWrite()
        {
            using var queue = new BoundedReportQueue<string>(2, CancellationToken.None);
            var writer = Task.Run(() => { for (var i = 0; ; i++) queue.Add("report " + i); });
            Assert.True(SpinWait.SpinUntil(() => queue.Peak == 2, TimeSpan.FromSeconds(30)));

            queue.Stop();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer);
            Assert.True(queue.Token.IsCancellationRequested, "the engine work's token is cancelled");
            Assert.ThrowsAny<OperationCanceledException>(() => queue.Add("late"));
        }

        [Fact]
        public void CtrlCOnTheCallersTokenCancelsTheWorkToken()
        {
            using var ctrlC = new CancellationTokenSource();
            using var queue = new BoundedReportQueue<int>(8, ctrlC.Token);
            queue.Add(1);
            ctrlC.Cancel();
            Assert.True(queue.Token.IsCancellationRequested);
            Assert.ThrowsAny<OperationCanceledException>(() => queue.Add(2));
        }

        [Fact]
        public void ReportsAfterCompletionAreDroppedAndTheReaderGetsTheRestInOrder()
        {
            using var queue = new BoundedReportQueue<int>(8, CancellationToken.None);
            queue.Add(1);
            queue.Add(2);
            queue.Complete();
            queue.Add(3);
            Assert.Equal(new[] { 1, 2 }, queue.Drain().ToArray());
        }

        [Fact]
        public void AQueueWithoutRoomIsRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedReportQueue<int>(0, CancellationToken.None));
        }

        [Fact]
        public void AWriteAfterDisposeCancelsInsteadOfFailingTheEngine()
        {
            var queue = new BoundedReportQueue<int>(1, CancellationToken.None);
            queue.Dispose();
            Assert.ThrowsAny<OperationCanceledException>(() => queue.Add(1));
        }
    }
}
