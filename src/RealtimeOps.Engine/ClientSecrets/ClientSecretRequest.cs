using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RealtimeOps.Engine.ClientSecrets
{
    internal enum RealtimeSessionType { Realtime, Transcription }

    internal enum TurnDetectionMode { None, ServerVad, SemanticVad }

    /// <summary>
    /// What to mint: a session configuration (JSON from a file or string, the session object or a whole
    /// client_secrets body) and/or convenience values that are laid over it.
    /// </summary>
    internal sealed class ClientSecretRequest
    {
        public const int MinExpiresInSeconds = 10;
        public const int MaxExpiresInSeconds = 7200;

        /// <summary>The deployment; becomes session.model for a realtime session.</summary>
        public string? Deployment { get; set; }
        /// <summary>Null: taken from the JSON's session.type, else Realtime.</summary>
        public RealtimeSessionType? SessionType { get; set; }
        /// <summary>The session object, or a whole body {"session":{...},"expires_after":{...}}.</summary>
        public string? SessionJson { get; set; }
        /// <summary>Where <see cref="SessionJson"/> came from (a file path), for messages.</summary>
        public string? SessionSource { get; set; }
        public string? Instructions { get; set; }
        public string? Voice { get; set; }
        public string? TranscriptionModel { get; set; }
        public string? Language { get; set; }
        public string? TranscriptionPrompt { get; set; }
        public TurnDetectionMode? TurnDetection { get; set; }
        /// <summary>near_field or far_field.</summary>
        public string? NoiseReduction { get; set; }
        /// <summary>audio or text.</summary>
        public string? OutputModality { get; set; }
        public int? ExpiresInSeconds { get; set; }
        /// <summary>Omitted by default: the GA path needs none (SERVICE-FACTS §1).</summary>
        public string? ApiVersion { get; set; }

        /// <summary>The relative URL the request goes to.</summary>
        public string RelativeUri =>
            "openai/v1/realtime/client_secrets" + (string.IsNullOrWhiteSpace(ApiVersion) ? "" : "?api-version=" + Uri.EscapeDataString(ApiVersion!.Trim()));

        /// <summary>The request body; throws <see cref="ArgumentException"/> with a specific message for bad input.</summary>
        public string BuildBody() => BuildBodyNode().ToJsonString();

        /// <summary>The deployment that will be used: -Deployment, else session.model from the JSON.</summary>
        public string? EffectiveDeployment()
        {
            if (!string.IsNullOrWhiteSpace(Deployment)) return Deployment!.Trim();
            var body = ParseInput(out _);
            var session = body["session"] as JsonObject;
            return session?["model"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        }

        public RealtimeSessionType EffectiveSessionType()
        {
            if (SessionType.HasValue) return SessionType.Value;
            var session = ParseInput(out _)["session"] as JsonObject;
            var type = session?["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            return string.Equals(type, "transcription", StringComparison.OrdinalIgnoreCase) ? RealtimeSessionType.Transcription : RealtimeSessionType.Realtime;
        }

        public JsonObject BuildBodyNode()
        {
            var body = ParseInput(out var session);
            var type = EffectiveSessionType();
            session["type"] = type == RealtimeSessionType.Transcription ? "transcription" : "realtime";

            if (type == RealtimeSessionType.Transcription)
            {
                if (Instructions != null || Voice != null || OutputModality != null)
                    throw new ArgumentException("-Instructions, -Voice and -OutputModality belong to a realtime session; a transcription session has no model output.");
            }
            else if (!string.IsNullOrWhiteSpace(Deployment))
            {
                session["model"] = Deployment!.Trim();
            }

            if (Instructions != null) session["instructions"] = Instructions;
            if (OutputModality != null) session["output_modalities"] = new JsonArray(OutputModality.Trim().ToLowerInvariant());
            if (Voice != null) Obj(Obj(session, "audio"), "output")["voice"] = Voice.Trim();
            if (TranscriptionModel != null || Language != null || TranscriptionPrompt != null)
            {
                var transcription = Obj(Obj(Obj(session, "audio"), "input"), "transcription");
                if (TranscriptionModel != null) transcription["model"] = TranscriptionModel.Trim();
                if (Language != null) transcription["language"] = Language.Trim();
                if (TranscriptionPrompt != null) transcription["prompt"] = TranscriptionPrompt;
            }
            if (TurnDetection.HasValue)
            {
                var input = Obj(Obj(session, "audio"), "input");
                switch (TurnDetection.Value)
                {
                    case TurnDetectionMode.None: input["turn_detection"] = null; break;
                    case TurnDetectionMode.ServerVad: input["turn_detection"] = new JsonObject { ["type"] = "server_vad" }; break;
                    case TurnDetectionMode.SemanticVad: input["turn_detection"] = new JsonObject { ["type"] = "semantic_vad" }; break;
                }
            }
            if (NoiseReduction != null)
                Obj(Obj(session, "audio"), "input")["noise_reduction"] = new JsonObject { ["type"] = NoiseReduction.Trim().ToLowerInvariant() };

            if (ExpiresInSeconds.HasValue)
            {
                if (ExpiresInSeconds.Value < MinExpiresInSeconds || ExpiresInSeconds.Value > MaxExpiresInSeconds)
                    throw new ArgumentException($"The expiry must be between {MinExpiresInSeconds} and {MaxExpiresInSeconds} seconds, not {ExpiresInSeconds.Value}.");
                body["expires_after"] = new JsonObject { ["anchor"] = "created_at", ["seconds"] = ExpiresInSeconds.Value };
            }

            // session first, then expires_after: the order the documentation shows.
            var ordered = new JsonObject();
            var items = body.ToList();
            body.Clear();
            foreach (var kv in items.Where(kv => kv.Key == "session").Concat(items.Where(kv => kv.Key != "session")))
                ordered[kv.Key] = kv.Value;
            return ordered;
        }

        private JsonObject ParseInput(out JsonObject session)
        {
            JsonObject body;
            if (string.IsNullOrWhiteSpace(SessionJson))
            {
                body = new JsonObject();
                session = new JsonObject();
                body["session"] = session;
                return body;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(SessionJson!, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                var where = SessionSource != null ? $" in {SessionSource}" : "";
                var pos = ex.LineNumber.HasValue ? $" at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}" : "";
                throw new ArgumentException($"The session configuration{where} is not valid JSON{pos}: {FirstSentence(ex.Message)}", ex);
            }
            if (!(node is JsonObject obj))
                throw new ArgumentException($"The session configuration{(SessionSource != null ? " in " + SessionSource : "")} must be a JSON object, not {(node == null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}.");

            // Either a whole client_secrets body ({"session":{...},"expires_after":...}) or the session itself.
            if (obj["session"] is JsonObject s && !obj.ContainsKey("type") && !obj.ContainsKey("model"))
            {
                body = obj;
                session = s;
            }
            else
            {
                body = new JsonObject();
                session = obj;
                body["session"] = session;
            }
            return body;
        }

        private static JsonObject Obj(JsonObject parent, string name)
        {
            if (parent[name] is JsonObject existing) return existing;
            var created = new JsonObject();
            parent[name] = created;
            return created;
        }

        private static string FirstSentence(string message)
        {
            var i = message.IndexOf(" Path:", StringComparison.Ordinal);
            return i > 0 ? message.Substring(0, i) : message;
        }
    }
}
