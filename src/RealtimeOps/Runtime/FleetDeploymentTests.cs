#nullable enable
using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
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
    internal sealed class FleetDeploymentTests
    {
        private readonly List<RealtimeDeployment> _deployments = new List<RealtimeDeployment>();

        internal int Count => _deployments.Count;

        internal void Add(RealtimeDeployment deployment) => _deployments.Add(deployment);

        internal void Run(Cmdlet cmdlet, RealtimeServiceClient? client, string? resourceManagerEndpoint, bool offline, bool quiet, int throttleLimit, CancellationToken stopping)
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
            FleetStreams.Run(cmdlet, 3, "Checking deployments",
                (pump, token) => checks.RunAsync(_deployments, resourceManagerEndpoint, offline, new Sink(pump), pump, token),
                item =>
                {
                    var result = (DeploymentTestResult)item;
                    if (quiet) cmdlet.WriteObject(result.IsHealthy);
                    else cmdlet.WriteObject(result);
                },
                failure =>
                {
                    var f = (Tuple<RealtimeDeployment, RealtimeServiceException>)failure;
                    if (quiet) cmdlet.WriteObject(false);
                    return ResourceManagerErrorRecords.Create(f.Item2, f.Item1.AccountResourceId);
                }, stopping);
        }

        private sealed class Sink : IFleetCheckSink
        {
            private readonly EnginePump _pump;
            public Sink(EnginePump pump) { _pump = pump; }
            public void Result(DeploymentTestResult result) => _pump.Output(result);
            public void Failed(RealtimeDeployment deployment, RealtimeServiceException error) => _pump.Failure(Tuple.Create(deployment, error));
            public void AccountDone(int done, int total) => _pump.Progress(done, total);
        }
    }
}
