#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>Where fleet deployment checks report, from any thread.</summary>
    internal interface IFleetCheckSink
    {
        void Result(DeploymentTestResult result);
        void Failed(RealtimeDeployment deployment, RealtimeServiceException error);
        void AccountDone(int done, int total);
    }

    /// <summary>
    /// Test-RealtimeDeployment over deployments piped from a fleet sweep: the deployments are grouped by account and the
    /// accounts checked <see cref="ThrottleLimit"/> at a time, each with its own <see cref="DeploymentCheckRunner"/> (one
    /// ARM read per account). Results are handed over as they are ready; one account's failure is reported for its
    /// deployments and the others go on.
    /// </summary>
    internal sealed class FleetDeploymentChecks
    {
        private readonly Func<DeploymentCheckRunner> _newRunner;

        public FleetDeploymentChecks(Func<DeploymentCheckRunner> newRunner, int throttleLimit = 8)
        {
            _newRunner = newRunner ?? throw new ArgumentNullException(nameof(newRunner));
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "The throttle limit must be at least 1.");
            ThrottleLimit = throttleLimit;
        }

        public int ThrottleLimit { get; }

        /// <summary>The check of one deployment: a transcription deployment as the transcription model, any other as session.model.</summary>
        internal static DeploymentCheckInput InputFor(RealtimeDeployment d, string? resourceManagerEndpoint, bool offline) => new DeploymentCheckInput
        {
            Deployment = d.Kind == DeploymentKind.Transcription ? null : d.Name,
            TranscriptionDeployment = d.Kind == DeploymentKind.Transcription ? d.Name : null,
            Offline = offline,
            Region = d.Region.Length > 0 ? d.Region : null,
            Account = new DeploymentAccountSelection { ResourceId = d.AccountResourceId, ResourceManagerEndpoint = resourceManagerEndpoint },
        };

        public async Task RunAsync(IReadOnlyList<RealtimeDeployment> deployments, string? resourceManagerEndpoint, bool offline,
            IFleetCheckSink sink, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (deployments == null) throw new ArgumentNullException(nameof(deployments));
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            var accounts = deployments.Select(d => d.AccountResourceId).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            observer?.Verbose($"Checking {deployments.Count} deployment(s) of {accounts} account(s), {ThrottleLimit} account(s) at a time.");
            await FleetAccountWork.RunPerAccountAsync(deployments, ThrottleLimit, async group =>
            {
                var runner = _newRunner();   // one ARM read per account: a runner's read cache is not shared between threads
                foreach (var d in group)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        var result = await runner.RunAsync(InputFor(d, resourceManagerEndpoint, offline), observer, cancellationToken).ConfigureAwait(false);
                        if (result != null) sink.Result(result);
                    }
                    catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled) { sink.Failed(d, ex); }
                }
            }, sink.AccountDone, cancellationToken).ConfigureAwait(false);
        }
    }
}
