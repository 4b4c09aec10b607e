#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>
    /// The shape of every per-deployment fleet operation: deployments grouped by account, up to a throttle limit of
    /// accounts at a time, the deployments of one account one after another, and "accounts done / total" after each.
    /// </summary>
    internal static class FleetAccountWork
    {
        /// <param name="deployments">The deployments piped in.</param>
        /// <param name="throttleLimit">How many accounts are worked on at a time.</param>
        /// <param name="perDeployment">The work for one deployment; failures it expects are its to report.</param>
        /// <param name="accountDone">Called with (done, total) each time an account's deployments are all done.</param>
        /// <param name="cancellationToken">Checked before each deployment; cancels the workers.</param>
        public static Task RunAsync(IReadOnlyList<RealtimeDeployment> deployments, int throttleLimit,
            Func<RealtimeDeployment, Task> perDeployment, Action<int, int> accountDone, CancellationToken cancellationToken)
        {
            if (perDeployment == null) throw new ArgumentNullException(nameof(perDeployment));
            return RunPerAccountAsync(deployments, throttleLimit, async group =>
            {
                foreach (var d in group)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await perDeployment(d).ConfigureAwait(false);
                }
            }, accountDone, cancellationToken);
        }

        /// <summary>The same, for work that keeps state per account (one ARM read per account, say).</summary>
        /// <param name="deployments">The deployments piped in.</param>
        /// <param name="throttleLimit">How many accounts are worked on at a time.</param>
        /// <param name="perAccount">The work for one account's deployments, one after another.</param>
        /// <param name="accountDone">Called with (done, total) each time an account's deployments are all done.</param>
        /// <param name="cancellationToken">Checked before each account; cancels the workers.</param>
        public static Task RunPerAccountAsync(IReadOnlyList<RealtimeDeployment> deployments, int throttleLimit,
            Func<IReadOnlyList<RealtimeDeployment>, Task> perAccount, Action<int, int> accountDone, CancellationToken cancellationToken)
        {
            if (deployments == null) throw new ArgumentNullException(nameof(deployments));
            if (perAccount == null) throw new ArgumentNullException(nameof(perAccount));
            if (accountDone == null) throw new ArgumentNullException(nameof(accountDone));
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "The throttle limit must be at least 1.");
            var groups = deployments.GroupBy(d => d.AccountResourceId, StringComparer.OrdinalIgnoreCase).Select(g => g.ToList()).ToList();
            var pending = new ConcurrentQueue<List<RealtimeDeployment>>(groups);
            var total = groups.Count;
            var done = 0;
            var workers = Enumerable.Range(0, Math.Min(throttleLimit, total)).Select(_ => Task.Run(async () =>
            {
                while (pending.TryDequeue(out var group))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await perAccount(group).ConfigureAwait(false);
                    accountDone(Interlocked.Increment(ref done), total);
                }
            }, cancellationToken)).ToArray();
            return Task.WhenAll(workers);
        }
    }
}
