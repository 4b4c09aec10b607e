using System;
using System.Linq;
using System.Management.Automation;
using RealtimeOps.Completers;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Get-RealtimeModel: the dated catalog of realtime and transcription models and their regions.</summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeModel")]
    [OutputType(typeof(RealtimeModel))]
    public sealed class GetRealtimeModelCommand : RealtimeOpsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModelNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateSet("Realtime", "Transcription")]
        public string? Kind { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Alias("Location")]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        protected override void ProcessRecord()
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

            var patterns = (Name ?? new[] { "*" })
                .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant))
                .ToArray();
            var matchedAny = new bool[patterns.Length];

            foreach (var model in catalog.Models)
            {
                if (Kind != null && !string.Equals(model.Kind.ToString(), Kind, StringComparison.OrdinalIgnoreCase)) continue;
                if (region != null && !model.IsOfferedIn(region.Name)) continue;
                var hit = false;
                for (var i = 0; i < patterns.Length; i++)
                {
                    if (patterns[i].IsMatch(model.Name)) { matchedAny[i] = true; hit = true; }
                }
                if (hit) WriteObject(model);
            }

            if (Name == null) return;
            for (var i = 0; i < Name.Length; i++)
            {
                if (!matchedAny[i] && !WildcardPattern.ContainsWildcardCharacters(Name[i]))
                {
                    WriteError(NewError("ModelNotInCatalog", ErrorCategory.ObjectNotFound, Name[i],
                        $"No model named '{Name[i]}' is in the RealtimeOps catalog (as of {catalog.AsOf:yyyy-MM-dd})" +
                        (Kind != null || region != null ? " with the -Kind/-Region given." : "."),
                        "Run Get-RealtimeModel with no arguments to list the catalog; on Azure a session names a deployment, which Get-RealtimeDeployment lists."));
                }
            }
        }
    }
}
