using System.Collections;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// One <see cref="ClientContext"/> per runspace. Azure Automation runs several runbooks in one process
    /// and ForEach-Object -Parallel runs several runspaces: a static connection would leak between them.
    /// </summary>
    internal static class RunspaceContexts
    {
        private static readonly ConditionalWeakTable<Runspace, ClientContext> s_contexts = new ConditionalWeakTable<Runspace, ClientContext>();
        private static readonly object s_noRunspace = new object();
        private static ClientContext? s_fallback;

        internal static ClientContext Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                if (runspace == null)
                {
                    lock (s_noRunspace) return s_fallback ?? (s_fallback = new ClientContext());
                }
                return s_contexts.GetValue(runspace, _ => new ClientContext());
            }
        }

        /// <summary>$PSVersionTable.PSVersion as text, for the User-Agent.</summary>
        internal static string? PowerShellVersion(PSCmdlet cmdlet)
        {
            try
            {
                if (cmdlet.SessionState.PSVariable.GetValue("PSVersionTable") is Hashtable table && table["PSVersion"] != null)
                    return table["PSVersion"].ToString();
            }
            catch (PSInvalidOperationException) { }
            return null;
        }
    }
}
