using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Validation;
using RealtimeOps.Hosting;
using RealtimeOps.Runtime;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Connection;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Invoke-RealtimeProbe: sends the same client_secrets request with and without transcription, several rounds,
    /// retries off, and says whether a failure is the client's configuration or a service-side fault.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RealtimeProbe", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RealtimeProbeResult))]
    public sealed class InvokeRealtimeProbeCommand : ClientSecretCmdlet
    {
        /// <summary>The global variable that holds the last probe result, also after Ctrl+C.</summary>
        public const string LastResultVariable = "RealtimeOpsLastProbe";

        internal override string ErrorPrefix => "Probe";

        /// <summary>How many times each variant is sent.</summary>
        [Parameter]
        [ValidateRange(1, RealtimeProbeOptions.MaxRounds)]
        public int Rounds { get; set; } = 3;

        /// <summary>Pause between two attempts, in milliseconds.</summary>
        [Parameter]
        [ValidateRange(0, RealtimeProbeOptions.MaxDelayMs)]
        public int DelayMs { get; set; } = 500;

        /// <summary>Adds one variant per documented transcription model of the catalog.</summary>
        [Parameter]
        public SwitchParameter AllTranscriptionModels { get; set; }

        /// <summary>The region, for the validator's and the offline deployment checks' availability rules.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Region { get; set; }

        /// <summary>Skip Test-RealtimeDeployment's checks (they read ARM when the connection names an account).</summary>
        [Parameter]
        public SwitchParameter SkipDeploymentCheck { get; set; }

        protected override void ProcessRecord() => ForEachRequest(Probe);

        private void Probe(ClientSecretRequest request, JsonObject body, RealtimeConnection connection, object target)
        {
            IReadOnlyList<ProbeVariant> variants;
            try
            {
                variants = ProbeVariantBuilder.Build(body, null, AllTranscriptionModels.IsPresent);
            }
            catch (ArgumentException ex)
            {
                WriteError(NewError("ProbeSessionInvalid", ErrorCategory.InvalidData, target, ex.Message, "Fix the session configuration and try again."));
                return;
            }

            var total = variants.Count * Rounds;
            if (!ShouldProcess(connection.Endpoint.ToString(),
                    $"Send {total} client_secrets request(s) ({string.Join(", ", variants.Select(v => v.Name))} x {Rounds} round(s)); every minted secret is discarded at once"))
                return;

            var validation = ProbePreflight.Validate(body, request.SessionSource, connection, Region);
            var names = SessionDeploymentReader.Instance.Read(DocumentJson.ToDocument(body, request.SessionSource ?? "probe request"));
            WriteVerbose($"Configuration: {validation.ErrorCount} error(s), {validation.WarningCount} warning(s) ({validation.Shape}, {validation.Kind}).");
            foreach (var d in validation.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                WriteWarning($"Configuration error {d.RuleId} at {d.Path}: {d.Message}");

            // Retries off so each attempt is one recorded exchange the verdict can count.
            var probeConnection = connection.WithLimits(0, null);
            var client = GetClient(probeConnection);
            var before = RunspaceContext.Exchanges.LastSequence;
            var hostKind = HostEnvironment.Kind(this);
            var options = new RealtimeProbeOptions { Rounds = Rounds, DelayMs = DelayMs };
            var probe = new RealtimeProbe(ClientSecretProbeSender.Create(client, request.ApiVersion), options);

            var queue = new BlockingCollection<object>();
            var observer = new ForwardingObserver(queue);
            var token = CancellationToken;
            var work = Task.Run(async () =>
            {
                try
                {
                    DeploymentTestResult deployments = null;
                    if (!SkipDeploymentCheck.IsPresent)
                        deployments = await ProbePreflight.CheckDeploymentsAsync(client, names, Region, observer, token).ConfigureAwait(false);
                    var run = await probe.RunAsync(variants, p => queue.Add(p), token).ConfigureAwait(false);
                    return Tuple.Create(run, deployments);
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });

            var activityId = 1;
            foreach (var item in queue.GetConsumingEnumerable())
            {
                // Once Ctrl+C is pressed every write throws; keep draining so the partial result is still kept below.
                if (Stopping) continue;
                switch (item)
                {
                    case ProbeProgress p:
                        ReportProgress(activityId, p, hostKind);
                        break;
                    case Tuple<bool, string> message:
                        if (message.Item1) WriteWarning(message.Item2); else WriteVerbose(message.Item2);
                        break;
                }
            }
            if (hostKind != HostKind.AzureAutomation && !Stopping)
                WriteProgress(new ProgressRecord(activityId, "Invoke-RealtimeProbe", "Done") { RecordType = ProgressRecordType.Completed });

            Tuple<ProbeRun, DeploymentTestResult> outcome;
            try
            {
                outcome = work.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // Cancelled during the deployment checks: nothing was probed yet.
                throw new PipelineStoppedException();
            }
            catch (RealtimeServiceException ex) when (ex.Kind == RealtimeServiceErrorKind.Cancelled)
            {
                throw new PipelineStoppedException();
            }
            catch (RealtimeServiceException ex)
            {
                WriteError(ServiceErrorRecord("Probe", ex, target ?? request.Deployment));
                return;
            }

            var run = outcome.Item1;
            var deploymentChecks = outcome.Item2;
            var classification = ProbeClassifier.Classify(run.Variants, run.Attempts, ProbePreflight.ToPrerequisites(validation, deploymentChecks));
            var sequences = new HashSet<int>(run.Attempts.Where(a => a.ExchangeSequence.HasValue).Select(a => (int)a.ExchangeSequence.Value));
            var exchanges = RunspaceContext.Exchanges.Since(before).Where(e => sequences.Contains(e.Sequence) || e.Operation == ClientSecretProbeSender.Operation).ToList();
            var result = new RealtimeProbeResult(run, classification, connection.Endpoint.ToString(), request.Deployment, deploymentChecks?.Region is string r && r.Length > 0 ? r : null,
                exchanges, validation, deploymentChecks, Rounds, DelayMs);

            // Kept where it survives Ctrl+C: the pipeline refuses output once stopping.
            ProbeResultStore.Last = result;
            TrySetGlobal(result);
            if (run.Cancelled)
            {
                if (Host?.UI != null && Stopping)
                    Host.UI.WriteLine($"Invoke-RealtimeProbe stopped after {run.Attempts.Count(a => a.Outcome != ProbeOutcomeKind.Cancelled)} attempt(s); the partial result is in ${LastResultVariable} (Export-SupportBundle with no input includes it).");
                if (Stopping) throw new PipelineStoppedException();
            }
            WriteObject(result);
        }

        private void TrySetGlobal(RealtimeProbeResult result)
        {
            try { SessionState.PSVariable.Set("global:" + LastResultVariable, result); }
            catch (SessionStateException) { }
        }

        private void ReportProgress(int activityId, ProbeProgress p, HostKind hostKind)
        {
            if (p.LastAttempt != null)
            {
                var a = p.LastAttempt;
                WriteVerbose($"#{a.Sequence} {a.Variant} round {a.Round}: {(a.StatusCode.HasValue ? a.StatusCode.ToString() : a.Outcome.ToString())}" +
                             $"{(string.IsNullOrEmpty(a.ErrorCode) ? "" : " " + a.ErrorCode)} in {a.DurationMs:0} ms" +
                             $"{(string.IsNullOrEmpty(a.ApimRequestId) ? "" : " (apim-request-id " + a.ApimRequestId + ")")}.");
            }
            var status = p.LastAttempt == null
                ? $"Round {p.Round}/{Rounds}: sending {p.Variant.Name} ({p.Completed + 1} of {p.Total})"
                : $"Round {p.Round}/{Rounds}: {p.Variant.Name} answered {(p.LastAttempt.StatusCode?.ToString() ?? p.LastAttempt.Outcome.ToString())} ({p.Completed} of {p.Total})";
            // Automation records every progress record in the job stream; it is noise there.
            if (hostKind == HostKind.AzureAutomation) return;
            if (hostKind == HostKind.AzureDevOps && p.LastAttempt != null && Host?.UI != null)
                Host.UI.WriteLine(PipelineCommands.AzureDevOpsProgress(p.PercentComplete, "Invoke-RealtimeProbe"));
            WriteProgress(new ProgressRecord(activityId, "Invoke-RealtimeProbe", status) { PercentComplete = Math.Min(100, p.PercentComplete) });
        }

        /// <summary>Observer messages go through the same queue as progress, so the pipeline thread writes both in order.</summary>
        private sealed class ForwardingObserver : IOperationObserver
        {
            private readonly BlockingCollection<object> _queue;
            public ForwardingObserver(BlockingCollection<object> queue) => _queue = queue;
            public void Verbose(string message) => TryAdd(false, message);
            public void Warning(string message) => TryAdd(true, message);
            private void TryAdd(bool warning, string message)
            {
                try { _queue.Add(Tuple.Create(warning, message)); }
                catch (InvalidOperationException) { }
            }
        }
    }
}
