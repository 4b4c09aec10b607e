#nullable enable
using System.Management.Automation;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Runtime
{
    /// <summary>ErrorRecords for failed reads of a region's models and usages: ids ModelListRead&lt;Why&gt;, the category of the cause.</summary>
    internal static class ModelListErrorRecords
    {
        internal static ErrorRecord Create(ResourceManagerException ex, object? target)
        {
            var record = new ErrorRecord(ex, "ModelListRead" + Why(ex.Kind), ResourceManagerErrorRecords.CategoryFor(ex.Kind), target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        private static string Why(ResourceManagerErrorKind kind)
        {
            switch (kind)
            {
                case ResourceManagerErrorKind.NoResourceManagerCredential: return "NeedsEntraIdentity";
                case ResourceManagerErrorKind.Network: return "NetworkError";
                case ResourceManagerErrorKind.AccountNotFound: return "NotFound";
                default: return kind.ToString();
            }
        }
    }
}
