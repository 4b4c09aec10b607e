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
        public IReadOnlyList<Diagnostic> Validate(string json, string? source) =>
            WithoutPositions(ConfigurationValidator.ValidateJson(json, source ?? "request", new ValidationOptions()));

        /// <summary>Checks a body already built (no text parsed again).</summary>
        public IReadOnlyList<Diagnostic> Validate(System.Text.Json.Nodes.JsonObject body, string? source) =>
            WithoutPositions(ConfigurationValidator.Validate(Configuration.DocumentJson.ToDocument(body, source ?? "request"), new ValidationOptions()));

        // Positions refer to the body as built, not to the user's file: keep the path, drop the position.
        private static IReadOnlyList<Diagnostic> WithoutPositions(ValidationResult result) =>
            result.Diagnostics
                .Select(d => new Diagnostic(d.RuleId, d.Severity, d.Path, null, null, d.Message, d.Suggestion, d.Source))
                .ToList();
    }
}
