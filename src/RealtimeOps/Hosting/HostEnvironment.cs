using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Hosting
{
    /// <summary>Which host the cmdlet runs in: decides progress bars, ##vso lines and uploads.</summary>
    internal static class HostEnvironment
    {
        public static HostKind Kind(PSCmdlet cmdlet)
        {
            // Azure Automation sets $PSPrivateMetadata.JobId for every job; the environment variable covers sandboxes.
            var metadata = cmdlet.SessionState.PSVariable.GetValue("PSPrivateMetadata");
            var jobId = metadata == null ? null : PSObject.AsPSObject(metadata).Properties["JobId"]?.Value;
            return HostKindDetector.Detect(null, automationJob: jobId != null);
        }
    }
}
