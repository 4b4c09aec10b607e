using System;
using System.Collections.Generic;
using System.Linq;

namespace RealtimeOps.Engine.Deployments
{
    public enum DeploymentCheckStatus
    {
        Passed,
        Failed,
        Warning,
        /// <summary>Not evaluated (no ARM access, no region, or a prerequisite failed); the reason says why.</summary>
        Skipped,
    }

    public enum DeploymentVerdict
    {
        Passed,
        Failed,
        /// <summary>Nothing failed, but something warned or could not be checked.</summary>
        Warning,
    }

    /// <summary>The names of the checks Test-RealtimeDeployment runs, stable for filtering and reports.</summary>
    internal static class DeploymentCheckNames
    {
        public const string DeploymentExists = "DeploymentExists";
        public const string RealtimeModel = "RealtimeModel";
        public const string ProvisioningSucceeded = "ProvisioningSucceeded";
        public const string CapacityAvailable = "CapacityAvailable";
        public const string RegionOffersModel = "RegionOffersModel";
        public const string PreviewModelRetirement = "PreviewModelRetirement";
        public const string TranscriptionDeploymentExists = "TranscriptionDeploymentExists";
        public const string TranscriptionModel = "TranscriptionModel";
        public const string TranscriptionProvisioningSucceeded = "TranscriptionProvisioningSucceeded";
        public const string TranscriptionCapacityAvailable = "TranscriptionCapacityAvailable";
        public const string TranscriptionRegionOffersModel = "TranscriptionRegionOffersModel";
        public const string TranscriptionModelRetirement = "TranscriptionModelRetirement";
    }

    /// <summary>One named check with its outcome and a reason a person can act on.</summary>
    public sealed class DeploymentCheck
    {
        /// <summary><see cref="Source"/> of a check judged on the region's model list read live from Azure Resource Manager.</summary>
        public const string LiveSource = "Live";
        /// <summary><see cref="Source"/> of a check judged on the dated catalog shipped with RealtimeOps.</summary>
        public const string CatalogSource = "Catalog";

        public DeploymentCheck(string name, string? deployment, DeploymentCheckStatus status, string reason, string source = "")
        {
            Source = source ?? string.Empty;
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Deployment = deployment ?? string.Empty;
            Status = status;
            Reason = reason ?? string.Empty;
        }

        public string Name { get; }
        /// <summary>The deployment name the check is about.</summary>
        public string? Deployment { get; }
        public DeploymentCheckStatus Status { get; }
        public string Reason { get; }
        /// <summary>For the region and retirement checks, what they were judged on: Live (ARM) or Catalog (dated); empty for the others.</summary>
        public string Source { get; }

        public override string ToString() => $"{Name}: {Status} - {Reason}";
    }

    /// <summary>What Test-RealtimeDeployment returns: every check, and one verdict over them.</summary>
    public sealed class DeploymentTestResult
    {
        public DeploymentTestResult(string? deployment, string? transcriptionDeployment, string region, string? accountName,
            bool online, string? offlineReason, IReadOnlyList<DeploymentCheck> checks,
            RealtimeDeployment? realtimeDeploymentInfo, RealtimeDeployment? transcriptionDeploymentInfo)
        {
            Deployment = deployment;
            TranscriptionDeployment = transcriptionDeployment;
            Region = region ?? string.Empty;
            AccountName = accountName ?? string.Empty;
            Online = online;
            OfflineReason = offlineReason ?? string.Empty;
            Checks = checks ?? Array.Empty<DeploymentCheck>();
            RealtimeDeploymentInfo = realtimeDeploymentInfo;
            TranscriptionDeploymentInfo = transcriptionDeploymentInfo;
            Verdict = VerdictOf(Checks);
        }

        public string? Deployment { get; }
        public string? TranscriptionDeployment { get; }
        /// <summary>The account's region when ARM answered, else the -Region given (canonical), else empty.</summary>
        public string Region { get; }
        public string AccountName { get; }
        /// <summary>True when the checks used the account's real deployments.</summary>
        public bool Online { get; }
        /// <summary>Why the ARM checks were skipped; empty when online.</summary>
        public string OfflineReason { get; }
        public IReadOnlyList<DeploymentCheck> Checks { get; }
        public DeploymentVerdict Verdict { get; }

        /// <summary>
        /// True only when no check failed and none was skipped: an offline run is never reported healthy,
        /// because what it could not see may be what is wrong. Warnings (a preview model) do not make it unhealthy.
        /// </summary>
        public bool IsHealthy => Checks.Count > 0 && Checks.All(c => c.Status == DeploymentCheckStatus.Passed || c.Status == DeploymentCheckStatus.Warning);

        public RealtimeDeployment? RealtimeDeploymentInfo { get; }
        public RealtimeDeployment? TranscriptionDeploymentInfo { get; }

        /// <summary>The checks that failed (empty when none did).</summary>
        public IReadOnlyList<DeploymentCheck> FailedChecks => Checks.Where(c => c.Status == DeploymentCheckStatus.Failed).ToArray();

        internal static DeploymentVerdict VerdictOf(IReadOnlyList<DeploymentCheck> checks)
        {
            if (checks.Any(c => c.Status == DeploymentCheckStatus.Failed)) return DeploymentVerdict.Failed;
            if (checks.Count == 0 || checks.Any(c => c.Status == DeploymentCheckStatus.Warning || c.Status == DeploymentCheckStatus.Skipped))
                return DeploymentVerdict.Warning;
            return DeploymentVerdict.Passed;
        }
    }
}
