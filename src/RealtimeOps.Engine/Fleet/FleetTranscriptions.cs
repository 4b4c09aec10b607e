#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Transcription;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>Where fleet transcription checks report, from any thread.</summary>
    internal interface IFleetTranscriptionSink
    {
        void Result(RealtimeTranscriptionResult result);
        void Failed(RealtimeDeployment deployment, RealtimeServiceException error);
        void AccountDone(int done, int total);
    }

    /// <summary>
    /// Test-RealtimeTranscription over transcription deployments piped from a fleet sweep: one live transcription
    /// session per deployment on its own account's endpoint (the same Entra identity everywhere), accounts
    /// <see cref="ThrottleLimit"/> at a time, the deployments of one account one after another. Each result carries
    /// its account.
    /// </summary>
    internal sealed class FleetTranscriptions
    {
        private readonly Func<string, RealtimeServiceClient> _clientForAccount;
        private readonly Func<RealtimeDeployment, LiveTranscriptionRequest> _requestFor;
        private readonly Func<RealtimeServiceClient, LiveTranscriptionRequest, IOperationObserver?, CancellationToken, Task<RealtimeTranscriptionResult>> _run;

        /// <param name="clientForAccount">The client for an account id: its endpoint, the same Entra identity.</param>
        /// <param name="requestFor">The check for one deployment (its session names the deployment as transcription model).</param>
        /// <param name="throttleLimit">How many accounts are checked at a time.</param>
        /// <param name="run">The live check; <see cref="LiveTranscription.RunAsync"/> unless a test replaces it.</param>
        public FleetTranscriptions(Func<string, RealtimeServiceClient> clientForAccount, Func<RealtimeDeployment, LiveTranscriptionRequest> requestFor,
            int throttleLimit = 8,
            Func<RealtimeServiceClient, LiveTranscriptionRequest, IOperationObserver?, CancellationToken, Task<RealtimeTranscriptionResult>>? run = null)
        {
            _clientForAccount = clientForAccount ?? throw new ArgumentNullException(nameof(clientForAccount));
            _requestFor = requestFor ?? throw new ArgumentNullException(nameof(requestFor));
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "The throttle limit must be at least 1.");
            ThrottleLimit = throttleLimit;
            _run = run ?? ((client, request, observer, token) => LiveTranscription.RunAsync(client, request, observer, token));
        }

        public int ThrottleLimit { get; }

        public Task RunAsync(IReadOnlyList<RealtimeDeployment> deployments, IFleetTranscriptionSink sink, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            return FleetAccountWork.RunAsync(deployments, ThrottleLimit, async d =>
            {
                try
                {
                    var result = await _run(_clientForAccount(d.AccountResourceId), _requestFor(d), observer, cancellationToken).ConfigureAwait(false);
                    result.AccountName = d.AccountName;
                    result.AccountResourceId = d.AccountResourceId;
                    if (result.Region == null && d.Region.Length > 0) result.Region = d.Region;
                    sink.Result(result);
                }
                catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled) { sink.Failed(d, ex); }
            }, sink.AccountDone, cancellationToken);
        }
    }
}
