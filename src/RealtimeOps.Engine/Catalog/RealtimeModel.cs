using System;
using System.Collections.Generic;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>What a model is for: a realtime (speech-to-speech) model or a transcription model.</summary>
    public enum ModelKind
    {
        Realtime,
        Transcription,
    }

    /// <summary>One model of the catalog, as documented, with where the fact comes from.</summary>
    public sealed class RealtimeModel
    {
        public RealtimeModel(string name, ModelKind kind, IReadOnlyList<string> versions, IReadOnlyList<string> regions,
            bool? acceptsPrompt, bool documented, bool preview, string notes, string source, DateTime asOf,
            bool requiresManualTurnDetection = false)
        {
            RequiresManualTurnDetection = requiresManualTurnDetection;
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Kind = kind;
            Versions = versions ?? Array.Empty<string>();
            Regions = regions ?? Array.Empty<string>();
            AcceptsPrompt = acceptsPrompt;
            Documented = documented;
            Preview = preview;
            Notes = notes ?? string.Empty;
            Source = source ?? string.Empty;
            AsOf = asOf;
        }

        public string Name { get; }
        public ModelKind Kind { get; }
        public IReadOnlyList<string> Versions { get; }
        /// <summary>Canonical region names (e.g. swedencentral) that offer the model; empty when the sources list none.</summary>
        public IReadOnlyList<string> Regions { get; }
        /// <summary>Whether a transcription prompt is accepted; null where the question does not apply.</summary>
        public bool? AcceptsPrompt { get; }
        /// <summary>True when the model is in the documented Azure list; false when only newer SDK releases name it.</summary>
        public bool Documented { get; }
        /// <summary>True for transcription models that need audio.input.turn_detection: null (gpt-realtime-whisper).</summary>
        public bool RequiresManualTurnDetection { get; }
        public bool Preview { get; }
        public string Notes { get; }
        public string Source { get; }
        public DateTime AsOf { get; }

        public bool IsOfferedIn(string? canonicalRegion)
        {
            foreach (var r in Regions)
            {
                if (string.Equals(r, canonicalRegion, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        public override string ToString() => Name;
    }

    /// <summary>An Azure region as ARM names it (swedencentral) and as people write it (Sweden Central).</summary>
    internal sealed class AzureRegion
    {
        public AzureRegion(string name, string displayName)
        {
            Name = name;
            DisplayName = displayName;
        }

        public string Name { get; }
        public string DisplayName { get; }
        public override string ToString() => Name;
    }
}
