using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using Xunit;
using static RealtimeOps.Engine.Tests.Availability.LiveModelTestData;

namespace RealtimeOps.Engine.Tests.Availability
{
    public class RegionQualifierTests
    {
        private static readonly DateTime Today = new DateTime(2026, 12, 1);

        private static RealtimeRegionAvailability Qualify(string models, string usages, out IReadOnlyList<string> reasons, string sku = "GlobalStandard",
            double minimum = 1, params string[] wanted) =>
            RegionQualifier.Qualify(List("swedencentral", models, usages), new RegionRequirement(wanted.Length == 0 ? new[] { "gpt-realtime", "gpt-4o-transcribe" } : wanted, sku, minimum),
                Today, "Sweden Central", out reasons);

        private static readonly string Both = Page(new[] { Model("gpt-realtime", "2025-08-28"), Model("gpt-4o-transcribe", "2025-03-20", retires: "2027-06-30T00:00:00Z") });
        private static readonly string Quota = Page(new[] { Usage("OpenAI.GlobalStandard.gpt-realtime", 10, 100), Usage("OpenAI.GlobalStandard.gpt-4o-transcribe", 20, 100) });

        [Fact]
        public void ARegionOfferingEveryModelWithQuotaQualifies()
        {
            var r = Qualify(Both, Quota, out var reasons);
            Assert.Empty(reasons);
            Assert.Equal("swedencentral", r.Region);
            Assert.Equal("Sweden Central", r.DisplayName);
            Assert.Equal(Subscription, r.SubscriptionId);
            Assert.Equal(ReadAt, r.AsOf);
            Assert.Equal(new[] { "gpt-realtime 2025-08-28 (90 left, retires 2027-04-06)", "gpt-4o-transcribe 2025-03-20 (80 left, retires 2027-06-30)" },
                r.Models.Select(m => m.ToString()));
            Assert.Equal(80, r.MinimumQuotaLeft);
            Assert.Equal(new DateTime(2027, 4, 6), r.EarliestRetirement);
        }

        [Theory]
        [InlineData("no-transcribe", "gpt-4o-transcribe: not offered in swedencentral")]
        [InlineData("exhausted", "gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20: 0 of 50 quota left (50 used), fewer than 1")]
        [InlineData("no-usage", "gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20: the region's usages list no quota 'OpenAI.GlobalStandard.gpt-4o-transcribe'")]
        [InlineData("standard-only", "gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20 is not offered as GlobalStandard")]
        [InlineData("deprecated", "gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20 is Deprecated")]
        [InlineData("retired-today", "gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20 retired on 2026-12-01")]
        public void ARegionMissingOneModelDoesNotQualifyAndSaysWhy(string variant, string reason)
        {
            var transcribe = variant switch
            {
                "standard-only" => Model("gpt-4o-transcribe", "2025-03-20", skus: "Standard"),
                "deprecated" => Model("gpt-4o-transcribe", "2025-03-20", lifecycle: "Deprecated"),
                "retired-today" => Model("gpt-4o-transcribe", "2025-03-20", retires: "2026-12-01T00:00:00Z"),
                _ => Model("gpt-4o-transcribe", "2025-03-20"),
            };
            var models = Page(variant == "no-transcribe" ? new[] { Model("gpt-realtime", "2025-08-28") } : new[] { Model("gpt-realtime", "2025-08-28"), transcribe });
            var usages = Page(new[]
            {
                Usage("OpenAI.GlobalStandard.gpt-realtime", 0, 100),
                variant == "exhausted" ? Usage("OpenAI.GlobalStandard.gpt-4o-transcribe", 50, 50)
                : variant == "no-usage" ? Usage("OpenAI.GlobalStandard.other", 0, 1) : Usage("OpenAI.GlobalStandard.gpt-4o-transcribe", 0, 100),
                Usage("OpenAI.Standard.gpt-4o-transcribe", 0, 100),
            });
            Assert.Null(Qualify(models, usages, out var reasons));
            Assert.Equal(new[] { reason }, reasons);
        }

        [Fact]
        public void MinimumCapacityIsCompared_WithQuotaLeft()
        {
            Assert.NotNull(Qualify(Both, Quota, out _, minimum: 80));
            Assert.Null(Qualify(Both, Quota, out var reasons, minimum: 81));
            Assert.Equal("gpt-4o-transcribe: gpt-4o-transcribe 2025-03-20: 80 of 100 quota left (20 used), fewer than 81", Assert.Single(reasons));
            Assert.NotNull(Qualify(Page(new[] { Model("gpt-realtime", "2025-08-28") }), Page(new[] { Usage("OpenAI.GlobalStandard.gpt-realtime", 100, 100) }), out _,
                minimum: 0, wanted: "gpt-realtime"));
        }

        [Fact]
        public void AnotherSkuIsJudgedOnItsOwnQuota()
        {
            var models = Page(new[] { Model("whisper-1", "001", capabilities: "", skus: "Standard") });
            var r = Qualify(models, Page(new[] { Usage("OpenAI.Standard.whisper-1", 1, 3) }), out _, sku: "standard", wanted: "whisper-1");
            Assert.Equal("Standard", r.Models[0].Sku);
            Assert.Equal(2, r.Models[0].QuotaLeft);
        }

        [Fact]
        public void TheDefaultVersionWinsThenTheNewestAndADatedNameMeansThatVersion()
        {
            var models = Page(new[]
            {
                Model("gpt-realtime-mini", "2025-10-06", isDefault: true),
                Model("gpt-realtime-mini", "2025-12-15", isDefault: false),
                Model("gpt-realtime-mini", "2024-01-01", isDefault: false, retires: "2026-11-30T00:00:00Z"),
            });
            var usages = Page(new[] { Usage("OpenAI.GlobalStandard.gpt-realtime-mini", 0, 10) });
            Assert.Equal("2025-10-06", Qualify(models, usages, out _, wanted: "gpt-realtime-mini").Models[0].Version);
            Assert.Equal("2025-12-15", Qualify(models, usages, out _, wanted: "gpt-realtime-mini-2025-12-15").Models[0].Version);
            var noDefault = models.Replace("\"isDefaultVersion\":true", "\"isDefaultVersion\":false");
            Assert.Equal("2025-12-15", Qualify(noDefault, usages, out _, wanted: "gpt-realtime-mini").Models[0].Version);
        }

        [Fact]
        public void ARequirementNeedsAModelAndANonNegativeMinimum()
        {
            Assert.Throws<ArgumentException>(() => new RegionRequirement(new string[0]));
            Assert.Throws<ArgumentException>(() => new RegionRequirement(new[] { " " }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RegionRequirement(new[] { "gpt-realtime" }, minimumCapacity: -1));
            Assert.Equal(new[] { "gpt-realtime" }, new RegionRequirement(new[] { "gpt-realtime", "GPT-REALTIME " }).Models);
        }
    }

    public class RegionAvailabilitySearchTests
    {
        private static readonly DateTime Today = new DateTime(2026, 12, 1);
        private static readonly RegionRequirement Realtime = new RegionRequirement(new[] { "gpt-realtime" });

        private static RegionModelList Offers(string region, bool offered) => List(region,
            Page(offered ? new[] { Model("gpt-realtime", "2025-08-28") } : new string[0]),
            Page(new[] { Usage("OpenAI.GlobalStandard.gpt-realtime", 0, 10) }));

        [Fact]
        public async Task ReadsAtMostFourRegionsAtOnceAndKeepsTheOrderAsked()
        {
            var inFlight = 0;
            var most = 0;
            var regions = Enumerable.Range(0, 12).Select(i => "region" + i).ToArray();
            var search = new RegionAvailabilitySearch(async (region, token) =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref most, now);
                await Task.Yield();
                await Task.Delay(5, token);
                Interlocked.Decrement(ref inFlight);
                return Offers(region, int.Parse(region.Substring(6)) % 3 == 0);
            });
            var result = await search.RunAsync(regions, Realtime, Today, null, CancellationToken.None);
            Assert.Equal(new[] { "region0", "region3", "region6", "region9" }, result.Regions.Select(r => r.Region));
            Assert.InRange(most, 1, RegionAvailabilitySearch.MaxConcurrency);
            Assert.Empty(result.Failures);
            Assert.Null(result.AccessDenied);
        }

        [Fact]
        public async Task OneRegionFailingIsReportedAndTheSearchGoesOn()
        {
            var observer = new ListObserver();
            var search = new RegionAvailabilitySearch((region, token) => region == "eastus2"
                ? throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.ServiceError, "ARM failed")
                : Task.FromResult(Offers(region, region != "centralus")));
            var result = await search.RunAsync(new[] { "swedencentral", "eastus2", "centralus", "westus" }, Realtime, Today, observer, CancellationToken.None);
            Assert.Equal(new[] { "swedencentral", "westus" }, result.Regions.Select(r => r.Region));
            var failure = Assert.Single(result.Failures);
            Assert.Equal("eastus2", failure.Region);
            Assert.Contains(observer.Verbose, v => v == "centralus: does not qualify (gpt-realtime: not offered in centralus).");
        }

        [Fact]
        public async Task AccessDeniedStopsTheSearchWithOneError()
        {
            var reads = 0;
            var search = new RegionAvailabilitySearch((region, token) =>
            {
                Interlocked.Increment(ref reads);
                throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.Forbidden, "needs Reader");
            }, maxConcurrency: 1);
            var result = await search.RunAsync(search.DefaultRegions, Realtime, Today, null, CancellationToken.None);
            Assert.Equal(RealtimeServiceErrorKind.Forbidden, result.AccessDenied.Kind);
            Assert.Empty(result.Failures);
            Assert.Empty(result.Regions);
            Assert.Equal(1, reads);
            Assert.True(search.DefaultRegions.Count > 20);
        }

        [Fact]
        public async Task ReadsInFlightWhenAccessIsDeniedEndQuietly()
        {
            var started = 0;
            var search = new RegionAvailabilitySearch(async (region, token) =>
            {
                if (Interlocked.Increment(ref started) == 4)
                    throw new RealtimeServiceException(RealtimeServiceErrorKind.Forbidden, "needs Reader");
                try { await Task.Delay(Timeout.Infinite, token); }
                catch (OperationCanceledException) { throw new RealtimeServiceException(RealtimeServiceErrorKind.Cancelled, "cancelled by the caller"); }
                return null;
            });
            var result = await search.RunAsync(search.DefaultRegions, Realtime, Today, null, CancellationToken.None);
            Assert.Equal(RealtimeServiceErrorKind.Forbidden, result.AccessDenied.Kind);
            Assert.Empty(result.Failures);
            Assert.Equal(4, started);
        }

        [Fact]
        public async Task CancellationEndsTheSearch()
        {
            using (var cts = new CancellationTokenSource())
            {
                var search = new RegionAvailabilitySearch(async (region, token) =>
                {
                    cts.Cancel();
                    await Task.Delay(Timeout.Infinite, token);
                    return null;
                });
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.RunAsync(new[] { "swedencentral", "eastus2" }, Realtime, Today, null, cts.Token));
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }

        private sealed class ListObserver : Diagnostics.IOperationObserver
        {
            public readonly List<string> Verbose = new List<string>();
            void Diagnostics.IOperationObserver.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
            public void Warning(string message) { }
        }
    }
}
