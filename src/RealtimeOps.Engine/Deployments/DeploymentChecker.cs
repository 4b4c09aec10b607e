using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>What to check: the names, and either the account's deployments or why they are not available.</summary>
    internal sealed class DeploymentCheckRequest
    {
        /// <summary>The realtime deployment (session.model); null for a transcription-only session.</summary>
        public string? Deployment { get; set; }
        /// <summary>The transcription deployment (audio.input.transcription.model); null when transcription is off.</summary>
        public string? TranscriptionDeployment { get; set; }
        /// <summary>The account's deployments; null when offline.</summary>
        public IReadOnlyList<RealtimeDeployment>? Deployments { get; set; }
        /// <summary>The account, when ARM answered for it.</summary>
        public CognitiveServicesAccount? Account { get; set; }
        /// <summary>Region to use offline (any spelling the catalog knows). Ignored when the account is known.</summary>
        public string? Region { get; set; }
        /// <summary>Why there are no deployments (shown on every skipped ARM check).</summary>
        public string? OfflineReason { get; set; }
        /// <summary>The account region's live model list, or why it could not be read; null when not tried (the dated catalog is used).</summary>
        public Availability.LiveModelRead? LiveModels { get; set; }
    }

    /// <summary>
    /// The deployment and region checks as pure functions over (deployments or null, region, names). Model and region
    /// facts come from the catalog only; "now" is a parameter so lifecycle warnings are testable.
    /// </summary>
    internal sealed class DeploymentChecker
    {
        private readonly ServiceCatalog _catalog;
        private readonly ModelLifecycle _lifecycle;
        private readonly DateTime _todayUtc;
        private readonly LiveModelChecks _live;

        public DeploymentChecker(ServiceCatalog? catalog = null, ModelLifecycle? lifecycle = null, DateTimeOffset? now = null)
        {
            _catalog = catalog ?? ServiceCatalog.Current;
            _lifecycle = lifecycle ?? ModelLifecycle.Current;
            _todayUtc = (now ?? DateTimeOffset.UtcNow).UtcDateTime.Date;
            _live = new LiveModelChecks(_lifecycle, _todayUtc);
        }

        public DeploymentTestResult Check(DeploymentCheckRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.Deployment) && string.IsNullOrWhiteSpace(request.TranscriptionDeployment))
                throw new ArgumentException("Give a realtime deployment, a transcription deployment, or both.");

            var online = request.Deployments != null;
            var offlineReason = online ? string.Empty
                : (string.IsNullOrWhiteSpace(request.OfflineReason) ? "no account was given, so the deployments were not read from ARM" : request.OfflineReason);
            var region = ResolveRegion(request, out var regionProblem);
            var checks = new List<DeploymentCheck>();
            RealtimeDeployment? realtime = null, transcription = null;

            if (!string.IsNullOrWhiteSpace(request.Deployment))
            {
                var name = request.Deployment!.Trim();
                realtime = online ? Find(request.Deployments, name) : null;
                checks.AddRange(CheckOne(name, ModelKind.Realtime, realtime, request, online, offlineReason, region, regionProblem));
            }
            if (!string.IsNullOrWhiteSpace(request.TranscriptionDeployment))
            {
                var name = request.TranscriptionDeployment!.Trim();
                transcription = online ? Find(request.Deployments, name) : null;
                checks.AddRange(CheckOne(name, ModelKind.Transcription, transcription, request, online, offlineReason, region, regionProblem));
            }

            return new DeploymentTestResult(request.Deployment?.Trim(), request.TranscriptionDeployment?.Trim(), region?.Name ?? RawRegion(request),
                request.Account?.Name, online, offlineReason, checks, realtime, transcription);
        }

        private IEnumerable<DeploymentCheck> CheckOne(string name, ModelKind wanted, RealtimeDeployment? deployment,
            DeploymentCheckRequest request, bool online, string? offlineReason, AzureRegion? region, string? regionProblem)
        {
            var isRealtime = wanted == ModelKind.Realtime;
            var existsName = isRealtime ? DeploymentCheckNames.DeploymentExists : DeploymentCheckNames.TranscriptionDeploymentExists;
            var kindName = isRealtime ? DeploymentCheckNames.RealtimeModel : DeploymentCheckNames.TranscriptionModel;
            var provisioningName = isRealtime ? DeploymentCheckNames.ProvisioningSucceeded : DeploymentCheckNames.TranscriptionProvisioningSucceeded;
            var capacityName = isRealtime ? DeploymentCheckNames.CapacityAvailable : DeploymentCheckNames.TranscriptionCapacityAvailable;
            var regionName = isRealtime ? DeploymentCheckNames.RegionOffersModel : DeploymentCheckNames.TranscriptionRegionOffersModel;
            var retirementName = isRealtime ? DeploymentCheckNames.PreviewModelRetirement : DeploymentCheckNames.TranscriptionModelRetirement;
            var kindText = isRealtime ? "realtime" : "transcription";
            var results = new List<DeploymentCheck>();

            RealtimeModel? model;
            string? modelVersion = null;
            var modelIsAssumed = false;

            if (!online)
            {
                var skip = $"Skipped offline: {offlineReason}.";
                results.Add(new DeploymentCheck(existsName, name, DeploymentCheckStatus.Skipped, skip));
                // Without ARM the model behind a deployment is unknown; many deployments carry their model's name, so the catalog
                // checks run on that assumption and say so.
                model = _catalog.FindModel(name);
                modelIsAssumed = true;
                results.Add(KindCheck(kindName, name, wanted, kindText, model, null, null, modelIsAssumed, request));
                results.Add(new DeploymentCheck(provisioningName, name, DeploymentCheckStatus.Skipped, skip));
                results.Add(new DeploymentCheck(capacityName, name, DeploymentCheckStatus.Skipped, skip));
            }
            else if (deployment == null)
            {
                results.Add(MissingDeploymentCheck(existsName, name, wanted, kindText, request));
                var skip = $"Skipped: there is no deployment named '{name}' in account '{request.Account?.Name}'.";
                foreach (var n in new[] { kindName, provisioningName, capacityName, regionName })
                    results.Add(new DeploymentCheck(n, name, DeploymentCheckStatus.Skipped, skip));
                results.Add(new DeploymentCheck(retirementName, name, DeploymentCheckStatus.Skipped, skip));
                return results;
            }
            else
            {
                results.Add(new DeploymentCheck(existsName, name, DeploymentCheckStatus.Passed,
                    $"Deployment '{deployment.Name}' exists in account '{deployment.AccountName}'" + (isRealtime ? "." : ", the same resource as the realtime deployment.")));
                model = DeploymentModelResolver.FindCatalogModel(deployment.Model, deployment.ModelVersion, _catalog);
                modelVersion = deployment.ModelVersion;
                results.Add(KindCheck(kindName, name, wanted, kindText, model, deployment, modelVersion, false, request));
                results.Add(ProvisioningCheck(provisioningName, deployment));
                results.Add(CapacityCheck(capacityName, deployment));
            }

            var live = request.LiveModels;
            results.Add(_live.Region(regionName, name, deployment, model, wanted, region, live)
                        ?? LiveModelChecks.Catalog(RegionCheck(regionName, name, model, modelVersion, modelIsAssumed, deployment, region, regionProblem, wanted), live));
            results.Add(_live.Retirement(retirementName, name, deployment, model, modelVersion, live)
                        ?? LiveModelChecks.Catalog(PreviewCheck(retirementName, name, model, modelIsAssumed, deployment), live));
            return results;
        }

        private DeploymentCheck KindCheck(string checkName, string name, ModelKind wanted, string kindText, RealtimeModel? model,
            RealtimeDeployment? deployment, string? version, bool assumed, DeploymentCheckRequest request)
        {
            if (assumed)
            {
                if (model == null)
                    return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Skipped,
                        $"Skipped offline: '{name}' is not a model name in the catalog, so the model behind the deployment is only known from ARM.");
                if (model.Kind == wanted)
                    return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Passed,
                        $"'{name}' is named after {model.Name}, a {kindText} model in the catalog (assumed offline: the deployment is taken to serve the model it is named after).");
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Failed,
                    $"'{name}' is named after {model.Name}, a {model.Kind.ToString().ToLowerInvariant()} model, not a {kindText} model. {WhatToUse(wanted, request)}");
            }

            var served = Served(deployment);
            if (model != null && model.Kind == wanted)
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Passed, $"'{name}' serves {served}, a {kindText} model.");
            var what = model == null
                ? $"which is not a realtime or transcription model in the catalog (as of {_catalog.AsOf:yyyy-MM-dd})"
                : $"a {model.Kind.ToString().ToLowerInvariant()} model";
            return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Failed,
                $"'{name}' serves {served}, {what}; the {(wanted == ModelKind.Realtime ? "session.model" : "transcription model")} must name a {kindText} deployment. {WhatToUse(wanted, request)}");
        }

        private static string WhatToUse(ModelKind wanted, DeploymentCheckRequest request)
        {
            if (request.Deployments == null)
                return wanted == ModelKind.Realtime ? "Use a deployment of a realtime model (Get-RealtimeModel -Kind Realtime)." : "Use a deployment of a transcription model (Get-RealtimeModel -Kind Transcription).";
            var candidates = request.Deployments
                .Where(d => d.Kind == (wanted == ModelKind.Realtime ? DeploymentKind.Realtime : DeploymentKind.Transcription))
                .Select(d => d.Name).ToList();
            var kind = wanted == ModelKind.Realtime ? "realtime" : "transcription";
            return candidates.Count == 0
                ? $"The account has no {kind} deployment: create one."
                : $"{Capitalize(kind)} deployments in the account: {string.Join(", ", candidates)}.";
        }

        private DeploymentCheck MissingDeploymentCheck(string checkName, string name, ModelKind wanted, string kindText, DeploymentCheckRequest request)
        {
            var account = request.Account?.Name ?? "(unknown)";
            if (wanted == ModelKind.Transcription)
            {
                // Azure documents that the transcription model names a deployment; whether a bare model name also works on GA is
                // not settled (the OpenAI specification names models, Microsoft Learn's "Realtime API reference" names deployments), so a model name that a differently named deployment serves is a warning.
                var model = _catalog.FindModel(name);
                if (model != null && model.Kind == ModelKind.Transcription)
                {
                    var serving = request.Deployments.Where(d => string.Equals(d.Model, model.Name, StringComparison.OrdinalIgnoreCase)).Select(d => d.Name).ToList();
                    if (serving.Count > 0)
                        return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Warning,
                            $"No deployment is named '{name}' in account '{account}', but {string.Join(", ", serving)} serve{(serving.Count == 1 ? "s" : "")} that model. Azure documents that the transcription model names a deployment: use '{serving[0]}'.");
                }
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Failed,
                    $"No deployment named '{name}' in account '{account}', the same resource as the realtime deployment; a transcription model that is not deployed there fails at runtime (input_audio_transcription.failed). {WhatToUse(wanted, request)}");
            }
            return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Failed,
                $"No deployment named '{name}' in account '{account}'; on Azure session.model names a deployment, and a missing one answers 404 DeploymentNotFound. {WhatToUse(wanted, request)}");
        }

        private static DeploymentCheck ProvisioningCheck(string checkName, RealtimeDeployment d)
        {
            var state = d.ProvisioningState;
            if (string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase))
                return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Passed, "Provisioning state is Succeeded.");
            if (string.IsNullOrEmpty(state))
                return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Warning, "ARM reported no provisioning state for the deployment.");
            if (IsInProgress(state))
                return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Warning,
                    $"Provisioning state is {state}: the deployment is still being provisioned; try again when it is Succeeded.");
            return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Failed,
                $"Provisioning state is {state}, not Succeeded: the deployment cannot serve requests. Recreate or repair it in the account.");
        }

        private static bool IsInProgress(string state) =>
            new[] { "Creating", "Updating", "Accepted", "Moving", "Deleting" }.Any(s => string.Equals(s, state, StringComparison.OrdinalIgnoreCase));

        private static DeploymentCheck CapacityCheck(string checkName, RealtimeDeployment d)
        {
            if (d.Capacity == null)
                return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Warning, "ARM reported no sku.capacity for the deployment.");
            if (d.Capacity.Value > 0)
                return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Passed,
                    $"Capacity is {d.Capacity.Value.ToString(CultureInfo.InvariantCulture)} ({Fallback(d.Sku, "sku not reported")}).");
            return new DeploymentCheck(checkName, d.Name, DeploymentCheckStatus.Failed,
                $"Capacity is {d.Capacity.Value.ToString(CultureInfo.InvariantCulture)} ({Fallback(d.Sku, "sku not reported")}): with no quota assigned every request is throttled. Raise the deployment's capacity.");
        }

        private DeploymentCheck RegionCheck(string checkName, string name, RealtimeModel? model, string? version, bool assumed,
            RealtimeDeployment? deployment, AzureRegion? region, string? regionProblem, ModelKind wanted)
        {
            if (model == null)
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Skipped,
                    assumed ? $"Skipped offline: '{name}' is not a model name in the catalog, so the model behind the deployment is only known from ARM."
                            : $"Skipped: {Served(deployment)} is not in the catalog, so its regions are unknown.");
            if (model.Kind != wanted)
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Skipped,
                    $"Skipped: {model.Name} is not a {(wanted == ModelKind.Realtime ? "realtime" : "transcription")} model (see the model check).");
            if (region == null)
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Skipped, regionProblem ?? "Skipped: the region is unknown.");
            var source = $"catalog as of {_catalog.AsOf:yyyy-MM-dd}, {model.Source}";
            if (model.Regions.Count == 0)
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Warning,
                    $"The catalog lists no region for {model.Name} ({source}): verify that {region.DisplayName} offers it.");
            if (!model.IsOfferedIn(region.Name))
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Failed,
                    $"{region.DisplayName} ({region.Name}) does not offer {model.Name}; it is offered in {string.Join(", ", model.Regions)} ({source}).");
            if (!string.IsNullOrEmpty(version) && model.Versions.Count > 0 && !model.Versions.Contains(version, StringComparer.OrdinalIgnoreCase))
                return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Warning,
                    $"{region.DisplayName} offers {model.Name}, but version {version} is not one the catalog lists ({string.Join(", ", model.Versions)}; {source}): verify the version.");
            var what = assumed ? $"{model.Name} (assumed from the deployment name)" : (string.IsNullOrEmpty(version) ? model.Name : $"{model.Name} {version}");
            return new DeploymentCheck(checkName, name, DeploymentCheckStatus.Passed, $"{region.DisplayName} ({region.Name}) offers {what} ({source}).");
        }

        private DeploymentCheck PreviewCheck(string check, string name, RealtimeModel? model, bool assumed, RealtimeDeployment? deployment)
        {
            if (model == null)
                return new DeploymentCheck(check, name, DeploymentCheckStatus.Skipped,
                    assumed ? $"Skipped offline: '{name}' is not a model name in the catalog, so the model behind the deployment is only known from ARM."
                            : $"Skipped: {Served(deployment)} is not in the catalog.");
            if (!model.Preview)
                return new DeploymentCheck(check, name, DeploymentCheckStatus.Passed, $"{model.Name} is a GA model; no source gives a retirement date for it.");
            var deprecation = _lifecycle.PreviewProtocolDeprecation;
            var tense = deprecation.Date <= _todayUtc ? "has deprecated the preview protocol since" : "deprecates the preview protocol from";
            return new DeploymentCheck(check, name, DeploymentCheckStatus.Warning,
                $"{model.Name} is a preview model; Azure {tense} {deprecation:yyyy-MM-dd} ({_lifecycle.PreviewProtocolSource}). No source gives the model's own retirement date. {model.Notes}".Trim());
        }

        private AzureRegion? ResolveRegion(DeploymentCheckRequest request, out string? problem)
        {
            problem = null;
            var text = request.Account != null && !string.IsNullOrEmpty(request.Account.Location) ? request.Account.Location : request.Region;
            if (string.IsNullOrWhiteSpace(text))
            {
                problem = "Skipped: the region is unknown; give -Region when testing offline.";
                return null;
            }
            var region = _catalog.FindRegion(text);
            if (region == null)
            {
                // A region the catalog does not know offers none of its models (MS-matrix lists no other region); keep a
                // stand-in so the region check fails with the name instead of skipping.
                return new AzureRegion(text!.Replace(" ", string.Empty).ToLowerInvariant(), text);
            }
            return region;
        }

        private static string RawRegion(DeploymentCheckRequest request) =>
            request.Account?.Location ?? request.Region ?? string.Empty;

        private static RealtimeDeployment Find(IReadOnlyList<RealtimeDeployment>? deployments, string name) =>
            deployments.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal))
            ?? deployments.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

        private static string Served(RealtimeDeployment? d)
        {
            if (d == null) return "the model";
            if (string.IsNullOrEmpty(d.Model)) return "a model ARM did not name";
            return string.IsNullOrEmpty(d.ModelVersion) ? d.Model : $"{d.Model} {d.ModelVersion}";
        }

        private static string Fallback(string value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;

        private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }

    /// <summary>Turns deployments into what other parts of RealtimeOps take.</summary>
    internal static class RealtimeDeploymentMaps
    {
        /// <summary>
        /// Deployment name → model name, case-insensitive, as the configuration validator's Deployments option takes it
        /// (Test-TranscriptionConfig -Live).
        /// </summary>
        public static IReadOnlyDictionary<string, string> ToModelMap(IEnumerable<RealtimeDeployment> deployments)
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (deployments == null) return map;
            foreach (var d in deployments)
            {
                if (d == null || map.ContainsKey(d.Name)) continue;
                map[d.Name] = d.Model;
            }
            return map;
        }
    }
}
