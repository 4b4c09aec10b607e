using System.Text.Json.Nodes;
using RealtimeOps.Completers;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// New-RealtimeClientSecret and Invoke-RealtimeProbe: the same client_secrets request, built from the session input and
    /// the convenience parameters declared here once, checked by the validator before anything is sent.
    /// </summary>
    public abstract class ClientSecretCmdlet : SessionServiceCmdlet
    {
        /// <summary>The parameter set without a session configuration: the convenience parameters alone.</summary>
        protected const string ParametersSet = "Parameters";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        public string? Deployment { get; set; }

        [Parameter]
        [ValidateSet("Realtime", "Transcription", IgnoreCase = true)]
        public string? SessionType { get; set; }

        [Parameter]
        public string? Instructions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TranscriptionModel { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        [Parameter]
        public string? TranscriptionPrompt { get; set; }

        [Parameter]
        [ValidateSet("None", "ServerVad", "SemanticVad", IgnoreCase = true)]
        public string? TurnDetection { get; set; }

        [Parameter]
        [ValidateSet("NearField", "FarField", IgnoreCase = true)]
        public string? NoiseReduction { get; set; }

        [Parameter]
        [ValidateSet("Audio", "Text", IgnoreCase = true)]
        public string? OutputModality { get; set; }

        [Parameter]
        [ValidateRange(ClientSecretRequest.MinExpiresInSeconds, ClientSecretRequest.MaxExpiresInSeconds)]
        public int ExpiresInSeconds { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ApiVersion { get; set; }

        /// <summary>Send the request even when the validator finds errors (the service then answers for itself).</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>The first word of this cmdlet's error ids: ClientSecret or Probe.</summary>
        internal abstract string ErrorPrefix { get; }

        internal override Runtime.SessionInputErrorIds InputErrorIds => new Runtime.SessionInputErrorIds(ErrorPrefix + "Session");

        /// <summary>
        /// Runs <paramref name="send"/> once per configuration of this ProcessRecord call (once with none for the
        /// Parameters set), with the request built, the deployment resolved and the body validated.
        /// </summary>
        private protected void ForEachRequest(Action<ClientSecretRequest, JsonObject, RealtimeConnection, object?> send)
        {
            RejectBlankName(Deployment, nameof(Deployment));
            if (!HasSessionInput)
            {
                Prepare(null, Deployment, send);
                return;
            }
            foreach (var item in ReadSessions())
            {
                if (item.Error != null) WriteError(item.Error);
                else Prepare(item.Document, item.Target, send);
            }
        }

        private void Prepare(SessionDocument? document, object? target, Action<ClientSecretRequest, JsonObject, RealtimeConnection, object?> send)
        {
            const string fix = "Fix the session configuration (Test-TranscriptionConfig explains each field) and try again.";
            var request = NewRequest(document);
            var problem = document == null ? null : Engine.Configuration.SessionReader.Describe(document);
            if (problem != null)
            {
                // Nothing can be sent for a configuration that does not parse, -SkipValidation or not.
                WriteError(NewError(ErrorPrefix + "SessionInvalid", ErrorCategory.InvalidData, target, problem, fix));
                return;
            }
            JsonObject body;
            RealtimeConnection connection;
            try
            {
                request.BuildBodyNode();
                connection = ResolveConnection();
                if (!request.ApplyDefaultDeployment(connection.Deployment))
                {
                    WriteError(NewError(ErrorPrefix + "DeploymentMissing", ErrorCategory.InvalidArgument, target,
                        "No deployment was given for the realtime session: -Deployment, session.model in the configuration and the connection's default are all empty.",
                        "Pass -Deployment <name of your gpt-realtime deployment>, or Connect-RealtimeOps -Deployment <name>."));
                    return;
                }
                body = request.BuildBodyNode();
            }
            catch (ArgumentException ex)
            {
                WriteError(NewError(ErrorPrefix + "SessionInvalid", ErrorCategory.InvalidData, target, ex.Message, fix));
                return;
            }
            if (!SkipValidation)
            {
                var findings = new ConfigurationRequestValidator().Validate(body, request.SessionSource);
                foreach (var f in findings.Where(f => !RequestValidation.IsError(f))) WriteWarning(RequestValidation.Describe(f));
                var errors = findings.Where(RequestValidation.IsError).Select(RequestValidation.Describe).ToList();
                if (errors.Count > 0)
                {
                    WriteError(NewError(ErrorPrefix + "ConfigurationInvalid", ErrorCategory.InvalidData, target,
                        $"The session configuration has {errors.Count} error(s); nothing was sent:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
                        "Fix the errors listed, or pass -SkipValidation to send the request as it is."));
                    return;
                }
            }
            send(request, body, connection, target ?? request.Deployment);
        }

        private ClientSecretRequest NewRequest(SessionDocument? document)
        {
            var request = new ClientSecretRequest
            {
                Deployment = Deployment,
                Instructions = Instructions,
                Voice = Voice,
                TranscriptionModel = TranscriptionModel,
                Language = Language,
                TranscriptionPrompt = TranscriptionPrompt,
                ApiVersion = ApiVersion,
                ExpiresInSeconds = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresInSeconds)) ? ExpiresInSeconds : (int?)null,
                Session = document,
                SessionSource = document?.Source,
            };
            if (SessionType != null) request.SessionType = (RealtimeSessionType)Enum.Parse(typeof(RealtimeSessionType), SessionType, true);
            if (TurnDetection != null) request.TurnDetection = (TurnDetectionMode)Enum.Parse(typeof(TurnDetectionMode), TurnDetection, true);
            if (NoiseReduction != null) request.NoiseReduction = NoiseReduction.Equals("NearField", StringComparison.OrdinalIgnoreCase) ? "near_field" : "far_field";
            if (OutputModality != null) request.OutputModality = OutputModality.ToLowerInvariant();
            return request;
        }
    }
}
