using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using RealtimeOps.Engine.Probe;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// The last probe result of each runspace. After Ctrl+C a cmdlet can no longer write to the pipeline, so this is
    /// where the partial result stays reachable (Export-SupportBundle with no input reads it).
    /// </summary>
    internal static class ProbeResultStore
    {
        private sealed class Holder { public RealtimeProbeResult? Last; }

        private static readonly ConditionalWeakTable<Runspace, Holder> s_last = new ConditionalWeakTable<Runspace, Holder>();
        private static readonly Holder s_noRunspace = new Holder();

        private static Holder Current => Runspace.DefaultRunspace == null ? s_noRunspace : s_last.GetValue(Runspace.DefaultRunspace, _ => new Holder());

        public static RealtimeProbeResult? Last
        {
            get { lock (s_noRunspace) return Current.Last; }
            set { lock (s_noRunspace) Current.Last = value; }
        }
    }
}
