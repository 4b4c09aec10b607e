using RealtimeOps.Engine.Connection;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Get-RealtimeOpsContext: this runspace's connection (never its secret).</summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeOpsContext")]
    [OutputType(typeof(RealtimeConnection))]
    public sealed class GetRealtimeOpsContextCommand : RealtimeOpsCmdlet
    {
        protected override void ProcessRecord()
        {
            var current = RealtimeServiceCmdlet.RunspaceContext.Current;
            if (current != null) WriteObject(current);
            else WriteVerbose("Not connected in this runspace: run Connect-RealtimeOps.");
        }
    }
}
