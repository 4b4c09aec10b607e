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
            bool? acceptsPrompt, bool documented, bool preview, string? notes, string source, DateTime asOf,
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
        /// <summary>The public sources of this entry, by name (the catalog's, or Azure Resource Manager for a live read).</summary>
        public string Source { get; }
        /// <summary>Where to read each source: the URLs behind <see cref="Source"/>.</summary>
        public IReadOnlyList<string> SourceUrls { get; internal set; } = Array.Empty<string>();
        public DateTime AsOf { get; }

        // Live facts, filled only when the model was read from Azure Resource Manager (Get-RealtimeModel -Location);
        // a catalog model leaves them empty. See Availability/LiveModelMapper.
        /// <summary>True when this object comes from a live ARM read of one region, false for the dated catalog.</summary>
        public bool IsLive { get; internal set; }
        /// <summary>ARM's lifecycleStatus (GenerallyAvailable, Preview, Deprecating, Deprecated...); empty for the catalog.</summary>
        public string LifecycleStatus { get; internal set; } = string.Empty;
        /// <summary>
        /// The date inference stops (UTC). Live: ARM deprecation.inference for this version. Catalog: the published definite date
        /// when one date covers every version the catalog lists (see <see cref="Retirements"/> for each version). Null when not given.
        /// </summary>
        public DateTime? RetirementDate { get; internal set; }
        /// <summary>The retirement dates a public source gives for the model's versions (catalog); empty when none is published.</summary>
        public IReadOnlyList<ModelRetirement> Retirements { get; internal set; } = Array.Empty<ModelRetirement>();
        /// <summary>Whether ARM marks this version as the one a deployment gets by default; null for the catalog.</summary>
        public bool? IsDefaultVersion { get; internal set; }
        /// <summary>ARM's maxCapacity for the model; null when not given.</summary>
        public double? MaxCapacity { get; internal set; }
        /// <summary>The deployment types (SKUs) the region offers this version in, with capacity, rate limits and quota.</summary>
        public IReadOnlyList<RealtimeModelSku> Skus { get; internal set; } = Array.Empty<RealtimeModelSku>();
        /// <summary>ARM's capabilities (realtime, audio, chatCompletion... as strings); empty for the catalog.</summary>
        public IReadOnlyDictionary<string, string> Capabilities { get; internal set; } = new Dictionary<string, string>();

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
