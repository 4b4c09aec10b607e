#nullable enable
namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>One progress step of an engine operation, for a progress bar (or a CI host's progress line).</summary>
    internal sealed class OperationProgress
    {
        public OperationProgress(string activity, string status, int percentComplete, bool stepFinished)
        {
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete < 0 ? 0 : (percentComplete > 100 ? 100 : percentComplete);
            StepFinished = stepFinished;
        }

        /// <summary>The operation, as the progress bar titles it (Invoke-RealtimeProbe).</summary>
        public string Activity { get; }
        public string Status { get; }
        public int PercentComplete { get; }
        /// <summary>True when a step just ended (a host that shows only milestones, such as Azure Pipelines, shows these).</summary>
        public bool StepFinished { get; }
    }

    /// <summary>
    /// Everything an engine operation reports besides its result: messages, progress and objects. The cmdlet base
    /// queues these from any thread and writes them on the pipeline thread; nothing here may hold a secret.
    /// </summary>
    internal interface IOperationReporter : IOperationObserver
    {
        void Progress(OperationProgress progress);

        /// <summary>An object for the pipeline, written in the order it was reported.</summary>
        void Output(object item);
    }

    /// <summary>Discards everything.</summary>
    internal sealed class NullOperationReporter : IOperationReporter
    {
        public static readonly NullOperationReporter Instance = new NullOperationReporter();
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Progress(OperationProgress progress) { }
        public void Output(object item) { }
    }
}
