using System;
using System.IO;
using System.Management.Automation;
using RealtimeOps.Conversion;
using RealtimeOps.Engine.ClientSecrets;

namespace RealtimeOps.Runtime
{
    /// <summary>Why the session configuration of a client_secrets request could not be read.</summary>
    internal enum SessionInputFailure
    {
        FileNotFound,
        FileUnreadable,
    }

    /// <summary>
    /// A session configuration that could not be read. Each cmdlet turns it into an ErrorRecord with its own id
    /// (for example ClientSecretSessionFileNotFound or ProbeSessionFileNotFound).
    /// </summary>
    internal sealed class SessionInputError
    {
        public SessionInputError(SessionInputFailure failure, object? target, string message, string recommendedAction)
        {
            Failure = failure;
            Target = target;
            Message = message;
            RecommendedAction = recommendedAction;
        }

        public SessionInputFailure Failure { get; }
        public object? Target { get; }
        public string Message { get; }
        public string RecommendedAction { get; }
        public ErrorCategory Category => Failure == SessionInputFailure.FileUnreadable ? ErrorCategory.ReadError : ErrorCategory.ObjectNotFound;
    }

    /// <summary>
    /// Builds the ClientSecretRequest that New-RealtimeClientSecret and Invoke-RealtimeProbe send, from their
    /// convenience parameters and a session given by -Path, -Json or -InputObject (file, JSON text, path, hashtable
    /// or PSCustomObject). Takes plain values, so both cmdlets bind the same way and keep their own error ids.
    /// </summary>
    internal sealed class ClientSecretRequestBinder
    {
        public const string ParametersSet = "Parameters";
        public const string PathSet = "Path";
        public const string JsonSet = "Json";
        public const string InputObjectSet = "InputObject";

        private readonly string _commandName;
        private readonly Func<string, string> _resolveProviderPath;

        /// <param name="commandName">The cmdlet's name, for the recommended action of a missing file.</param>
        /// <param name="resolveProviderPath">Resolves a PowerShell path to a file-system path (SessionState.Path).</param>
        public ClientSecretRequestBinder(string commandName, Func<string, string> resolveProviderPath)
        {
            _commandName = commandName;
            _resolveProviderPath = resolveProviderPath;
        }

        public string? Deployment { get; set; }
        public string? SessionType { get; set; }
        public string? Instructions { get; set; }
        public string? Voice { get; set; }
        public string? TranscriptionModel { get; set; }
        public string? Language { get; set; }
        public string? TranscriptionPrompt { get; set; }
        public string? TurnDetection { get; set; }
        public string? NoiseReduction { get; set; }
        public string? OutputModality { get; set; }
        /// <summary>Null when -ExpiresInSeconds was not bound.</summary>
        public int? ExpiresInSeconds { get; set; }
        public string? ApiVersion { get; set; }

        /// <summary>The SessionSource recorded for -Json (null leaves it unset).</summary>
        public string? JsonSource { get; set; }

        /// <summary>
        /// The request for the given parameter set, or null with <paramref name="error"/> set. <paramref name="target"/>
        /// is what error records about the request should name: the deployment, the resolved file or the input object.
        /// </summary>
        public ClientSecretRequest? Bind(string parameterSetName, string? path, string? json, object? inputObject, out object? target, out SessionInputError? error)
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
                ExpiresInSeconds = ExpiresInSeconds,
            };
            if (SessionType != null) request.SessionType = (RealtimeSessionType)Enum.Parse(typeof(RealtimeSessionType), SessionType, true);
            if (TurnDetection != null) request.TurnDetection = (TurnDetectionMode)Enum.Parse(typeof(TurnDetectionMode), TurnDetection, true);
            if (NoiseReduction != null) request.NoiseReduction = NoiseReduction.Equals("NearField", StringComparison.OrdinalIgnoreCase) ? "near_field" : "far_field";
            if (OutputModality != null) request.OutputModality = OutputModality.ToLowerInvariant();
            target = Deployment;
            error = null;

            switch (parameterSetName)
            {
                case PathSet:
                    return ReadFile(request, path!, ref target, out error); // -Path is mandatory in this parameter set
                case JsonSet:
                    request.SessionJson = json;
                    if (JsonSource != null) request.SessionSource = JsonSource;
                    return request;
                case InputObjectSet:
                    var value = inputObject is PSObject pso ? pso.BaseObject : inputObject;
                    if (value is FileInfo file) return ReadFile(request, file.FullName, ref target, out error);
                    if (value is string text)
                    {
                        if (text.TrimStart().StartsWith("{", StringComparison.Ordinal)) { request.SessionJson = text; return request; }
                        return ReadFile(request, text, ref target, out error);
                    }
                    request.SessionJson = SessionJson.FromObject(PSObjectGraph.ToPlain(inputObject));
                    request.SessionSource = "-InputObject";
                    target = inputObject;
                    return request;
                default:
                    return request;
            }
        }

        /// <summary>
        /// Fills in the connection's default deployment. False when a realtime session is still left without one
        /// (the message for that case is <see cref="DeploymentMissingMessage"/>).
        /// </summary>
        public static bool TryApplyDeployment(ClientSecretRequest request, string? connectionDeployment, out string? deployment)
        {
            deployment = request.EffectiveDeployment() ?? connectionDeployment;
            if (deployment != null && request.Deployment == null) request.Deployment = deployment;
            return deployment != null || request.EffectiveSessionType() != RealtimeSessionType.Realtime;
        }

        public const string DeploymentMissingMessage =
            "No deployment was given for the realtime session: -Deployment, session.model in the configuration and the connection's default are all empty.";

        public const string DeploymentMissingAction =
            "Pass -Deployment <name of your gpt-realtime deployment>, or Connect-RealtimeOps -Deployment <name>.";

        private ClientSecretRequest? ReadFile(ClientSecretRequest request, string path, ref object? target, out SessionInputError? error)
        {
            error = null;
            string resolved;
            try
            {
                resolved = _resolveProviderPath(path);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException)
            {
                error = new SessionInputError(SessionInputFailure.FileNotFound, path, $"'{path}' is not a file-system path: {ex.Message}", "Give the path of a JSON session configuration.");
                return null;
            }
            target = resolved;
            if (!File.Exists(resolved))
            {
                error = new SessionInputError(SessionInputFailure.FileNotFound, resolved,
                    $"The session configuration file '{resolved}' does not exist.", $"Check the path; Get-ChildItem *.json | {_commandName} takes files from the pipeline.");
                return null;
            }
            try
            {
                request.SessionJson = File.ReadAllText(resolved);
                request.SessionSource = resolved;
                return request;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                error = new SessionInputError(SessionInputFailure.FileUnreadable, resolved, $"'{resolved}' could not be read: {ex.Message}", "Check the file's permissions.");
                return null;
            }
        }
    }
}
