using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Transcription;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Test-RealtimeTranscription over deployments piped from Get-RealtimeDeployment: collected, confirmed once (each
    /// opens a billable session), then checked live on each account's own endpoint through
    /// <see cref="FleetTranscriptions"/>, -ThrottleLimit accounts at a time. Transcription deployments only; Entra
    /// identities only: one identity reaches every account, and fleets often disable keys.
    /// </summary>
    internal sealed class FleetDeploymentTranscriptions : PipedDeployments
    {
        /// <param name="requestFor">The check for one transcription deployment, or null after writing why it cannot be made (called here, on the pipeline thread).</param>
        internal void Run(Cmdlets.RealtimeOpsCmdlet cmdlet, RealtimeConnection connection, Func<RealtimeConnection, RealtimeServiceClient> clientFor,
            Func<RealtimeDeployment, LiveTranscriptionRequest?> requestFor, int throttleLimit)
        {
            if (connection.AuthMode == AuthMode.ApiKey)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("api key"), "TranscriptionNeedsEntraIdentity", ErrorCategory.AuthenticationError, null)
                {
                    ErrorDetails = new ErrorDetails("Checking transcription on deployments piped from a fleet sweep needs a Microsoft Entra identity: an api key opens only its own account, and fleets often disable keys.")
                    {
                        RecommendedAction = "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity with Cognitive Services User on the accounts.",
                    },
                });
                return;
            }
            var requests = new Dictionary<RealtimeDeployment, LiveTranscriptionRequest>();
            foreach (var d in Deployments)
            {
                if (d.Kind != DeploymentKind.Transcription)
                {
                    cmdlet.WriteError(new ErrorRecord(new ArgumentException("not a transcription deployment"), "TranscriptionDeploymentKindUnsupported", ErrorCategory.InvalidArgument, $"{d.AccountResourceId}/deployments/{d.Name}")
                    {
                        ErrorDetails = new ErrorDetails($"Deployment '{d.Name}' of account '{d.AccountName}' is a {d.Kind} deployment ({d.Model}); piped deployments are checked as transcription sessions, which need a transcription model.")
                        {
                            RecommendedAction = "Pipe Get-RealtimeDeployment -Kind Transcription, or check a realtime deployment on its own with -Deployment and -TranscriptionDeployment.",
                        },
                    });
                    continue;
                }
                if (requestFor(d) is LiveTranscriptionRequest request) requests[d] = request;
            }
            if (requests.Count == 0) return;
            var checkedDeployments = Deployments.Where(requests.ContainsKey).ToList();
            var accounts = checkedDeployments.GroupBy(d => d.AccountResourceId, StringComparer.OrdinalIgnoreCase).ToList();
            var seconds = requests.Values.First().Audio.DurationMs / 1000;
            if (!cmdlet.ShouldProcess($"{accounts.Count} account(s)",
                $"Open {checkedDeployments.Count} billable transcription session(s), one per deployment, and send {seconds:0.0} s of audio to each")) return;
            // Clients are made here, on the pipeline thread (the runspace's client cache is not shared across threads).
            var clients = accounts.ToDictionary(g => g.Key, g => clientFor(FleetProbes.ConnectionFor(connection, g.First())), StringComparer.OrdinalIgnoreCase);
            var checks = new FleetTranscriptions(id => clients[id], d => requests[d], throttleLimit);
            cmdlet.WriteVerbose($"Checking transcription on {checkedDeployments.Count} deployment(s) of {accounts.Count} account(s), {throttleLimit} account(s) at a time.");
            cmdlet.RunEngine(async (reporter, token) =>
            {
                await checks.RunAsync(checkedDeployments, new Sink(reporter), reporter, token).ConfigureAwait(false);
                return checkedDeployments.Count;
            });
        }

        /// <summary>Hands results to the cmdlet's output pump.</summary>
        private sealed class Sink : IFleetTranscriptionSink
        {
            private readonly IPipelineReporter _reporter;
            public Sink(IPipelineReporter reporter) { _reporter = reporter; }
            public void Result(RealtimeTranscriptionResult result) => _reporter.Output(result);
            public void Failed(RealtimeDeployment deployment, RealtimeServiceException error)
            {
                // The same ids as a single check (TranscriptionUnauthorized, TranscriptionNetworkError...), aimed at the deployment.
                var record = Cmdlets.RealtimeServiceCmdlet.ServiceErrorRecord("Transcription", error, $"{deployment.AccountResourceId}/deployments/{deployment.Name}");
                record.ErrorDetails = new ErrorDetails($"Deployment '{deployment.Name}' of account '{deployment.AccountName}': {record.ErrorDetails?.Message ?? error.Message}")
                {
                    RecommendedAction = error.RecommendedAction,
                };
                _reporter.Error(record);
            }
            public void AccountDone(int done, int total) => _reporter.Progress(FleetSupport.AccountsDone("Checking transcription", done, total));
        }
    }
}
