using RealtimeOps.Engine.Fleet;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Split-RealtimeFleet: the accounts from Find-RealtimeAccount in shards for matrix legs or child runbooks. An account's
    /// shard depends only on its id and the number of shards, so each leg can work out its own shard (-Index).
    /// </summary>
    [Cmdlet(VerbsCommon.Split, "RealtimeFleet", DefaultParameterSetName = ShardSet)]
    [OutputType(typeof(RealtimeFleetShard), ParameterSetName = new[] { ShardSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { MatrixSet })]
    public sealed class SplitRealtimeFleetCommand : RealtimeOpsCmdlet
    {
        private const string ShardSet = "Shard";
        private const string MatrixSet = "Matrix";

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public RealtimeAccount[] InputObject { get; set; } = Array.Empty<RealtimeAccount>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateRange(1, FleetShards.MaxShards)]
        public int Shards { get; set; }

        /// <summary>Only this shard (1-based): what one leg runs.</summary>
        [Parameter(ParameterSetName = ShardSet)]
        [ValidateRange(1, FleetShards.MaxShards)]
        public int Index { get; set; }

        /// <summary>Emit the matrix JSON for GitHub Actions (fromJSON) or Azure DevOps (strategy matrix) instead of shards.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MatrixSet)]
        [ValidateSet("GitHubActions", "AzureDevOps")]
        public string Matrix { get; set; } = "GitHubActions";

        private readonly List<RealtimeAccount> _accounts = new List<RealtimeAccount>();

        protected override void ProcessRecord() => _accounts.AddRange(InputObject.Where(a => a != null));

        protected override void EndProcessing()
        {
            try
            {
                if (Index > Shards)
                {
                    ThrowTerminatingError(NewError("FleetShardIndexOutOfRange", ErrorCategory.InvalidArgument, Index,
                        $"-Index {Index} is past -Shards {Shards}.", "Give -Index between 1 and -Shards."));
                }
                if (ParameterSetName == MatrixSet)
                {
                    // No more legs than accounts: a leg with nothing to check would still cost a runner.
                    var legs = Math.Max(1, Math.Min(Shards, _accounts.Select(a => a.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count()));
                    if (legs < Shards) WriteVerbose($"{legs} leg(s), not {Shards}: there are only {legs} account(s).");
                    WriteObject(Matrix == "AzureDevOps" ? FleetShards.AzureDevOpsMatrix(legs) : FleetShards.GitHubActionsMatrix(legs));
                    return;
                }
                foreach (var shard in FleetShards.Split(_accounts, Shards))
                {
                    if (Index == 0 || shard.Index == Index) WriteObject(shard);
                }
            }
            finally { base.EndProcessing(); }
        }
    }
}
