using System.IO;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Transcription;
using RealtimeOps.Engine.Transcription.Audio;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Test-RealtimeTranscription: opens a live realtime WebSocket session, sends speech and checks that a transcript
    /// comes back (a transcription-only session, or a conversation session with input transcription on).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RealtimeTranscription", DefaultParameterSetName = ParametersSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RealtimeTranscriptionResult))]
    public sealed class TestRealtimeTranscriptionCommand : SessionServiceCmdlet
    {
        private const string ParametersSet = "Parameters";

        /// <summary>A realtime deployment: the check opens a conversation session (?model=) with input transcription on.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RealtimeOps.Completers.DeploymentNameCompleter))]
        public string? Deployment { get; set; }

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RealtimeOps.Completers.DeploymentNameCompleter))]
        public string? TranscriptionDeployment { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        [Parameter]
        public string? Prompt { get; set; }

        /// <summary>A WAV file (16-bit PCM, mono or stereo, any common rate); the shipped speech sample when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AudioPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ExpectedText { get; set; }

        [Parameter]
        [ValidateSet("Fast", "RealTime", IgnoreCase = true)]
        public string Pace { get; set; } = "Fast";

        [Parameter]
        [ValidateRange(0.0, 10.0)]
        public double MaxWordErrorRate { get; set; } = LiveTranscriptionRequest.DefaultMaxWordErrorRate;

        /// <summary>Mint an ephemeral client secret first (as New-RealtimeClientSecret does) and connect with it.</summary>
        [Parameter]
        public SwitchParameter UseClientSecret { get; set; }

        /// <summary>Deployments piped from Get-RealtimeDeployment: how many accounts are checked at a time.</summary>
        [Parameter(ParameterSetName = SessionInputReader.InputObjectSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private readonly FleetDeploymentTranscriptions _fleet = new FleetDeploymentTranscriptions();
        private PcmAudio? _fleetAudio;
        private string? _fleetExpectedText;

        internal override SessionInputErrorIds InputErrorIds { get; } = new SessionInputErrorIds("TranscriptionSession");

        protected override void ProcessRecord()
        {
            RejectBlankName(Deployment, nameof(Deployment));
            RejectBlankName(TranscriptionDeployment, nameof(TranscriptionDeployment));
            if (!HasSessionInput)
            {
                Check(null, Deployment);
                return;
            }
            // A deployment object (Get-RealtimeDeployment, a fleet sweep) is checked on its own account; anything else is a session.
            foreach (var item in ReadSessions(value => value is RealtimeDeployment))
            {
                if (item.Error != null) WriteError(item.Error);
                else if (item.Other is RealtimeDeployment deployment) _fleet.Add(deployment);
                else Check(item.Document, item.Target);
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_fleet.Count > 0)
                    _fleet.Run(this, ResolveConnection(), GetClient, FleetRequest, ThrottleLimit);
            }
            finally { base.EndProcessing(); }
        }

        /// <summary>The check of one piped transcription deployment: a transcription session with it as the model; the audio is read once.</summary>
        private LiveTranscriptionRequest? FleetRequest(RealtimeDeployment deployment)
        {
            var target = $"{deployment.AccountResourceId}/deployments/{deployment.Name}";
            var request = BuildSessionRequest(null, target, null, deployment.Name);
            if (request == null) return null;
            if (_fleetAudio == null)
            {
                if (!LoadAudio(request)) return null;
                _fleetAudio = request.Audio;
                _fleetExpectedText = request.ExpectedText;
            }
            request.Audio = _fleetAudio;
            request.ExpectedText = _fleetExpectedText;
            if (UseClientSecret) AddMintRequest(request);
            return request;
        }

        private void AddMintRequest(LiveTranscriptionRequest request)
        {
            var mintSession = request.BuildSession(out _, out _);
            if (request.IsConversation) mintSession["model"] = request.Deployment;
            request.MintRequest = new ClientSecretRequest { SessionJson = new JsonObject { ["session"] = mintSession }.ToJsonString(), SessionSource = "Test-RealtimeTranscription" };
        }

        private void Check(SessionDocument? document, object? target)
        {
            var request = BuildRequest(document, target);
            if (request == null) return;
            var connection = ResolveConnection();
            if (UseClientSecret) AddMintRequest(request);
            var what = request.IsConversation
                ? $"Open a billable conversation session on deployment '{request.Deployment}' and send {request.Audio.DurationMs / 1000:0.0} s of audio for transcription"
                : $"Open a billable transcription session and send {request.Audio.DurationMs / 1000:0.0} s of audio to '{TranscriptionDeployment ?? "the configured transcription deployment"}'";
            if (!ShouldProcess(connection.Endpoint.ToString(), what)) return;

            var client = GetClient(connection);
            RealtimeTranscriptionResult result;
            try
            {
                result = RunEngine((observer, token) => LiveTranscription.RunAsync(client, request, observer, token));
            }
            catch (RealtimeServiceException ex)
            {
                WriteError(ServiceErrorRecord("Transcription", ex, target));
                return;
            }
            WriteObject(result);
        }

        private LiveTranscriptionRequest? BuildRequest(SessionDocument? document, object? target)
        {
            var request = BuildSessionRequest(document, target, Deployment, TranscriptionDeployment);
            return request != null && LoadAudio(request) ? request : null;
        }

        /// <summary>The request without its audio: the session (from the configuration and the parameters) and the limits.</summary>
        private LiveTranscriptionRequest? BuildSessionRequest(SessionDocument? document, object? target, string? deployment, string? transcriptionDeployment)
        {
            var problem = document == null ? null : SessionReader.Describe(document);
            if (problem != null)
            {
                WriteError(NewError("TranscriptionSessionInvalid", ErrorCategory.InvalidData, target, problem,
                    "Fix the session configuration (Test-TranscriptionConfig explains each field) and try again."));
                return null;
            }
            var secretRequest = new ClientSecretRequest
            {
                Deployment = deployment,
                SessionType = deployment == null ? RealtimeSessionType.Transcription : RealtimeSessionType.Realtime,
                TranscriptionModel = transcriptionDeployment,
                Language = Language,
                TranscriptionPrompt = Prompt,
                Session = document,
                SessionSource = document?.Source,
            };
            JsonObject? session;
            try
            {
                session = secretRequest.BuildBodyNode()["session"] as JsonObject;
            }
            catch (ArgumentException ex)
            {
                WriteError(NewError("TranscriptionSessionInvalid", ErrorCategory.InvalidData, target, ex.Message,
                    "Fix the session configuration (Test-TranscriptionConfig explains each field) and try again."));
                return null;
            }
            var request = new LiveTranscriptionRequest
            {
                Deployment = deployment,
                Session = session,
                Pace = string.Equals(Pace, "RealTime", StringComparison.OrdinalIgnoreCase) ? TranscriptionPace.RealTime : TranscriptionPace.Fast,
                TimeoutSec = TimeoutSec > 0 ? TimeoutSec : LiveTranscriptionRequest.DefaultTimeoutSec,
                MaxWordErrorRate = MaxWordErrorRate,
            };
            request.BuildSession(out var model, out _);
            if (model == null)
            {
                WriteError(NewError("TranscriptionDeploymentMissing", ErrorCategory.InvalidArgument, target,
                    "No transcription deployment was given: -TranscriptionDeployment is empty and the configuration has no audio.input.transcription.model.",
                    "Pass -TranscriptionDeployment <name of your gpt-4o-transcribe (or other transcription) deployment>; on Azure it must be a deployment name."));
                return null;
            }
            return request;
        }

        private bool LoadAudio(LiveTranscriptionRequest request)
        {
            if (AudioPath == null)
            {
                request.Audio = SampleAudio.Load();
                request.ExpectedText = ExpectedText ?? SampleAudio.Text;
                return true;
            }
            request.ExpectedText = ExpectedText;
            string resolved;
            try { resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(AudioPath); }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException || ex is PSInvalidOperationException)
            {
                WriteError(NewError("TranscriptionAudioFileNotFound", ErrorCategory.ObjectNotFound, AudioPath, $"Cannot find the audio file '{AudioPath}': {ex.Message}", "Pass the path of a WAV file."));
                return false;
            }
            try
            {
                using (var stream = File.OpenRead(resolved)) request.Audio = WavReader.Read(stream);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                WriteError(NewError("TranscriptionAudioFileNotFound", ErrorCategory.ObjectNotFound, resolved, $"The audio file '{resolved}' does not exist.", "Pass the path of a WAV file."));
                return false;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(NewError("TranscriptionAudioFileUnreadable", ErrorCategory.ReadError, resolved, $"The audio file '{resolved}' cannot be read: {ex.Message}", "Check the file's permissions and that no other program holds it."));
                return false;
            }
            catch (AudioFormatException ex)
            {
                WriteError(NewError(ex.ErrorId, ErrorCategory.InvalidData, resolved, $"'{resolved}': {ex.Message}", "Use a 16-bit PCM WAV file, mono or stereo."));
                return false;
            }
            if (request.Audio.DurationMs < LiveTranscriptionRequest.ChunkMilliseconds)
            {
                WriteError(NewError("TranscriptionAudioTooShort", ErrorCategory.InvalidData, resolved,
                    $"'{resolved}' holds {request.Audio.DurationMs:0} ms of audio; the service refuses a commit of less than 100 ms.", "Use a recording of one to a few seconds of speech."));
                return false;
            }
            return true;
        }
    }
}
