using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// The seed's steps 1 and 2, run before the probe: is the configuration right (the validator), and do the
    /// deployments exist, hold the right models and sit in a region that offers them (the deployment checks).
    /// Their findings weigh in the verdict: the service-fault reasoning holds only for a valid payload.
    /// </summary>
    public static class ProbePreflight
    {
        public static ValidationResult Validate(string body, string source, RealtimeConnection connection, string region = null) =>
            ConfigurationValidator.ValidateJson(body, source ?? "probe request", Options(connection, region));

        /// <summary>Checks the body the request builder made, without parsing text again.</summary>
        public static ValidationResult Validate(System.Text.Json.Nodes.JsonObject body, string source, RealtimeConnection connection, string region = null) =>
            ConfigurationValidator.Validate(Configuration.DocumentJson.ToDocument(body, source ?? "probe request"), Options(connection, region));

        private static ValidationOptions Options(RealtimeConnection connection, string region) => new ValidationOptions
        {
            Target = ProtocolTarget.Ga,
            Region = region,
            Endpoint = connection?.Endpoint?.ToString(),
        };

        /// <summary>True when the connection names an account and authenticates with Entra ID (a key opens no ARM door).</summary>
        public static bool HasResourceManagerAccess(RealtimeConnection connection, out string whyNot)
        {
            whyNot = null;
            if (connection == null) { whyNot = "No connection."; return false; }
            if (connection.SubscriptionId == null || connection.ResourceGroupName == null || connection.AccountName == null)
            {
                whyNot = "The connection names no account (Connect-RealtimeOps -SubscriptionId -ResourceGroupName -AccountName), so the deployments could not be read from Azure Resource Manager.";
                return false;
            }
            if (connection.AuthMode == AuthMode.ApiKey)
            {
                whyNot = "An api key grants no Azure Resource Manager access; connect with an Entra identity (Reader on the account) to check the deployments online.";
                return false;
            }
            return true;
        }

        public static async Task<DeploymentTestResult> CheckDeploymentsAsync(RealtimeServiceClient client, string body, string source,
            string region, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            SessionDeploymentNames names;
            try
            {
                names = SessionDeploymentReader.Instance.Read(body, source);
            }
            catch (FormatException ex)
            {
                observer?.Verbose("Deployment checks skipped: " + ex.Message);
                return null;
            }
            return await CheckDeploymentsAsync(client, names, region, observer, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The deployment checks for names read from the parsed configuration.</summary>
        public static async Task<DeploymentTestResult> CheckDeploymentsAsync(RealtimeServiceClient client, SessionDeploymentNames names,
            string region, IOperationObserver observer, CancellationToken cancellationToken)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            if (names == null) throw new ArgumentNullException(nameof(names));
            var checker = new DeploymentChecker();
            var connection = client.Connection;
            if (!HasResourceManagerAccess(connection, out var whyNot))
            {
                observer?.Verbose("Deployment checks offline: " + whyNot);
                return checker.Check(new DeploymentCheckRequest
                {
                    Deployment = names.Deployment ?? connection.Deployment,
                    TranscriptionDeployment = names.TranscriptionDeployment,
                    Region = region,
                    OfflineReason = whyNot,
                });
            }
            try
            {
                var account = new AccountResourceId(connection.SubscriptionId, connection.ResourceGroupName, connection.AccountName);
                var arm = new DeploymentClient(new ServiceClientResourceManagerTransport(client, connection.ResourceManagerEndpoint, account), connection.ResourceManagerEndpoint);
                var read = await arm.GetDeploymentsAsync(account, cancellationToken).ConfigureAwait(false);
                observer?.Verbose($"Read {read.Deployments.Count} deployment(s) of account '{connection.AccountName}' ({read.Account.Location}).");
                return checker.Check(new DeploymentCheckRequest
                {
                    Deployment = names.Deployment ?? connection.Deployment,
                    TranscriptionDeployment = names.TranscriptionDeployment,
                    Deployments = read.Deployments,
                    Account = read.Account,
                });
            }
            catch (ResourceManagerException ex)
            {
                observer?.Warning($"Deployment checks ran offline: Azure Resource Manager answered '{ex.Message}'.");
                return checker.Check(new DeploymentCheckRequest
                {
                    Deployment = names.Deployment ?? connection.Deployment,
                    TranscriptionDeployment = names.TranscriptionDeployment,
                    Region = region,
                    OfflineReason = ex.Message,
                });
            }
        }

        /// <summary>What the classifier weighs: validator diagnostics and the failed deployment checks.</summary>
        public static ProbePrerequisites ToPrerequisites(ValidationResult validation, DeploymentTestResult deployments)
        {
            var findings = validation?.Diagnostics
                .Select(d => new ConfigurationFinding(d.RuleId, d.Severity.ToString(), d.Path, d.Message))
                .ToList();
            var failed = deployments?.FailedChecks.Select(c => $"{c.Name}: {c.Reason}").ToList();
            return new ProbePrerequisites(findings, failed);
        }
    }
}
