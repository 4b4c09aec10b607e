using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Deployments piped into a fleet cmdlet (Test-RealtimeDeployment, Invoke-RealtimeProbe, Test-RealtimeTranscription):
    /// collected in ProcessRecord, worked on together, per account, in EndProcessing.
    /// </summary>
    internal abstract class PipedDeployments
    {
        protected readonly List<RealtimeDeployment> Deployments = new List<RealtimeDeployment>();

        internal int Count => Deployments.Count;

        internal void Add(RealtimeDeployment deployment) => Deployments.Add(deployment);
    }
}
