#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>Where a fleet sweep reports, from any thread: the cmdlet queues these for the pipeline thread.</summary>
    internal interface IFleetDeploymentSink
    {
        void Deployment(RealtimeDeployment deployment);
        void AccountFailed(RealtimeAccount account, RealtimeServiceException error);
        void AccountDone(RealtimeAccount account, int done, int total);
    }

    /// <summary>
    /// Reads the deployments of many accounts: first one Resource Graph query for the whole batch (where Resource Graph
    /// indexes microsoft.cognitiveservices/accounts/deployments), then ARM per account, <see cref="ThrottleLimit"/> at a
    /// time, for every account Resource Graph returned nothing for. Deployments are handed over as they are read and
    /// not kept; one account's failure is reported for that account and the sweep goes on.
    /// </summary>
    internal sealed class FleetDeploymentReader
    {
        internal const string DeploymentsQuery =
            "resources | where type =~ 'microsoft.cognitiveservices/accounts/deployments' | project id, name, sku, properties | order by id asc";
        private const int MaxPagesPerAccount = 50;

        private readonly ResourceGraphClient? _graph;
        private readonly Func<AccountResourceId, IResourceManagerTransport> _arm;
        private readonly Uri _armEndpoint;

        public FleetDeploymentReader(ResourceGraphClient? graph, Func<AccountResourceId, IResourceManagerTransport> armTransport, Uri armEndpoint, int throttleLimit = 8)
        {
            _graph = graph;
            _arm = armTransport ?? throw new ArgumentNullException(nameof(armTransport));
            _armEndpoint = DeploymentClient.NormalizeEndpoint(armEndpoint);
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), "The throttle limit must be at least 1.");
            ThrottleLimit = throttleLimit;
        }

        public int ThrottleLimit { get; }

        /// <summary>How many accounts Resource Graph answered for, and how many needed ARM (for verbose output and tests).</summary>
        public int AccountsFromResourceGraph { get; private set; }
        public int AccountsFromResourceManager { get; private set; }

        public async Task ReadAsync(IReadOnlyList<RealtimeAccount> accounts, IFleetDeploymentSink sink, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (accounts == null) throw new ArgumentNullException(nameof(accounts));
            if (sink == null) throw new ArgumentNullException(nameof(sink));
            observer = observer ?? NullOperationObserver.Instance;
            var byId = new Dictionary<AccountResourceId, Entry>();
            foreach (var a in accounts)
            {
                if (!AccountResourceId.TryParse(a.Id, out var id, out _) || byId.ContainsKey(id!)) continue;
                byId[id!] = new Entry(a, id!);
            }
            var total = byId.Count;
            var done = 0;

            if (_graph != null && total > 0) done = await FromResourceGraphAsync(byId, sink, observer, total, cancellationToken).ConfigureAwait(false);
            AccountsFromResourceGraph = done;

            var pending = new ConcurrentQueue<Entry>(byId.Values.Where(e => !e.FromGraph));
            AccountsFromResourceManager = pending.Count;
            if (pending.Count > 0)
                observer.Verbose($"Reading the deployments of {pending.Count} account(s) from Azure Resource Manager, {ThrottleLimit} at a time.");
            var workers = Enumerable.Range(0, Math.Min(ThrottleLimit, pending.Count)).Select(_ => Task.Run(async () =>
            {
                while (pending.TryDequeue(out var entry))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try { await FromResourceManagerAsync(entry, sink, cancellationToken).ConfigureAwait(false); }
                    catch (RealtimeServiceException ex) { sink.AccountFailed(entry.Account, ex); }
                    sink.AccountDone(entry.Account, Interlocked.Increment(ref done), total);
                }
            }, cancellationToken)).ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        private async Task<int> FromResourceGraphAsync(Dictionary<AccountResourceId, Entry> byId, IFleetDeploymentSink sink, IOperationObserver observer, int total, CancellationToken cancellationToken)
        {
            var scope = new ResourceGraphScope(byId.Values.Select(e => e.Id.SubscriptionId));
            var rows = 0;
            try
            {
                await _graph!.QueryAsync(DeploymentsQuery, scope, row =>
                {
                    var id = FleetAccountFinder.Text(row, "id");
                    if (id == null || !AccountResourceId.TryParse(id, out var accountId, out _) || !byId.TryGetValue(accountId!, out var entry)) return;
                    foreach (var d in ArmDeploymentParser.ParseDeployments("{\"value\":[" + row.GetRawText() + "]}", entry.Info, out _))
                    {
                        rows++;
                        entry.FromGraph = true;
                        sink.Deployment(d);
                    }
                }, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (RealtimeServiceException ex)
            {
                observer.Verbose($"Resource Graph could not list deployments ({ex.Message}); reading every account from Azure Resource Manager.");
                foreach (var e in byId.Values) e.FromGraph = false;
                return 0;
            }
            catch (FormatException ex)
            {
                observer.Verbose($"Resource Graph listed deployments RealtimeOps could not read ({ex.Message}); reading every account from Azure Resource Manager.");
                foreach (var e in byId.Values) e.FromGraph = false;
                return 0;
            }
            var done = 0;
            foreach (var e in byId.Values.Where(e => e.FromGraph)) sink.AccountDone(e.Account, ++done, total);
            observer.Verbose(rows == 0
                ? "Resource Graph indexes no deployments for these subscriptions; reading them from Azure Resource Manager."
                : $"Resource Graph listed {rows} deployment(s) of {done} account(s).");
            return done;
        }

        private async Task FromResourceManagerAsync(Entry entry, IFleetDeploymentSink sink, CancellationToken cancellationToken)
        {
            var transport = _arm(entry.Id);
            var url = new Uri(_armEndpoint, entry.Id.ToString().TrimStart('/') + "/deployments?api-version=" + DeploymentClient.ApiVersion);
            for (var page = 0; url != null && page < MaxPagesPerAccount; page++)
            {
                var response = await transport.GetAsync(url, "ListDeployments", cancellationToken).ConfigureAwait(false);
                if (response.Status != 200) throw ResourceManagerErrors.FromResponse(response.Status, response.Body, entry.Id, response.RequestId);
                IReadOnlyList<RealtimeDeployment> list;
                string? next;
                try { list = ArmDeploymentParser.ParseDeployments(response.Body, entry.Info, out next); }
                catch (FormatException ex)
                {
                    throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.UnexpectedResponse,
                        $"ARM answered 200 for the deployments of '{entry.Id.AccountName}' but the body could not be read: {ex.Message}", response.Status, null, response.RequestId);
                }
                foreach (var d in list) sink.Deployment(d);
                url = next != null && Uri.TryCreate(next, UriKind.Absolute, out var n)
                      && string.Equals(n.GetLeftPart(UriPartial.Authority), _armEndpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
                    ? n : null;
            }
        }

        private sealed class Entry
        {
            public Entry(RealtimeAccount account, AccountResourceId id)
            {
                Account = account;
                Id = id;
                Info = new CognitiveServicesAccount(id, ArmDeploymentParser.CanonicalRegion(account.Location, Catalog.ServiceCatalog.Current), account.Endpoint, account.Kind);
            }

            public RealtimeAccount Account { get; }
            public AccountResourceId Id { get; }
            public CognitiveServicesAccount Info { get; }
            public volatile bool FromGraph;
        }
    }
}
