#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>A region whose read failed; the search went on without it.</summary>
    internal sealed class RegionReadFailure
    {
        public RegionReadFailure(string region, RealtimeServiceException error)
        {
            Region = region;
            Error = error;
        }

        public string Region { get; }
        public RealtimeServiceException Error { get; }
    }

    /// <summary>What a search found: the qualifying regions in the order asked, and the regions that could not be read.</summary>
    internal sealed class RegionSearchResult
    {
        public RegionSearchResult(IReadOnlyList<RealtimeRegionAvailability> regions, IReadOnlyList<RegionReadFailure> failures, RealtimeServiceException? accessDenied)
        {
            Regions = regions;
            Failures = failures;
            AccessDenied = accessDenied;
        }

        public IReadOnlyList<RealtimeRegionAvailability> Regions { get; }
        public IReadOnlyList<RegionReadFailure> Failures { get; }
        /// <summary>
        /// Set when ARM refused the identity (401/403, or an api-key connection). That answer is the same for every region of the
        /// subscription, so the search stops at the first one instead of repeating it per region.
        /// </summary>
        public RealtimeServiceException? AccessDenied { get; }
    }

    /// <summary>
    /// Find-RealtimeRegion's engine operation: reads the regions at most <see cref="MaxConcurrency"/> at a time, judges each with
    /// <see cref="RegionQualifier"/>, and keeps going when one region fails.
    /// </summary>
    internal sealed class RegionAvailabilitySearch
    {
        public const int MaxConcurrency = 4;
        private readonly Func<string, CancellationToken, Task<RegionModelList>> _readRegion;
        private readonly ServiceCatalog _catalog;
        private readonly int _maxConcurrency;

        public RegionAvailabilitySearch(Func<string, CancellationToken, Task<RegionModelList>> readRegion, ServiceCatalog? catalog = null,
            int maxConcurrency = MaxConcurrency)
        {
            _readRegion = readRegion ?? throw new ArgumentNullException(nameof(readRegion));
            _catalog = catalog ?? ServiceCatalog.Current;
            _maxConcurrency = Math.Max(1, maxConcurrency);
        }

        /// <summary>Every region the catalog lists, for a search without -Location.</summary>
        public IReadOnlyList<string> DefaultRegions => _catalog.Regions.Select(r => r.Name).ToArray();

        public async Task<RegionSearchResult> RunAsync(IReadOnlyList<string> regions, RegionRequirement requirement, DateTime todayUtc,
            IOperationObserver? observer, CancellationToken cancellationToken)
        {
            observer ??= NullOperationObserver.Instance;
            var names = regions.Select(r => ModelAvailabilityClient.NormalizeRegion(r, _catalog)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var found = new RealtimeRegionAvailability?[names.Length];
            var failures = new RegionReadFailure?[names.Length];
            RealtimeServiceException? denied = null;
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var gate = new SemaphoreSlim(_maxConcurrency))
            {
                var tasks = names.Select(async (region, i) =>
                {
                    var entered = false;
                    try
                    {
                        await gate.WaitAsync(stop.Token).ConfigureAwait(false);
                        entered = true;
                        // SemaphoreSlim may still grant a slot to a waiter whose token was just cancelled: read nothing then.
                        stop.Token.ThrowIfCancellationRequested();
                        var list = await _readRegion(region, stop.Token).ConfigureAwait(false);
                        found[i] = RegionQualifier.Qualify(list, requirement, todayUtc, _catalog.FindRegion(region)?.DisplayName ?? region, out var reasons);
                        observer.Verbose(found[i] != null
                            ? $"{region}: offers {string.Join(", ", found[i]!.Models)}."
                            : $"{region}: does not qualify ({string.Join("; ", reasons)}).");
                    }
                    catch (RealtimeServiceException ex) when (ex.IsAccessDenied)
                    {
                        Interlocked.CompareExchange(ref denied, ex, null);
                        stop.Cancel();
                    }
                    catch (Exception) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        // Stopped because ARM refused the identity for another region; that one error is reported.
                    }
                    catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled)
                    {
                        failures[i] = new RegionReadFailure(region, ex);
                    }
                    finally
                    {
                        if (entered) gate.Release();
                    }
                }).ToArray();
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new RegionSearchResult(found.Where(f => f != null).Select(f => f!).ToArray(),
                failures.Where(f => f != null).Select(f => f!).ToArray(), denied);
        }
    }
}
