using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>
    /// The one place New-RealtimeClientSecret (and the probe) ask whether a body is right before sending
    /// it. The configuration validator is the default; tests may swap in another.
    /// </summary>
    public interface IRequestValidator
    {
        /// <param name="json">The whole client_secrets body that would be sent.</param>
        /// <param name="source">Where the configuration came from (a path), or null.</param>
        IReadOnlyList<Diagnostic> Validate(string json, string source);
    }

    public static class RequestValidation
    {
        private static IRequestValidator s_current = new Validation.ConfigurationRequestValidator();

        /// <summary>The validator in use; replace it once at start-up.</summary>
        public static IRequestValidator Current
        {
            get => s_current;
            set => s_current = value ?? new NoRequestValidation();
        }

        /// <summary>True when a real validator is plugged in (not the placeholder).</summary>
        public static bool IsAvailable => !(s_current is NoRequestValidation);

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

    /// <summary>Accepts everything: what RequestValidation falls back to when set to null.</summary>
    public sealed class NoRequestValidation : IRequestValidator
    {
        public IReadOnlyList<Diagnostic> Validate(string json, string source) => Array.Empty<Diagnostic>();
    }
}
