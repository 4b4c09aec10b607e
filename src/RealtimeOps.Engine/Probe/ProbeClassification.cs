using System;
using System.Collections.Generic;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>The verdict and the two sentences a person reads first.</summary>
    internal sealed class ProbeClassification
    {
        public ProbeClassification(ProbeVerdict verdict, string summary, string recommendation, string? matchingRuleId = null)
        {
            Verdict = verdict;
            Summary = summary ?? throw new ArgumentNullException(nameof(summary));
            Recommendation = recommendation ?? throw new ArgumentNullException(nameof(recommendation));
            MatchingRuleId = matchingRuleId;
        }

        public ProbeVerdict Verdict { get; }
        /// <summary>One sentence: what was seen.</summary>
        public string Summary { get; }
        /// <summary>What to do next.</summary>
        public string Recommendation { get; }
        /// <summary>The validator rule that matches the service's objection, for ClientConfiguration.</summary>
        public string? MatchingRuleId { get; }
    }

    /// <summary>What the checks run before the probe found, in the form the classifier weighs it.</summary>
    internal sealed class ProbePrerequisites
    {
        public static readonly ProbePrerequisites None = new ProbePrerequisites(null, null);

        public ProbePrerequisites(IReadOnlyList<Diagnostic>? findings, IReadOnlyList<string>? failedDeploymentChecks)
        {
            Findings = findings ?? Array.Empty<Diagnostic>();
            FailedDeploymentChecks = failedDeploymentChecks ?? Array.Empty<string>();
        }

        /// <summary>Validator diagnostics of the session configuration (empty when validation did not run).</summary>
        public IReadOnlyList<Diagnostic> Findings { get; }
        /// <summary>Names and reasons of deployment checks that failed (empty when none failed or none ran).</summary>
        public IReadOnlyList<string> FailedDeploymentChecks { get; }
    }
}
