using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Invoke-RealtimeProbe: sends the same client_secrets request with and without transcription, several rounds,
    /// retries off, and says whether a failure is the client's configuration or a service-side fault.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "RealtimeProbe", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RealtimeProbeResult))]
    [IncludeParameters(typeof(AvailabilityRegionParameter))]
    public sealed partial class InvokeRealtimeProbeCommand : ClientSecretCmdlet
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

        /// <summary>Skip Test-RealtimeDeployment's checks (they read ARM when the connection names an account).</summary>
        [Parameter]
        public SwitchParameter SkipDeploymentCheck { get; set; }

        /// <summary>Deployments piped from Get-RealtimeDeployment: how many accounts are probed at a time.</summary>
        [Parameter(ParameterSetName = SessionInputReader.InputObjectSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private readonly FleetDeploymentProbes _fleet = new FleetDeploymentProbes();

        /// <summary>After the A/B requests, open live sessions and check that speech is transcribed (billable).</summary>
        [Parameter]
        public SwitchParameter Live { get; set; }

        protected override void ProcessRecord()
        {
            // Deployments from a fleet sweep are probed together, on their own accounts, in EndProcessing.
            if (ParameterSetName == SessionInputReader.InputObjectSet && (InputObject is PSObject p ? p.BaseObject : InputObject) is RealtimeDeployment piped)
            {
                _fleet.Add(piped);
                return;
            }
            ForEachRequest(Probe);
        }

        private void Probe(ClientSecretRequest request, JsonObject body, RealtimeConnection connection, object? target)
        {
            // Retries off so each attempt is one recorded exchange the verdict can count.
            var runner = new ProbeRunner(GetClient(connection.WithLimits(0, null)));
            ProbePlan plan;
            try
            {
                plan = runner.Prepare(new ProbeRequest(request)
                {
                    AllTranscriptionModels = AllTranscriptionModels.IsPresent,
                    Region = Region,
                    SkipDeploymentCheck = SkipDeploymentCheck.IsPresent,
                    Live = Live.IsPresent,
                    Options = new RealtimeProbeOptions { Rounds = Rounds, DelayMs = DelayMs },
                });
            }
            catch (ProbeInputException ex) when (ex.Failure == ProbeInputFailure.DeploymentMissing)
            {
                WriteError(NewError("ProbeDeploymentMissing", ErrorCategory.InvalidArgument, target, ex.Message, ex.RecommendedAction));
                return;
            }
            catch (ProbeInputException ex)
            {
                WriteError(NewError("ProbeSessionInvalid", ErrorCategory.InvalidData, target, ex.Message, ex.RecommendedAction));
                return;
            }
            if (!ShouldProcess(connection.Endpoint.ToString(), plan.Description)) return;

            RealtimeProbeResult result;
            try
            {
                result = RunEngine((reporter, token) => runner.RunAsync(plan, reporter, token));
            }
            catch (RealtimeServiceException ex)
            {
                WriteError(ServiceErrorRecord("Probe", ex, target ?? request.Deployment));
                return;
            }

            // Kept where it survives Ctrl+C: the pipeline refuses output once stopping.
            ProbeResultStore.Last = result;
            TrySetGlobal(result);
            if (result.Cancelled && Stopping)
            {
                Host?.UI?.WriteLine($"Invoke-RealtimeProbe stopped after {result.Attempts.Count(a => a.Outcome != RealtimeServiceErrorKind.Cancelled)} attempt(s); the partial result is in ${LastResultVariable} (Export-SupportBundle with no input includes it).");
                throw new PipelineStoppedException();
            }
            WriteObject(result);
        }

        private void TrySetGlobal(RealtimeProbeResult result)
        {
            try { SessionState.PSVariable.Set("global:" + LastResultVariable, result); }
            catch (SessionStateException) { }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_fleet.Count > 0)
                    _fleet.Run(this, ResolveConnection(), GetClient, new RealtimeProbeOptions { Rounds = Rounds, DelayMs = DelayMs }, ThrottleLimit);
            }
            finally { base.EndProcessing(); }
        }
    }
}
