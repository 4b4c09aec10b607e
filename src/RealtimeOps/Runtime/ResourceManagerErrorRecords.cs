using RealtimeOps.Cmdlets;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>ErrorRecords for failed ARM reads: ids &lt;What&gt;&lt;Why&gt; and the category of the cause.</summary>
    internal static class ResourceManagerErrorRecords
    {
        internal static ErrorRecord Create(RealtimeServiceException ex, object? target)
        {
            var record = new ErrorRecord(ex, IdFor(ex.Kind), CategoryFor(ex.Kind), target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        internal static string IdFor(RealtimeServiceErrorKind kind) => ResourceManagerErrors.ErrorIdFor(kind);

        internal static ErrorCategory CategoryFor(RealtimeServiceErrorKind kind) => RealtimeServiceCmdlet.Category(kind);
    }
}
