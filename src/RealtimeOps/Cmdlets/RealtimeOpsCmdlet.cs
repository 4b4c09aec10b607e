using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Hosting;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// What every RealtimeOps cmdlet needs: a cancellation token that Ctrl+C (StopProcessing) cancels,
    /// ErrorRecord helpers with readable ids, and the one output pump for engine work.
    /// </summary>
    public abstract class RealtimeOpsCmdlet : PSCmdlet
    {
        private const int ProgressActivityId = 1;
        private CancellationTokenSource? _cancellation;

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

        /// <summary>
        /// The output pump: runs engine work on a task and, meanwhile, writes what it reports (verbose, warnings,
        /// progress, objects, non-terminating errors) on this, the pipeline thread, in order. The queue between them is
        /// bounded (<paramref name="capacity"/>): an engine that outruns the pipeline waits, so a sweep of thousands of
        /// objects holds at most that many. Progress follows the host: none in Azure Automation (its job stream records
        /// every record), plus ##vso[task.setprogress] lines in Azure Pipelines. Ctrl+C cancels the work's token; so does
        /// the pipeline stopping downstream (Select-Object -First) or a write failing. Once stopping, reports are drained
        /// but not written, and a cancelled call ends with PipelineStoppedException.
        /// </summary>
        internal T RunEngine<T>(Func<IPipelineReporter, CancellationToken, Task<T>> work, int capacity = QueuedObserver.DefaultCapacity)
        {
            using (var reporter = new QueuedObserver(CancellationToken, capacity))
            {
                var token = reporter.Token;
                var task = Task.Run(() => work(reporter, token), token);
                task.ContinueWith(_ => reporter.Complete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                HostKind? host = null;
                string? activity = null;
                try
                {
                    foreach (var item in reporter.Drain())
                    {
                        if (Stopping) continue;
                        switch (item.Item1)
                        {
                            case QueuedObserver.Kind.Verbose: WriteVerbose((string)item.Item2!); break;
                            case QueuedObserver.Kind.Warning: WriteWarning((string)item.Item2!); break;
                            case QueuedObserver.Kind.Output: WriteObject(item.Item2); break;
                            case QueuedObserver.Kind.Error: WriteError((ErrorRecord)item.Item2!); break;
                            case QueuedObserver.Kind.Progress:
                                var progress = (OperationProgress)item.Item2!;
                                host = host ?? HostEnvironment.Kind(this);
                                activity = progress.Activity;
                                WriteProgress(progress, host.Value);
                                break;
                        }
                    }
                }
                finally
                {
                    // The pipeline stopped reading (or the work ended): engine threads waiting on a full queue give up.
                    reporter.Stop();
                }
                if (activity != null && host != HostKind.AzureAutomation && !Stopping)
                    WriteProgress(new ProgressRecord(ProgressActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                try
                {
                    return task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (Stopping || CancellationToken.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }
                catch (RealtimeServiceException ex) when (ex.Kind == RealtimeServiceErrorKind.Cancelled && (Stopping || CancellationToken.IsCancellationRequested))
                {
                    throw new PipelineStoppedException();
                }
            }
        }


        private void WriteProgress(OperationProgress progress, HostKind host)
        {
            if (host == HostKind.AzureAutomation) return;
            if (host == HostKind.AzureDevOps && progress.StepFinished && Host?.UI != null)
                Host.UI.WriteLine(PipelineCommands.AzureDevOpsProgress(progress.PercentComplete, progress.Activity));
            WriteProgress(new ProgressRecord(ProgressActivityId, progress.Activity, progress.Status) { PercentComplete = progress.PercentComplete });
        }

        /// <summary>An ErrorRecord whose id reads like a sentence: &lt;What&gt;&lt;Why&gt;.</summary>
        protected internal static ErrorRecord NewError(string errorId, ErrorCategory category, object? target, string message,
            string? recommendedAction = null, Exception? inner = null)
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
        public RealtimeOpsException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
