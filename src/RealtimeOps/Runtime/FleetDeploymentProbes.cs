using System.Threading;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Invoke-RealtimeProbe over deployments piped from Get-RealtimeDeployment: collected, confirmed once (they open
    /// billable sessions), then probed on each account's own endpoint through <see cref="FleetProbes"/>, -ThrottleLimit
    /// accounts at a time. Entra identities only: one identity reaches every account, and fleets often disable keys.
    /// </summary>
    internal sealed class FleetDeploymentProbes : PipedDeployments
    {
        internal void Run(Cmdlets.RealtimeOpsCmdlet cmdlet, RealtimeConnection connection, Func<RealtimeConnection, RealtimeServiceClient> clientFor,
            RealtimeProbeOptions options, int throttleLimit)
        {
            if (connection.AuthMode == AuthMode.ApiKey)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("api key"), "ProbeNeedsEntraIdentity", ErrorCategory.AuthenticationError, null)
                {
                    ErrorDetails = new ErrorDetails("Probing deployments piped from a fleet sweep needs a Microsoft Entra identity: an api key opens only its own account, and fleets often disable keys.")
                    {
                        RecommendedAction = "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity with Cognitive Services User on the accounts.",
                    },
                });
                return;
            }
            var accounts = Deployments.GroupBy(d => d.AccountResourceId, StringComparer.OrdinalIgnoreCase).ToList();
            if (!cmdlet.ShouldProcess($"{accounts.Count} account(s)", $"Probe {Deployments.Count} deployment(s), {options.Rounds} round(s) each (billable sessions)")) return;
            // Clients are made here, on the pipeline thread (the runspace's client cache is not shared across threads).
            var runners = accounts.ToDictionary(g => g.Key, g => new ProbeRunner(clientFor(FleetProbes.ConnectionFor(connection, g.First()).WithLimits(0, null))),
                StringComparer.OrdinalIgnoreCase);
            var probes = new FleetProbes(id => runners[id], throttleLimit);
            Sink? sink = null;
            try
            {
                cmdlet.RunEngine(async (reporter, token) =>
                {
                    sink = new Sink(reporter);
                    await probes.RunAsync(Deployments, options, sink, reporter, token).ConfigureAwait(false);
                    return Deployments.Count;
                });
            }
            finally
            {
                // Kept here, on the pipeline thread: the store is per runspace, and engine threads have none.
                if (sink?.Last is RealtimeProbeResult last) ProbeResultStore.Last = last;
            }
        }

        /// <summary>Hands results to the cmdlet's output pump and remembers the last one (for Export-SupportBundle).</summary>
        private sealed class Sink : IFleetProbeSink
        {
            private readonly IPipelineReporter _reporter;
            private RealtimeProbeResult? _last;
            public Sink(IPipelineReporter reporter) { _reporter = reporter; }
            public RealtimeProbeResult? Last => Volatile.Read(ref _last);
            public void Result(RealtimeProbeResult result)
            {
                Volatile.Write(ref _last, result);
                _reporter.Output(result);
            }
            public void Failed(RealtimeDeployment deployment, Exception error)
            {
                var record = new ErrorRecord(error, error is RealtimeServiceException ? "ProbeFailed" : "ProbeSessionInvalid",
                    error is RealtimeServiceException ? ErrorCategory.ConnectionError : ErrorCategory.InvalidData, $"{deployment.AccountResourceId}/deployments/{deployment.Name}");
                record.ErrorDetails = new ErrorDetails($"Deployment '{deployment.Name}' of account '{deployment.AccountName}': {error.Message}");
                _reporter.Error(record);
            }
            public void AccountDone(int done, int total) => _reporter.Progress(FleetSupport.AccountsDone("Probing deployments", done, total));
        }
    }
}
