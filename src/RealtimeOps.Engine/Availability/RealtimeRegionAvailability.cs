#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>One model a qualifying region offers: the version chosen, its quota left and when inference retires.</summary>
    public sealed class RegionModelOffer
    {
        public RegionModelOffer(string requested, string model, string version, string sku, string usageName, double quotaLeft, double? quotaLimit,
            string lifecycleStatus, DateTime? retirementDate)
        {
            Requested = requested;
            Model = model;
            Version = version;
            Sku = sku;
            UsageName = usageName;
            QuotaLeft = quotaLeft;
            QuotaLimit = quotaLimit;
            LifecycleStatus = lifecycleStatus;
            RetirementDate = retirementDate;
        }

        /// <summary>The name as given to -Model.</summary>
        public string Requested { get; }
        public string Model { get; }
        public string Version { get; }
        public string Sku { get; }
        public string UsageName { get; }
        /// <summary>Quota limit minus current usage for the SKU in the region (capacity units, e.g. thousands of tokens per minute).</summary>
        public double QuotaLeft { get; }
        public double? QuotaLimit { get; }
        public string LifecycleStatus { get; }
        /// <summary>When inference stops for this version (ARM deprecation.inference, UTC); null when ARM gives no date.</summary>
        public DateTime? RetirementDate { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} ({2} left{3})", Model, Version, QuotaLeft,
                RetirementDate.HasValue ? ", retires " + RetirementDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty);
    }

    /// <summary>What Find-RealtimeRegion returns: a region that offers every model asked for, in the SKU, with quota left.</summary>
    public sealed class RealtimeRegionAvailability
    {
        public RealtimeRegionAvailability(string region, string displayName, string sku, string subscriptionId, IReadOnlyList<RegionModelOffer> models,
            DateTime asOf)
        {
            Region = region;
            DisplayName = displayName;
            Sku = sku;
            SubscriptionId = subscriptionId;
            Models = models;
            AsOf = asOf;
        }

        /// <summary>The region's ARM name (swedencentral); binds to -Location of Get-RealtimeModel.</summary>
        public string Region { get; }
        public string DisplayName { get; }
        public string Sku { get; }
        public string SubscriptionId { get; }
        public IReadOnlyList<RegionModelOffer> Models { get; }
        /// <summary>The smallest quota left among the models.</summary>
        public double MinimumQuotaLeft => Models.Count == 0 ? 0 : Models.Min(m => m.QuotaLeft);
        /// <summary>The earliest inference retirement among the models; null when ARM gives none.</summary>
        public DateTime? EarliestRetirement => Models.Where(m => m.RetirementDate.HasValue).Select(m => m.RetirementDate).DefaultIfEmpty(null).Min();
        /// <summary>When the region was read (UTC).</summary>
        public DateTime AsOf { get; }
        public string Source => LiveModelMapper.Source;

        public override string ToString() => Region;
    }
}
