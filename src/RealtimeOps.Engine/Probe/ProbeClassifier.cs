using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// Turns the attempts of an A/B probe into a verdict. Pure: the same attempts always give the same verdict,
    /// so every verdict is tested from constructed outcomes. The reasoning follows Microsoft Learn, "Troubleshoot Azure OpenAI errors": a 5xx that
    /// appears only with transcription, for a valid payload and a supported model, is a service-side fault.
    /// </summary>
    internal static class ProbeClassifier
    {
        /// <summary>What a failed attempt says, independent of which variant it belongs to.</summary>
        internal enum FailureClass
        {
            None,
            Authentication,
            Authorization,
            DeploymentNotFound,
            Network,
            Throttled,
            Client,
            Server,
            Unexpected,
        }

        public static ProbeClassification Classify(IReadOnlyList<ProbeVariant> variants, IReadOnlyList<ProbeAttempt> attempts,
            ProbePrerequisites? prerequisites = null)
        {
            if (variants == null) throw new ArgumentNullException(nameof(variants));
            prerequisites = prerequisites ?? ProbePrerequisites.None;
            var counted = (attempts ?? Array.Empty<ProbeAttempt>()).Where(a => a.Outcome != RealtimeServiceErrorKind.Cancelled).ToList();
            var transcriptionByName = variants.ToDictionary(v => v.Name, v => v.TranscriptionEnabled, StringComparer.Ordinal);
            bool IsTranscription(ProbeAttempt a) => transcriptionByName.TryGetValue(a.Variant, out var t) && t;

            if (counted.Count == 0)
            {
                return new ProbeClassification(ProbeVerdict.Inconclusive,
                    "No attempt completed, so nothing about the service was measured.",
                    "Run Invoke-RealtimeProbe again and let it finish (it stops early on Ctrl+C or -TimeoutSec).");
            }

            var failures = counted.Where(a => !a.Succeeded).ToList();
            if (failures.Count == 0)
            {
                return new ProbeClassification(ProbeVerdict.Healthy,
                    $"All {counted.Count} attempts succeeded, with and without transcription.",
                    prerequisites.Findings.Any(f => f.Severity == DiagnosticSeverity.Error)
                        ? "The service accepts the request, but the validator still reports errors: fix them so the session behaves as configured (a rejected session.update silently leaves transcription off)."
                        : "Nothing to fix on the service side. If audio still is not transcribed, watch the session events for conversation.item.input_audio_transcription.failed.");
            }

            if (failures.All(a => ClassOf(a) == FailureClass.Throttled))
            {
                return new ProbeClassification(ProbeVerdict.Throttled,
                    $"{failures.Count} of {counted.Count} attempts were throttled (429) and no other failure occurred.",
                    "Lower the request rate or raise the deployment's capacity (tokens per minute); honour retry-after-ms. Re-run the probe with a larger -DelayMs to see past the limit.");
            }

            var baseline = counted.Where(a => !IsTranscription(a)).ToList();
            var transcription = counted.Where(IsTranscription).ToList();
            var anySuccess = failures.Count < counted.Count;

            if (!anySuccess)
            {
                var dominant = Dominant(failures);
                var both = baseline.Count > 0 && transcription.Count > 0;
                return ForConsistentFailure(dominant, failures, transcriptionOnly: false, both, prerequisites);
            }

            var baselineAllSucceeded = baseline.Count > 0 && baseline.All(a => a.Succeeded);
            if (baselineAllSucceeded)
            {
                var failingVariants = transcription.GroupBy(a => a.Variant, StringComparer.Ordinal)
                    .Where(g => g.Any(a => !a.Succeeded)).ToList();
                var consistent = failingVariants.All(g => g.All(a => !a.Succeeded));
                if (consistent)
                {
                    var dominant = Dominant(failures);
                    return ForConsistentFailure(dominant, failures, transcriptionOnly: true, both: true, prerequisites,
                        failingVariants.Select(g => g.Key).ToList());
                }
            }
            else if (baseline.Count > 0 && baseline.All(a => !a.Succeeded) && transcription.All(a => a.Succeeded))
            {
                return new ProbeClassification(ProbeVerdict.Inconclusive,
                    $"The request failed without transcription ({Describe(baseline)}) but succeeded with it, which no documented behaviour explains.",
                    "Re-run the probe with more -Rounds; if the pattern holds, export a support bundle and open a support case with it.");
            }

            return Intermittent(counted, variants);
        }

        private static ProbeClassification ForConsistentFailure(FailureClass dominant, IReadOnlyList<ProbeAttempt> failures,
            bool transcriptionOnly, bool both, ProbePrerequisites prerequisites, IReadOnlyList<string>? failingVariants = null)
        {
            var where = transcriptionOnly
                ? $"only with transcription ({string.Join(", ", failingVariants ?? Array.Empty<string>())}) while the same request without transcription succeeded"
                : both ? "with and without transcription" : "on every attempt";
            var first = failures.OrderBy(a => a.Sequence).First();
            var ids = string.Join(", ", failures.Select(a => a.ApimRequestId).Where(id => !string.IsNullOrEmpty(id)).Distinct().Take(5));
            var idText = ids.Length == 0 ? "" : $" (apim-request-id {ids})";

            switch (dominant)
            {
                case FailureClass.Server when transcriptionOnly:
                {
                    var prereq = PrerequisiteCaveat(prerequisites);
                    return new ProbeClassification(ProbeVerdict.TranscriptionServiceFault,
                        $"The service answered {StatusText(failures)} {where}{idText}.",
                        (prereq ?? "No prerequisite is missing: the payload is valid, the model is supported, and no region or feature flag gates transcription, so this is a service-side fault. ")
                        + "Open an Azure support case with the region, resource name, subscription id, the exact request with and without transcription, and the UTC times and apim-request-ids of the failing responses: Export-SupportBundle gathers all of them.");
                }
                case FailureClass.Server:
                    return new ProbeClassification(ProbeVerdict.ServiceFault,
                        $"The service answered {StatusText(failures)} {where}{idText}.",
                        "The service fails regardless of transcription: check Azure status for the region, retry later, and if it persists open a support case with the bundle from Export-SupportBundle.");
                case FailureClass.Client:
                {
                    var param = failures.Select(a => a.ErrorParam).FirstOrDefault(p => !string.IsNullOrEmpty(p));
                    var message = failures.Select(a => a.ErrorMessage).FirstOrDefault(m => !string.IsNullOrEmpty(m));
                    var rule = MatchRule(prerequisites.Findings, param);
                    var objection = param != null ? $"parameter '{param}'" : "the request";
                    var said = message != null ? $": \"{message}\"" : "";
                    var ruleText = rule != null
                        ? $" Test-TranscriptionConfig reports the same problem as {rule.RuleId} at {rule.Path}: {rule.Message}"
                        : " Test-TranscriptionConfig has no rule for it; compare the field with the GA session reference.";
                    return new ProbeClassification(ProbeVerdict.ClientConfiguration,
                        $"The service rejected {objection} {where} with {StatusText(failures)}{said}.",
                        $"Fix the request: the service names {objection}{said}.{ruleText}", rule?.RuleId);
                }
                case FailureClass.Authentication:
                {
                    var audience = failures.Any(a => (a.ErrorMessage ?? "").IndexOf("audience", StringComparison.OrdinalIgnoreCase) >= 0);
                    return new ProbeClassification(ProbeVerdict.Authentication,
                        $"The service refused the credential (401) {where}{idText}.",
                        (audience ? "The token's audience is wrong: request it for https://cognitiveservices.azure.com/.default (-TokenScope). " : "")
                        + "Check the api-key belongs to this resource, or that the Entra token is for https://cognitiveservices.azure.com/.default and the identity holds the Cognitive Services User role (role changes take about 5 minutes). A dated api-version on an /openai/v1 path also answers 401: omit -ApiVersion.");
                }
                case FailureClass.Authorization:
                    return new ProbeClassification(ProbeVerdict.Authorization,
                        $"The service denied access (403) {where}{idText}.",
                        "Check the resource's network rules (firewall, private endpoint) allow this client, that the resource is not blocked, and that the identity holds Cognitive Services User on the resource (Owner or Contributor alone do not grant data-plane access).");
                case FailureClass.DeploymentNotFound:
                    return new ProbeClassification(ProbeVerdict.DeploymentNotFound,
                        transcriptionOnly
                            ? $"The transcription deployment was not found (404) {where}{idText}."
                            : $"The deployment was not found (404) {where}{idText}.",
                        transcriptionOnly
                            ? "On Azure the transcription model must name an existing deployment of a transcription model: deploy it in this resource or use the name of an existing one (Get-RealtimeDeployment lists them)."
                            : "On Azure session.model is the deployment name, not the model name: use a deployment that exists in this resource (Get-RealtimeDeployment lists them, Test-RealtimeDeployment checks one).");
                case FailureClass.Network:
                    return new ProbeClassification(ProbeVerdict.Network,
                        $"No HTTP answer came back {where} ({first.Outcome}{(string.IsNullOrEmpty(first.ErrorMessage) ? "" : ": " + first.ErrorMessage)}).",
                        "Check the endpoint name, DNS, proxy and firewall between this machine and the resource, then probe again.");
                case FailureClass.Throttled:
                    return new ProbeClassification(ProbeVerdict.Throttled,
                        $"Every attempt was throttled (429) {where}.",
                        "Lower the request rate or raise the deployment's capacity; honour retry-after-ms. Re-run with a larger -DelayMs.");
                default:
                    return new ProbeClassification(ProbeVerdict.Inconclusive,
                        $"The service answered in an unexpected way {where} ({StatusText(failures)}){idText}.",
                        "Look at the recorded exchanges (Get-RealtimeExchange): a gateway page or an old preview-shaped answer points at the endpoint or protocol in use.");
            }
        }

        private static ProbeClassification Intermittent(IReadOnlyList<ProbeAttempt> counted, IReadOnlyList<ProbeVariant> variants)
        {
            var rates = variants
                .Select(v => new { v.Name, Attempts = counted.Where(a => a.Variant == v.Name).ToList() })
                .Where(x => x.Attempts.Count > 0)
                .Select(x =>
                {
                    var ok = x.Attempts.Count(a => a.Succeeded);
                    return string.Format(CultureInfo.InvariantCulture, "{0} {1}/{2} succeeded ({3:0}%)", x.Name, ok, x.Attempts.Count, 100.0 * ok / x.Attempts.Count);
                });
            var failures = counted.Where(a => !a.Succeeded).ToList();
            return new ProbeClassification(ProbeVerdict.Intermittent,
                $"Results were mixed: {string.Join("; ", rates)}; failures {StatusText(failures)}.",
                "The same request sometimes fails: re-run with more -Rounds to measure the rate, check Azure status for the region, and if failures persist open a support case with the bundle's timeline.");
        }

        private static string? PrerequisiteCaveat(ProbePrerequisites prerequisites)
        {
            var errors = prerequisites.Findings.Where(f => f.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                return $"The validator reports {errors.Count} error(s) ({string.Join(", ", errors.Select(e => e.RuleId).Distinct())}): fix them first, because the service-fault reasoning holds only for a valid payload. If the 500 persists afterwards, ";
            }
            if (prerequisites.FailedDeploymentChecks.Count > 0)
            {
                return $"Deployment checks failed ({string.Join("; ", prerequisites.FailedDeploymentChecks)}): fix them first. If the 500 persists afterwards, ";
            }
            return null;
        }

        internal static Diagnostic? MatchRule(IReadOnlyList<Diagnostic> findings, string? param)
        {
            if (findings == null || findings.Count == 0) return null;
            var ordered = findings.OrderBy(f => f.Severity == DiagnosticSeverity.Error ? 0 : 1).ToList();
            if (!string.IsNullOrEmpty(param))
            {
                var p = Normalize(param);
                var exact = ordered.FirstOrDefault(f => Normalize(f.Path) == p);
                if (exact != null) return exact;
                var related = ordered.FirstOrDefault(f => !string.IsNullOrEmpty(f.Path) && (Normalize(f.Path).StartsWith(p + ".", StringComparison.Ordinal) || p.StartsWith(Normalize(f.Path) + ".", StringComparison.Ordinal)));
                if (related != null) return related;
            }
            return ordered.FirstOrDefault(f => f.Severity == DiagnosticSeverity.Error);
        }

        private static string Normalize(string? path) => (path ?? "").Trim().Trim('\'', '"').ToLowerInvariant();

        internal static FailureClass ClassOf(ProbeAttempt a)
        {
            if (a.Succeeded) return FailureClass.None;
            var status = a.StatusCode ?? 0;
            if (a.Outcome == RealtimeServiceErrorKind.Throttled || status == 429) return FailureClass.Throttled;
            if (a.Outcome == RealtimeServiceErrorKind.Unauthorized || status == 401) return FailureClass.Authentication;
            if (a.Outcome == RealtimeServiceErrorKind.Forbidden || status == 403) return FailureClass.Authorization;
            if (a.Outcome == RealtimeServiceErrorKind.DeploymentNotFound
                || (status == 404 && string.Equals(a.ErrorCode, "DeploymentNotFound", StringComparison.OrdinalIgnoreCase))) return FailureClass.DeploymentNotFound;
            if (status >= 500 || a.Outcome == RealtimeServiceErrorKind.ServiceError) return FailureClass.Server;
            if (a.Outcome == RealtimeServiceErrorKind.InvalidRequest || (status >= 400 && status < 500)) return FailureClass.Client;
            if (a.Outcome == RealtimeServiceErrorKind.Network || a.Outcome == RealtimeServiceErrorKind.Timeout) return FailureClass.Network;
            return FailureClass.Unexpected;
        }

        private static readonly FailureClass[] s_priority =
        {
            FailureClass.Authentication, FailureClass.Authorization, FailureClass.DeploymentNotFound, FailureClass.Network,
            FailureClass.Client, FailureClass.Server, FailureClass.Throttled, FailureClass.Unexpected,
        };

        /// <summary>The most frequent failure class; ties go to the one that blocks everything else (auth before 5xx).</summary>
        private static FailureClass Dominant(IEnumerable<ProbeAttempt> failures) =>
            failures.GroupBy(ClassOf)
                .OrderByDescending(g => g.Count())
                .ThenBy(g => Array.IndexOf(s_priority, g.Key))
                .First().Key;

        private static string StatusText(IEnumerable<ProbeAttempt> failures)
        {
            var parts = failures.GroupBy(a => a.StatusCode.HasValue
                        ? a.StatusCode.Value.ToString(CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(a.ErrorCode) ? "" : " " + a.ErrorCode)
                        : a.Outcome.ToString())
                .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}");
            return string.Join(", ", parts);
        }

        private static string Describe(IEnumerable<ProbeAttempt> attempts) => StatusText(attempts.Where(a => !a.Succeeded));
    }
}
