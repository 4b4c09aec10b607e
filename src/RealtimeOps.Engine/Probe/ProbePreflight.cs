using System;
using System.Linq;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// What runs before the A/B requests, in the form the classifier weighs it: is the configuration right (the
    /// validator), and did the deployment checks (<see cref="DeploymentCheckRunner"/>) fail. The service-fault
    /// reasoning holds only for a valid payload.
    /// </summary>
    internal static class ProbePreflight
    {
        public static ValidationResult Validate(string body, string? source, RealtimeConnection connection, string? region = null) =>
            ConfigurationValidator.ValidateJson(body, source ?? "probe request", Options(connection, region));

        /// <summary>Checks the body the request builder made, without parsing text again.</summary>
        public static ValidationResult Validate(System.Text.Json.Nodes.JsonObject body, string? source, RealtimeConnection connection, string? region = null) =>
            ConfigurationValidator.Validate(Configuration.DocumentJson.ToDocument(body, source ?? "probe request"), Options(connection, region));

        private static ValidationOptions Options(RealtimeConnection connection, string? region) => new ValidationOptions
        {
            Target = ProtocolTarget.Ga,
            Region = region,
            Endpoint = connection?.Endpoint?.ToString(),
        };

        /// <summary>What the classifier weighs: validator diagnostics and the failed deployment checks.</summary>
        public static ProbePrerequisites ToPrerequisites(ValidationResult? validation, DeploymentTestResult? deployments)
        {
            var findings = validation?.Diagnostics.ToList();
            var failed = deployments?.FailedChecks.Select(c => $"{c.Name}: {c.Reason}").ToList();
            return new ProbePrerequisites(findings, failed);
        }
    }
}
