#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>
    /// One deployment type (SKU) a region offers a model version in, as Azure Resource Manager lists it
    /// (Models - List: skus[]), with the subscription's quota for it from the region's usages.
    /// </summary>
    public sealed class RealtimeModelSku
    {
        public RealtimeModelSku(string name, string usageName, DateTime? deprecationDate, double? defaultCapacity, double? minimumCapacity,
            double? maximumCapacity, double? capacityStep, IReadOnlyList<RealtimeModelRateLimit>? rateLimits)
        {
            Name = name ?? string.Empty;
            UsageName = usageName ?? string.Empty;
            DeprecationDate = deprecationDate;
            DefaultCapacity = defaultCapacity;
            MinimumCapacity = minimumCapacity;
            MaximumCapacity = maximumCapacity;
            CapacityStep = capacityStep;
            RateLimits = rateLimits ?? Array.Empty<RealtimeModelRateLimit>();
        }

        /// <summary>GlobalStandard, Standard, DataZoneStandard, ProvisionedManaged...</summary>
        public string Name { get; }
        /// <summary>The usage (quota) name, e.g. OpenAI.GlobalStandard.gpt-realtime.</summary>
        public string UsageName { get; }
        /// <summary>When this deployment type stops being offered for the model (UTC); null when not given.</summary>
        public DateTime? DeprecationDate { get; }
        public double? DefaultCapacity { get; }
        public double? MinimumCapacity { get; }
        public double? MaximumCapacity { get; }
        public double? CapacityStep { get; }
        public IReadOnlyList<RealtimeModelRateLimit> RateLimits { get; }

        /// <summary>The subscription's current usage of this quota in the region (usages: currentValue); null when not read.</summary>
        public double? QuotaUsed { get; internal set; }
        /// <summary>The subscription's quota limit in the region (usages: limit); null when not read.</summary>
        public double? QuotaLimit { get; internal set; }
        /// <summary>The usages' unit (Count, for example); empty when not read.</summary>
        public string QuotaUnit { get; internal set; } = string.Empty;

        /// <summary>Limit minus current value, never below zero; null when the quota was not read.</summary>
        public double? QuotaLeft => QuotaLimit.HasValue ? Math.Max(0, QuotaLimit.Value - (QuotaUsed ?? 0)) : (double?)null;

        public override string ToString() =>
            QuotaLeft.HasValue
                ? string.Format(CultureInfo.InvariantCulture, "{0} ({1} of {2} left)", Name, QuotaLeft.Value, QuotaLimit!.Value)
                : Name;
    }

    /// <summary>One rate limit of a SKU (rateLimits[]: key, count, renewalPeriod in seconds).</summary>
    public sealed class RealtimeModelRateLimit
    {
        public RealtimeModelRateLimit(string key, double? count, double? renewalPeriod)
        {
            Key = key ?? string.Empty;
            Count = count;
            RenewalPeriod = renewalPeriod;
        }

        /// <summary>What is limited (request, token...).</summary>
        public string Key { get; }
        public double? Count { get; }
        /// <summary>The period the count renews over, in seconds.</summary>
        public double? RenewalPeriod { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: {1} per {2}s", Key, Count, RenewalPeriod);
    }
}
