using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Test-RealtimeDeployment over deployments piped from Get-RealtimeDeployment: collected, then checked per account
    /// -ThrottleLimit accounts at a time through <see cref="FleetDeploymentChecks"/>, results written as they are ready
    /// with progress as accounts done / total. Entra identities only: fleets often disable local (key) authentication.
    /// </summary>
    internal sealed class FleetDeploymentTests : PipedDeployments
    {
        internal void Run(Cmdlets.RealtimeOpsCmdlet cmdlet, RealtimeServiceClient? client, string? resourceManagerEndpoint, bool offline, bool quiet, int throttleLimit)
        {
            if (!offline && client != null && client.Connection.AuthMode == AuthMode.ApiKey)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("api key"), "DeploymentTestNeedsEntraIdentity", ErrorCategory.AuthenticationError, null)
                {
                    ErrorDetails = new ErrorDetails("Checking deployments piped from a fleet sweep needs a Microsoft Entra identity: the connection uses an api key, which grants no Azure Resource Manager access and is often disabled across a fleet.")
                    {
                        RecommendedAction = "Connect with -Identity, -AzureCli, -AzurePipelines or -DefaultCredential as an identity with the Reader role on the accounts, or add -Offline.",
                    },
                });
                return;
            }
            var checks = new FleetDeploymentChecks(() => new DeploymentCheckRunner(offline ? null : client), throttleLimit);
            cmdlet.RunEngine(async (reporter, token) =>
            {
                await checks.RunAsync(Deployments, resourceManagerEndpoint, offline, new Sink(reporter, quiet), reporter, token).ConfigureAwait(false);
                return Deployments.Count;
            });
        }

        /// <summary>Hands results to the cmdlet's output pump (-Quiet: $true / $false instead, $false for a failed account's deployments).</summary>
        private sealed class Sink : IFleetCheckSink
        {
            private readonly IPipelineReporter _reporter;
            private readonly bool _quiet;
            public Sink(IPipelineReporter reporter, bool quiet) { _reporter = reporter; _quiet = quiet; }
            public void Result(DeploymentTestResult result) => _reporter.Output(_quiet ? (object)result.IsHealthy : result);
            public void Failed(RealtimeDeployment deployment, RealtimeServiceException error)
            {
                _reporter.Error(ResourceManagerErrorRecords.Create(error, deployment.AccountResourceId));
                if (_quiet) _reporter.Output(false);
            }
            public void AccountDone(int done, int total) => _reporter.Progress(FleetSupport.AccountsDone("Checking deployments", done, total));
        }
    }
}
