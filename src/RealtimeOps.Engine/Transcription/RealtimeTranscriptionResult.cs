#nullable enable
using System;
using System.Collections.Generic;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>What a live transcription check concluded.</summary>
    public enum TranscriptionVerdict
    {
        /// <summary>The audio was transcribed and the transcript matches the expected text.</summary>
        Transcribed,
        /// <summary>A transcript arrived but its word error rate is above the limit.</summary>
        TranscriptMismatch,
        /// <summary>The transcription completed with no words (silence, or audio the model could not hear).</summary>
        EmptyTranscript,
        /// <summary>The service sent conversation.item.input_audio_transcription.failed for the committed audio.</summary>
        TranscriptionFailed,
        /// <summary>The service answered session.update with an error event naming it.</summary>
        SessionUpdateRejected,
        /// <summary>session.updated shows transcription off, another model, or another session type.</summary>
        TranscriptionNotEnabled,
        /// <summary>The audio was committed and no transcription event for it arrived in time.</summary>
        NoTranscription,
        /// <summary>The WebSocket upgrade was answered with an HTTP error.</summary>
        HandshakeRejected,
        /// <summary>The deployment accepts only an ephemeral client secret (ek_), not a key or token.</summary>
        EphemeralAuthRequired,
        /// <summary>The socket closed or broke before the check finished.</summary>
        ConnectionLost,
        /// <summary>The check could not reach a conclusion (no session.created, a commit refused, a timeout before the commit).</summary>
        Inconclusive,
    }

    /// <summary>One event of a live session, as recorded (audio payloads replaced by their size and hash).</summary>
    public sealed class TranscriptionEventRecord
    {
        public int Sequence { get; internal set; }
        public DateTimeOffset TimeUtc { get; internal set; }
        /// <summary>"Sent" (client event) or "Received" (server event); "Handshake" for the upgrade.</summary>
        public string Direction { get; internal set; } = "";
        public string Type { get; internal set; } = "";
        public string? EventId { get; internal set; }
        public string? ItemId { get; internal set; }
        /// <summary>A short note: the error code, the audio byte count, the transcript length.</summary>
        public string? Detail { get; internal set; }

        public override string ToString() => $"{TimeUtc:HH:mm:ss.fff} {Direction} {Type}{(EventId != null ? " " + EventId : "")}{(ItemId != null ? " " + ItemId : "")}{(Detail != null ? " (" + Detail + ")" : "")}";
    }

    /// <summary>The outcome of Test-RealtimeTranscription: one live session, audio in, transcript (or not) out.</summary>
    public sealed class RealtimeTranscriptionResult
    {
        public TranscriptionVerdict Verdict { get; internal set; }
        public string Summary { get; internal set; } = "";
        public string Recommendation { get; internal set; } = "";
        public string? Transcript { get; internal set; }
        public string? ExpectedText { get; internal set; }
        public double? WordErrorRate { get; internal set; }
        public double MaxWordErrorRate { get; internal set; }
        /// <summary>"transcription" (?intent=transcription) or "realtime" (?model=deployment).</summary>
        public string SessionType { get; internal set; } = "";
        /// <summary>The realtime deployment on the URL (conversation sessions), or null.</summary>
        public string? Deployment { get; internal set; }
        public string? TranscriptionDeployment { get; internal set; }
        public string? Endpoint { get; internal set; }
        /// <summary>The account of the deployment checked (deployments piped from a fleet sweep), or null.</summary>
        public string? AccountName { get; internal set; }
        /// <summary>The ARM id of that account, or null.</summary>
        public string? AccountResourceId { get; internal set; }
        /// <summary>The socket URL (no secret is ever on it).</summary>
        public string? Url { get; internal set; }
        public string? AuthMode { get; internal set; }
        public string? ItemId { get; internal set; }
        public string? SessionId { get; internal set; }
        public int? HandshakeStatus { get; internal set; }
        public string? ApimRequestId { get; internal set; }
        public string? RequestId { get; internal set; }
        public string? ClientRequestId { get; internal set; }
        public string? Region { get; internal set; }
        public double? ConnectMs { get; internal set; }
        public double? SessionUpdatedMs { get; internal set; }
        /// <summary>From the commit (or the server's commit) to the first transcription delta.</summary>
        public double? FirstDeltaMs { get; internal set; }
        /// <summary>From the commit to completed or failed.</summary>
        public double? CompletedMs { get; internal set; }
        public double AudioMs { get; internal set; }
        public string Pace { get; internal set; } = "";
        public string? ErrorType { get; internal set; }
        public string? ErrorCode { get; internal set; }
        public string? ErrorMessage { get; internal set; }
        public string? ErrorParam { get; internal set; }
        /// <summary>The validator rule that explains a rejected session.update, when one matches.</summary>
        public string? MatchingRule { get; internal set; }
        public DateTimeOffset StartedAtUtc { get; internal set; }
        public DateTimeOffset EndedAtUtc { get; internal set; }
        public IReadOnlyList<TranscriptionEventRecord> Timeline { get; internal set; } = Array.Empty<TranscriptionEventRecord>();
        /// <summary>The exchanges this check recorded (handshake and events, redacted), for Export-SupportBundle.</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<RealtimeOps.Engine.Http.Exchange> Exchanges { get; internal set; } = Array.Empty<RealtimeOps.Engine.Http.Exchange>();

        public override string ToString() => $"{Verdict}: {Summary}";
    }
}
