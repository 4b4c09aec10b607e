using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>
    /// The dated facts about models and regions (Catalog/models.json, embedded). Every rule and check
    /// reads models and regions from here, never from a literal of its own.
    /// </summary>
    internal sealed class ServiceCatalog
    {
        private static readonly Lazy<ServiceCatalog> s_current = new Lazy<ServiceCatalog>(LoadEmbedded);
        private readonly Dictionary<string, RealtimeModel> _modelsByName;
        private readonly Dictionary<string, AzureRegion> _regionsByKey;

        public ServiceCatalog(IReadOnlyList<RealtimeModel> models, IReadOnlyList<AzureRegion> regions,
            IReadOnlyDictionary<string, string> sources, DateTime asOf, IReadOnlyList<string>? nonTranscriptionModelNames = null)
        {
            NonTranscriptionModelNames = nonTranscriptionModelNames ?? Array.Empty<string>();
            Models = models;
            Regions = regions;
            Sources = sources;
            AsOf = asOf;
            _modelsByName = models.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
            _regionsByKey = new Dictionary<string, AzureRegion>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in regions)
            {
                _regionsByKey[RegionKey(r.Name)] = r;
                _regionsByKey[RegionKey(r.DisplayName)] = r;
            }
        }

        /// <summary>The catalog shipped with this build.</summary>
        public static ServiceCatalog Current => s_current.Value;

        public IReadOnlyList<RealtimeModel> Models { get; }
        public IReadOnlyList<AzureRegion> Regions { get; }
        public IReadOnlyDictionary<string, string> Sources { get; }
        public DateTime AsOf { get; }

        /// <summary>Chat, audio-generation and embedding model names that can never transcribe input audio.</summary>
        public IReadOnlyList<string> NonTranscriptionModelNames { get; }

        public IEnumerable<RealtimeModel> RealtimeModels => Models.Where(m => m.Kind == ModelKind.Realtime);
        public IEnumerable<RealtimeModel> TranscriptionModels => Models.Where(m => m.Kind == ModelKind.Transcription);

        /// <summary>The transcription models the sources document for input audio transcription.</summary>
        public IEnumerable<RealtimeModel> DocumentedTranscriptionModels => TranscriptionModels.Where(m => m.Documented);

        /// <summary>Transcription models that take keywords and languages (models.json keywordAndLanguageModels).</summary>
        public IReadOnlyCollection<string> KeywordAndLanguageModels { get; private set; } = Array.Empty<string>();

        /// <summary>The model of this name, or of the name without a date suffix when that model lists the date as a version (gpt-realtime-2025-08-28).</summary>
        public RealtimeModel? FindModel(string? name)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            name = name!.Trim();
            if (_modelsByName.TryGetValue(name, out var m)) return m;
            if (name.Length > 11 && name[name.Length - 11] == '-')
            {
                var version = name.Substring(name.Length - 10);
                if (_modelsByName.TryGetValue(name.Substring(0, name.Length - 11), out var dated) && dated.Versions.Contains(version, StringComparer.Ordinal)) return dated;
            }
            return null;
        }

        /// <summary>
        /// Accepts swedencentral, Sweden Central, SwedenCentral, sweden-central; returns null for an unknown region.
        /// </summary>
        public AzureRegion? FindRegion(string? region)
        {
            if (string.IsNullOrWhiteSpace(region)) return null;
            return _regionsByKey.TryGetValue(RegionKey(region), out var r) ? r : null;
        }

        private static string RegionKey(string? text)
        {
            var chars = text.Where(char.IsLetterOrDigit).Select(c => char.ToLowerInvariant(c)).ToArray();
            return new string(chars);
        }

        public static ServiceCatalog Load(Stream json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                var root = doc.RootElement;
                var asOf = DateTime.ParseExact(root.GetProperty("asOf").RequiredString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in root.GetProperty("sources").EnumerateObject()) sources[p.Name] = p.Value.RequiredString();
                var regions = root.GetProperty("regions").EnumerateArray()
                    .Select(r => new AzureRegion(r.GetProperty("name").RequiredString(), r.GetProperty("displayName").RequiredString()))
                    .ToList();
                var models = new List<RealtimeModel>();
                foreach (var m in root.GetProperty("models").EnumerateArray())
                {
                    var prompt = m.GetProperty("acceptsPrompt");
                    models.Add(new RealtimeModel(
                        m.GetProperty("name").RequiredString(),
                        (ModelKind)Enum.Parse(typeof(ModelKind), m.GetProperty("kind").RequiredString()),
                        m.GetProperty("versions").EnumerateArray().Select(v => v.RequiredString()).ToArray(),
                        m.GetProperty("regions").EnumerateArray().Select(v => v.RequiredString()).ToArray(),
                        prompt.ValueKind == JsonValueKind.Null ? (bool?)null : prompt.GetBoolean(),
                        m.GetProperty("documented").GetBoolean(),
                        m.GetProperty("preview").GetBoolean(),
                        m.GetProperty("notes").RequiredString(),
                        m.GetProperty("source").RequiredString(),
                        asOf,
                        m.TryGetProperty("requiresManualTurnDetection", out var manual) && manual.ValueKind == JsonValueKind.True)
                    {
                        SourceUrls = SourceUrlsOf(m, sources),
                    });
                }
                var nonTranscription = root.TryGetProperty("nonTranscriptionModels", out var other)
                    ? other.GetProperty("names").EnumerateArray().Select(n => n.RequiredString()).ToArray()
                    : Array.Empty<string>();
                var keywordModels = root.TryGetProperty("keywordAndLanguageModels", out var kw)
                    ? kw.GetProperty("names").EnumerateArray().Select(n => n.RequiredString()).ToArray()
                    : Array.Empty<string>();
                return new ServiceCatalog(models, regions, sources, asOf, nonTranscription) { KeywordAndLanguageModels = keywordModels };
            }
        }

        /// <summary>The URLs of a model's sourceKeys; a key missing from the sources table is an error in the catalog.</summary>
        private static string[] SourceUrlsOf(JsonElement model, IReadOnlyDictionary<string, string> sources)
        {
            if (!model.TryGetProperty("sourceKeys", out var keys)) return Array.Empty<string>();
            return keys.EnumerateArray().Select(k =>
            {
                var key = k.RequiredString();
                if (!sources.TryGetValue(key, out var text))
                    throw new InvalidDataException($"models.json: source key '{key}' is not in the sources table.");
                var at = text.IndexOf("https://", StringComparison.Ordinal);
                if (at < 0) throw new InvalidDataException($"models.json: source '{key}' has no https URL.");
                return text.Substring(at).TrimEnd(')', ' ');
            }).Distinct(StringComparer.Ordinal).ToArray();
        }

        private static ServiceCatalog LoadEmbedded()
        {
            var asm = typeof(ServiceCatalog).Assembly;
            using (var s = asm.GetManifestResourceStream("RealtimeOps.Engine.Catalog.models.json"))
            {
                if (s == null) throw new InvalidOperationException("The model catalog resource is missing from RealtimeOps.Engine.");
                return WithRetirements(Load(s), ModelLifecycle.Current);
            }
        }

        /// <summary>Attaches the published retirement dates (lifecycle.json) to the catalog's models.</summary>
        internal static ServiceCatalog WithRetirements(ServiceCatalog catalog, ModelLifecycle lifecycle)
        {
            foreach (var model in catalog.Models)
            {
                var retirements = lifecycle.RetirementsOf(model);
                model.Retirements = retirements;
                var covering = retirements.Where(r => !r.NoEarlierThan && (r.Version == null || model.Versions.Count <= 1)).ToList();
                if (covering.Count == 1 && retirements.Count == 1) model.RetirementDate = covering[0].Date;
            }
            return catalog;
        }
    }
}
