using System.Collections;
using System.Management.Automation.Language;
using RealtimeOps.Engine.Catalog;

namespace RealtimeOps.Completers
{
    /// <summary>Completes model names from the catalog.</summary>
    public sealed class ModelNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = CompletionText.Unquote(wordToComplete);
            return ServiceCatalog.Current.Models
                .Where(m => m.Name.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .Select(m => new CompletionResult(m.Name, m.Name, CompletionResultType.ParameterValue, $"{m.Kind}: {m.Notes}"));
        }
    }

    /// <summary>Completes Azure region names (ARM form) from the catalog, matching display names too.</summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = CompletionText.Unquote(wordToComplete).Replace(" ", string.Empty);
            var catalog = ServiceCatalog.Current;
            // Regions that offer realtime models first: those are the ones users mean.
            return catalog.Regions
                .Where(r => r.Name.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase)
                            || r.DisplayName.Replace(" ", string.Empty).StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .OrderBy(r => catalog.Models.Any(m => m.IsOfferedIn(r.Name)) ? 0 : 1)
                .Select(r => new CompletionResult(r.Name, r.Name, CompletionResultType.ParameterValue, r.DisplayName));
        }
    }

    internal static class CompletionText
    {
        internal static string Unquote(string word)
        {
            if (string.IsNullOrEmpty(word)) return string.Empty;
            return word.Trim('\'', '"');
        }
    }
}
