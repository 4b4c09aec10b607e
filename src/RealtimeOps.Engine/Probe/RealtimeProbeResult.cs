using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// Everything Invoke-RealtimeProbe found: the verdict, the per-variant statistics, the attempts and exchanges,
    /// and the checks that ran first. Export-SupportBundle turns it into a ticket-ready bundle.
    /// </summary>
    public sealed class RealtimeProbeResult
    {
        internal RealtimeProbeResult(ProbeRun run, ProbeClassification classification, string endpoint, string? deployment,
            string? region, IReadOnlyList<Exchange>? exchanges = null, ValidationResult? validation = null, DeploymentTestResult? deploymentChecks = null,
            int rounds = 0, int delayMs = 0)
        {
            if (run == null) throw new ArgumentNullException(nameof(run));
            if (classification == null) throw new ArgumentNullException(nameof(classification));
            Verdict = classification.Verdict;
            Summary = classification.Summary;
            Recommendation = classification.Recommendation;
            MatchingRuleId = classification.MatchingRuleId;
            Variants = run.Variants.Select(v => VariantStatistics.From(v, run.Attempts)).ToList();
            Attempts = run.Attempts;
            Exchanges = exchanges ?? Array.Empty<Exchange>();
            Endpoint = endpoint;
            Deployment = deployment;
            Region = region ?? run.Attempts.Select(a => a.Region).FirstOrDefault(r => !string.IsNullOrEmpty(r));
            StartedAtUtc = run.StartedAtUtc;
            EndedAtUtc = run.EndedAtUtc;
            Cancelled = run.Cancelled;
            Validation = validation;
            DeploymentChecks = deploymentChecks;
            Rounds = rounds;
            DelayMs = delayMs;
        }

        public ProbeVerdict Verdict { get; }
        /// <summary>One sentence: what was seen.</summary>
        public string Summary { get; }
        /// <summary>What to do next.</summary>
        public string Recommendation { get; }
        /// <summary>The validator rule that matches the service's objection (ClientConfiguration), or null.</summary>
        public string? MatchingRuleId { get; }
        public IReadOnlyList<VariantStatistics> Variants { get; }
        public IReadOnlyList<ProbeAttempt> Attempts { get; }
        /// <summary>The recorded exchanges of the probe's requests, secrets removed at capture.</summary>
        public IReadOnlyList<Exchange> Exchanges { get; }
        public string Endpoint { get; }
        public string? Deployment { get; }
        /// <summary>The region given, or the x-ms-region the service reported.</summary>
        public string? Region { get; }
        public DateTimeOffset StartedAtUtc { get; }
        public DateTimeOffset EndedAtUtc { get; }
        /// <summary>True when Ctrl+C stopped the probe early: the statistics cover what was measured until then.</summary>
        public bool Cancelled { get; }
        /// <summary>The Test-TranscriptionConfig result of the session configuration, when it ran.</summary>
        public ValidationResult? Validation { get; }
        /// <summary>The Test-RealtimeDeployment result, when ARM access was there.</summary>
        public DeploymentTestResult? DeploymentChecks { get; }
        public int Rounds { get; }
        public int DelayMs { get; }
        /// <summary>-Live: the live transcription sessions run after the A/B requests (empty without -Live).</summary>
        public IReadOnlyList<Transcription.RealtimeTranscriptionResult> LiveChecks { get; internal set; } = Array.Empty<Transcription.RealtimeTranscriptionResult>();

        /// <summary>The apim-request-ids of every failed attempt, in order: what support asks for.</summary>
        public IReadOnlyList<string> FailedApimRequestIds =>
            Attempts.Where(a => !a.Succeeded && a.Outcome != RealtimeServiceErrorKind.Cancelled).Select(a => a.ApimRequestId).OfType<string>().Where(id => id.Length > 0).ToList();

        public override string ToString() => $"{Verdict}: {Summary}";
    }
}
