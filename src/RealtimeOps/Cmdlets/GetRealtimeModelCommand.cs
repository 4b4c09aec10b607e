using RealtimeOps.Completers;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Get-RealtimeModel: the dated catalog of realtime and transcription models and their regions, or, with -Location,
    /// what those regions offer the subscription right now (Azure Resource Manager: models, SKUs, quota, retirement).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeModel", DefaultParameterSetName = CatalogSet)]
    [OutputType(typeof(RealtimeModel))]
    public sealed class GetRealtimeModelCommand : RealtimeServiceCmdlet
    {
        private const string CatalogSet = "Catalog";
        private const string LiveSet = "Live";
        /// <summary>The extra type name of live objects, so the format file shows their own table.</summary>
        internal const string LiveTypeName = "RealtimeOps.Engine.Catalog.RealtimeModel#Live";

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateSet("Realtime", "Transcription")]
        public string? Kind { get; set; }

        /// <summary>Offline filter: the catalog's models for this region.</summary>
        [Parameter(ParameterSetName = CatalogSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        /// <summary>Live: read these regions' model lists and quota from Azure Resource Manager.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiveSet)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Location { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        public string? ResourceManagerEndpoint { get; set; }

        // Names piped in one by one cost one read per region, not one per name.
        private readonly Dictionary<string, RegionModelList> _readsByRegion = new Dictionary<string, RegionModelList>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _failedRegions = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private ModelAvailabilityClient? _client;
        private string? _subscription;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ParameterSetName != LiveSet) return;
            var badRegion = LiveModelClients.CheckRegions(Location);
            if (badRegion != null) ThrowTerminatingError(badRegion);
            var live = LiveModelClients.TryCreate(SubscriptionId, ResourceManagerEndpoint, ResolveConnection(), GetClient, out var problem);
            if (live == null)
            {
                if (problem != null) ThrowTerminatingError(problem);
                return;
            }
            (_client, _subscription) = live.Value;
        }

        protected override void ProcessRecord()
        {
            var patterns = (Name ?? new[] { "*" })
                .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
                .ToArray();
            if (ParameterSetName == LiveSet) WriteLive(patterns);
            else WriteCatalog(patterns);
        }

        private void WriteCatalog(WildcardPattern[] patterns)
        {
            var catalog = ServiceCatalog.Current;
            AzureRegion? region = null;
            if (Region != null)
            {
                region = catalog.FindRegion(Region);
                if (region == null)
                {
                    WriteError(NewError("RegionNotRecognized", ErrorCategory.InvalidArgument, Region,
                        $"'{Region}' is not an Azure region RealtimeOps knows.",
                        "Use an ARM region name such as swedencentral or a display name such as 'Sweden Central'; press Tab after -Region to list them."));
                    return;
                }
            }
            WriteVerbose($"The dated catalog as of {catalog.AsOf:yyyy-MM-dd} (no network call); give -Location to read what a region offers now.");
            var matched = Write(catalog.Models.Where(m => region == null || m.IsOfferedIn(region.Name)), patterns, live: false);
            ReportUnmatched(matched, name =>
                $"No model named '{name}' is in the RealtimeOps catalog (as of {catalog.AsOf:yyyy-MM-dd})" + (Kind != null || region != null ? " with the -Kind/-Region given." : "."),
                "ModelNotInCatalog",
                "Run Get-RealtimeModel with no arguments to list the catalog; on Azure a session names a deployment, which Get-RealtimeDeployment lists.");
        }

        private void WriteLive(WildcardPattern[] patterns)
        {
            var client = _client;
            var subscription = _subscription;
            if (client == null || subscription == null || Location == null) return;
            foreach (var location in Location)
            {
                var region = ModelAvailabilityClient.NormalizeRegion(location, ServiceCatalog.Current);
                if (_failedRegions.Contains(region)) continue;
                if (!_readsByRegion.TryGetValue(region, out var list))
                {
                    try
                    {
                        WriteVerbose($"Reading the models and quota of {region} for subscription {subscription} from {client.ResourceManagerEndpoint}.");
                        list = RunEngine((observer, token) => client.GetRegionAsync(subscription, region, token));
                    }
                    catch (RealtimeServiceException ex)
                    {
                        _failedRegions.Add(region);
                        WriteError(ModelListErrorRecords.Create(ex, region));
                        continue;
                    }
                    _readsByRegion[region] = list;
                }
                var matched = Write(list.Models, patterns, live: true);
                ReportUnmatched(matched, name => $"{region} does not offer a realtime or transcription model named '{name}'{(Kind != null ? $" of kind {Kind}" : "")} to subscription {subscription} ({list.Describe()}).",
                    "ModelNotOfferedInRegion", "Run Get-RealtimeModel -Location without -Name to list what the region offers, or Find-RealtimeRegion to find a region that offers it.");
            }
        }

        private bool[] Write(IEnumerable<RealtimeModel> models, WildcardPattern[] patterns, bool live)
        {
            var matched = new bool[patterns.Length];
            foreach (var model in models)
            {
                if (Kind != null && !string.Equals(model.Kind.ToString(), Kind, StringComparison.OrdinalIgnoreCase)) continue;
                var hit = false;
                for (var i = 0; i < patterns.Length; i++)
                {
                    if (patterns[i].IsMatch(model.Name) || (model.Versions.Count == 1 && patterns[i].IsMatch(model.Name + "-" + model.Versions[0])))
                    {
                        matched[i] = true;
                        hit = true;
                    }
                }
                if (!hit) continue;
                if (!live)
                {
                    WriteObject(model);
                    continue;
                }
                var shown = PSObject.AsPSObject(model);
                shown.TypeNames.Insert(0, LiveTypeName);
                WriteObject(shown);
            }
            return matched;
        }

        private void ReportUnmatched(bool[] matched, Func<string, string> message, string errorId, string action)
        {
            if (Name == null) return;
            for (var i = 0; i < Name.Length; i++)
            {
                if (matched[i] || WildcardPattern.ContainsWildcardCharacters(Name[i])) continue;
                WriteError(NewError(errorId, ErrorCategory.ObjectNotFound, Name[i], message(Name[i]), action));
            }
        }
    }
}
