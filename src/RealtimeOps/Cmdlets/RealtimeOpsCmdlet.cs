using System;
using System.Management.Automation;
using System.Threading;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// What every RealtimeOps cmdlet needs: a cancellation token that Ctrl+C (StopProcessing) cancels,
    /// and ErrorRecord helpers with readable ids.
    /// </summary>
    public abstract class RealtimeOpsCmdlet : PSCmdlet
    {
        private CancellationTokenSource _cancellation;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken CancellationToken => (_cancellation ?? (_cancellation = new CancellationTokenSource())).Token;

        protected override void BeginProcessing()
        {
            if (_cancellation == null) _cancellation = new CancellationTokenSource();
            base.BeginProcessing();
        }

        protected override void StopProcessing()
        {
            try { _cancellation?.Cancel(); } catch (ObjectDisposedException) { }
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            _cancellation?.Dispose();
            _cancellation = null;
        }

        /// <summary>An ErrorRecord whose id reads like a sentence: &lt;What&gt;&lt;Why&gt;.</summary>
        protected internal static ErrorRecord NewError(string errorId, ErrorCategory category, object target, string message,
            string recommendedAction = null, Exception inner = null)
        {
            var record = new ErrorRecord(new RealtimeOpsException(message, inner), errorId, category, target);
            if (!string.IsNullOrEmpty(recommendedAction))
            {
                record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            }
            return record;
        }
    }

    /// <summary>The exception behind every RealtimeOps ErrorRecord; its message never holds a secret.</summary>
    public sealed class RealtimeOpsException : Exception
    {
        public RealtimeOpsException(string message, Exception inner = null) : base(message, inner) { }
    }
}
