#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>The question an admin asks before deploying: does this region offer every model, in this SKU, not retired, with quota left?</summary>
    internal sealed class RegionRequirement
    {
        public RegionRequirement(IReadOnlyList<string> models, string sku = "GlobalStandard", double minimumCapacity = 1)
        {
            if (models == null || models.Count == 0 || models.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("Name at least one model.");
            if (minimumCapacity < 0) throw new ArgumentOutOfRangeException(nameof(minimumCapacity), "The minimum capacity must not be negative.");
            Models = models.Select(m => m.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            Sku = string.IsNullOrWhiteSpace(sku) ? "GlobalStandard" : sku.Trim();
            MinimumCapacity = minimumCapacity;
        }

        public IReadOnlyList<string> Models { get; }
        public string Sku { get; }
        public double MinimumCapacity { get; }
    }

    /// <summary>Judges one region's live model list against a requirement; pure, so every rule is testable.</summary>
    internal static class RegionQualifier
    {
        /// <summary>The region's offer when every model qualifies, else null with one reason per model that does not.</summary>
        public static RealtimeRegionAvailability? Qualify(RegionModelList list, RegionRequirement requirement, DateTime todayUtc, string displayName,
            out IReadOnlyList<string> reasons)
        {
            var offers = new List<RegionModelOffer>();
            var why = new List<string>();
            foreach (var wanted in requirement.Models)
            {
                var offer = Best(list, wanted, requirement, todayUtc.Date, out var reason);
                if (offer != null) offers.Add(offer);
                else why.Add(reason);
            }
            reasons = why;
            return why.Count == 0 ? new RealtimeRegionAvailability(list.Region, displayName, requirement.Sku, list.SubscriptionId, offers, list.ReadAtUtc) : null;
        }

        private static RegionModelOffer? Best(RegionModelList list, string wanted, RegionRequirement requirement, DateTime today, out string reason)
        {
            var versions = list.Find(wanted);
            if (versions.Count == 0)
            {
                reason = $"{wanted}: not offered in {list.Region}";
                return null;
            }
            var rejections = new List<string>();
            var candidates = new List<(RealtimeModel Model, RealtimeModelSku Sku)>();
            foreach (var m in versions)
            {
                var label = Label(m);
                var sku = m.Skus.FirstOrDefault(s => string.Equals(s.Name, requirement.Sku, StringComparison.OrdinalIgnoreCase));
                if (sku == null) { rejections.Add($"{label} is not offered as {requirement.Sku}"); continue; }
                if (string.Equals(m.LifecycleStatus, "Deprecated", StringComparison.OrdinalIgnoreCase)) { rejections.Add($"{label} is Deprecated"); continue; }
                if (m.RetirementDate.HasValue && m.RetirementDate.Value.Date <= today) { rejections.Add($"{label} retired on {m.RetirementDate:yyyy-MM-dd}"); continue; }
                if (sku.DeprecationDate.HasValue && sku.DeprecationDate.Value.Date <= today) { rejections.Add($"{label} as {sku.Name} was deprecated on {sku.DeprecationDate:yyyy-MM-dd}"); continue; }
                if (!sku.QuotaLeft.HasValue) { rejections.Add($"{label}: the region's usages list no quota '{sku.UsageName}'"); continue; }
                if (sku.QuotaLeft.Value < requirement.MinimumCapacity)
                {
                    rejections.Add(string.Format(CultureInfo.InvariantCulture, "{0}: {1} of {2} quota left ({3} used), fewer than {4}",
                        label, sku.QuotaLeft.Value, sku.QuotaLimit, sku.QuotaUsed ?? 0, requirement.MinimumCapacity));
                    continue;
                }
                candidates.Add((m, sku));
            }
            if (candidates.Count == 0)
            {
                reason = $"{wanted}: " + string.Join("; ", rejections);
                return null;
            }
            // ARM's default version first, then the newest (versions are dates, so they sort as text).
            var best = candidates
                .OrderByDescending(c => c.Model.IsDefaultVersion == true)
                .ThenByDescending(c => c.Model.Versions.Count > 0 ? c.Model.Versions[0] : string.Empty, StringComparer.Ordinal)
                .First();
            reason = string.Empty;
            return new RegionModelOffer(wanted, best.Model.Name, best.Model.Versions.Count > 0 ? best.Model.Versions[0] : string.Empty, best.Sku.Name,
                best.Sku.UsageName, best.Sku.QuotaLeft!.Value, best.Sku.QuotaLimit, best.Model.LifecycleStatus, best.Model.RetirementDate);
        }

        private static string Label(RealtimeModel m) => m.Versions.Count > 0 ? $"{m.Name} {m.Versions[0]}" : m.Name;
    }
}
