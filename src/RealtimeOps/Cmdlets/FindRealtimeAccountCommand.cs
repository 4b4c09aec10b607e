using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Find-RealtimeAccount: every Azure OpenAI and AI Services account in the tenant, the management groups or the
    /// subscriptions given, from one Azure Resource Graph query (paged, throttling honoured).
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "RealtimeAccount")]
    [OutputType(typeof(RealtimeAccount))]
    public sealed class FindRealtimeAccountCommand : RealtimeServiceCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? SubscriptionId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? ManagementGroup { get; set; }

        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Location { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceManagerEndpoint { get; set; }

        private readonly System.Collections.Generic.List<string> _subscriptions = new System.Collections.Generic.List<string>();

        protected override void ProcessRecord()
        {
            foreach (var s in SubscriptionId ?? Array.Empty<string>())
            {
                if (!Guid.TryParse(s, out _))
                {
                    WriteError(NewError("AccountSearchSubscriptionInvalid", ErrorCategory.InvalidArgument, s,
                        $"'{s}' is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000).",
                        "Give subscription ids, not names: Get-AzSubscription or az account list shows them."));
                    continue;
                }
                _subscriptions.Add(s.Trim());
            }
        }

        protected override void EndProcessing()
        {
            try { Sweep(); }
            finally { base.EndProcessing(); }
        }

        /// <summary>-Name as PowerShell's own wildcards (* ? [a-z] and ` escapes), case-insensitive; null for every name.</summary>
        private static Func<string, bool>? NameFilter(string[]? names)
        {
            if (names == null || names.Length == 0) return null;
            var patterns = names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            return name => patterns.Any(p => p.IsMatch(name));
        }

        private void Sweep()
        {
            if (SubscriptionId != null && _subscriptions.Count == 0) return;   // every id given was invalid: said above
            FleetSupport.UseResourceManagerAsEndpoint(this, ResourceManagerEndpoint);
            var connection = ResolveConnection();
            Uri arm;
            try { arm = DeploymentAccess.ResolveResourceManagerEndpoint(ResourceManagerEndpoint, connection); }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(NewError("AccountSearchEndpointInvalid", ErrorCategory.InvalidArgument, ResourceManagerEndpoint,
                    ex.Message, "Give an absolute https -ResourceManagerEndpoint."));
                return;
            }
            string[] locations;
            try { locations = (Location ?? Array.Empty<string>()).Select(FleetAccountFinder.NormalizeRegion).ToArray(); }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(NewError("AccountSearchLocationInvalid", ErrorCategory.InvalidArgument, string.Join(",", Location ?? Array.Empty<string>()),
                    ex.Message, "Give ARM region names (swedencentral, eastus2)."));
                return;
            }
            var search = new AccountSearch
            {
                Scope = new ResourceGraphScope(_subscriptions, ManagementGroup),
                NameMatches = NameFilter(Name),
                Locations = locations,
            };

            ResourceGraphClient graph;
            try { graph = ServiceClientResourceGraphTransport.CreateClient(GetClient(connection), arm); }
            catch (RealtimeServiceException ex)
            {
                ThrowTerminatingError(FleetSupport.Error(ex, "AccountSearch", null));
                return;
            }
            WriteVerbose($"Searching Azure Resource Graph at {graph.QueryUri} over the {search.Scope}.");
            var finder = new FleetAccountFinder(graph);
            int found;
            try
            {
                found = RunEngine((reporter, token) => finder.FindAsync(search, reporter.Output, reporter, token));
            }
            catch (RealtimeServiceException failure)
            {
                ThrowTerminatingError(FleetSupport.Error(failure, "AccountSearch", search.Scope.ToString()));
                return;
            }
            WriteVerbose($"{found} account(s) found with {graph.RequestCount} Resource Graph request(s).");
        }
    }
}
