using System;
using RealtimeOps.Engine.Configuration;

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

    /// <summary>
    /// Reads the deployment names from a parsed session configuration: a session object, a client_secrets body
    /// ({session:{...}}), a session.update event ({type, session}), and the beta top-level transcription field.
    /// </summary>
    internal sealed class SessionDeploymentReader
    {
        public static readonly SessionDeploymentReader Instance = new SessionDeploymentReader();

        /// <summary>Reads JSON text through the session reader; throws FormatException naming <paramref name="source"/> when it cannot be read.</summary>
        public SessionDeploymentNames Read(string json, string source)
        {
            source = string.IsNullOrEmpty(source) ? "the configuration" : source;
            if (string.IsNullOrWhiteSpace(json)) throw new FormatException($"{source} is empty.");
            return Read(SessionReader.ReadText(json, source));
        }

        /// <summary>The names in a parsed document; FormatException when it did not parse or is not a session configuration.</summary>
        public SessionDeploymentNames Read(SessionDocument document)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            var problem = SessionReader.Describe(document);
            if (problem != null) throw new FormatException(problem);
            var root = document.Root!; // a document without a root carries the syntax error Describe reports
            if (root.Kind != DocumentNodeKind.Object) throw new FormatException($"{document.Source} is not a JSON object.");
            var envelope = SessionEnvelope.Detect(root);
            var session = envelope.IsWrapped ? envelope.Session : root;
            if (session == null) session = root;
            if (session.Kind != DocumentNodeKind.Object) throw new FormatException($"{document.Source}: 'session' is not an object.");
            var model = StringAt(session, "model");
            var transcription = StringAt(session, "audio", "input", "transcription", "model")
                                ?? StringAt(session, "input_audio_transcription", "model");
            return new SessionDeploymentNames(model, transcription, StringAt(session, "type"));
        }

        private static string? StringAt(DocumentNode? node, params string[] path)
        {
            foreach (var p in path)
            {
                if (node == null || node.Kind != DocumentNodeKind.Object) return null;
                node = node[p];
            }
            var text = node?.StringValue;
            return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
        }
    }
}
