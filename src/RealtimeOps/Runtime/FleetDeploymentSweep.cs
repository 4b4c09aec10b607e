using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Get-RealtimeDeployment over accounts piped from Find-RealtimeAccount: collects them, then runs one
    /// <see cref="FleetDeploymentReader"/> and writes deployments as they arrive (filtered by -Name and -Kind), one
    /// ErrorRecord per account that failed, and progress as accounts done / total.
    /// </summary>
    internal sealed class FleetDeploymentSweep
    {
        private readonly List<RealtimeAccount> _accounts = new List<RealtimeAccount>();

        internal int Count => _accounts.Count;

        internal void Add(IEnumerable<RealtimeAccount>? accounts)
        {
            if (accounts != null) _accounts.AddRange(accounts.Where(a => a != null));
        }

        internal void Run(Cmdlets.RealtimeOpsCmdlet cmdlet, RealtimeConnection connection, RealtimeServiceClient client, string? explicitEndpoint, int throttleLimit,
            string[]? names, string? kind)
        {
            var invalid = _accounts.Where(a => !AccountResourceId.TryParse(a.Id, out _, out _)).ToList();
            foreach (var a in invalid)
            {
                AccountResourceId.TryParse(a.Id, out _, out var problem);
                cmdlet.WriteError(new ErrorRecord(new ArgumentException(problem), "DeploymentAccountInvalid", ErrorCategory.InvalidArgument, a.Id)
                {
                    ErrorDetails = new ErrorDetails(problem) { RecommendedAction = "Pipe accounts from Find-RealtimeAccount, whose Id is the account's ARM id." },
                });
            }
            Uri arm;
            ResourceGraphClient graph;
            try
            {
                arm = DeploymentAccess.ResolveResourceManagerEndpoint(explicitEndpoint, connection);
                graph = ServiceClientResourceGraphTransport.CreateClient(client, arm);
            }
            catch (ArgumentException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "DeploymentAccountInvalid", ErrorCategory.InvalidArgument, explicitEndpoint));
                return;
            }
            catch (RealtimeServiceException ex)
            {
                cmdlet.ThrowTerminatingError(ResourceManagerErrorRecords.Create(ex, null));
                return;
            }

            var patterns = (names ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            var reader = new FleetDeploymentReader(graph, id => new ServiceClientResourceManagerTransport(client, arm, id), arm, throttleLimit);
            var accounts = _accounts.Except(invalid).ToList();
            cmdlet.WriteVerbose($"Reading the deployments of {accounts.Count} account(s): Resource Graph first, then Azure Resource Manager {throttleLimit} account(s) at a time.");
            cmdlet.RunEngine(async (reporter, token) =>
            {
                await reader.ReadAsync(accounts, new Sink(reporter, d => (kind == null || string.Equals(d.Kind.ToString(), kind, StringComparison.OrdinalIgnoreCase))
                    && patterns.Any(p => p.IsMatch(d.Name))), reporter, token).ConfigureAwait(false);
                return accounts.Count;
            });
            cmdlet.WriteVerbose($"{reader.AccountsFromResourceGraph} account(s) read from Resource Graph, {reader.AccountsFromResourceManager} from Azure Resource Manager.");
        }

        /// <summary>Hands the engine's reports to the cmdlet's output pump (filtered by -Name and -Kind there, on the engine thread).</summary>
        private sealed class Sink : IFleetDeploymentSink
        {
            private readonly IPipelineReporter _reporter;
            private readonly Func<RealtimeDeployment, bool> _wanted;
            public Sink(IPipelineReporter reporter, Func<RealtimeDeployment, bool> wanted) { _reporter = reporter; _wanted = wanted; }
            public void Deployment(RealtimeDeployment deployment) { if (_wanted(deployment)) _reporter.Output(deployment); }
            public void AccountFailed(RealtimeAccount account, RealtimeServiceException error) => _reporter.Error(ResourceManagerErrorRecords.Create(error, account.Id));
            public void AccountDone(RealtimeAccount account, int done, int total) => _reporter.Progress(FleetSupport.AccountsDone("Reading deployments", done, total));
        }
    }
}
