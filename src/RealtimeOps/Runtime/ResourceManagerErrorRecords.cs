using System.Management.Automation;
using RealtimeOps.Cmdlets;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Runtime
{
    /// <summary>ErrorRecords for failed ARM reads: ids &lt;What&gt;&lt;Why&gt; and the category of the cause.</summary>
    internal static class ResourceManagerErrorRecords
    {
        internal static ErrorRecord Create(ResourceManagerException ex, object target)
        {
            var record = new ErrorRecord(ex, IdFor(ex.Kind), CategoryFor(ex.Kind), target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        internal static string IdFor(ResourceManagerErrorKind kind) => ResourceManagerErrors.ErrorIdFor(kind);

        internal static ErrorCategory CategoryFor(ResourceManagerErrorKind kind)
        {
            switch (kind)
            {
                case ResourceManagerErrorKind.NoResourceManagerCredential:
                case ResourceManagerErrorKind.Unauthorized: return ErrorCategory.AuthenticationError;
                case ResourceManagerErrorKind.Forbidden: return ErrorCategory.PermissionDenied;
                case ResourceManagerErrorKind.AccountNotFound: return ErrorCategory.ObjectNotFound;
                case ResourceManagerErrorKind.Throttled: return ErrorCategory.LimitsExceeded;
                case ResourceManagerErrorKind.ServiceError: return ErrorCategory.ResourceUnavailable;
                case ResourceManagerErrorKind.Network: return ErrorCategory.ConnectionError;
                case ResourceManagerErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case ResourceManagerErrorKind.InvalidRequest: return ErrorCategory.InvalidArgument;
                default: return ErrorCategory.InvalidData;
            }
        }
    }
}
