#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>What the stages of one probe run share: the plan, the client, where to report, and what each stage found.</summary>
    internal sealed class ProbeContext
    {
        internal ProbeContext(ProbePlan plan, RealtimeServiceClient client, IOperationReporter reporter, Func<DateTimeOffset>? clock)
        {
            Plan = plan;
            Client = client;
            Reporter = reporter;
            Clock = clock;
        }

        public ProbePlan Plan { get; }
        public RealtimeServiceClient Client { get; }
        public IOperationReporter Reporter { get; }
        public Func<DateTimeOffset>? Clock { get; }
        /// <summary>The validator's result (set by <see cref="ValidationStage"/>).</summary>
        public ValidationResult? Validation { get; set; }
        /// <summary>The deployment checks (null when skipped or nothing to check).</summary>
        public DeploymentTestResult? DeploymentChecks { get; set; }
        /// <summary>What the A/B run measured.</summary>
        public ProbeRun? Run { get; set; }
        /// <summary>The live sessions of -Live (empty without it).</summary>
        public IReadOnlyList<Transcription.RealtimeTranscriptionResult> LiveChecks { get; set; } = Array.Empty<Transcription.RealtimeTranscriptionResult>();
    }

    /// <summary>One step of a probe run; stages run in order and write what they find into the context.</summary>
    internal interface IProbeStage
    {
        Task RunAsync(ProbeContext context, CancellationToken cancellationToken);
    }

    /// <summary>Is the configuration right? Errors do not stop the probe: they weigh in the verdict.</summary>
    internal sealed class ValidationStage : IProbeStage
    {
        public Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            var request = context.Plan.Request;
            var validation = ProbePreflight.Validate(context.Plan.BodyNode, request.Session.SessionSource, context.Client.Connection, request.Region);
            context.Validation = validation;
            context.Reporter.Verbose($"Configuration: {validation.ErrorCount} error(s), {validation.WarningCount} warning(s) ({validation.Shape}, {validation.Kind}).");
            foreach (var d in validation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                context.Reporter.Warning($"Configuration error {d.RuleId} at {d.Path}: {d.Message}");
            return Task.CompletedTask;
        }
    }

    /// <summary>Do the deployments exist, hold the right models and sit in a region that offers them? Offline when ARM is out of reach.</summary>
    internal sealed class DeploymentCheckStage : IProbeStage
    {
        public async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            var request = context.Plan.Request;
            if (request.SkipDeploymentCheck) return;
            SessionDeploymentNames names;
            try
            {
                names = SessionDeploymentReader.Instance.Read(Configuration.DocumentJson.ToDocument(context.Plan.BodyNode, request.Session.SessionSource ?? "probe request"));
            }
            catch (FormatException ex)
            {
                context.Reporter.Verbose("Deployment checks skipped: " + ex.Message);
                return;
            }
            var runner = new DeploymentCheckRunner(context.Client) { OfflineOnAnyReadFailure = true };
            context.DeploymentChecks = await runner.RunAsync(new DeploymentCheckInput
            {
                Deployment = names.Deployment ?? context.Client.Connection.Deployment,
                TranscriptionDeployment = names.TranscriptionDeployment,
                Region = request.Region,
            }, context.Reporter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The A/B run: every variant once per round, interleaved, retries off; progress per attempt.</summary>
    internal sealed class AbRunStage : IProbeStage
    {
        public async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
        {
            var options = context.Plan.Request.Options;
            var probe = new RealtimeProbe(ClientSecretProbeSender.Create(context.Client, context.Plan.Request.Session.ApiVersion), options, context.Clock);
            context.Run = await probe.RunAsync(context.Plan.Variants, p => Report(context.Reporter, p, options.Rounds), cancellationToken).ConfigureAwait(false);
        }

        internal static void Report(IOperationReporter reporter, ProbeProgress p, int rounds)
        {
            var a = p.LastAttempt;
            if (a != null)
            {
                reporter.Verbose($"#{a.Sequence} {a.Variant} round {a.Round}: {Answer(a)}" +
                                 $"{(string.IsNullOrEmpty(a.ErrorCode) ? "" : " " + a.ErrorCode)} in {a.DurationMs.ToString("0", CultureInfo.CurrentCulture)} ms" +
                                 $"{(string.IsNullOrEmpty(a.ApimRequestId) ? "" : " (apim-request-id " + a.ApimRequestId + ")")}.");
            }
            var status = a == null
                ? $"Round {p.Round}/{rounds}: sending {p.Variant.Name} ({p.Completed + 1} of {p.Total})"
                : $"Round {p.Round}/{rounds}: {p.Variant.Name} answered {Answer(a)} ({p.Completed} of {p.Total})";
            reporter.Progress(new OperationProgress(ProbeRunner.Activity, status, p.PercentComplete, stepFinished: a != null));
        }

        private static string Answer(ProbeAttempt a) => a.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? a.Outcome.ToString();
    }
}
