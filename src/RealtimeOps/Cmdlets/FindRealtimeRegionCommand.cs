using RealtimeOps.Completers;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Find-RealtimeRegion: the regions whose live model list (Azure Resource Manager) offers every named model in the
    /// deployment type, not retired, with quota left for the subscription. The question an admin asks before deploying.
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "RealtimeRegion")]
    [OutputType(typeof(RealtimeRegionAvailability))]
    public sealed class FindRealtimeRegionCommand : RealtimeServiceCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Model { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Location { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(SkuCompleter))]
        [ValidateNotNullOrEmpty]
        public string Sku { get; set; } = "GlobalStandard";

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MinimumCapacity { get; set; } = 1;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceManagerEndpoint { get; set; }

        // Every model named, on the command line or down the pipeline: the search asks for all of them in one region.
        private readonly List<string> _models = new List<string>();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _models.Clear();
            var badRegion = LiveModelClients.CheckRegions(Location);
            if (badRegion != null) ThrowTerminatingError(badRegion);
        }

        protected override void ProcessRecord()
        {
            foreach (var m in Model ?? Array.Empty<string>())
            {
                if (!string.IsNullOrWhiteSpace(m) && !_models.Contains(m.Trim(), StringComparer.OrdinalIgnoreCase)) _models.Add(m.Trim());
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                Search();
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Search()
        {
            if (_models.Count == 0) return;
            var live = LiveModelClients.TryCreate(SubscriptionId, ResourceManagerEndpoint, ResolveConnection(), GetClient, out var problem);
            if (live == null)
            {
                if (problem != null) ThrowTerminatingError(problem);
                return;
            }
            var (client, subscription) = live.Value;

            var search = new RegionAvailabilitySearch((region, token) => client.GetRegionAsync(subscription, region, token));
            var regions = Location ?? search.DefaultRegions;
            var requirement = new RegionRequirement(_models, Sku, MinimumCapacity);
            var today = DateTimeOffset.UtcNow.UtcDateTime;
            WriteVerbose($"Searching {regions.Count} region(s), {RegionAvailabilitySearch.MaxConcurrency} at a time, for {string.Join(", ", requirement.Models)} as {requirement.Sku} with at least {MinimumCapacity} quota left (subscription {subscription}).");
            var result = RunEngine((observer, token) => search.RunAsync(regions, requirement, today, observer, token));

            if (result.AccessDenied != null) WriteError(ModelListErrorRecords.Create(result.AccessDenied, subscription));
            foreach (var failure in result.Failures) WriteError(ModelListErrorRecords.Create(failure.Error, failure.Region));
            foreach (var region in result.Regions) WriteObject(region);
            if (result.Regions.Count == 0 && result.AccessDenied == null)
                WriteWarning($"None of the {regions.Count} region(s) searched{(result.Failures.Count > 0 ? $" ({result.Failures.Count} could not be read)" : "")} offers {string.Join(" and ", requirement.Models)} as {requirement.Sku} with at least {MinimumCapacity} quota left; -Verbose says why each did not qualify.");
        }
    }
}
