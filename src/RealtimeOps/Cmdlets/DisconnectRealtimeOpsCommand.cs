namespace RealtimeOps.Cmdlets
{
    /// <summary>Disconnect-RealtimeOps: forgets this runspace's connection; recorded exchanges stay for a support bundle.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "RealtimeOps")]
    [OutputType(typeof(RealtimeOps.Engine.Connection.RealtimeConnection))]
    public sealed class DisconnectRealtimeOpsCommand : RealtimeOpsCmdlet
    {
        /// <summary>Also forget the exchanges recorded in this runspace.</summary>
        [Parameter]
        public SwitchParameter ClearExchange { get; set; }

        /// <summary>Return the connection that was forgotten.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var context = RealtimeServiceCmdlet.RunspaceContext;
            var current = context.Current;
            context.Current = null;
            if (ClearExchange) context.Exchanges.Clear();
            if (PassThru && current != null) WriteObject(current);
            WriteVerbose(current == null ? "Not connected in this runspace." : $"Disconnected from {current.Endpoint}.");
        }
    }
}
