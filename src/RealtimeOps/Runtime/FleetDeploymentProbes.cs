#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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
    internal sealed class FleetDeploymentProbes
    {
        private readonly List<RealtimeDeployment> _deployments = new List<RealtimeDeployment>();

        internal int Count => _deployments.Count;

        internal void Add(RealtimeDeployment deployment) => _deployments.Add(deployment);

        internal void Run(PSCmdlet cmdlet, RealtimeConnection connection, Func<RealtimeConnection, RealtimeServiceClient> clientFor,
            RealtimeProbeOptions options, int throttleLimit, CancellationToken stopping)
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
            var accounts = _deployments.GroupBy(d => d.AccountResourceId, StringComparer.OrdinalIgnoreCase).ToList();
            if (!cmdlet.ShouldProcess($"{accounts.Count} account(s)", $"Probe {_deployments.Count} deployment(s), {options.Rounds} round(s) each (billable sessions)")) return;
            // Clients are made here, on the pipeline thread (the runspace's client cache is not shared across threads).
            var runners = accounts.ToDictionary(g => g.Key, g => new ProbeRunner(clientFor(FleetProbes.ConnectionFor(connection, g.First()).WithLimits(0, null))),
                StringComparer.OrdinalIgnoreCase);
            var probes = new FleetProbes(id => runners[id], throttleLimit);
            FleetStreams.Run(cmdlet, 4, "Probing deployments",
                (pump, token) => probes.RunAsync(_deployments, options, new Sink(pump), pump, token),
                item =>
                {
                    ProbeResultStore.Last = (RealtimeProbeResult)item;
                    cmdlet.WriteObject(item);
                },
                failure =>
                {
                    var f = (Tuple<RealtimeDeployment, Exception>)failure;
                    var record = new ErrorRecord(f.Item2, f.Item2 is RealtimeServiceException ? "ProbeFailed" : "ProbeSessionInvalid",
                        f.Item2 is RealtimeServiceException ? ErrorCategory.ConnectionError : ErrorCategory.InvalidData, $"{f.Item1.AccountResourceId}/deployments/{f.Item1.Name}");
                    record.ErrorDetails = new ErrorDetails($"Deployment '{f.Item1.Name}' of account '{f.Item1.AccountName}': {f.Item2.Message}");
                    return record;
                }, stopping);
        }

        private sealed class Sink : IFleetProbeSink
        {
            private readonly EnginePump _pump;
            public Sink(EnginePump pump) { _pump = pump; }
            public void Result(RealtimeProbeResult result) => _pump.Output(result);
            public void Failed(RealtimeDeployment deployment, Exception error) => _pump.Failure(Tuple.Create(deployment, error));
            public void AccountDone(int done, int total) => _pump.Progress(done, total);
        }
    }
}
