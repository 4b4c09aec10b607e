using System;
using System.Linq;
using System.Management.Automation;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>New-RealtimeClientSecret: mints an ephemeral client secret for a realtime or transcription session.</summary>
    [Cmdlet(VerbsCommon.New, "RealtimeClientSecret", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RealtimeClientSecret))]
    [OutputType(PlainTextTypeName)]
    public sealed class NewRealtimeClientSecretCommand : RealtimeServiceCmdlet
    {
        private const string ParametersSet = ClientSecretRequestBinder.ParametersSet;
        private const string PathSet = ClientSecretRequestBinder.PathSet;
        private const string JsonSet = ClientSecretRequestBinder.JsonSet;
        private const string InputObjectSet = ClientSecretRequestBinder.InputObjectSet;
        internal const string PlainTextTypeName = "RealtimeOps.Engine.ClientSecrets.RealtimeClientSecret#PlainText";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RealtimeOps.Completers.DeploymentNameCompleter))]
        public string Deployment { get; set; }

        [Parameter]
        [ValidateSet("Realtime", "Transcription", IgnoreCase = true)]
        public string SessionType { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        [ValidateNotNullOrEmpty]
        public string Json { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object InputObject { get; set; }

        [Parameter]
        public string Instructions { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string TranscriptionModel { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Language { get; set; }

        [Parameter]
        public string TranscriptionPrompt { get; set; }

        [Parameter]
        [ValidateSet("None", "ServerVad", "SemanticVad", IgnoreCase = true)]
        public string TurnDetection { get; set; }

        [Parameter]
        [ValidateSet("NearField", "FarField", IgnoreCase = true)]
        public string NoiseReduction { get; set; }

        [Parameter]
        [ValidateSet("Audio", "Text", IgnoreCase = true)]
        public string OutputModality { get; set; }

        [Parameter]
        [ValidateRange(ClientSecretRequest.MinExpiresInSeconds, ClientSecretRequest.MaxExpiresInSeconds)]
        public int ExpiresInSeconds { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ApiVersion { get; set; }

        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <summary>
        /// Sets a secret pipeline variable with this name (Azure DevOps) or a step output (GitHub Actions).
        /// Not -PipelineVariable: that name is a PowerShell common parameter.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string PipelineVariableName { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (PipelineVariableName != null && !ContinuousIntegrationHost.IsValidVariableName(PipelineVariableName))
                ThrowTerminatingError(NewError("ClientSecretVariableNameInvalid", ErrorCategory.InvalidArgument, PipelineVariableName,
                    $"'{PipelineVariableName}' is not a valid pipeline variable name.",
                    "Use letters, digits, '_', '.' and '-', starting with a letter or '_'."));
        }

        protected override void ProcessRecord()
        {
            var request = BuildRequest(out var target);
            if (request == null) return;

            string body;
            try
            {
                body = request.BuildBody();
            }
            catch (ArgumentException ex)
            {
                WriteError(NewError("ClientSecretSessionInvalid", ErrorCategory.InvalidData, target, ex.Message,
                    "Fix the session configuration (Test-TranscriptionConfig explains each field) and try again."));
                return;
            }

            var connection = ResolveConnection();
            if (!ClientSecretRequestBinder.TryApplyDeployment(request, connection.Deployment, out var deployment))
            {
                WriteError(NewError("ClientSecretDeploymentMissing", ErrorCategory.InvalidArgument, target,
                    ClientSecretRequestBinder.DeploymentMissingMessage, ClientSecretRequestBinder.DeploymentMissingAction));
                return;
            }
            body = request.BuildBody();

            if (!SkipValidation)
            {
                if (!RequestValidation.IsAvailable)
                {
                    WriteVerbose("Configuration validation is not available in this build; the request is sent unchecked.");
                }
                else
                {
                    var findings = RequestValidation.Current.Validate(body, request.SessionSource);
                    foreach (var f in findings.Where(f => !RequestValidation.IsError(f))) WriteWarning(RequestValidation.Describe(f));
                    var errors = findings.Where(RequestValidation.IsError).Select(RequestValidation.Describe).ToList();
                    if (errors.Count > 0)
                    {
                        WriteError(NewError("ClientSecretConfigurationInvalid", ErrorCategory.InvalidData, target,
                            $"The session configuration has {errors.Count} error(s); nothing was sent:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
                            "Fix the errors listed, or pass -SkipValidation to send the request as it is."));
                        return;
                    }
                }
            }

            var expiry = request.ExpiresInSeconds.HasValue ? $", expiring after {request.ExpiresInSeconds} s" : "";
            if (!ShouldProcess(connection.Endpoint.ToString(), $"Mint a client secret for {(request.EffectiveSessionType() == RealtimeSessionType.Transcription ? "a transcription session" : $"deployment '{deployment}'")}{expiry}"))
                return;

            var client = GetClient(connection);
            RealtimeClientSecret secret;
            try
            {
                secret = RunEngine((observer, token) => client.CreateClientSecretAsync(request, observer, token));
            }
            catch (RealtimeServiceException ex)
            {
                WriteError(ServiceErrorRecord("ClientSecret", ex, target ?? deployment));
                return;
            }

            PublishToCiHost(secret);
            if (AsPlainText) WriteObject(ToPlainText(secret));
            else WriteObject(secret);
        }

        private ClientSecretRequest BuildRequest(out object target)
        {
            var binder = new ClientSecretRequestBinder("New-RealtimeClientSecret", SessionState.Path.GetUnresolvedProviderPathFromPSPath)
            {
                Deployment = Deployment,
                SessionType = SessionType,
                Instructions = Instructions,
                Voice = Voice,
                TranscriptionModel = TranscriptionModel,
                Language = Language,
                TranscriptionPrompt = TranscriptionPrompt,
                TurnDetection = TurnDetection,
                NoiseReduction = NoiseReduction,
                OutputModality = OutputModality,
                ExpiresInSeconds = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresInSeconds)) ? ExpiresInSeconds : (int?)null,
                ApiVersion = ApiVersion,
            };
            var request = binder.Bind(ParameterSetName, Path, Json, InputObject, out target, out var error);
            if (error != null)
                WriteError(NewError(error.Failure == SessionInputFailure.FileUnreadable ? "ClientSecretSessionFileUnreadable" : "ClientSecretSessionFileNotFound",
                    error.Category, error.Target, error.Message, error.RecommendedAction));
            return request;
        }

        // The value is masked by the CI host before it can be printed anywhere (output, verbose, errors).
        private void PublishToCiHost(RealtimeClientSecret secret)
        {
            var ci = new ContinuousIntegrationHost();
            if (!ci.IsContinuousIntegration)
            {
                if (PipelineVariableName != null)
                    WriteWarning($"-PipelineVariableName '{PipelineVariableName}' was ignored: this is neither Azure Pipelines (TF_BUILD) nor GitHub Actions (GITHUB_ACTIONS).");
                return;
            }
            var value = secret.GetPlainTextValue();
            foreach (var line in ci.MaskCommands(value)) WriteHostLine(line);
            if (PipelineVariableName == null) return;
            var setVariable = ci.SecretVariableCommand(PipelineVariableName, value);
            if (setVariable != null)
            {
                WriteHostLine(setVariable);
                WriteVerbose($"Set the secret pipeline variable '{PipelineVariableName}'.");
            }
            var file = ci.WriteGitHubOutput(PipelineVariableName, value);
            if (file != null) WriteVerbose($"Wrote the step output '{PipelineVariableName}' (masked) to GITHUB_OUTPUT.");
        }

        private void WriteHostLine(string line)
        {
            // Logging commands must reach the agent's standard output, not a PowerShell stream.
            if (Host?.UI != null) Host.UI.WriteLine(line);
            else Console.Out.WriteLine(line);
        }

        private static PSObject ToPlainText(RealtimeClientSecret secret)
        {
            var o = new PSObject();
            o.TypeNames.Insert(0, PlainTextTypeName);
            o.Properties.Add(new PSNoteProperty("Value", secret.GetPlainTextValue()));
            o.Properties.Add(new PSNoteProperty("ExpiresAt", secret.ExpiresAt));
            o.Properties.Add(new PSNoteProperty("SessionId", secret.SessionId));
            o.Properties.Add(new PSNoteProperty("SessionType", secret.SessionType));
            o.Properties.Add(new PSNoteProperty("Deployment", secret.Deployment));
            o.Properties.Add(new PSNoteProperty("Endpoint", secret.Endpoint));
            o.Properties.Add(new PSNoteProperty("RequestId", secret.RequestId));
            o.Properties.Add(new PSNoteProperty("Region", secret.Region));
            o.Properties.Add(new PSNoteProperty("Protocol", secret.Protocol));
            o.Properties.Add(new PSNoteProperty("ClientRequestId", secret.ClientRequestId));
            o.Properties.Add(new PSNoteProperty("ProtocolNote", secret.ProtocolNote));
            return o;
        }
    }
}
