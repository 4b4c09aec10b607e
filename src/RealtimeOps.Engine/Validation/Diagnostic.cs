using System;
using System.Collections.Generic;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    public enum DiagnosticSeverity
    {
        Error,
        Warning,
        Information,
    }

    /// <summary>Which protocol a payload is checked against.</summary>
    public enum ProtocolTarget
    {
        /// <summary>The GA protocol (/openai/v1).</summary>
        Ga,
        /// <summary>The old preview (beta) protocol, which Azure deprecates from 2026-04-30.</summary>
        Preview,
    }

    /// <summary>What a payload is.</summary>
    public enum ConfigurationKind
    {
        /// <summary>A body for POST /realtime/client_secrets: {session, expires_after}.</summary>
        ClientSecretRequest,
        /// <summary>A session.update (or preview transcription_session.update) client event.</summary>
        SessionUpdateEvent,
        /// <summary>A bare realtime session object.</summary>
        RealtimeSession,
        /// <summary>A bare transcription session object.</summary>
        TranscriptionSession,
        Unknown,
    }

    /// <summary>Which protocol a payload is written for, judged from its fields.</summary>
    public enum PayloadShape
    {
        Ga,
        Preview,
        Mixed,
        Unknown,
    }

    /// <summary>One finding: which rule, how bad, where (path, line, column), what and how to fix it.</summary>
    public sealed class Diagnostic
    {
        public Diagnostic(string ruleId, DiagnosticSeverity severity, string? path, int? line, int? column,
            string message, string? suggestion, string source)
        {
            RuleId = ruleId ?? throw new ArgumentNullException(nameof(ruleId));
            Severity = severity;
            Path = path ?? string.Empty;
            Line = line;
            Column = column;
            Message = message ?? string.Empty;
            Suggestion = suggestion ?? string.Empty;
            Source = source ?? string.Empty;
        }

        public string RuleId { get; }
        public DiagnosticSeverity Severity { get; }
        /// <summary>The JSON path of the offending field, e.g. session.audio.input.transcription.language.</summary>
        public string Path { get; }
        public int? Line { get; }
        public int? Column { get; }
        public string Message { get; }
        /// <summary>How to fix it; empty when there is nothing more to say than the message.</summary>
        public string Suggestion { get; }
        /// <summary>Where the input came from: a file path, "json" or "InputObject".</summary>
        public string Source { get; }

        public override string ToString()
        {
            var where = Line.HasValue ? $"{Source}({Line},{Column})" : Source;
            return $"{where}: {Severity.ToString().ToLowerInvariant()} {RuleId}: {Message}";
        }
    }

    /// <summary>What to check a payload against besides its own content.</summary>
    internal sealed class ValidationOptions
    {
        /// <summary>Inputs above this many bytes are refused with RTC1003 before they are read.</summary>
        public const long DefaultMaxDocumentBytes = 10L * 1024 * 1024;

        public ProtocolTarget Target { get; set; } = ProtocolTarget.Ga;
        /// <summary>An Azure region (swedencentral or 'Sweden Central'); null = availability not checked.</summary>
        public string? Region { get; set; }
        /// <summary>Deployment name → model name (model null when only names are known); null = no deployment info.</summary>
        public IReadOnlyDictionary<string, string?>? Deployments { get; set; }
        /// <summary>The endpoint URL the payload is meant for, for the api-version rule; null = not checked.</summary>
        public string? Endpoint { get; set; }
        public long MaxDocumentBytes { get; set; } = DefaultMaxDocumentBytes;
    }

    /// <summary>The verdict on one input.</summary>
    public sealed class ValidationResult
    {
        internal ValidationResult(string source, ConfigurationKind kind, PayloadShape shape, IReadOnlyList<Diagnostic> diagnostics,
            SessionDocument? document, string? sessionModel, string? transcriptionModel, bool transcriptionEnabled, ProtocolTarget target)
        {
            Source = source;
            Kind = kind;
            Shape = shape;
            Diagnostics = diagnostics;
            Document = document;
            SessionModel = sessionModel;
            TranscriptionModel = transcriptionModel;
            TranscriptionEnabled = transcriptionEnabled;
            Target = target;
            foreach (var d in diagnostics)
            {
                if (d.Severity == DiagnosticSeverity.Error) ErrorCount++;
                else if (d.Severity == DiagnosticSeverity.Warning) WarningCount++;
                else InformationCount++;
            }
        }

        public string Source { get; }
        public ConfigurationKind Kind { get; }
        public PayloadShape Shape { get; }
        public ProtocolTarget Target { get; }
        /// <summary>True when there is no error (warnings and information do not count).</summary>
        public bool IsValid => ErrorCount == 0;
        public int ErrorCount { get; }
        public int WarningCount { get; }
        public int InformationCount { get; }
        public IReadOnlyList<Diagnostic> Diagnostics { get; }
        public SessionDocument? Document { get; }
        /// <summary>session.model as written (on Azure a deployment name).</summary>
        public string? SessionModel { get; }
        /// <summary>The transcription model as written (GA audio.input.transcription.model or beta input_audio_transcription.model).</summary>
        public string? TranscriptionModel { get; }
        /// <summary>True when the payload turns input transcription on (a transcription object, or a transcription session).</summary>
        public bool TranscriptionEnabled { get; }
    }
}
