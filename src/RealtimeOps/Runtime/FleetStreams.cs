#nullable enable
using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Runs a fleet operation through an <see cref="EnginePump"/> and writes what it reports on the pipeline thread:
    /// objects, one ErrorRecord per failed account, progress as accounts done / total, verbose and warnings.
    /// </summary>
    internal static class FleetStreams
    {
        internal static void Run(Cmdlet cmdlet, int activityId, string activity,
            Func<EnginePump, CancellationToken, Task> work, Action<object> onOutput, Func<object, ErrorRecord> onFailure, CancellationToken stopping)
        {
            var progress = new ProgressRecord(activityId, activity, "Starting");
            var shown = false;
            // As the base pump does: no progress in Azure Automation, whose job stream would keep every record.
            var showProgress = !(cmdlet is PSCmdlet ps) || Hosting.HostEnvironment.Kind(ps) != Engine.Diagnostics.HostKind.AzureAutomation;
            try
            {
                using (var pump = new EnginePump(stopping))
                {
                    pump.Run(work, (kind, item) =>
                    {
                        switch (kind)
                        {
                            case EnginePump.Kind.Output: onOutput(item!); break;
                            case EnginePump.Kind.Failure: cmdlet.WriteError(onFailure(item!)); break;
                            case EnginePump.Kind.Verbose: cmdlet.WriteVerbose((string)item!); break;
                            case EnginePump.Kind.Warning: cmdlet.WriteWarning((string)item!); break;
                            case EnginePump.Kind.Progress:
                                if (!showProgress) break;
                                var p = (Tuple<int, int>)item!;
                                progress.StatusDescription = string.Format(CultureInfo.InvariantCulture, "{0} of {1} account(s) done", p.Item1, p.Item2);
                                progress.PercentComplete = p.Item2 == 0 ? 100 : Math.Min(100, p.Item1 * 100 / p.Item2);
                                cmdlet.WriteProgress(progress);
                                shown = true;
                                break;
                        }
                    });
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                if (shown)
                {
                    progress.RecordType = ProgressRecordType.Completed;
                    try { cmdlet.WriteProgress(progress); } catch (PipelineStoppedException) { }
                }
            }
        }

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
