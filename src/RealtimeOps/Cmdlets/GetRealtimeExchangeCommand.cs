using RealtimeOps.Engine.Http;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Get-RealtimeExchange: the HTTP attempts recorded in this runspace, secrets removed.</summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeExchange")]
    [OutputType(typeof(Exchange))]
    public sealed class GetRealtimeExchangeCommand : RealtimeOpsCmdlet
    {
        /// <summary>Only the newest N.</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, int.MaxValue)]
        public int Last { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Operation { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public int[]? StatusCode { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Variant { get; set; }

        protected override void ProcessRecord()
        {
            var log = RealtimeServiceCmdlet.RunspaceContext.Exchanges;
            var items = log.Snapshot().AsEnumerable();
            if (log.Dropped > 0)
            {
                WriteWarning($"{log.Dropped} older exchange(s) were dropped to keep the log within {log.Capacity} exchanges and {log.MaxBytes / (1024 * 1024)} MB; " +
                             "export bundles as you go (Export-SupportBundle), and Disconnect-RealtimeOps -ClearExchange releases the rest.");
            }
            if (Operation != null)
            {
                var patterns = Operation.Select(o => new WildcardPattern(o, WildcardOptions.IgnoreCase)).ToArray();
                items = items.Where(e => e.Operation != null && patterns.Any(p => p.IsMatch(e.Operation)));
            }
            if (Variant != null)
            {
                var patterns = Variant.Select(o => new WildcardPattern(o, WildcardOptions.IgnoreCase)).ToArray();
                items = items.Where(e => e.Variant != null && patterns.Any(p => p.IsMatch(e.Variant)));
            }
            if (StatusCode != null) items = items.Where(e => e.StatusCode.HasValue && StatusCode.Contains(e.StatusCode.Value));
            var list = items.ToList();
            if (Last > 0 && list.Count > Last) list = list.Skip(list.Count - Last).ToList();
            foreach (var e in list) WriteObject(e);
        }
    }
}
