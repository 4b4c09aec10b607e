using System.Security;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// What every networked RealtimeOps cmdlet shares: the connection parameters (or -Context), the
    /// runspace's connection and exchange log. Engine work runs through the base class's output pump.
    /// </summary>
    public abstract class RealtimeServiceCmdlet : RealtimeOpsCmdlet
    {
        /// <summary>A connection from Connect-RealtimeOps -PassThru or Get-RealtimeOpsContext.</summary>
        [Parameter]
        [ValidateNotNull]
        public RealtimeConnection? Context { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Endpoint { get; set; }

        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        [ValidateNotNull]
        public SecureString? AccessToken { get; set; }

        [Parameter]
        [Alias("ManagedIdentity")]
        public SwitchParameter Identity { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        [Parameter]
        public SwitchParameter AzurePipelines { get; set; }

        [Parameter]
        public SwitchParameter AzureCli { get; set; }

        [Parameter]
        public SwitchParameter DefaultCredential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TokenScope { get; set; }

        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; } = -1;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = -1;

        private RealtimeConnection? _resolved;

        /// <summary>This runspace's connection and exchanges.</summary>
        internal static ClientContext RunspaceContext => RunspaceContexts.Current;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _resolved = null;
        }

        /// <summary>The connection this call uses; a terminating error when there is none.</summary>
        protected RealtimeConnection ResolveConnection()
        {
            if (_resolved != null) return _resolved;
            var modes = new List<AuthMode>();
            if (ApiKey != null) modes.Add(AuthMode.ApiKey);
            if (AccessToken != null) modes.Add(AuthMode.AccessToken);
            if (Identity.IsPresent) modes.Add(AuthMode.ManagedIdentity);
            if (AzurePipelines.IsPresent) modes.Add(AuthMode.AzurePipelines);
            if (AzureCli.IsPresent) modes.Add(AuthMode.AzureCli);
            if (DefaultCredential.IsPresent) modes.Add(AuthMode.DefaultCredential);
            if (modes.Count > 1)
                ThrowTerminatingError(NewError("ConnectionAuthenticationAmbiguous", ErrorCategory.InvalidArgument, string.Join(", ", modes),
                    $"Only one way to authenticate can be used, but {string.Join(" and ", modes)} were given.",
                    "Pass exactly one of -ApiKey, -AccessToken, -Identity, -AzurePipelines, -AzureCli, -DefaultCredential."));

            var direct = modes.Count > 0 || Endpoint != null || ClientId != null || TokenScope != null;
            if (Context != null && direct)
                ThrowTerminatingError(NewError("ConnectionParametersConflict", ErrorCategory.InvalidArgument, Context,
                    "-Context cannot be combined with -Endpoint or authentication parameters.",
                    "Pass either -Context, or -Endpoint with one authentication parameter."));

            var current = RunspaceContext.Current;
            RealtimeConnection? connection = Context;
            if (connection == null && !direct) connection = current;
            if (connection == null)
            {
                connection = CreateConnection(new ConnectionRequest
                {
                    // With only an authentication parameter, the connected endpoint is kept.
                    Endpoint = Endpoint ?? (modes.Count > 0 ? current?.Endpoint.ToString() : null),
                    AuthMode = modes.Count == 1 ? modes[0] : (AuthMode?)null,
                    ApiKey = RealtimeConnection.ToChars(ApiKey),
                    AccessToken = RealtimeConnection.ToChars(AccessToken),
                    ClientId = ClientId,
                    TokenScope = TokenScope,
                    Deployment = current?.Deployment,
                }, notConnectedHint: !direct);
            }
            connection = connection.WithLimits(MaxRetries >= 0 ? MaxRetries : (int?)null, TimeoutSec > 0 ? TimeoutSec : (int?)null);
            _resolved = connection;
            return connection;
        }

        /// <summary>Builds a connection from a request, writing its notes (verbose) and warning; terminating error when it cannot work.</summary>
        internal RealtimeConnection CreateConnection(ConnectionRequest request, bool notConnectedHint = false)
        {
            ConnectionResolution? resolution = null;
            try
            {
                resolution = ConnectionFactory.Create(request, Environment.GetEnvironmentVariable);
            }
            catch (ConnectionConfigurationException ex)
            {
                var action = notConnectedHint && (ex.ErrorId == "ConnectionEndpointMissing" || ex.ErrorId == "ConnectionAuthenticationMissing")
                    ? "Run Connect-RealtimeOps first, pass -Endpoint with an authentication parameter, or set AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY."
                    : ex.RecommendedAction;
                ThrowTerminatingError(NewError(ex.ErrorId, ErrorCategory.InvalidArgument, EndpointNormalizer.SafeDisplay(request.Endpoint), ex.Message, action));
            }
            // ThrowTerminatingError above does not return, so the resolution is set here.
            foreach (var note in resolution!.Notes) WriteVerbose(note);
            if (resolution.Warning != null) WriteWarning(resolution.Warning);
            return resolution.Connection;
        }

        /// <summary>The client for a connection, recording into this runspace's exchanges.</summary>
        internal RealtimeServiceClient GetClient(RealtimeConnection connection) =>
            RunspaceContext.GetClient(connection, RunspaceContexts.PowerShellVersion(this));

        /// <summary>
        /// An ErrorRecord for a service failure: id &lt;prefix&gt;&lt;cause&gt; (ClientSecretThrottled...), the category
        /// for the cause, the service exception itself (ApimRequestId, Status, ErrorCode, Param), a fix.
        /// </summary>
        protected internal static ErrorRecord ServiceErrorRecord(string prefix, RealtimeServiceException ex, object? target)
        {
            var record = new ErrorRecord(ex, prefix + ErrorIdSuffix(ex.Kind), Category(ex.Kind), target);
            var message = ex.Message;
            if (ex.ApimRequestId == null && message.IndexOf("apim-request-id", StringComparison.OrdinalIgnoreCase) < 0)
                message += " No apim-request-id: no response arrived from the service.";
            else if (ex.ApimRequestId != null && message.IndexOf(ex.ApimRequestId, StringComparison.Ordinal) < 0)
                message += $" (apim-request-id {ex.ApimRequestId})";
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        internal static string ErrorIdSuffix(RealtimeServiceErrorKind kind)
        {
            switch (kind)
            {
                case RealtimeServiceErrorKind.Network: return "NetworkError";
                default: return kind.ToString();
            }
        }

        internal static ErrorCategory Category(RealtimeServiceErrorKind kind)
        {
            switch (kind)
            {
                case RealtimeServiceErrorKind.InvalidRequest: return ErrorCategory.InvalidArgument;
                case RealtimeServiceErrorKind.NoResourceManagerCredential:
                case RealtimeServiceErrorKind.Unauthorized: return ErrorCategory.AuthenticationError;
                case RealtimeServiceErrorKind.Forbidden: return ErrorCategory.PermissionDenied;
                case RealtimeServiceErrorKind.DeploymentNotFound:
                case RealtimeServiceErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case RealtimeServiceErrorKind.Throttled: return ErrorCategory.LimitsExceeded;
                case RealtimeServiceErrorKind.ServiceError: return ErrorCategory.ResourceUnavailable;
                case RealtimeServiceErrorKind.Network: return ErrorCategory.ConnectionError;
                case RealtimeServiceErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case RealtimeServiceErrorKind.Cancelled: return ErrorCategory.OperationStopped;
                default: return ErrorCategory.InvalidData;
            }
        }
    }
}
