using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>
    /// Deployment names for tab completion, cached per key (runspace + account + ARM endpoint). Completion must be quick
    /// and silent: a fetch gets a short timeout, any failure yields no names, and a failure is remembered briefly so a
    /// user pressing Tab repeatedly does not wait each time.
    /// </summary>
    internal sealed class DeploymentNameCache
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);
        public static readonly TimeSpan SuccessLifetime = TimeSpan.FromMinutes(5);
        public static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(30);
        private const int MaxEntries = 64;

        private readonly ConcurrentDictionary<string, Entry> _entries = new ConcurrentDictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        private readonly Func<DateTimeOffset> _clock;

        public DeploymentNameCache(Func<DateTimeOffset>? clock = null)
        {
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public static DeploymentNameCache Shared { get; } = new DeploymentNameCache();

        /// <summary>Cached names for the key, or the fetch's result within the timeout; never throws.</summary>
        public IReadOnlyList<string> GetNames(string key, Func<CancellationToken, Task<IReadOnlyList<string>>> fetch, TimeSpan? timeout = null)
        {
            if (string.IsNullOrEmpty(key) || fetch == null) return Array.Empty<string>();
            var now = _clock();
            if (_entries.TryGetValue(key, out var cached) && cached.ExpiresAt > now) return cached.Names;

            IReadOnlyList<string>? names = null;
            var limit = timeout ?? DefaultTimeout;
            var cts = new CancellationTokenSource(limit);
            var token = cts.Token;
            // Task.Run keeps a caller's synchronization context out of the awaits, and Wait bounds the time even if the
            // fetch ignores its token or the thread pool starts it late (it then sees a cancelled token).
            var task = Task.Run(() => fetch(token));
            bool finished;
            try
            {
                finished = task.Wait(limit);
            }
            catch (AggregateException)
            {
                finished = true; // faulted or cancelled: no names
            }
            if (finished)
            {
                if (task.Status == TaskStatus.RanToCompletion) names = task.Result;
                cts.Dispose();
            }
            else
            {
                // Not disposed: the fetch may still hold the token.
                cts.Cancel();
            }

            if (_entries.Count >= MaxEntries) _entries.Clear();
            var entry = names == null
                ? new Entry(Array.Empty<string>(), now + FailureLifetime)
                : new Entry(names, now + SuccessLifetime);
            _entries[key] = entry;
            return entry.Names;
        }

        public void Clear() => _entries.Clear();

        private sealed class Entry
        {
            public Entry(IReadOnlyList<string> names, DateTimeOffset expiresAt)
            {
                Names = names;
                ExpiresAt = expiresAt;
            }

            public IReadOnlyList<string> Names { get; }
            public DateTimeOffset ExpiresAt { get; }
        }
    }
}
