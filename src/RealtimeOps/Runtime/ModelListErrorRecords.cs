using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Runtime
{
    /// <summary>ErrorRecords for failed reads of a region's models and usages: ids ModelListRead&lt;Why&gt;, the category of the cause.</summary>
    internal static class ModelListErrorRecords
    {
        internal static ErrorRecord Create(RealtimeServiceException ex, object? target)
        {
            var record = new ErrorRecord(ex, "ModelListRead" + Why(ex.Kind), ResourceManagerErrorRecords.CategoryFor(ex.Kind), target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        private static string Why(RealtimeServiceErrorKind kind)
        {
            switch (kind)
            {
                case RealtimeServiceErrorKind.NoResourceManagerCredential: return "NeedsEntraIdentity";
                case RealtimeServiceErrorKind.Network: return "NetworkError";
                case RealtimeServiceErrorKind.NotFound: return "NotFound";
                default: return kind.ToString();
            }
        }
    }
}
