#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Availability
{
    /// <summary>
    /// Turns a region's ARM model list and usages into <see cref="RealtimeModel"/> objects: one per realtime or
    /// transcription model version, with its SKUs and the subscription's quota for each.
    /// </summary>
    internal static class LiveModelMapper
    {
        public const string SourceUrl = "https://learn.microsoft.com/rest/api/aiservices/accountmanagement/models/list";

        public const string Source = "Azure Resource Manager, Models - List and Usages (" + SourceUrl + ")";

        public static IReadOnlyList<RealtimeModel> Map(IEnumerable<ArmModelEntry> entries, IEnumerable<ArmUsage> usages, string region,
            DateTime readAtUtc, ServiceCatalog catalog)
        {
            var quota = new Dictionary<string, ArmUsage>(StringComparer.OrdinalIgnoreCase);
            foreach (var u in usages) quota[u.Name] = u;

            var models = new List<RealtimeModel>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in entries)
            {
                var known = DeploymentModelResolver.FindCatalogModel(e.Name, e.Version, catalog);
                var kind = KindOf(e, known);
                if (kind == null || !seen.Add(e.Name + "|" + e.Version)) continue;
                foreach (var sku in e.Skus)
                {
                    if (sku.UsageName.Length == 0 || !quota.TryGetValue(sku.UsageName, out var u)) continue;
                    sku.QuotaUsed = u.CurrentValue;
                    sku.QuotaLimit = u.Limit;
                    sku.QuotaUnit = u.Unit;
                }
                var preview = string.Equals(e.LifecycleStatus, "Preview", StringComparison.OrdinalIgnoreCase) || (known?.Preview ?? false);
                models.Add(new RealtimeModel(e.Name, kind.Value,
                    e.Version.Length == 0 ? Array.Empty<string>() : new[] { e.Version },
                    new[] { region },
                    known?.AcceptsPrompt, known?.Documented ?? false, preview, known?.Notes, Source, readAtUtc,
                    known?.RequiresManualTurnDetection ?? false)
                {
                    IsLive = true,
                    SourceUrls = new[] { SourceUrl },
                    LifecycleStatus = e.LifecycleStatus,
                    RetirementDate = e.InferenceDeprecation,
                    IsDefaultVersion = e.IsDefaultVersion,
                    MaxCapacity = e.MaxCapacity,
                    Skus = e.Skus.ToArray(),
                    Capabilities = new Dictionary<string, string>(e.Capabilities, StringComparer.OrdinalIgnoreCase),
                });
            }
            return models;
        }

        // Realtime or transcription, or null for every other model the region lists (chat, embeddings, images...).
        // The catalog decides for names it knows; otherwise ARM's capabilities.realtime, then the transcription families.
        private static ModelKind? KindOf(ArmModelEntry e, RealtimeModel? known)
        {
            if (known != null) return known.Kind;
            if (e.Capabilities.TryGetValue("realtime", out var rt) && string.Equals(rt, "true", StringComparison.OrdinalIgnoreCase)) return ModelKind.Realtime;
            foreach (var c in e.Capabilities)
            {
                if (c.Key.IndexOf("transcription", StringComparison.OrdinalIgnoreCase) >= 0 && string.Equals(c.Value, "true", StringComparison.OrdinalIgnoreCase))
                    return ModelKind.Transcription;
            }
            var name = e.Name;
            if (name.IndexOf("transcribe", StringComparison.OrdinalIgnoreCase) >= 0 || name.StartsWith("whisper", StringComparison.OrdinalIgnoreCase))
                return ModelKind.Transcription;
            return null;
        }
    }
}
