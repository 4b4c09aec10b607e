#nullable enable
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>
    /// The one answer to "what is this document: a client_secrets body, a session.update event or a bare session?"
    /// Validation, request building, deployment reading and the probe variants all ask here.
    /// </summary>
    internal sealed class SessionEnvelope
    {
        private SessionEnvelope(ConfigurationKind kind, DocumentNode? session, string? eventType)
        {
            Kind = kind;
            Session = session;
            EventType = eventType;
        }

        /// <summary>ClientSecretRequest, SessionUpdateEvent, RealtimeSession, TranscriptionSession, or Unknown.</summary>
        public ConfigurationKind Kind { get; }

        /// <summary>The session object's node (the root itself for a bare session); null when absent or not recognised.</summary>
        public DocumentNode? Session { get; }

        /// <summary>The root's type field when it is a string (session.update, realtime, transcription...).</summary>
        public string? EventType { get; }

        /// <summary>True when the root wraps the session in a "session" property (a body or an event).</summary>
        public bool IsWrapped => Kind == ConfigurationKind.ClientSecretRequest || Kind == ConfigurationKind.SessionUpdateEvent;

        /// <summary>Decides the envelope of a root object; <paramref name="looksLikeSession"/> recognises a bare session by its fields.</summary>
        public static SessionEnvelope Detect(DocumentNode root, System.Func<DocumentNode, bool>? looksLikeSession = null)
        {
            if (root == null || root.Kind != DocumentNodeKind.Object) return new SessionEnvelope(ConfigurationKind.Unknown, null, null);
            var type = root["type"]?.StringValue;
            if (type == "session.update" || type == "transcription_session.update" ||
                (type != null && type != "realtime" && type != "transcription" && root.FindProperty("session") != null))
            {
                return new SessionEnvelope(ConfigurationKind.SessionUpdateEvent, root["session"], type);
            }
            if (type == null && (root.FindProperty("session") != null || root.FindProperty("expires_after") != null))
            {
                return new SessionEnvelope(ConfigurationKind.ClientSecretRequest, root["session"], null);
            }
            if (type != null || (looksLikeSession ?? (_ => true))(root))
            {
                return new SessionEnvelope(type == "transcription" ? ConfigurationKind.TranscriptionSession : ConfigurationKind.RealtimeSession, root, type);
            }
            return new SessionEnvelope(ConfigurationKind.Unknown, null, type);
        }
    }
}
