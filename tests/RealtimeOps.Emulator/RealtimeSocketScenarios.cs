using System.Collections.Generic;

namespace RealtimeOps.Emulator
{
    /// <summary>Scenarios of the realtime WebSocket (/openai/v1/realtime); the HTTP endpoints answer as healthy in them.</summary>
    public static class RealtimeSocketScenarios
    {
        /// <summary>Every committed item gets conversation.item.input_audio_transcription.failed (server_error).</summary>
        public const string TranscriptionFailed = "transcription-failed";
        /// <summary>session.update is answered with an error event naming the client's event_id.</summary>
        public const string UpdateRejected = "update-rejected";
        /// <summary>session.updated reports audio.input.transcription null, with no error.</summary>
        public const string TranscriptionSilentlyOff = "transcription-silently-off";
        /// <summary>Like transcription-silently-off, in conversation sessions (?model=) only: the realtime deployment's fault.</summary>
        public const string RealtimeTranscriptionOff = "realtime-transcription-off";
        /// <summary>input_audio_buffer.committed, then nothing.</summary>
        public const string NoTranscription = "no-transcription";
        /// <summary>Every upgrade is answered 400 OpperationNotSupported, as for a transcription deployment on ?model=.</summary>
        public const string Handshake400 = "handshake-400";
        /// <summary>Keys and Entra tokens get 401 "This operation requires ephemeral authentication."; ek_ secrets pass.</summary>
        public const string EphemeralRequired = "ephemeral-required";
        /// <summary>The socket is dropped (no close frame) after a few audio chunks.</summary>
        public const string DropMidStream = "drop-mid-stream";
        /// <summary>Deltas arrive one per word, 200 ms apart, then completed.</summary>
        public const string SlowDeltas = "slow-deltas";

        public static readonly IReadOnlyList<string> Names = new[]
        {
            TranscriptionFailed, UpdateRejected, TranscriptionSilentlyOff, RealtimeTranscriptionOff, NoTranscription, Handshake400, EphemeralRequired, DropMidStream, SlowDeltas,
        };

        public const int DropAfterAppends = 5;
        public const int SlowDeltaMilliseconds = 200;
    }
}
