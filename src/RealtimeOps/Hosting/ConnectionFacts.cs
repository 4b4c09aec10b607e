using System;
using System.Collections.Generic;
using System.Management.Automation;
using RealtimeOps.Engine.Bundles;

namespace RealtimeOps.Hosting
{
    /// <summary>What the session's connection knows about the resource, for the support bundle's case facts.</summary>
    internal static class ConnectionFacts
    {
        public static SupportCaseFacts FromSession(PSCmdlet cmdlet)
        {
            var context = CurrentContext(cmdlet);
            if (context == null) return new SupportCaseFacts();
            string Read(params string[] names)
            {
                foreach (var n in names)
                {
                    var v = context.Properties[n]?.Value;
                    if (v != null && !string.IsNullOrWhiteSpace(v.ToString())) return v.ToString();
                }
                return null;
            }
            return new SupportCaseFacts
            {
                SubscriptionId = Read("SubscriptionId"),
                ResourceGroupName = Read("ResourceGroupName"),
                ResourceName = Read("AccountName", "ResourceName"),
                Region = Read("Region", "Location"),
                Endpoint = Read("Endpoint"),
                Deployment = Read("Deployment"),
            };
        }

        /// <summary>Literal secret values to scrub from a bundle; none are exposed by the connection today.</summary>
        public static IEnumerable<string> KnownSecrets(PSCmdlet cmdlet) => Array.Empty<string>();

        private static PSObject CurrentContext(PSCmdlet cmdlet)
        {
            var command = cmdlet.InvokeCommand.GetCommand("Get-RealtimeOpsContext", CommandTypes.Cmdlet);
            if (command == null) return null;
            try
            {
                var result = cmdlet.InvokeCommand.InvokeScript("Get-RealtimeOpsContext -ErrorAction SilentlyContinue");
                return result.Count > 0 ? result[0] : null;
            }
            catch (RuntimeException)
            {
                return null;
            }
        }
    }
}
