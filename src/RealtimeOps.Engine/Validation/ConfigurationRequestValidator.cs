using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.ClientSecrets;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// Checks a client_secrets body with the configuration validator before New-RealtimeClientSecret or the probe
    /// sends it: the same rules Test-TranscriptionConfig applies, so what it accepts is what gets sent.
    /// </summary>
    internal sealed class ConfigurationRequestValidator : IRequestValidator
    {
        public IReadOnlyList<RequestValidationFinding> Validate(string json, string? source)
        {
            var result = ConfigurationValidator.ValidateJson(json, source ?? "request", new ValidationOptions());
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
