using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Connection
{
    /// <summary>What a user passed to Connect-RealtimeOps (or directly to a networked command).</summary>
    internal sealed class ConnectionRequest
    {
        public string? Endpoint { get; set; }
        /// <summary>The chosen mode, or null to fall back to AZURE_OPENAI_API_KEY.</summary>
        public AuthMode? AuthMode { get; set; }
        public char[]? ApiKey { get; set; }
        public char[]? AccessToken { get; set; }
        public string? ClientId { get; set; }
        public string? TokenScope { get; set; }
        public string? Deployment { get; set; }
        public string? SubscriptionId { get; set; }
        public string? ResourceGroupName { get; set; }
        public string? AccountName { get; set; }
        public string? ResourceManagerEndpoint { get; set; }
        public int? MaxRetries { get; set; }
        public int? TimeoutSec { get; set; }
    }

    /// <summary>A connection plus what the user should be told about how it was made.</summary>
    internal sealed class ConnectionResolution
    {
        internal ConnectionResolution(RealtimeConnection connection, IReadOnlyList<string> notes, string? warning)
        {
            Connection = connection; Notes = notes; Warning = warning;
        }

        public RealtimeConnection Connection { get; }
        /// <summary>Verbose-level explanations (endpoint normalised, environment variables used).</summary>
        public IReadOnlyList<string> Notes { get; }
        /// <summary>Shown as a warning before anything is sent (a non-Azure host).</summary>
        public string? Warning { get; }
    }

    /// <summary>A connection request that cannot work, with an ErrorRecord-style id and a fix.</summary>
    internal sealed class ConnectionConfigurationException : ArgumentException
    {
        public ConnectionConfigurationException(string errorId, string message, string recommendedAction)
            : base(message) { ErrorId = errorId; RecommendedAction = recommendedAction; }

        public string ErrorId { get; }
        public string RecommendedAction { get; }
    }

    /// <summary>
    /// Builds a <see cref="RealtimeConnection"/> from parameters and, where they are missing, the environment
    /// variables that runbooks and pipelines provide.
    /// </summary>
    internal static class ConnectionFactory
    {
        public const string EndpointVariable = "AZURE_OPENAI_ENDPOINT";
        public const string ApiKeyVariable = "AZURE_OPENAI_API_KEY";

        // Set by AzureCLI@2 / AzurePowerShell@5 for a workload-identity-federation service connection;
        // SYSTEM_ACCESSTOKEN must be mapped into the step's env from $(System.AccessToken).
        public const string PipelinesServiceConnectionVariable = "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID";
        public const string PipelinesClientIdVariable = "AZURESUBSCRIPTION_CLIENT_ID";
        public const string PipelinesTenantIdVariable = "AZURESUBSCRIPTION_TENANT_ID";
        public const string PipelinesSystemAccessTokenVariable = "SYSTEM_ACCESSTOKEN";

        public static ConnectionResolution Create(ConnectionRequest request, Func<string, string> environment)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            environment = environment ?? Environment.GetEnvironmentVariable;
            var notes = new List<string>();

            var endpointText = request.Endpoint;
            if (string.IsNullOrWhiteSpace(endpointText))
            {
                endpointText = environment(EndpointVariable);
                if (string.IsNullOrWhiteSpace(endpointText))
                    throw new ConnectionConfigurationException("ConnectionEndpointMissing",
                        "No endpoint was given and AZURE_OPENAI_ENDPOINT is not set.",
                        "Pass -Endpoint https://<resource>.openai.azure.com, or set the AZURE_OPENAI_ENDPOINT environment variable.");
                notes.Add("The endpoint was read from AZURE_OPENAI_ENDPOINT.");
            }
            var normalized = EndpointNormalizer.Normalize(endpointText);
            if (!normalized.IsValid)
                throw new ConnectionConfigurationException("ConnectionEndpointInvalid", normalized.Error,
                    "Give the resource endpoint shown in the Azure portal under Keys and Endpoint, e.g. https://<resource>.openai.azure.com.");
            notes.AddRange(normalized.Notes);

            var settings = new RealtimeConnectionSettings
            {
                Endpoint = normalized.Endpoint,
                TokenScope = request.TokenScope,
                Deployment = request.Deployment,
                SubscriptionId = request.SubscriptionId,
                ResourceGroupName = request.ResourceGroupName,
                AccountName = request.AccountName,
                MaxRetries = request.MaxRetries ?? RealtimeConnection.DefaultMaxRetries,
                TimeoutSec = request.TimeoutSec ?? RealtimeConnection.DefaultTimeoutSec,
            };
            CheckResourceNames(request);
            string? armWarning = null;
            if (!string.IsNullOrWhiteSpace(request.ResourceManagerEndpoint))
            {
                var arm = EndpointNormalizer.Normalize(request.ResourceManagerEndpoint);
                if (!arm.IsValid)
                    throw new ConnectionConfigurationException("ConnectionResourceManagerEndpointInvalid", arm.Error,
                        "Give the Resource Manager endpoint of your cloud, e.g. https://management.azure.com or https://management.usgovcloudapi.net.");
                settings.ResourceManagerEndpoint = arm.Endpoint;
                armWarning = EndpointNormalizer.ResourceManagerWarning(arm.Endpoint);
            }
            if (settings.MaxRetries < 0 || settings.MaxRetries > 10)
                throw new ConnectionConfigurationException("ConnectionMaxRetriesOutOfRange", $"MaxRetries must be between 0 and 10, not {settings.MaxRetries}.", "Pass -MaxRetries 0..10.");
            if (settings.TimeoutSec < 1 || settings.TimeoutSec > 3600)
                throw new ConnectionConfigurationException("ConnectionTimeoutOutOfRange", $"TimeoutSec must be between 1 and 3600, not {settings.TimeoutSec}.", "Pass -TimeoutSec 1..3600.");

            var mode = request.AuthMode;
            if (mode == null)
            {
                var key = environment(ApiKeyVariable);
                if (string.IsNullOrEmpty(key))
                    throw new ConnectionConfigurationException("ConnectionAuthenticationMissing",
                        "No way to authenticate was given and AZURE_OPENAI_API_KEY is not set.",
                        "Pass one of -ApiKey, -AccessToken, -Identity, -AzurePipelines, -AzureCli or -DefaultCredential, or set AZURE_OPENAI_API_KEY.");
                mode = AuthMode.ApiKey;
                settings.Secret = key.ToCharArray();
                notes.Add("The api key was read from AZURE_OPENAI_API_KEY.");
            }
            settings.AuthMode = mode.Value;

            if (request.ClientId != null && mode != AuthMode.ManagedIdentity && mode != AuthMode.AzurePipelines && mode != AuthMode.DefaultCredential)
                throw new ConnectionConfigurationException("ConnectionClientIdNotApplicable",
                    $"-ClientId applies to managed identity (-Identity), -AzurePipelines and -DefaultCredential, not to {mode}.",
                    "Remove -ClientId, or use -Identity -ClientId <id> for a user-assigned managed identity.");

            switch (mode.Value)
            {
                case AuthMode.ApiKey:
                    if (settings.Secret == null)
                    {
                        if (request.ApiKey == null || request.ApiKey.Length == 0)
                            throw new ConnectionConfigurationException("ConnectionApiKeyMissing", "The api key is empty.", "Pass -ApiKey (Read-Host -AsSecureString) or set AZURE_OPENAI_API_KEY.");
                        settings.Secret = request.ApiKey;
                    }
                    break;
                case AuthMode.AccessToken:
                    if (request.AccessToken == null || request.AccessToken.Length == 0)
                        throw new ConnectionConfigurationException("ConnectionAccessTokenMissing", "The access token is empty.",
                            "Pass -AccessToken (Get-AzAccessToken -ResourceUrl https://cognitiveservices.azure.com -AsSecureString).Token.");
                    settings.Secret = request.AccessToken;
                    break;
                case AuthMode.ManagedIdentity:
                case AuthMode.AzureCli:
                case AuthMode.DefaultCredential:
                    settings.ClientId = request.ClientId;
                    break;
                case AuthMode.AzurePipelines:
                    ReadPipelinesEnvironment(request, settings, environment, notes);
                    break;
            }
            var warning = normalized.Warning == null ? armWarning : armWarning == null ? normalized.Warning : normalized.Warning + " " + armWarning;
            return new ConnectionResolution(new RealtimeConnection(settings), notes, warning);
        }

        // The account names become ARM path segments: refuse what could walk the path before anything is sent.
        private static void CheckResourceNames(ConnectionRequest request)
        {
            try
            {
                if (!string.IsNullOrWhiteSpace(request.SubscriptionId)) ResourceNameRules.Subscription.Check(request.SubscriptionId);
                if (!string.IsNullOrWhiteSpace(request.ResourceGroupName)) ResourceNameRules.ResourceGroup.Check(request.ResourceGroupName);
                if (!string.IsNullOrWhiteSpace(request.AccountName)) ResourceNameRules.Account.Check(request.AccountName);
            }
            catch (ResourceNameException ex)
            {
                throw new ConnectionConfigurationException(ex.ErrorId, ex.Message,
                    "Give the bare names shown in the Azure portal (-SubscriptionId, -ResourceGroupName, -AccountName), or -ResourceId.");
            }
        }

        private static void ReadPipelinesEnvironment(ConnectionRequest request, RealtimeConnectionSettings settings, Func<string, string> environment, List<string> notes)
        {
            var serviceConnection = environment(PipelinesServiceConnectionVariable);
            var clientId = request.ClientId ?? environment(PipelinesClientIdVariable);
            var tenantId = environment(PipelinesTenantIdVariable);
            var systemToken = environment(PipelinesSystemAccessTokenVariable);
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(serviceConnection)) missing.Add(PipelinesServiceConnectionVariable);
            if (string.IsNullOrWhiteSpace(clientId)) missing.Add(PipelinesClientIdVariable);
            if (string.IsNullOrWhiteSpace(tenantId)) missing.Add(PipelinesTenantIdVariable);
            if (string.IsNullOrWhiteSpace(systemToken)) missing.Add(PipelinesSystemAccessTokenVariable);
            if (missing.Count > 0)
                throw new ConnectionConfigurationException("ConnectionPipelinesEnvironmentMissing",
                    $"-AzurePipelines needs the environment variables {string.Join(", ", missing)}, which are not set.",
                    "Run inside an AzureCLI@2 or AzurePowerShell@5 task whose service connection uses workload identity federation, and map the token into the step: env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }.");
            settings.ServiceConnectionId = serviceConnection;
            settings.ClientId = clientId;
            settings.TenantId = tenantId;
            settings.Secret = systemToken.ToCharArray();
            notes.Add($"Azure Pipelines workload identity: service connection {serviceConnection}, client {clientId}, tenant {tenantId}.");
        }
    }
}
