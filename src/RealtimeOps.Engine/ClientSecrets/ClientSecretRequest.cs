using System;
using System.Linq;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;

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
        /// <summary>
        /// The session object, or a whole body {"session":{...},"expires_after":{...}}, as JSON text: read (once) by the
        /// session reader when <see cref="Session"/> is not set.
        /// </summary>
        public string? SessionJson
        {
            get => _sessionJson;
            set { _sessionJson = value; _parsed = null; }
        }

        /// <summary>The configuration as the session reader parsed it (a file, JSON text or an object graph); wins over <see cref="SessionJson"/>.</summary>
        public SessionDocument? Session { get; set; }

        /// <summary>Where the configuration came from (a file path), for messages.</summary>
        public string? SessionSource { get; set; }

        private string? _sessionJson;
        private SessionDocument? _parsed;
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
        /// <summary>Omitted by default: the GA path needs none (Microsoft Learn, "How to use the GPT Realtime API via WebRTC", https://learn.microsoft.com/azure/foundry/openai/how-to/realtime-audio-webrtc).</summary>
        public string? ApiVersion { get; set; }

        /// <summary>The relative URL the request goes to.</summary>
        public string RelativeUri =>
            "openai/v1/realtime/client_secrets" + (string.IsNullOrWhiteSpace(ApiVersion) ? "" : "?api-version=" + Uri.EscapeDataString(ApiVersion!.Trim()));

        /// <summary>The request body; throws <see cref="ArgumentException"/> with a specific message for bad input.</summary>
        public string BuildBody() => BuildBodyNode().ToJsonString();

        /// <summary>The deployment that will be used: -Deployment, else session.model from the configuration.</summary>
        public string? EffectiveDeployment()
        {
            if (!string.IsNullOrWhiteSpace(Deployment)) return Deployment!.Trim();
            var model = InputSession()?["model"]?.StringValue;
            return string.IsNullOrWhiteSpace(model) ? null : model;
        }

        /// <summary>
        /// Fills in a default deployment (the connection's) when neither -Deployment nor the configuration names one; a
        /// session.model of the wrong type stays, so the validator reports it. False when a realtime session is left
        /// without a deployment.
        /// </summary>
        public bool ApplyDefaultDeployment(string? defaultDeployment)
        {
            var deployment = EffectiveDeployment();
            if (deployment == null && !HasSessionModel && !string.IsNullOrWhiteSpace(defaultDeployment)) deployment = defaultDeployment;
            // The deployment in use is recorded (results and messages name it); session.model gets the same value.
            if (deployment != null && Deployment == null) Deployment = deployment;
            return deployment != null || HasSessionModel || EffectiveSessionType() != RealtimeSessionType.Realtime;
        }

        /// <summary>True when the configuration has a session.model field of any value (so no default replaces it).</summary>
        public bool HasSessionModel => InputSession()?.FindProperty("model") != null;

        public RealtimeSessionType EffectiveSessionType()
        {
            if (SessionType.HasValue) return SessionType.Value;
            var type = InputSession()?["type"]?.StringValue;
            return string.Equals(type, "transcription", StringComparison.OrdinalIgnoreCase) ? RealtimeSessionType.Transcription : RealtimeSessionType.Realtime;
        }

        /// <summary>The parsed configuration (null when none was given).</summary>
        public SessionDocument? InputDocument()
        {
            if (Session != null) return Session;
            if (string.IsNullOrEmpty(_sessionJson)) return null;
            return _parsed ?? (_parsed = SessionReader.ReadText(_sessionJson, SessionSource ?? "the session configuration"));
        }

        private DocumentNode? InputSession()
        {
            var root = InputDocument()?.Root;
            if (root == null || root.Kind != DocumentNodeKind.Object) return null;
            var session = SessionEnvelope.Detect(root).Session;
            return session != null && session.Kind == DocumentNodeKind.Object ? session : null;
        }

        public JsonObject BuildBodyNode()
        {
            var body = ParseInput(out var session);
            var type = EffectiveSessionType();
            // A type the configuration gives as something other than a string stays, so validation reports it.
            if (SessionType.HasValue || !session.ContainsKey("type") || (session["type"] is JsonValue tv && tv.TryGetValue<string>(out _)))
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
            var document = InputDocument();
            if (document == null)
            {
                session = new JsonObject();
                return new JsonObject { ["session"] = session };
            }
            var problem = SessionReader.Describe(document);
            if (problem != null) throw new ArgumentException(problem);
            var root = document.Root!; // a document without a root carries the syntax error Describe reports
            var where = SessionSource != null ? " in " + SessionSource : string.Empty;
            if (root.Kind != DocumentNodeKind.Object)
                throw new ArgumentException($"The session configuration{where} must be a JSON object, not {DocumentNode.KindName(root.Kind)}.");

            // Either a whole client_secrets body, a session.update event (its session is sent) or the session itself.
            var envelope = SessionEnvelope.Detect(root);
            if (envelope.IsWrapped && envelope.Session != null && envelope.Session.Kind != DocumentNodeKind.Object)
                throw new ArgumentException($"The session configuration{where}: 'session' must be an object, not {DocumentNode.KindName(envelope.Session.Kind)}.");
            JsonObject body;
            if (envelope.Kind == ConfigurationKind.ClientSecretRequest)
            {
                body = (JsonObject)DocumentJson.ToJsonNode(root)!; // root is an object
            }
            else
            {
                body = new JsonObject { ["session"] = envelope.Session != null ? DocumentJson.ToJsonNode(envelope.Session) : new JsonObject() };
            }
            if (!(body["session"] is JsonObject s))
            {
                s = new JsonObject();
                body["session"] = s;
            }
            session = s;
            return body;
        }

        private static JsonObject Obj(JsonObject parent, string name)
        {
            if (parent[name] is JsonObject existing) return existing;
            var created = new JsonObject();
            parent[name] = created;
            return created;
        }

    }
}
