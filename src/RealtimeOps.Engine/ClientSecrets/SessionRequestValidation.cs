using System;
using System.Collections.Generic;
using System.Linq;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>One finding about a request body before it is sent.</summary>
    public sealed class RequestValidationFinding
    {
        public string RuleId { get; set; }
        /// <summary>Error, Warning or Information.</summary>
        public string Severity { get; set; }
        public string Path { get; set; }
        public int? Line { get; set; }
        public int? Column { get; set; }
        public string Message { get; set; }
        public string Suggestion { get; set; }
        public bool IsError => string.Equals(Severity, "Error", StringComparison.OrdinalIgnoreCase);

        public override string ToString() =>
            $"{RuleId} {Path}{(Line.HasValue ? $" (line {Line}, column {Column})" : "")}: {Message}{(Suggestion != null ? " " + Suggestion : "")}";
    }

    /// <summary>Checks a request body before New-RealtimeClientSecret or the probe sends it.</summary>
    public interface IRequestValidator
    {
        /// <param name="json">The whole client_secrets body that would be sent.</param>
        /// <param name="source">Where the configuration came from (a path), or null.</param>
        IReadOnlyList<RequestValidationFinding> Validate(string json, string source);
    }

    public static class RequestValidation
    {
        public static bool HasErrors(IEnumerable<RequestValidationFinding> findings) => findings != null && findings.Any(f => f.IsError);
    }
}
