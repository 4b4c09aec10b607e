using System;

namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>
    /// Where RealtimeOps runs, which decides how progress, secrets, files and diagnostics are surfaced: the one
    /// "which CI host" type (Interactive covers any host that is neither a pipeline nor Automation).
    /// </summary>
    internal enum HostKind
    {
        Interactive,
        AzureDevOps,
        GitHubActions,
        AzureAutomation,
    }

    internal static class HostKindDetector
    {
        /// <summary>
        /// Reads the variables each host sets: TF_BUILD=True (Azure Pipelines), GITHUB_ACTIONS=true, and
        /// AUTOMATION_ASSET_ACCOUNTID in Azure Automation sandboxes; <paramref name="automationJob"/> is true when
        /// the caller saw $PSPrivateMetadata.JobId, which Automation sets for every job.
        /// </summary>
        public static HostKind Detect(Func<string, string>? environment = null, bool automationJob = false)
        {
            environment = environment ?? Environment.GetEnvironmentVariable;
            if (automationJob || !string.IsNullOrEmpty(environment("AUTOMATION_ASSET_ACCOUNTID"))) return HostKind.AzureAutomation;
            return DetectContinuousIntegration(environment);
        }

        /// <summary>TF_BUILD=True (Azure Pipelines agents) or GITHUB_ACTIONS=true (GitHub runners); else Interactive.</summary>
        public static HostKind DetectContinuousIntegration(Func<string, string> environment)
        {
            if (environment == null) throw new ArgumentNullException(nameof(environment));
            if (string.Equals(environment("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase)) return HostKind.AzureDevOps;
            if (string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)) return HostKind.GitHubActions;
            return HostKind.Interactive;
        }
    }
}
