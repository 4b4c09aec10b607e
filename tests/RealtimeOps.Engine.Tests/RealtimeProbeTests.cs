using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Probe;
using Xunit;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Tests
{
    public class RealtimeProbeTests
    {
        private static IReadOnlyList<ProbeVariant> Variants() => ProbeVariantBuilder.Build("{\"session\":{\"type\":\"realtime\",\"model\":\"rt\"}}");

        [Fact]
        public async Task RunsEveryVariantEveryRoundInterleaved()
        {
            var sent = new List<string>();
            var probe = new RealtimeProbe((v, ct) => { sent.Add(v.Name); return Task.FromResult(new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.Success, StatusCode = 200, ApimRequestId = "id" + sent.Count }); },
                new RealtimeProbeOptions { Rounds = 3, DelayMs = 0 });
            var progress = new List<ProbeProgress>();
            var run = await probe.RunAsync(Variants(), progress.Add);
            Assert.Equal(new[] { "WithoutTranscription", "WithTranscription", "WithoutTranscription", "WithTranscription", "WithoutTranscription", "WithTranscription" }, sent);
            Assert.Equal(6, run.Attempts.Count);
            Assert.Equal(Enumerable.Range(1, 6), run.Attempts.Select(a => a.Sequence));
            Assert.Equal(new[] { 1, 1, 2, 2, 3, 3 }, run.Attempts.Select(a => a.Round));
            Assert.False(run.Cancelled);
            Assert.Equal(100, progress.Last().PercentComplete);
            Assert.Equal(12, progress.Count);   // one before and one after each attempt
        }

        [Fact]
        public async Task WaitsTheDelayBetweenAttemptsAndSendsNothingWhileItLasts()
        {
            // The pause is the injected delay: each one is recorded and ends only when the test lets it.
            var events = new List<string>();
            var pauses = new List<TaskCompletionSource<bool>>();
            var requested = new List<TimeSpan>();
            var sentDuringAPause = false;
            var probe = new RealtimeProbe((v, ct) =>
                {
                    lock (pauses) { events.Add("send"); sentDuringAPause |= pauses.Any(p => !p.Task.IsCompleted); }
                    return Task.FromResult(new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.Success });
                },
                new RealtimeProbeOptions { Rounds = 2, DelayMs = 60 }, delay: (d, ct) =>
                {
                    var pause = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    lock (pauses) { events.Add("pause"); pauses.Add(pause); requested.Add(d); }
                    return pause.Task;
                });
            var run = probe.RunAsync(Variants());
            for (var i = 0; i < 3; i++)
            {
                var pause = await NextPause(pauses, i);
                lock (pauses) Assert.Equal(i + 1, events.Count(e => e == "send"));
                pause.SetResult(true);
            }
            await run.WaitAsync(HangGuard);
            Assert.False(sentDuringAPause, "a request was sent before the pause ended");
            Assert.Equal(new[] { "send", "pause", "send", "pause", "send", "pause", "send" }, events);
            Assert.All(requested, d => Assert.Equal(TimeSpan.FromMilliseconds(60), d));
        }

        [Fact]
        public async Task WithoutADelayNoPauseIsWaited()
        {
            var pauses = 0;
            var probe = new RealtimeProbe((v, ct) => Task.FromResult(new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.Success }),
                new RealtimeProbeOptions { Rounds = 2, DelayMs = 0 }, delay: (d, ct) => { pauses++; return Task.CompletedTask; });
            var run = await probe.RunAsync(Variants());
            Assert.Equal(4, run.Attempts.Count);
            Assert.Equal(0, pauses);
        }

        [Fact]
        public async Task CancellationEndsAHungRequestAndReturnsWhatWasMeasured()
        {
            using (var cts = new CancellationTokenSource())
            {
                var calls = 0;
                var hungRequestCancelled = false;
                var probe = new RealtimeProbe(async (v, ct) =>
                {
                    if (++calls == 3)
                    {
                        cts.Cancel();
                        try { await Task.Delay(Timeout.Infinite, ct); }   // a hanging request, ended only by the token
                        catch (OperationCanceledException) { hungRequestCancelled = true; throw; }
                    }
                    return new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.ServiceError, StatusCode = 500, ApimRequestId = "a" + calls };
                }, new RealtimeProbeOptions { Rounds = 10, DelayMs = 0 });
                var run = await probe.RunAsync(Variants(), null, cts.Token).WaitAsync(HangGuard);
                Assert.True(hungRequestCancelled, "the hung request's token was not cancelled");
                Assert.Equal(3, calls);
                Assert.True(run.Cancelled);
                Assert.Equal(3, run.Attempts.Count);
                Assert.Equal(RealtimeServiceErrorKind.Cancelled, run.Attempts[2].Outcome);
                var stats = VariantStatistics.From(run.Variants[0], run.Attempts);
                Assert.Equal(1, stats.Attempts);   // the cancelled attempt is not counted
            }
        }

        [Fact]
        public async Task CancellationDuringThePauseEndsThePauseAndSendsNoMore()
        {
            using (var cts = new CancellationTokenSource())
            {
                var pauseCancelled = false;
                var probe = new RealtimeProbe((v, ct) => Task.FromResult(new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.Success }),
                    new RealtimeProbeOptions { Rounds = 3, DelayMs = 60000 }, delay: async (d, ct) =>
                    {
                        cts.Cancel();   // Ctrl+C arrives during the pause
                        try { await Task.Delay(Timeout.Infinite, ct); }   // a pause that never ends by itself
                        catch (OperationCanceledException) { pauseCancelled = true; throw; }
                    });
                var run = await probe.RunAsync(Variants(), null, cts.Token).WaitAsync(HangGuard);
                Assert.True(pauseCancelled, "the pause was not given the caller's token");
                Assert.True(run.Cancelled);
                Assert.Single(run.Attempts);
            }
        }

        /// <summary>Bounds a test that would otherwise hang; the assertions are about order, not duration.</summary>
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

        private static async Task<TaskCompletionSource<bool>> NextPause(List<TaskCompletionSource<bool>> pauses, int index)
        {
            var giveUp = DateTime.UtcNow + HangGuard;
            while (true)
            {
                lock (pauses) { if (pauses.Count > index) return pauses[index]; }
                if (DateTime.UtcNow > giveUp) throw new TimeoutException($"pause {index + 1} was never requested");
                await Task.Delay(5);
            }
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(101, 0)]
        [InlineData(3, -1)]
        public void OptionsOutOfRangeAreRejected(int rounds, int delay)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RealtimeProbe((v, ct) => null, new RealtimeProbeOptions { Rounds = rounds, DelayMs = delay }));
        }

        [Fact]
        public void StatisticsCountStatusesErrorsIdsAndMedian()
        {
            var v = new ProbeVariant("WithTranscription", true, "m", "{}");
            var t = DateTimeOffset.UtcNow;
            var attempts = new[]
            {
                new ProbeAttempt(1, "WithTranscription", 1, t, 100, RealtimeServiceErrorKind.ServiceError, 500, "server_error", "server_error", null, "The server had an error.", "a1"),
                new ProbeAttempt(2, "WithoutTranscription", 1, t, 5, RealtimeServiceErrorKind.Success, 200, apimRequestId: "b1"),
                new ProbeAttempt(3, "WithTranscription", 2, t.AddSeconds(1), 300, RealtimeServiceErrorKind.Success, 200, apimRequestId: "a2"),
                new ProbeAttempt(4, "WithTranscription", 3, t.AddSeconds(2), 200, RealtimeServiceErrorKind.ServiceError, 500, "server_error", null, null, "The server had an error.", "a3"),
                new ProbeAttempt(5, "WithTranscription", 3, t.AddSeconds(3), 9999, RealtimeServiceErrorKind.Cancelled),
            };
            var s = VariantStatistics.From(v, attempts);
            Assert.Equal(3, s.Attempts);
            Assert.Equal(1, s.Successes);
            Assert.Equal(2, s.Failures);
            Assert.Equal(new Dictionary<int, int> { [200] = 1, [500] = 2 }, s.StatusCodes);
            Assert.Equal(new[] { "server_error" }, s.ServiceErrorCodes);
            Assert.Equal(new[] { "The server had an error." }, s.ServiceErrorMessages);
            Assert.Equal(new[] { "a1", "a2", "a3" }, s.ApimRequestIds);
            Assert.Equal(new[] { "a1", "a3" }, s.FailedApimRequestIds);
            Assert.Equal(200, s.MedianLatencyMs);
            Assert.Equal(t, s.FirstAttemptUtc);
        }

        [Fact]
        public void MedianOfEvenCountIsTheMeanOfTheMiddle()
        {
            Assert.Equal(2.5, VariantStatistics.Median(new double[] { 4, 1, 3, 2 }));
            Assert.Null(VariantStatistics.Median(new double[0]));
        }
    }
}
