using System;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>One form of the request the probe sends: the same session with or without transcription.</summary>
    internal sealed class ProbeVariant
    {
        /// <summary>The name of the variant that leaves transcription out.</summary>
        public const string WithoutTranscriptionName = "WithoutTranscription";
        /// <summary>The name of the variant that turns transcription on with the configured model.</summary>
        public const string WithTranscriptionName = "WithTranscription";
        /// <summary>Prefix of the one-per-documented-model variants (-AllTranscriptionModels).</summary>
        public const string ModelVariantPrefix = "Transcription:";

        public ProbeVariant(string name, bool transcriptionEnabled, string? transcriptionModel, string requestBody)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            TranscriptionEnabled = transcriptionEnabled;
            TranscriptionModel = transcriptionModel;
            RequestBody = requestBody ?? throw new ArgumentNullException(nameof(requestBody));
        }

        public string Name { get; }
        public bool TranscriptionEnabled { get; }
        /// <summary>The transcription model (on Azure, a deployment name), or null without transcription.</summary>
        public string? TranscriptionModel { get; }
        /// <summary>The exact client_secrets body sent, as JSON. A request body carries no credential.</summary>
        public string RequestBody { get; }

        public override string ToString() => Name;
    }
}
