using System.Security;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Connect-RealtimeOps: remembers an endpoint and a way to authenticate for this runspace.</summary>
    [Cmdlet(VerbsCommunications.Connect, "RealtimeOps", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(RealtimeConnection))]
    public sealed class ConnectRealtimeOpsCommand : RealtimeOpsCmdlet
    {
        private const string EnvironmentSet = "Environment";
        private const string ApiKeySet = "ApiKey";
        private const string AccessTokenSet = "AccessToken";
        private const string IdentitySet = "ManagedIdentity";
        private const string PipelinesSet = "AzurePipelines";
        private const string CliSet = "AzureCli";
        private const string DefaultSet = "DefaultCredential";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Endpoint { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdentitySet)]
        [Alias("ManagedIdentity")]
        public SwitchParameter Identity { get; set; }

        [Parameter(ParameterSetName = IdentitySet)]
        [Parameter(ParameterSetName = PipelinesSet)]
        [Parameter(ParameterSetName = DefaultSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PipelinesSet)]
        public SwitchParameter AzurePipelines { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CliSet)]
        public SwitchParameter AzureCli { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
        public SwitchParameter DefaultCredential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TokenScope { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RealtimeOps.Completers.DeploymentNameCompleter))]
        public string? Deployment { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ResourceName")]
        [ValidateNotNullOrEmpty]
        public string? AccountName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceManagerEndpoint { get; set; }

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = RealtimeConnection.DefaultMaxRetries;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = RealtimeConnection.DefaultTimeoutSec;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            AuthMode? mode = null;
            switch (ParameterSetName)
            {
                case ApiKeySet: mode = AuthMode.ApiKey; break;
                case AccessTokenSet: mode = AuthMode.AccessToken; break;
                case IdentitySet: mode = AuthMode.ManagedIdentity; break;
                case PipelinesSet: mode = AuthMode.AzurePipelines; break;
                case CliSet: mode = AuthMode.AzureCli; break;
                case DefaultSet: mode = AuthMode.DefaultCredential; break;
            }
            ConnectionResolution? resolution = null;
            try
            {
                resolution = ConnectionFactory.Create(new ConnectionRequest
                {
                    Endpoint = Endpoint,
                    AuthMode = mode,
                    ApiKey = RealtimeConnection.ToChars(ApiKey),
                    AccessToken = RealtimeConnection.ToChars(AccessToken),
                    ClientId = ClientId,
                    TokenScope = TokenScope,
                    Deployment = Deployment,
                    SubscriptionId = SubscriptionId,
                    ResourceGroupName = ResourceGroupName,
                    AccountName = AccountName,
                    ResourceManagerEndpoint = ResourceManagerEndpoint,
                    MaxRetries = MaxRetries,
                    TimeoutSec = TimeoutSec,
                }, System.Environment.GetEnvironmentVariable);
            }
            catch (ConnectionConfigurationException ex)
            {
                ThrowTerminatingError(NewError(ex.ErrorId, ErrorCategory.InvalidArgument, EndpointNormalizer.SafeDisplay(Endpoint), ex.Message, ex.RecommendedAction));
            }
            // ThrowTerminatingError above does not return, so the resolution is set here.
            foreach (var note in resolution!.Notes) WriteVerbose(note);
            // Before anything is stored or sent: the user sees where the key would go.
            if (resolution.Warning != null) WriteWarning(resolution.Warning);

            var connection = resolution.Connection;
            var context = RealtimeServiceCmdlet.RunspaceContext;
            try
            {
                context.GetClient(connection, Runtime.RunspaceContexts.PowerShellVersion(this)).Prepare();
            }
            catch (RealtimeServiceException ex)
            {
                ThrowTerminatingError(NewError("ConnectionCredentialUnavailable", ErrorCategory.AuthenticationError, EndpointNormalizer.SafeDisplay(Endpoint), ex.Message, ex.RecommendedAction));
            }
            context.Current = connection;
            WriteVerbose($"Connected to {connection.Endpoint} with {connection.AuthMode}. Nothing was sent yet: the first command checks the credential.");
            if (PassThru) WriteObject(connection);
        }
    }
}
