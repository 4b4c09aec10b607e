namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>
    /// Where engine work reports progress. The cmdlets queue these and write them on the pipeline
    /// thread; nothing here may hold a secret.
    /// </summary>
    internal interface IOperationObserver
    {
        void Verbose(string message);
        void Warning(string message);
    }

    /// <summary>Discards everything.</summary>
    internal sealed class NullOperationObserver : IOperationObserver
    {
        public static readonly NullOperationObserver Instance = new NullOperationObserver();
        public void Verbose(string message) { }
        public void Warning(string? message) { }
    }
}
