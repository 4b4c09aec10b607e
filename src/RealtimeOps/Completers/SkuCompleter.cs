using System.Collections;
using System.Management.Automation.Language;

namespace RealtimeOps.Completers
{
    /// <summary>Completes Azure OpenAI deployment types (SKU names as ARM's model list gives them); other names are still accepted.</summary>
    public sealed class SkuCompleter : IArgumentCompleter
    {
        // ARM-models: skus[].name. New deployment types appear over time, so this is a completion list, not a validation set.
        private static readonly string[] Known =
        {
            "GlobalStandard", "Standard", "DataZoneStandard", "ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged",
            "GlobalBatch", "DataZoneBatch", "DeveloperTier",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = CompletionText.Unquote(wordToComplete);
            return Known.Where(k => k.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .Select(k => new CompletionResult(k, k, CompletionResultType.ParameterValue, k));
        }
    }
}
