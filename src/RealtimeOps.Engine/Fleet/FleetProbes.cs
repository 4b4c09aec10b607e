#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>Where fleet probes report, from any thread.</summary>
    internal interface IFleetProbeSink
    {
        void Result(RealtimeProbeResult result);
        void Failed(RealtimeDeployment deployment, Exception error);
        void AccountDone(int done, int total);
    }

    /// <summary>
    /// Invoke-RealtimeProbe over deployments piped from a fleet sweep: each deployment probed on its own account's
    /// endpoint (a realtime deployment as session.model, a transcription deployment as a transcription session's model),
    /// accounts <see cref="ThrottleLimit"/> at a time and the deployments of one account one after another.
    /// </summary>
    internal sealed class FleetProbes
    {
        private readonly Func<string, ProbeRunner> _runnerForAccount;

        /// <param name="runnerForAccount">The runner for an account id (its connection: the account's endpoint, the same Entra identity).</param>
        /// <param name="throttleLimit">How many accounts are probed at a time.</param>
        public FleetProbes(Func<string, ProbeRunner> runnerForAccount, int throttleLimit = 8)
        {
            _runnerForAccount = runnerForAccount ?? throw new ArgumentNullException(nameof(runnerForAccount));
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "The throttle limit must be at least 1.");
            ThrottleLimit = throttleLimit;
        }

        public int ThrottleLimit { get; }

        internal static ClientSecretRequest SessionFor(RealtimeDeployment d) => d.Kind == DeploymentKind.Transcription
            ? new ClientSecretRequest { SessionType = RealtimeSessionType.Transcription, TranscriptionModel = d.Name }
            : new ClientSecretRequest { Deployment = d.Name };

        /// <summary>The connection for one account: its data-plane endpoint and ARM id, the base connection's identity and limits.</summary>
        internal static RealtimeConnection ConnectionFor(RealtimeConnection baseConnection, RealtimeDeployment d)
        {
            var s = baseConnection.ToSettings();
            s.Endpoint = new Uri(d.Endpoint);
            s.Deployment = null;
            s.SubscriptionId = d.SubscriptionId;
            s.ResourceGroupName = d.ResourceGroupName;
            s.AccountName = d.AccountName;
            return new RealtimeConnection(s);
        }

        public async Task RunAsync(IReadOnlyList<RealtimeDeployment> deployments, RealtimeProbeOptions options, IFleetProbeSink sink,
            IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (deployments == null) throw new ArgumentNullException(nameof(deployments));
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            var reporter = new Messages(observer);
            await FleetAccountWork.RunAsync(deployments, ThrottleLimit, async d =>
            {
                var runner = _runnerForAccount(d.AccountResourceId);
                try
                {
                    var plan = runner.Prepare(new ProbeRequest(SessionFor(d)) { Options = options, Region = d.Region.Length > 0 ? d.Region : null });
                    sink.Result(await runner.RunAsync(plan, reporter, cancellationToken).ConfigureAwait(false));
                }
                catch (ProbeInputException ex) { sink.Failed(d, ex); }
                catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled) { sink.Failed(d, ex); }
            }, sink.AccountDone, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Passes a probe's messages on; its own per-attempt progress is left out (the sweep reports accounts done).</summary>
        private sealed class Messages : IOperationReporter
        {
            private readonly IOperationObserver? _observer;
            public Messages(IOperationObserver? observer) { _observer = observer; }
            public void Verbose(string message) => _observer?.Verbose(message);
            public void Warning(string message) => _observer?.Warning(message);
            public void Progress(OperationProgress progress) { }
            public void Output(object item) { }
        }
    }
}
