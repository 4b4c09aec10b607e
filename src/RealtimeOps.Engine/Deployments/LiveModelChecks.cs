#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>
    /// The region and retirement checks on live data: the account region's model list read from Azure Resource Manager
    /// (Models - List) when there is one, else the dated catalog (models.json, lifecycle.json). Each check says which it used,
    /// in its reason and in <see cref="DeploymentCheck.Source"/>. "Today" is given, never read from the system clock.
    /// </summary>
    internal sealed class LiveModelChecks
    {
        /// <summary>A retirement this close (or closer) is a warning; a past one is a failure.</summary>
        public const int RetirementWarningDays = RetirementWindow.WarningDays;

        private readonly ModelLifecycle _lifecycle;
        private readonly DateTime _todayUtc;

        public LiveModelChecks(ModelLifecycle lifecycle, DateTime todayUtc)
        {
            _lifecycle = lifecycle;
            _todayUtc = todayUtc.Date;
        }

        /// <summary>The region check from the live list, or null when there is no live answer for this deployment (the catalog check runs).</summary>
        public DeploymentCheck? Region(string checkName, string name, RealtimeDeployment? deployment, RealtimeModel? catalogModel, ModelKind wanted,
            AzureRegion? region, LiveModelRead? live)
        {
            var list = live?.List;
            if (list == null || deployment == null || region == null || string.IsNullOrEmpty(deployment.Model)) return null;
            if (catalogModel != null && catalogModel.Kind != wanted) return null;
            var source = list.Describe();
            var where = $"{region.DisplayName} ({region.Name})";
            var named = list.Find(deployment.Model);
            if (catalogModel == null && named.Count == 0) return null;
            var what = Describe(deployment, catalogModel);
            if (named.Count == 0)
                return Live(checkName, name, DeploymentCheckStatus.Failed,
                    $"{where} does not offer {what} ({source}). {Offered(list, wanted)}");
            var versions = string.IsNullOrEmpty(deployment.ModelVersion) ? named : list.Find(deployment.Model, deployment.ModelVersion);
            if (versions.Count == 0)
                return Live(checkName, name, DeploymentCheckStatus.Failed,
                    $"{where} does not offer {what} ({source}); it offers {deployment.Model} {string.Join(", ", named.SelectMany(m => m.Versions))}.");
            if (!string.IsNullOrEmpty(deployment.Sku) && !versions.Any(m => m.Skus.Any(s => string.Equals(s.Name, deployment.Sku, StringComparison.OrdinalIgnoreCase))))
                return Live(checkName, name, DeploymentCheckStatus.Failed,
                    $"{where} offers {what} but not as {deployment.Sku} ({source}); it offers it as {string.Join(", ", versions.SelectMany(m => m.Skus).Select(s => s.Name).Distinct())}.");
            var sku = string.IsNullOrEmpty(deployment.Sku) ? string.Empty : $" as {deployment.Sku}";
            return Live(checkName, name, DeploymentCheckStatus.Passed, $"{where} offers {what}{sku} ({source}).");
        }

        /// <summary>
        /// The retirement check: the live date for the deployed version when the region lists it, else a date from the dated
        /// lifecycle table; null when neither has a date (the caller's catalog check decides, as before).
        /// </summary>
        public DeploymentCheck? Retirement(string checkName, string name, RealtimeDeployment? deployment, RealtimeModel? catalogModel, string? version,
            LiveModelRead? live)
        {
            var list = live?.List;
            if (list != null && deployment != null && !string.IsNullOrEmpty(deployment.Model))
            {
                var entry = list.Find(deployment.Model, string.IsNullOrEmpty(deployment.ModelVersion) ? null : deployment.ModelVersion).FirstOrDefault();
                if (entry != null) return LiveRetirement(checkName, name, deployment, entry, catalogModel, list);
            }
            if (catalogModel == null) return null;
            var retirement = _lifecycle.FindRetirement(catalogModel.Name, version)
                             ?? (deployment != null && !string.Equals(deployment.Model, catalogModel.Name, StringComparison.OrdinalIgnoreCase)
                                 ? _lifecycle.FindRetirement(deployment.Model, version) : null);
            if (retirement == null) return null;
            var label = string.IsNullOrEmpty(version) || catalogModel.Name.EndsWith("-" + version, StringComparison.OrdinalIgnoreCase)
                ? catalogModel.Name : $"{catalogModel.Name} {version}";
            var judged = RetirementWindow.Judge(retirement, label, _todayUtc, out var sentence);
            var preview = catalogModel.Kind == ModelKind.Realtime && catalogModel.Preview;
            if (preview && judged == DeploymentCheckStatus.Passed) judged = DeploymentCheckStatus.Warning;
            var previewNote = preview ? " " + PreviewNote(catalogModel.Name) : string.Empty;
            var advice = retirement.NoEarlierThan && judged != DeploymentCheckStatus.Passed ? " Plan a move to a current version." : Advice(judged);
            return Catalog(new DeploymentCheck(checkName, name, judged,
                $"{sentence}{advice}{previewNote} Dated catalog as of {_lifecycle.AsOf:yyyy-MM-dd}."), live);
        }

        /// <summary>Marks a catalog check as such and, when the live read was tried and failed, says why the dated fallback was used.</summary>
        public static DeploymentCheck Catalog(DeploymentCheck check, LiveModelRead? live)
        {
            var reason = check.Reason;
            if (live != null && live.List == null && !string.IsNullOrEmpty(live.UnavailableReason) && check.Status != DeploymentCheckStatus.Skipped)
                reason += $" Dated catalog used: the live model list could not be read ({live.UnavailableReason.TrimEnd('.')}).";
            return new DeploymentCheck(check.Name, check.Deployment, check.Status, reason, DeploymentCheck.CatalogSource);
        }

        private DeploymentCheck LiveRetirement(string checkName, string name, RealtimeDeployment deployment, RealtimeModel entry, RealtimeModel? catalogModel,
            RegionModelList list)
        {
            var label = entry.Versions.Count > 0 ? $"{entry.Name} {entry.Versions[0]}" : entry.Name;
            var lifecycle = string.IsNullOrEmpty(entry.LifecycleStatus) ? string.Empty : $", lifecycle {entry.LifecycleStatus}";
            var preview = entry.Kind == ModelKind.Realtime
                && ((catalogModel?.Preview ?? false) || string.Equals(entry.LifecycleStatus, "Preview", StringComparison.OrdinalIgnoreCase));
            var previewNote = preview ? " " + PreviewNote(catalogModel?.Name ?? entry.Name) : string.Empty;
            string text;
            DeploymentCheckStatus status;
            if (entry.RetirementDate.HasValue)
            {
                status = Judge(entry.RetirementDate.Value, out var when);
                text = $"{label} {when} ({list.Describe()}{lifecycle}).{Advice(status)}";
            }
            else
            {
                var deprecated = entry.LifecycleStatus.StartsWith("Deprecat", StringComparison.OrdinalIgnoreCase);
                status = deprecated ? DeploymentCheckStatus.Warning : DeploymentCheckStatus.Passed;
                text = deprecated
                    ? $"{label} is {entry.LifecycleStatus} but ARM gives no retirement date ({list.Describe()}). Plan a move to a current version."
                    : $"ARM gives no retirement date for {label} ({list.Describe()}{lifecycle}).";
            }
            if (preview && status == DeploymentCheckStatus.Passed) status = DeploymentCheckStatus.Warning;
            return Live(checkName, name, status, (text + previewNote).Trim());
        }

        private DeploymentCheckStatus Judge(DateTime date, out string when) => RetirementWindow.Judge(date, _todayUtc, out when);

        private static string Advice(DeploymentCheckStatus status) =>
            status == DeploymentCheckStatus.Failed ? " Requests to a retired model fail: deploy a current version and point the session at it."
            : status == DeploymentCheckStatus.Warning ? " Deploy a current version before that date." : string.Empty;

        private string PreviewNote(string model)
        {
            var deprecation = _lifecycle.PreviewProtocolDeprecation;
            var tense = deprecation.Date <= _todayUtc ? "has deprecated the preview protocol since" : "deprecates the preview protocol from";
            return $"{model} is a preview model; Azure {tense} {deprecation:yyyy-MM-dd} ({_lifecycle.PreviewProtocolSource}).";
        }

        private static string Describe(RealtimeDeployment d, RealtimeModel? catalogModel)
        {
            if (string.IsNullOrEmpty(d.ModelVersion)) return d.Model;
            // A dated catalog name (gpt-realtime-mini-2025-12-15) already says the version.
            if (catalogModel != null && catalogModel.Name.EndsWith("-" + d.ModelVersion, StringComparison.OrdinalIgnoreCase)) return catalogModel.Name;
            return $"{d.Model} {d.ModelVersion}";
        }

        private static string Offered(RegionModelList list, ModelKind wanted)
        {
            var names = list.Models.Where(m => m.Kind == wanted).Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var kind = wanted == ModelKind.Realtime ? "realtime" : "transcription";
            return names.Count == 0 ? $"The region offers no {kind} model." : $"Its {kind} models: {string.Join(", ", names)}.";
        }

        private static DeploymentCheck Live(string checkName, string name, DeploymentCheckStatus status, string reason) =>
            new DeploymentCheck(checkName, name, status, reason, DeploymentCheck.LiveSource);
    }
}
