using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Cmdlets
{
    /// <summary>New-RealtimeClientSecret: mints an ephemeral client secret for a realtime or transcription session.</summary>
    [Cmdlet(VerbsCommon.New, "RealtimeClientSecret", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RealtimeClientSecret))]
    [OutputType(PlainTextTypeName)]
    public sealed class NewRealtimeClientSecretCommand : ClientSecretCmdlet
    {
        internal const string PlainTextTypeName = "RealtimeOps.Engine.ClientSecrets.RealtimeClientSecret#PlainText";

        internal override string ErrorPrefix => "ClientSecret";

        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        /// <summary>
        /// Sets a secret pipeline variable with this name (Azure DevOps) or a step output (GitHub Actions).
        /// Not -PipelineVariable: that name is a PowerShell common parameter.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PipelineVariableName { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (PipelineVariableName != null && !ContinuousIntegrationHost.IsValidVariableName(PipelineVariableName))
                ThrowTerminatingError(NewError("ClientSecretVariableNameInvalid", ErrorCategory.InvalidArgument, PipelineVariableName,
                    $"'{PipelineVariableName}' is not a valid pipeline variable name.",
                    "Use letters, digits, '_', '.' and '-', starting with a letter or '_'."));
        }

        protected override void ProcessRecord() => ForEachRequest(Mint);

        private void Mint(ClientSecretRequest request, System.Text.Json.Nodes.JsonObject body, Engine.Connection.RealtimeConnection connection, object? target)
        {
            var deployment = request.EffectiveDeployment();
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
