namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// The id of every validation rule. Ids are stable: a rule never changes meaning and a retired id is never reused.
    /// What a rule is (title, severity, certainty, whether it is a range rule, sources) lives only in Catalog/rules.json.
    /// </summary>
    internal static class RuleIds
    {
        /// <summary>JSON syntax error.</summary>
        public const string JsonSyntax = "RTC1001";
        /// <summary>Nesting too deep.</summary>
        public const string NestingTooDeep = "RTC1002";
        /// <summary>Document too large.</summary>
        public const string DocumentTooLarge = "RTC1003";
        /// <summary>Root not recognised.</summary>
        public const string RootNotRecognised = "RTC1004";
        /// <summary>Wrong JSON type.</summary>
        public const string WrongJsonType = "RTC1005";
        /// <summary>Unknown field.</summary>
        public const string UnknownField = "RTC1006";
        /// <summary>Duplicate field.</summary>
        public const string DuplicateField = "RTC1007";
        /// <summary>Required field missing.</summary>
        public const string RequiredFieldMissing = "RTC1008";
        /// <summary>Too many problems.</summary>
        public const string TooManyProblems = "RTC1009";
        /// <summary>session.type missing.</summary>
        public const string SessionTypeMissing = "RTC1010";
        /// <summary>session.type invalid.</summary>
        public const string SessionTypeInvalid = "RTC1011";
        /// <summary>Field not allowed in a transcription session.</summary>
        public const string NotInTranscriptionSession = "RTC1012";
        /// <summary>Wrong client event type.</summary>
        public const string WrongEventType = "RTC1013";
        /// <summary>Preview (beta) field in a GA payload.</summary>
        public const string PreviewFieldInGa = "RTC1020";
        /// <summary>GA field in a preview payload.</summary>
        public const string GaFieldInPreview = "RTC1021";
        /// <summary>Mixed GA and preview shapes.</summary>
        public const string MixedShapes = "RTC1022";
        /// <summary>temperature has no GA equivalent.</summary>
        public const string TemperatureHasNoGa = "RTC1023";
        /// <summary>Preview protocol retiring.</summary>
        public const string PreviewRetiring = "RTC1024";
        /// <summary>Preview audio format name in a GA payload.</summary>
        public const string PreviewFormatName = "RTC1025";
        /// <summary>Value not allowed.</summary>
        public const string ValueNotAllowed = "RTC1030";
        /// <summary>Number out of range.</summary>
        public const string NumberOutOfRange = "RTC1031";
        /// <summary>Text too long.</summary>
        public const string TextTooLong = "RTC1032";
        /// <summary>Text does not match its pattern.</summary>
        public const string PatternMismatch = "RTC1033";
        /// <summary>Too few items.</summary>
        public const string TooFewItems = "RTC1034";
        /// <summary>MCP tool names no server.</summary>
        public const string McpToolWithoutServer = "RTC1035";
        /// <summary>Transcription model not in the documented list.</summary>
        public const string TranscriptionModelNotDocumented = "RTC1040";
        /// <summary>Transcription model is not a transcription model.</summary>
        public const string TranscriptionModelWrongKind = "RTC1041";
        /// <summary>Language is not ISO-639-1.</summary>
        public const string LanguageNotIso6391 = "RTC1042";
        /// <summary>Prompt not accepted by this transcription model.</summary>
        public const string PromptNotAccepted = "RTC1043";
        /// <summary>gpt-realtime-whisper needs turn_detection: null.</summary>
        public const string WhisperNeedsManualTurns = "RTC1044";
        /// <summary>Transcription explicitly off.</summary>
        public const string TranscriptionOff = "RTC1045";
        /// <summary>delay is for gpt-realtime-whisper only.</summary>
        public const string DelayWhisperOnly = "RTC1046";
        /// <summary>Transcription without a model.</summary>
        public const string TranscriptionWithoutModel = "RTC1047";
        /// <summary>languages item is not ISO-639-1.</summary>
        public const string LanguagesItemNotIso6391 = "RTC1048";
        /// <summary>keywords or languages not supported by this model.</summary>
        public const string KeywordsOrLanguagesUnsupported = "RTC1049";
        /// <summary>expires_after.anchor invalid.</summary>
        public const string ExpiresAnchorInvalid = "RTC1050";
        /// <summary>expires_after.seconds out of range.</summary>
        public const string ExpiresSecondsOutOfRange = "RTC1051";
        /// <summary>Audio format invalid.</summary>
        public const string AudioFormatInvalid = "RTC1052";
        /// <summary>Turn detection type invalid.</summary>
        public const string TurnDetectionTypeInvalid = "RTC1053";
        /// <summary>Turn detection field of the other type.</summary>
        public const string TurnDetectionOtherTypeField = "RTC1054";
        /// <summary>output_modalities has both audio and text.</summary>
        public const string OutputModalitiesBoth = "RTC1055";
        /// <summary>max_output_tokens invalid.</summary>
        public const string MaxOutputTokensInvalid = "RTC1056";
        /// <summary>Voice not known.</summary>
        public const string VoiceNotKnown = "RTC1057";
        /// <summary>Speed out of range.</summary>
        public const string SpeedOutOfRange = "RTC1058";
        /// <summary>Region does not offer the model.</summary>
        public const string RegionLacksModel = "RTC1060";
        /// <summary>Region not known.</summary>
        public const string RegionNotKnown = "RTC1061";
        /// <summary>session.model is not a deployment.</summary>
        public const string SessionModelNotDeployment = "RTC1062";
        /// <summary>Transcription model is not a deployment.</summary>
        public const string TranscriptionModelNotDeployment = "RTC1063";
        /// <summary>Model of the wrong kind.</summary>
        public const string ModelWrongKind = "RTC1064";
        /// <summary>Model name looks like a typo.</summary>
        public const string ModelLooksLikeTypo = "RTC1065";
        /// <summary>api-version on a GA endpoint.</summary>
        public const string DatedApiVersionOnGa = "RTC1070";
        /// <summary>Endpoint URL invalid.</summary>
        public const string EndpointInvalid = "RTC1071";
        /// <summary>Prompt with gpt-4o-transcribe-diarize.</summary>
        public const string DiarizePrompt = "RTC1080";
        /// <summary>Audio format without type.</summary>
        public const string AudioFormatWithoutType = "RTC1081";
        /// <summary>reasoning.effort xhigh on Azure.</summary>
        public const string ReasoningEffortXhigh = "RTC1082";
    }
}
