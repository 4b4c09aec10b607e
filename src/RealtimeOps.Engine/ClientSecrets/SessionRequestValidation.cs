using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>Checks a request body before New-RealtimeClientSecret or the probe sends it.</summary>
    internal interface IRequestValidator
    {
        /// <param name="json">The whole client_secrets body that would be sent.</param>
        /// <param name="source">Where the configuration came from (a path), or null.</param>
        IReadOnlyList<Diagnostic> Validate(string json, string? source);
    }

    internal static class RequestValidation
    {
        public static bool HasErrors(IEnumerable<Diagnostic> findings) => findings != null && findings.Any(IsError);

        public static bool IsError(Diagnostic finding) => finding != null && finding.Severity == DiagnosticSeverity.Error;

        /// <summary>One line for a finding about a request body: rule, path, message and fix (positions refer to the built body, so none).</summary>
        public static string Describe(Diagnostic finding)
        {
            if (finding == null) throw new ArgumentNullException(nameof(finding));
            var where = finding.Line.HasValue ? $" (line {finding.Line}, column {finding.Column})" : string.Empty;
            var fix = finding.Suggestion.Length > 0 ? " " + finding.Suggestion : string.Empty;
            return $"{finding.RuleId} {finding.Path}{where}: {finding.Message}{fix}";
        }
    }
}
