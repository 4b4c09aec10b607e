using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Turn detection rules a table cannot say (the table itself gives RTC1053/RTC1054 and the ranges).</summary>
    internal sealed partial class ValidationRun
    {
        /// <summary>
        /// RTC1044: a model that transcribes with manual commits only (gpt-realtime-whisper) in a transcription session needs
        /// turn_detection: null. Realtime sessions are not affected; a session.update changes only the fields it carries,
        /// so there only a turn_detection that is present (and not null) is wrong.
        /// </summary>
        private void CheckManualTurnDetection(RealtimeModel? model, DocumentNode transcription, DocumentProperty? turn, string turnPath)
        {
            if (model == null || !model.RequiresManualTurnDetection || !_transcriptionSession) return;
            if (turn != null && turn.Value.IsNull) return;
            if (turn == null && _kind == ConfigurationKind.SessionUpdateEvent) return;
            Report(RuleIds.WhisperNeedsManualTurns, turnPath, turn != null ? turn.Value : transcription,
                turn == null
                    ? $"{model.Name} needs turn_detection: null in a transcription session, and a new transcription session defaults to server_vad."
                    : $"{model.Name} needs turn_detection: null (manual commit) in a transcription session, not {turn.Value.Describe()}.",
                $"Set {(_ga ? "audio.input." : string.Empty)}turn_detection to null.");
        }
    }
}
