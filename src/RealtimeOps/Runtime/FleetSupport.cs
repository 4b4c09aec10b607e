using System.Globalization;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// What the fleet cmdlets share besides the output pump (<see cref="Cmdlets.RealtimeOpsCmdlet.RunEngine{T}"/>):
    /// progress as accounts done / total, the connection of a sweep, ErrorRecords for Resource Manager failures.
    /// </summary>
    internal static class FleetSupport
    {
        /// <summary>
        /// A progress step of a sweep: "3 of 40 account(s) done". Every tenth of the sweep counts as a finished step, so a
        /// host that shows only milestones (Azure Pipelines) gets ten lines, not one per account.
        /// </summary>
        internal static OperationProgress AccountsDone(string activity, int done, int total) =>
            new OperationProgress(activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} account(s) done", done, total),
                total <= 0 ? 100 : done * 100 / total, stepFinished: total <= 0 || done * 10 / total != (done - 1) * 10 / total);

        /// <summary>
        /// The connection of a fleet cmdlet. A sweep talks only to Azure Resource Manager, so with an authentication
        /// parameter and no connection or AZURE_OPENAI_ENDPOINT, the Resource Manager endpoint stands in for the
        /// data-plane endpoint a connection needs (Find-RealtimeAccount -Identity works without Connect-RealtimeOps).
        /// </summary>
        internal static void UseResourceManagerAsEndpoint(Cmdlets.RealtimeServiceCmdlet cmdlet, string? resourceManagerEndpoint)
        {
            if (cmdlet.Endpoint == null && cmdlet.Context == null && Cmdlets.RealtimeServiceCmdlet.RunspaceContext.Current == null
                && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT")))
                cmdlet.Endpoint = resourceManagerEndpoint ?? DeploymentClient.DefaultResourceManagerEndpoint.AbsoluteUri;
        }

        /// <summary>An ErrorRecord for an ARM/Resource Graph failure, with the id prefix of the operation (AccountSearch, FleetDeploymentRead).</summary>
        internal static ErrorRecord Error(RealtimeServiceException ex, string prefix, object? target)
        {
            var suffix = ex.Kind == RealtimeServiceErrorKind.NoResourceManagerCredential ? "NeedsEntraIdentity"
                : ex.Kind == RealtimeServiceErrorKind.Network ? "NetworkError" : ex.Kind.ToString();
            var record = new ErrorRecord(ex, prefix + suffix, ResourceManagerErrorRecords.CategoryFor(ex.Kind), target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }
    }
}
