using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using Xunit;

namespace RealtimeOps.Engine.Tests.Deployments
{
    // Runs alone: the cache answers through a thread-pool task, which the parallel fuzzers can starve.
    [Collection("Timing")]
    public class DeploymentNameCacheTests
    {
        // These tests are about caching, not the timeout: a generous one keeps a busy machine from deciding them.
        private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

        private DateTimeOffset _now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        [Fact]
        public void CachesPerKeyUntilExpiry()
        {
            var cache = new DeploymentNameCache(() => _now);
            var calls = 0;
            Func<CancellationToken, Task<IReadOnlyList<string>>> fetch = _ => { calls++; return Task.FromResult<IReadOnlyList<string>>(new[] { "gpt-realtime" }); };
            Assert.Equal(new[] { "gpt-realtime" }, cache.GetNames("rs1|acct", fetch, Generous));
            Assert.Equal(new[] { "gpt-realtime" }, cache.GetNames("rs1|acct", fetch, Generous));
            Assert.Equal(1, calls);
            cache.GetNames("rs2|acct", fetch, Generous); // another runspace fetches its own
            Assert.Equal(2, calls);
            _now += DeploymentNameCache.SuccessLifetime + TimeSpan.FromSeconds(1);
            cache.GetNames("rs1|acct", fetch, Generous);
            Assert.Equal(3, calls);
        }

        [Fact]
        public void FailureIsSilentAndRememberedBriefly()
        {
            var cache = new DeploymentNameCache(() => _now);
            var calls = 0;
            Func<CancellationToken, Task<IReadOnlyList<string>>> fetch = _ => { calls++; throw new InvalidOperationException("403"); };
            Assert.Empty(cache.GetNames("k", fetch, Generous));
            Assert.Empty(cache.GetNames("k", fetch, Generous));
            Assert.Equal(1, calls);
            _now += DeploymentNameCache.FailureLifetime + TimeSpan.FromSeconds(1);
            Assert.Empty(cache.GetNames("k", fetch, Generous));
            Assert.Equal(2, calls);
        }

        [Fact]
        [Trait("Category", "Slow")]
        public void SlowFetchIsCancelledAtTheTimeoutAndCompletesNothing()
        {
            var cache = new DeploymentNameCache(() => _now);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var names = cache.GetNames("k", async ct =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult(ct.IsCancellationRequested);
                    throw;
                }
                return new[] { "x" };
            }, TimeSpan.FromMilliseconds(200));
            Assert.Empty(names);
            Assert.True(cancelled.Task.Wait(TimeSpan.FromSeconds(30)), "the fetch's token was never cancelled");
            Assert.True(cancelled.Task.Result);
        }
    }
}
