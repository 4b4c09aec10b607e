using System;
using System.Collections.Generic;
using System.Linq;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>One finding about a request body before it is sent.</summary>
    internal sealed class RequestValidationFinding
    {
        public string? RuleId { get; set; }
        /// <summary>Error, Warning or Information.</summary>
        public string? Severity { get; set; }
        public string? Path { get; set; }
        public int? Line { get; set; }
        public int? Column { get; set; }
        public string? Message { get; set; }
        public string? Suggestion { get; set; }
        public bool IsError => string.Equals(Severity, "Error", StringComparison.OrdinalIgnoreCase);

        public override string ToString() =>
            $"{RuleId} {Path}{(Line.HasValue ? $" (line {Line}, column {Column})" : "")}: {Message}{(Suggestion != null ? " " + Suggestion : "")}";
    }

    /// <summary>
    /// The one place New-RealtimeClientSecret (and the probe) ask whether a body is right before sending
    /// it. The configuration validator is the default; tests may swap in another.
    /// </summary>
    internal interface IRequestValidator
    {
        /// <param name="json">The whole client_secrets body that would be sent.</param>
        /// <param name="source">Where the configuration came from (a path).</param>
        IReadOnlyList<RequestValidationFinding> Validate(string json, string? source);
    }

    internal static class RequestValidation
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

        public static bool HasErrors(IEnumerable<RequestValidationFinding> findings) => findings != null && findings.Any(f => f.IsError);
    }

    /// <summary>Accepts everything: what RequestValidation falls back to when set to null.</summary>
    internal sealed class NoRequestValidation : IRequestValidator
    {
        public IReadOnlyList<RequestValidationFinding> Validate(string json, string? source) => Array.Empty<RequestValidationFinding>();
    }
}
