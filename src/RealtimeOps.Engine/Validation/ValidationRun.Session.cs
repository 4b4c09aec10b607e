using System.Linq;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Session rules a table cannot say: MCP tools must name a server; reasoning effort where Azure's list is shorter.</summary>
    internal sealed partial class ValidationRun
    {
        private static readonly string[] s_mcpServerFields = { "server_url", "connector_id", "tunnel_id" };

        private void CheckSessionRules(DocumentNode session, string path)
        {
            if (!_ga) return;
            var tools = session["tools"];
            if (tools?.Kind == DocumentNodeKind.Array)
            {
                for (var i = 0; i < tools.Items.Count; i++)
                {
                    var tool = tools.Items[i];
                    if (tool.Kind != DocumentNodeKind.Object || tool["type"]?.StringValue != "mcp") continue;
                    if (s_mcpServerFields.Any(f => tool.FindProperty(f) != null)) continue;
                    Report(RuleIds.McpToolWithoutServer, path + ".tools[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", tool,
                        "The MCP tool names no server: one of server_url, connector_id or tunnel_id must be given.",
                        "Add \"server_url\" (your MCP server), \"connector_id\" (a service connector) or \"tunnel_id\" (a Secure MCP Tunnel).");
                }
            }
            var effort = session["reasoning"]?["effort"];
            if (effort?.StringValue == "xhigh")
            {
                Report(RuleIds.ReasoningEffortXhigh, path + ".reasoning.effort", effort, "reasoning.effort is xhigh, which the Azure documentation of GPT Realtime 2 does not list.",
                    "Use minimal, low, medium or high on Azure unless your deployment is known to take xhigh.");
            }
        }
    }
}
