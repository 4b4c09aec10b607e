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

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Invoke-RealtimeProbe: sends the same client_secrets request with and without transcription, several rounds,
    /// retries off, and says whether a failure is the client's configuration or a service-side fault.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RealtimeProbe", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RealtimeProbeResult))]
    public sealed class InvokeRealtimeProbeCommand : RealtimeServiceCmdlet
    {
        private const string ParametersSet = ClientSecretRequestBinder.ParametersSet;
        private const string PathSet = ClientSecretRequestBinder.PathSet;
        private const string JsonSet = ClientSecretRequestBinder.JsonSet;
        private const string InputObjectSet = ClientSecretRequestBinder.InputObjectSet;
        /// <summary>The global variable that holds the last probe result, also after Ctrl+C.</summary>
        public const string LastResultVariable = "RealtimeOpsLastProbe";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Deployment { get; set; }

        [Parameter]
        [ValidateSet("Realtime", "Transcription", IgnoreCase = true)]
        public string SessionType { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        [ValidateNotNullOrEmpty]
        public string Json { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object InputObject { get; set; }

        [Parameter]
        public string Instructions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TranscriptionModel { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Language { get; set; }

        [Parameter]
        public string TranscriptionPrompt { get; set; }

        [Parameter]
        [ValidateSet("None", "ServerVad", "SemanticVad", IgnoreCase = true)]
        public string TurnDetection { get; set; }

        [Parameter]
        [ValidateSet("NearField", "FarField", IgnoreCase = true)]
        public string NoiseReduction { get; set; }

        [Parameter]
        [ValidateSet("Audio", "Text", IgnoreCase = true)]
        public string OutputModality { get; set; }

        [Parameter]
        [ValidateRange(ClientSecretRequest.MinExpiresInSeconds, ClientSecretRequest.MaxExpiresInSeconds)]
        public int ExpiresInSeconds { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ApiVersion { get; set; }

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

        /// <summary>After the A/B requests, open live sessions and check that speech is transcribed (billable).</summary>
        [Parameter]
        public SwitchParameter Live { get; set; }

        protected override void ProcessRecord()
        {
            var request = BuildRequest(out var target);
            if (request == null) return;

            var connection = ResolveConnection();
            string body;
            try
            {
                if (!ClientSecretRequestBinder.TryApplyDeployment(request, connection.Deployment, out _))
                {
                    WriteError(NewError("ProbeDeploymentMissing", ErrorCategory.InvalidArgument, target,
                        ClientSecretRequestBinder.DeploymentMissingMessage, ClientSecretRequestBinder.DeploymentMissingAction));
                    return;
                }
                body = request.BuildBody();
            }
            catch (ArgumentException ex)
            {
                WriteError(NewError("ProbeSessionInvalid", ErrorCategory.InvalidData, target, ex.Message,
                    "Fix the session configuration (Test-TranscriptionConfig explains each field) and try again."));
                return;
            }

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
                    $"Send {total} client_secrets request(s) ({string.Join(", ", variants.Select(v => v.Name))} x {Rounds} round(s)); every minted secret is discarded at once" +
                    (Live.IsPresent ? "; then open billable live sessions to check transcription" : "")))
                return;

            var validation = ProbePreflight.Validate(body, request.SessionSource, connection, Region);
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

            var liveClient = Live.IsPresent ? GetClient(connection) : null;
            var queue = new BlockingCollection<object>();
            var observer = new ForwardingObserver(queue);
            var token = CancellationToken;
            var work = Task.Run(async () =>
            {
                try
                {
                    DeploymentTestResult deployments = null;
                    if (!SkipDeploymentCheck.IsPresent)
                        deployments = await ProbePreflight.CheckDeploymentsAsync(client, body, request.SessionSource, Region, observer, token).ConfigureAwait(false);
                    var run = await probe.RunAsync(variants, p => queue.Add(p), token).ConfigureAwait(false);
                    var live = liveClient != null && !run.Cancelled
                        ? await ProbeLiveArm.RunAsync(liveClient, body, request.Deployment, observer, token).ConfigureAwait(false)
                        : Array.Empty<RealtimeOps.Engine.Transcription.RealtimeTranscriptionResult>();
                    return Tuple.Create(run, deployments, live);
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

            Tuple<ProbeRun, DeploymentTestResult, IReadOnlyList<RealtimeOps.Engine.Transcription.RealtimeTranscriptionResult>> outcome;
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
            var classification = ProbeLiveArm.Classify(ProbeClassifier.Classify(run.Variants, run.Attempts, ProbePreflight.ToPrerequisites(validation, deploymentChecks)), outcome.Item3);
            var sequences = new HashSet<int>(run.Attempts.Where(a => a.ExchangeSequence.HasValue).Select(a => (int)a.ExchangeSequence.Value));
            var exchanges = RunspaceContext.Exchanges.Since(before).Where(e => sequences.Contains(e.Sequence) || e.Operation == ClientSecretProbeSender.Operation)
                .Concat(outcome.Item3.SelectMany(l => l.Exchanges)).ToList();
            var result = new RealtimeProbeResult(run, classification, connection.Endpoint.ToString(), request.Deployment, deploymentChecks?.Region is string r && r.Length > 0 ? r : null,
                exchanges, validation, deploymentChecks, Rounds, DelayMs) { LiveChecks = outcome.Item3 };

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

        private ClientSecretRequest BuildRequest(out object target)
        {
            var binder = new ClientSecretRequestBinder("Invoke-RealtimeProbe", SessionState.Path.GetUnresolvedProviderPathFromPSPath)
            {
                Deployment = Deployment,
                SessionType = SessionType,
                Instructions = Instructions,
                Voice = Voice,
                TranscriptionModel = TranscriptionModel,
                Language = Language,
                TranscriptionPrompt = TranscriptionPrompt,
                TurnDetection = TurnDetection,
                NoiseReduction = NoiseReduction,
                OutputModality = OutputModality,
                ExpiresInSeconds = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresInSeconds)) ? ExpiresInSeconds : (int?)null,
                ApiVersion = ApiVersion,
                JsonSource = "-Json",
            };
            var request = binder.Bind(ParameterSetName, Path, Json, InputObject, out target, out var error);
            if (error != null)
                WriteError(NewError(error.Failure == SessionInputFailure.FileUnreadable ? "ProbeSessionFileUnreadable" : "ProbeSessionFileNotFound",
                    error.Category, error.Target, error.Message, error.RecommendedAction));
            return request;
        }
    }
}
