using System.Management.Automation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Disconnect-RealtimeOps: forgets this runspace's connection; recorded exchanges stay for a support bundle.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "RealtimeOps")]
    [OutputType(typeof(void))]
    public sealed class DisconnectRealtimeOpsCommand : RealtimeOpsCmdlet
    {
        /// <summary>Also forget the exchanges recorded in this runspace.</summary>
        [Parameter]
        public SwitchParameter ClearExchange { get; set; }

        protected override void ProcessRecord()
        {
            var context = RealtimeServiceCmdlet.RunspaceContext;
            var current = context.Current;
            context.Current = null;
            if (ClearExchange) context.Exchanges.Clear();
            WriteVerbose(current == null ? "Not connected in this runspace." : $"Disconnected from {current.Endpoint}.");
        }
    }
}
