using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// POST /openai/v1/realtime/client_secrets (GA) and POST /openai/realtimeapi/sessions (old preview),
    /// with the fault scenarios applied (Microsoft Learn: WebRTC, migration and error pages).
    /// </summary>
    public sealed class DataPlaneEndpoints
    {
        private static readonly Regex DatedApiVersion = new Regex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.CultureInvariant);
        private static readonly Regex DatedPreviewApiVersion = new Regex(@"^\d{4}-\d{2}-\d{2}-preview$", RegexOptions.CultureInvariant);

        private const int DefaultGaExpirySeconds = 600;
        private const int PreviewExpirySeconds = 60;

        private readonly EmulatorState _state;
        private readonly FaultInjector _faults;

        public DataPlaneEndpoints(EmulatorState state, FaultInjector faults)
        {
            _state = state;
            _faults = faults;
        }

        // ---- GA ---------------------------------------------------------------------------------

        public async Task ClientSecretsAsync(HttpContext context)
        {
            var scenario = _state.Scenario;
            if (await TryInjectFaultAsync(context, scenario)) return;
            if (await RejectUnauthenticatedAsync(context)) return;

            var apiVersion = context.Request.Query["api-version"].ToString();
            if (context.Request.Query.ContainsKey("api-version") && apiVersion != "v1" && apiVersion != "preview")
            {
                if (DatedApiVersion.IsMatch(apiVersion))
                {
                    // MS-migrate: GA URLs must not carry a dated api-version, and the service answers 401.
                    await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401",
                        $"The api-version '{apiVersion}' is a preview (dated) version, which GA /openai/v1 URLs must not carry. Omit api-version or use 'v1' or 'preview'."));
                }
                else
                {
                    await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.InvalidValue("api-version",
                        $"Invalid value for 'api-version': '{apiVersion}'. Supported values are: 'v1' and 'preview'."));
                }
                return;
            }

            var (body, parseError) = await ReadJsonBodyAsync(context);
            if (parseError != null) { await ServiceResponses.WriteJsonAsync(context, 400, parseError); return; }

            var outcome = ValidateGa(body);
            if (outcome.Error != null) { await ServiceResponses.WriteJsonAsync(context, outcome.Status, outcome.Error); return; }

            if (scenario.Name == FaultScenario.Transcription500 && outcome.TranscriptionOn)
            {
                await ServiceResponses.WriteJsonAsync(context, 500, ServiceResponses.ServerError());
                return;
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var secret = "ek_" + CredentialStore.RandomHex(16);
            _state.Credentials.AddEphemeral(secret);
            if (scenario.Name == FaultScenario.PreviewResponse)
            {
                await ServiceResponses.WriteJsonAsync(context, 200, new JsonObject
                {
                    ["id"] = NewSessionId(),
                    ["object"] = "realtime.session",
                    ["model"] = outcome.Model,
                    ["client_secret"] = new JsonObject { ["value"] = secret, ["expires_at"] = now + PreviewExpirySeconds },
                });
                return;
            }

            var session = EffectiveGaSession(outcome);
            await ServiceResponses.WriteJsonAsync(context, 200, new JsonObject
            {
                ["value"] = secret,
                ["expires_at"] = now + outcome.ExpirySeconds,
                ["session"] = session,
            });
        }

        private sealed class GaOutcome
        {
            public int Status = 400;
            public JsonObject Error;
            public string SessionType;
            public string Model;
            public bool TranscriptionOn;
            public int ExpirySeconds = DefaultGaExpirySeconds;
            public JsonObject Session;

            public static GaOutcome Fail(JsonObject error, int status = 400) => new GaOutcome { Error = error, Status = status };
        }

        private GaOutcome ValidateGa(JsonNode body)
        {
            if (body is not JsonObject root) return GaOutcome.Fail(ServiceResponses.InvalidRequest("The request body must be a JSON object.", null, "invalid_type"));

            foreach (var property in root)
                if (!SessionShapes.ClientSecretTopLevel.Contains(property.Key, StringComparer.Ordinal))
                    return GaOutcome.Fail(ServiceResponses.UnknownParameter(property.Key));

            var expiresAfter = root["expires_after"];
            var unknown = SessionShapes.ExpiresAfter.FindUnknown(expiresAfter, "expires_after");
            if (unknown != null) return GaOutcome.Fail(ServiceResponses.UnknownParameter(unknown));

            var sessionNode = root["session"];
            if (sessionNode == null) return GaOutcome.Fail(ServiceResponses.MissingParameter("session"));
            if (sessionNode is not JsonObject session) return GaOutcome.Fail(ServiceResponses.InvalidType("session", "an object"));

            var type = StringOf(session["type"]);
            // A session without a (valid) type is checked against the realtime shape, so the commonest mistake,
            // a beta field in a GA request, is named as the unknown parameter it is.
            var shape = type == "transcription" ? SessionShapes.TranscriptionSession : SessionShapes.RealtimeSession;
            unknown = shape.FindUnknown(session, "session");
            if (unknown != null) return GaOutcome.Fail(ServiceResponses.UnknownParameter(unknown));

            if (!session.ContainsKey("type") || session["type"] == null) return GaOutcome.Fail(ServiceResponses.MissingParameter("session.type"));
            if (type != "realtime" && type != "transcription")
                return GaOutcome.Fail(ServiceResponses.InvalidValue("session.type",
                    $"Invalid value: {ServiceResponses.Quote(session["type"])}. Supported values are: 'realtime' and 'transcription'."));

            var outcome = new GaOutcome { SessionType = type, Session = session };

            if (expiresAfter != null)
            {
                if (expiresAfter is not JsonObject expiry) return GaOutcome.Fail(ServiceResponses.InvalidType("expires_after", "an object"));
                if (expiry.ContainsKey("anchor") && StringOf(expiry["anchor"]) != "created_at")
                    return GaOutcome.Fail(ServiceResponses.InvalidValue("expires_after.anchor",
                        $"Invalid value: {ServiceResponses.Quote(expiry["anchor"])}. Supported values are: 'created_at'."));
                if (expiry.ContainsKey("seconds"))
                {
                    if (!TryInteger(expiry["seconds"], out var seconds) || seconds < 10 || seconds > 7200)
                        return GaOutcome.Fail(ServiceResponses.InvalidValue("expires_after.seconds",
                            $"Invalid 'expires_after.seconds': {ServiceResponses.Quote(expiry["seconds"])}. Expected an integer between 10 and 7200."));
                    outcome.ExpirySeconds = (int)seconds;
                }
            }

            JsonObject audio = null, input = null, output = null, transcription = null, noiseReduction = null, turnDetection = null;
            var error = CheckObject(session, "audio", "session.audio", out audio);
            error ??= CheckObject(audio, "input", "session.audio.input", out input);
            error ??= CheckObject(audio, "output", "session.audio.output", out output);
            error ??= CheckFormat(input, "session.audio.input.format");
            error ??= CheckFormat(output, "session.audio.output.format");
            error ??= CheckObject(input, "noise_reduction", "session.audio.input.noise_reduction", out noiseReduction);
            error ??= CheckObject(input, "turn_detection", "session.audio.input.turn_detection", out turnDetection);
            error ??= CheckEnum(noiseReduction, "type", "session.audio.input.noise_reduction.type", ServiceModels.NoiseReductionTypes, noiseReduction != null);
            error ??= CheckEnum(turnDetection, "type", "session.audio.input.turn_detection.type", ServiceModels.TurnDetectionTypes, turnDetection != null);
            if (session["tools"] != null && session["tools"] is not JsonArray) error ??= ServiceResponses.InvalidType("session.tools", "an array");
            error ??= CheckObject(input, "transcription", "session.audio.input.transcription", out transcription);
            if (error != null) return GaOutcome.Fail(error);

            outcome.TranscriptionOn = transcription != null;
            if (transcription != null && transcription["model"] != null)
            {
                var model = StringOf(transcription["model"]);
                var known = model != null && (ServiceModels.TranscriptionModels.Contains(model, StringComparer.Ordinal) || FindDeployment(model) != null);
                if (!known)
                    return GaOutcome.Fail(ServiceResponses.InvalidValue("session.audio.input.transcription.model",
                        $"Invalid value: {ServiceResponses.Quote(transcription["model"])}. Supported values are: {string.Join(", ", ServiceModels.TranscriptionModels.Select(m => "'" + m + "'"))}, or the name of a transcription deployment in this resource."));
            }

            if (type == "realtime")
            {
                if (session["model"] == null) return GaOutcome.Fail(ServiceResponses.MissingParameter("session.model"));
                var model = StringOf(session["model"]);
                if (model == null) return GaOutcome.Fail(ServiceResponses.InvalidType("session.model", "a string (the deployment name)"));
                var deployment = FindDeployment(model);
                if (deployment == null) return GaOutcome.Fail(ServiceResponses.AzureError("DeploymentNotFound", ServiceResponses.DeploymentNotFoundMessage), 404);
                if (!ServiceModels.RealtimeModels.Contains(deployment.Model, StringComparer.OrdinalIgnoreCase))
                    return GaOutcome.Fail(ServiceResponses.AzureError("OperationNotSupported",
                        $"The realtime operation does not work with the specified model, {deployment.Model}. Please choose different model and try again."));
                outcome.Model = model;
            }
            return outcome;
        }

        private static JsonObject EffectiveGaSession(GaOutcome outcome)
        {
            var requestedVad = StringOf(outcome.Session["audio"]?["input"]?["turn_detection"]?["type"]);
            JsonObject Vad() => requestedVad == "semantic_vad" ? new JsonObject
            {
                ["type"] = "semantic_vad", ["eagerness"] = "auto", ["create_response"] = true, ["interrupt_response"] = true,
            } : new JsonObject
            {
                ["type"] = "server_vad", ["threshold"] = 0.5, ["prefix_padding_ms"] = 300, ["silence_duration_ms"] = 500,
                ["idle_timeout_ms"] = null, ["create_response"] = true, ["interrupt_response"] = true,
            };
            JsonObject Pcm() => new JsonObject { ["type"] = "audio/pcm", ["rate"] = 24000 };

            JsonObject effective;
            if (outcome.SessionType == "transcription")
            {
                effective = new JsonObject
                {
                    ["id"] = NewSessionId(),
                    ["object"] = "realtime.transcription_session",
                    ["type"] = "transcription",
                    ["audio"] = new JsonObject
                    {
                        ["input"] = new JsonObject { ["format"] = Pcm(), ["noise_reduction"] = null, ["transcription"] = null, ["turn_detection"] = Vad() },
                    },
                    ["include"] = null,
                };
            }
            else
            {
                effective = new JsonObject
                {
                    ["id"] = NewSessionId(),
                    ["object"] = "realtime.session",
                    ["type"] = "realtime",
                    ["model"] = outcome.Model,
                    ["output_modalities"] = new JsonArray("audio"),
                    ["instructions"] = "",
                    ["tools"] = new JsonArray(),
                    ["tool_choice"] = "auto",
                    ["max_output_tokens"] = "inf",
                    ["tracing"] = null,
                    ["truncation"] = "auto",
                    ["prompt"] = null,
                    ["include"] = null,
                    ["audio"] = new JsonObject
                    {
                        ["input"] = new JsonObject { ["format"] = Pcm(), ["noise_reduction"] = null, ["transcription"] = null, ["turn_detection"] = Vad() },
                        ["output"] = new JsonObject { ["format"] = Pcm(), ["voice"] = "alloy", ["speed"] = 1.0 },
                    },
                };
            }
            Merge(effective, outcome.Session);
            return effective;
        }

        // ---- preview (beta) ---------------------------------------------------------------------

        public async Task PreviewSessionsAsync(HttpContext context)
        {
            var scenario = _state.Scenario;
            if (await TryInjectFaultAsync(context, scenario)) return;
            if (await RejectUnauthenticatedAsync(context)) return;

            var apiVersion = context.Request.Query["api-version"].ToString();
            if (string.IsNullOrEmpty(apiVersion))
            {
                await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("404", "Resource not found"));
                return;
            }
            if (!DatedPreviewApiVersion.IsMatch(apiVersion))
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("BadRequest",
                    $"API version not supported: '{apiVersion}'. The preview sessions endpoint takes a dated preview version such as 2025-04-01-preview."));
                return;
            }

            var (body, parseError) = await ReadJsonBodyAsync(context);
            if (parseError != null) { await ServiceResponses.WriteJsonAsync(context, 400, parseError); return; }
            if (body is not JsonObject session)
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.InvalidRequest("The request body must be a JSON object.", null, "invalid_type"));
                return;
            }

            // Here the body is the session itself; the service still names parameters "session.<name>".
            var unknown = SessionShapes.BetaSession.FindUnknown(session, "session");
            if (unknown != null) { await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.UnknownParameter(unknown)); return; }

            if (session["model"] == null) { await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.MissingParameter("session.model")); return; }
            var model = StringOf(session["model"]);
            var deployment = model == null ? null : FindDeployment(model);
            if (deployment == null)
            {
                await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("DeploymentNotFound", ServiceResponses.DeploymentNotFoundMessage));
                return;
            }
            if (session["input_audio_transcription"] != null && session["input_audio_transcription"] is not JsonObject)
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.InvalidType("session.input_audio_transcription", "an object or null"));
                return;
            }

            if (scenario.Name == FaultScenario.Transcription500 && session["input_audio_transcription"] is JsonObject)
            {
                await ServiceResponses.WriteJsonAsync(context, 500, ServiceResponses.ServerError());
                return;
            }

            var effective = new JsonObject
            {
                ["id"] = NewSessionId(),
                ["object"] = "realtime.session",
                ["model"] = model,
                ["modalities"] = new JsonArray("audio", "text"),
                ["instructions"] = "",
                ["voice"] = "alloy",
                ["input_audio_format"] = "pcm16",
                ["output_audio_format"] = "pcm16",
                ["input_audio_transcription"] = null,
                ["turn_detection"] = new JsonObject { ["type"] = "server_vad", ["threshold"] = 0.5, ["prefix_padding_ms"] = 300, ["silence_duration_ms"] = 200 },
                ["tools"] = new JsonArray(),
                ["tool_choice"] = "auto",
                ["temperature"] = 0.8,
                ["max_response_output_tokens"] = "inf",
            };
            var requested = (JsonObject)session.DeepClone();
            requested.Remove("client_secret");
            Merge(effective, requested);
            effective["client_secret"] = new JsonObject
            {
                ["value"] = "ek_" + CredentialStore.RandomHex(16),
                ["expires_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + PreviewExpirySeconds,
            };
            await ServiceResponses.WriteJsonAsync(context, 200, effective);
        }

        // ---- shared -----------------------------------------------------------------------------

        private Task<bool> TryInjectFaultAsync(HttpContext context, FaultScenario scenario) =>
            scenario.HitsDataPlane ? _faults.TryInjectAsync(context, scenario, FaultInjector.Surface.DataPlane) : Task.FromResult(false);

        /// <summary>api-key, or a bearer token this emulator issued for the data-plane audience.</summary>
        private async Task<bool> RejectUnauthenticatedAsync(HttpContext context)
        {
            var headers = context.Request.Headers;
            if (headers.ContainsKey("api-key"))
            {
                if (_state.Credentials.IsApiKey(headers["api-key"].ToString())) return false;
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401", ServiceResponses.InvalidKeyMessage));
                return true;
            }

            var authorization = headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var token = authorization.Substring("Bearer ".Length).Trim();
                if (_state.Credentials.Check(token, out _) == TokenAudience.DataPlane) return false;
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401", ServiceResponses.AudienceMessage));
                return true;
            }

            await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401", ServiceResponses.InvalidKeyMessage));
            return true;
        }

        private static async Task<(JsonNode Body, JsonObject Error)> ReadJsonBodyAsync(HttpContext context)
        {
            string text;
            using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, false, 4096, leaveOpen: true))
                text = await reader.ReadToEndAsync(context.RequestAborted);
            if (string.IsNullOrWhiteSpace(text)) return (new JsonObject(), null);
            try
            {
                return (JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, AllowDuplicateProperties = false }), null);
            }
            catch (JsonException ex)
            {
                return (null, ServiceResponses.InvalidRequest(
                    $"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.) Parser: {ex.Message}",
                    null, "invalid_json"));
            }
        }

        private DeploymentDefinition FindDeployment(string name) =>
            _state.Configuration.DataPlaneAccount.Deployments.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

        private static JsonObject CheckObject(JsonObject parent, string name, string path, out JsonObject child)
        {
            child = null;
            var node = parent?[name];
            if (node == null) return null;
            child = node as JsonObject;
            return child == null ? ServiceResponses.InvalidType(path, "an object or null") : null;
        }

        private static JsonObject CheckFormat(JsonObject audioDirection, string path)
        {
            var node = audioDirection?["format"];
            if (node == null) return null;
            if (node is not JsonObject format) return ServiceResponses.InvalidType(path, "an object");
            var type = StringOf(format["type"]);
            if (!ServiceModels.GaAudioFormats.Contains(type, StringComparer.Ordinal))
                return ServiceResponses.InvalidValue(path + ".type",
                    $"Invalid value: {ServiceResponses.Quote(format["type"])}. Supported values are: 'audio/pcm', 'audio/pcmu' and 'audio/pcma'.");
            if (type == "audio/pcm" && format.ContainsKey("rate") && !(TryInteger(format["rate"], out var rate) && rate == 24000))
                return ServiceResponses.InvalidValue(path + ".rate",
                    $"Invalid value: {ServiceResponses.Quote(format["rate"])}. Supported values are: 24000.");
            return null;
        }

        private static JsonObject CheckEnum(JsonObject parent, string name, string path, string[] allowed, bool required)
        {
            if (parent == null) return null;
            var value = StringOf(parent[name]);
            if (value == null && !required) return null;
            if (value != null && allowed.Contains(value, StringComparer.Ordinal)) return null;
            if (!parent.ContainsKey(name)) return ServiceResponses.MissingParameter(path);
            return ServiceResponses.InvalidValue(path,
                $"Invalid value: {ServiceResponses.Quote(parent[name])}. Supported values are: {string.Join(", ", allowed.Select(a => "'" + a + "'"))}.");
        }

        private static string StringOf(JsonNode node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        private static bool TryInteger(JsonNode node, out long value)
        {
            value = 0;
            if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
            var d = v.GetValue<double>();
            if (Math.Floor(d) != d) return false;
            value = (long)d;
            return true;
        }

        /// <summary>Requested values over the defaults: objects merge, everything else (null included) replaces.</summary>
        private static void Merge(JsonObject target, JsonObject source)
        {
            foreach (var property in source.ToArray())
            {
                if (property.Value is JsonObject sourceChild && target[property.Key] is JsonObject targetChild && SameVariant(targetChild, sourceChild))
                    Merge(targetChild, sourceChild);
                else
                    target[property.Key] = property.Value?.DeepClone();
            }
        }

        // A different "type" (semantic_vad over the server_vad default) is a different object, not an overlay.
        private static bool SameVariant(JsonObject target, JsonObject source) =>
            !source.ContainsKey("type") || !target.ContainsKey("type") || StringOf(source["type"]) == StringOf(target["type"]);

        private static string NewSessionId() => "sess_" + CredentialStore.RandomToken(24);
    }
}
