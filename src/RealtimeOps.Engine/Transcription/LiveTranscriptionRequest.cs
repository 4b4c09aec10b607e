#nullable enable
using System;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Transcription.Audio;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>How audio is fed to the session: as fast as the socket takes it, or at the pace of a microphone.</summary>
    internal enum TranscriptionPace { Fast, RealTime }

    /// <summary>What one live transcription check does.</summary>
    internal sealed class LiveTranscriptionRequest
    {
        internal const double DefaultMaxWordErrorRate = 0.5;
        internal const int DefaultTimeoutSec = 30;
        internal const int ChunkMilliseconds = 100;

        /// <summary>The realtime deployment for a conversation session (?model=); null for a transcription-only session.</summary>
        internal string? Deployment { get; set; }
        /// <summary>The session configuration whose audio.input part is used (transcription model, language, prompt, turn detection).</summary>
        internal JsonObject? Session { get; set; }
        internal PcmAudio Audio { get; set; } = new PcmAudio(Array.Empty<short>(), PcmAudio.SessionSampleRate);
        internal string? ExpectedText { get; set; }
        internal TranscriptionPace Pace { get; set; } = TranscriptionPace.Fast;
        internal int TimeoutSec { get; set; } = DefaultTimeoutSec;
        internal double MaxWordErrorRate { get; set; } = DefaultMaxWordErrorRate;
        /// <summary>Mint an ek_ client secret with this request first and connect with it.</summary>
        internal ClientSecretRequest? MintRequest { get; set; }

        internal bool IsConversation => !string.IsNullOrWhiteSpace(Deployment);
        internal string SessionType => IsConversation ? "realtime" : "transcription";

        /// <summary>wss://host/openai/v1/realtime?intent=transcription, or ?model=deployment (https becomes wss, http ws).</summary>
        internal Uri SocketUri(Uri endpoint)
        {
            var builder = new UriBuilder(endpoint)
            {
                Scheme = endpoint.Scheme == Uri.UriSchemeHttp ? "ws" : "wss",
                Path = endpoint.AbsolutePath.TrimEnd('/') + "/openai/v1/realtime",
                Query = IsConversation ? "model=" + Uri.EscapeDataString(Deployment!.Trim()) : "intent=transcription",
                Port = endpoint.IsDefaultPort ? -1 : endpoint.Port,
            };
            return builder.Uri;
        }

        /// <summary>
        /// The session of the session.update event: the audio.input part of the configuration (format forced to
        /// audio/pcm at 24 kHz, which is what is sent), turn detection null unless the configuration asks for VAD,
        /// and for a conversation session text output only (nothing is spoken back).
        /// </summary>
        internal JsonObject BuildSession(out string? transcriptionModel, out bool serverCommits)
        {
            var input = ((Session?["audio"] as JsonObject)?["input"] as JsonObject)?.DeepClone() as JsonObject ?? new JsonObject();
            input["format"] = new JsonObject { ["type"] = "audio/pcm", ["rate"] = PcmAudio.SessionSampleRate };
            serverCommits = input["turn_detection"] is JsonObject;
            if (!serverCommits) input["turn_detection"] = null;
            transcriptionModel = SessionEventRecorder.Str((input["transcription"] as JsonObject)?["model"]);
            var session = new JsonObject { ["type"] = SessionType };
            if (IsConversation) session["output_modalities"] = new JsonArray("text");
            session["audio"] = new JsonObject { ["input"] = input };
            return session;
        }
    }
}
