#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>One slice of a fleet: what a matrix leg or a child runbook checks.</summary>
    public sealed class RealtimeFleetShard
    {
        public RealtimeFleetShard(int index, int shardCount, IReadOnlyList<RealtimeAccount> accounts)
        {
            Index = index;
            ShardCount = shardCount;
            Accounts = accounts ?? Array.Empty<RealtimeAccount>();
        }

        /// <summary>1-based.</summary>
        public int Index { get; }
        public int ShardCount { get; }
        public string Name => $"shard-{Index}-of-{ShardCount}";
        public IReadOnlyList<RealtimeAccount> Accounts { get; }
        public int AccountCount => Accounts.Count;
        public int SubscriptionCount => Accounts.Select(a => a.SubscriptionId).Distinct(StringComparer.OrdinalIgnoreCase).Count();

        public override string ToString() => Name;
    }

    /// <summary>
    /// Splits a fleet into shards by a stable hash of each account id (FNV-1a over the lower-cased id), so every leg can
    /// work out its own shard from the same account list without the list being passed around, and an account stays in
    /// its shard from run to run.
    /// </summary>
    internal static class FleetShards
    {
        public const int MaxShards = 256;

        public static int ShardOf(string accountId, int shardCount)
        {
            if (shardCount < 1) throw new ArgumentOutOfRangeException(nameof(shardCount));
            unchecked
            {
                var hash = 2166136261u;
                foreach (var b in Encoding.UTF8.GetBytes((accountId ?? string.Empty).Trim().TrimEnd('/').ToLowerInvariant()))
                {
                    hash ^= b;
                    hash *= 16777619u;
                }
                return (int)(hash % (uint)shardCount) + 1;
            }
        }

        /// <summary>
        /// Every shard, 1..<paramref name="shardCount"/>, accounts ordered by id within each; duplicates (same id) are kept once.
        /// Shards can be empty when there are few accounts.
        /// </summary>
        public static IReadOnlyList<RealtimeFleetShard> Split(IEnumerable<RealtimeAccount> accounts, int shardCount)
        {
            if (shardCount < 1 || shardCount > MaxShards) throw new ArgumentOutOfRangeException(nameof(shardCount), $"The number of shards must be 1..{MaxShards}.");
            var lists = Enumerable.Range(0, shardCount).Select(_ => new List<RealtimeAccount>()).ToArray();
            foreach (var a in (accounts ?? Enumerable.Empty<RealtimeAccount>())
                         .GroupBy(a => a.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First())
                         .OrderBy(a => a.Id, StringComparer.OrdinalIgnoreCase))
                lists[ShardOf(a.Id, shardCount) - 1].Add(a);
            return lists.Select((l, i) => new RealtimeFleetShard(i + 1, shardCount, l)).ToArray();
        }

        /// <summary>GitHub Actions matrix: {"include":[{"shard":1,"shards":N},...]} for fromJSON().</summary>
        public static string GitHubActionsMatrix(int shardCount) =>
            Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("include");
                for (var i = 1; i <= shardCount; i++) { w.WriteStartObject(); w.WriteNumber("shard", i); w.WriteNumber("shards", shardCount); w.WriteEndObject(); }
                w.WriteEndArray();
                w.WriteEndObject();
            });

        /// <summary>Azure DevOps matrix: {"shard1":{"shard":"1","shards":"N"},...} for strategy: matrix: $[ ... ].</summary>
        public static string AzureDevOpsMatrix(int shardCount) =>
            Json(w =>
            {
                w.WriteStartObject();
                for (var i = 1; i <= shardCount; i++)
                {
                    w.WriteStartObject("shard" + i);
                    w.WriteString("shard", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteString("shards", shardCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            });

        private static string Json(Action<Utf8JsonWriter> write)
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer)) write(w);
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
    }

    /// <summary>What Export-RealtimeFleetReport wrote.</summary>
    public sealed class RealtimeFleetReportInfo
    {
        internal RealtimeFleetReportInfo(string path, string format, int deployments, int failed, int warning, int passed, int accounts,
            int retiringWithin12Months, DateTimeOffset sweepStarted, DateTimeOffset sweepEnded)
        {
            Path = path;
            Format = format;
            Deployments = deployments;
            Failed = failed;
            Warning = warning;
            Passed = passed;
            Accounts = accounts;
            RetiringWithin12Months = retiringWithin12Months;
            SweepStarted = sweepStarted;
            SweepEnded = sweepEnded;
        }

        public string Path { get; }
        public string Format { get; }
        public int Deployments { get; }
        public int Failed { get; }
        public int Warning { get; }
        public int Passed { get; }
        public int Accounts { get; }
        public int RetiringWithin12Months { get; }
        public DateTimeOffset SweepStarted { get; }
        public DateTimeOffset SweepEnded { get; }
    }
}
