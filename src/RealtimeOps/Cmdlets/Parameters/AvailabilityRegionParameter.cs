using RealtimeOps.Completers;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// -Region of the cmdlets whose checks include model availability (Test-TranscriptionConfig,
    /// Test-RealtimeDeployment, Invoke-RealtimeProbe), declared here once: region names complete, -Location works too.
    /// </summary>
    internal abstract class AvailabilityRegionParameter
    {
        /// <summary>The region the model-availability rules check against; an account's region, when one is known, wins.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Alias("Location")]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }
    }
}
