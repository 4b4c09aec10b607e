using System;
using System.Text.Json;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>The deployment names a session configuration refers to.</summary>
    internal sealed class SessionDeploymentNames
    {
        public SessionDeploymentNames(string? deployment, string? transcriptionDeployment, string? sessionType)
        {
            Deployment = deployment;
            TranscriptionDeployment = transcriptionDeployment;
            SessionType = sessionType;
        }

        /// <summary>session.model (the realtime deployment on Azure); null when absent.</summary>
        public string? Deployment { get; }
        /// <summary>session.audio.input.transcription.model (or the beta input_audio_transcription.model); null when transcription is off.</summary>
        public string? TranscriptionDeployment { get; }
        /// <summary>session.type when given (realtime, transcription).</summary>
        public string? SessionType { get; }
    }

    /// <summary>Reads the deployment names from a session configuration.</summary>
    internal interface ISessionDeploymentReader
    {
        /// <summary>Throws FormatException with a message naming <paramref name="source"/> when the JSON cannot be read.</summary>
        SessionDeploymentNames Read(string? json, string? source);
    }

    /// <summary>
    /// A small reader over System.Text.Json. It accepts the shapes users have at hand: a session object, a client_secrets
    /// body ({session:{...}}), a session.update event ({type, session}), and the beta top-level transcription field.
    /// </summary>
    internal sealed class SessionDeploymentReader : ISessionDeploymentReader
    {
        public static readonly SessionDeploymentReader Instance = new SessionDeploymentReader();

        /// <summary>The reader the cmdlets use; replaceable so the full configuration parser can take over.</summary>
        public static ISessionDeploymentReader Current { get; set; } = Instance;

        public SessionDeploymentNames Read(string? json, string? source)
        {
            source = string.IsNullOrEmpty(source) ? "the configuration" : source;
            if (string.IsNullOrWhiteSpace(json)) throw new FormatException($"{source} is empty.");
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json!, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                var where = ex.LineNumber.HasValue ? $" at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}" : string.Empty;
                throw new FormatException($"{source} is not valid JSON{where}: {FirstSentence(ex.Message)}", ex);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{source} is not a JSON object.");
                var session = root;
                if (root.TryGetProperty("session", out var inner))
                {
                    if (inner.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: 'session' is not an object.");
                    session = inner;
                }
                var model = StringAt(session, "model");
                var transcription = StringAt(session, "audio", "input", "transcription", "model")
                                    ?? StringAt(session, "input_audio_transcription", "model");
                return new SessionDeploymentNames(model, transcription, StringAt(session, "type"));
            }
        }

        private static string? StringAt(JsonElement e, params string[] path)
        {
            foreach (var p in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
            }
            return e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString()) ? e.GetString()!.Trim() : null;
        }

        private static string FirstSentence(string message)
        {
            var i = message.IndexOf(". ", StringComparison.Ordinal);
            return i > 0 ? message.Substring(0, i + 1) : message;
        }
    }
}
