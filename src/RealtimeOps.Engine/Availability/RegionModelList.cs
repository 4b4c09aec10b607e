#nullable enable
using System;
using System.Collections.Generic;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>What one region offers a subscription, read live: its realtime and transcription models, when, and from where.</summary>
    internal sealed class RegionModelList
    {
        public RegionModelList(string region, string subscriptionId, IReadOnlyList<RealtimeModel> models, DateTime readAtUtc)
        {
            Region = region;
            SubscriptionId = subscriptionId;
            Models = models;
            ReadAtUtc = readAtUtc;
        }

        /// <summary>The region's ARM name (swedencentral).</summary>
        public string Region { get; }
        public string SubscriptionId { get; }
        public IReadOnlyList<RealtimeModel> Models { get; }
        public DateTime ReadAtUtc { get; }

        /// <summary>The versions of a model the region lists (name as ARM gives it, or a dated catalog name such as gpt-realtime-mini-2025-12-15).</summary>
        public IReadOnlyList<RealtimeModel> Find(string model, string? version = null)
        {
            var found = new List<RealtimeModel>();
            if (string.IsNullOrWhiteSpace(model)) return found;
            model = model.Trim();
            foreach (var m in Models)
            {
                var v = m.Versions.Count > 0 ? m.Versions[0] : string.Empty;
                var nameMatches = string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase);
                var datedMatches = v.Length > 0 && string.Equals(m.Name + "-" + v, model, StringComparison.OrdinalIgnoreCase);
                if (!nameMatches && !datedMatches) continue;
                if (!string.IsNullOrEmpty(version) && !string.Equals(v, version, StringComparison.OrdinalIgnoreCase)) continue;
                found.Add(m);
            }
            return found;
        }

        /// <summary>How a check or a report names the data: "Azure Resource Manager, read 2026-12-01 07:12 UTC".</summary>
        public string Describe() => $"live model list from Azure Resource Manager, read {ReadAtUtc:yyyy-MM-dd HH:mm} UTC";
    }
}
