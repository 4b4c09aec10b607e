using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.ClientSecrets;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// Checks a client_secrets body with the configuration validator before New-RealtimeClientSecret or the probe
    /// sends it: the same rules Test-TranscriptionConfig applies, so what it accepts is what gets sent.
    /// </summary>
    public sealed class ConfigurationRequestValidator : IRequestValidator
    {
        public IReadOnlyList<RequestValidationFinding> Validate(string json, string source) =>
            ToFindings(ConfigurationValidator.ValidateJson(json, source ?? "request", new ValidationOptions()));

        /// <summary>Checks a body already built (no text parsed again).</summary>
        public IReadOnlyList<RequestValidationFinding> Validate(System.Text.Json.Nodes.JsonObject body, string source) =>
            ToFindings(ConfigurationValidator.Validate(Configuration.DocumentJson.ToDocument(body, source ?? "request"), new ValidationOptions()));

        private static IReadOnlyList<RequestValidationFinding> ToFindings(ValidationResult result)
        {
            return result.Diagnostics
                .Select(d => new RequestValidationFinding
                {
                    RuleId = d.RuleId,
                    Severity = d.Severity.ToString(),
                    Path = d.Path,
                    // Positions refer to the body as built, not to the user's file: keep the path, drop the position.
                    Line = null,
                    Column = null,
                    Message = d.Message,
                    Suggestion = d.Suggestion,
                })
                .ToList();
        }
    }
}
