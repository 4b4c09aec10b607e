using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>
    /// One node of the session field tables (Catalog/session-fields.json): a small schema language that the
    /// validator walks, the JSON Schema generator translates and the converter reads.
    /// </summary>
    public sealed class FieldSpec
    {
        internal FieldSpec() { }

        /// <summary>object, string, integer, number, boolean, array, any; null for a pure union (anyOf).</summary>
        public string? Type { get; internal set; }
        public bool Nullable { get; internal set; }
        public IReadOnlyList<string> PropertyNames { get; internal set; } = Array.Empty<string>();
        public IReadOnlyDictionary<string, FieldSpec> Properties { get; internal set; } = new Dictionary<string, FieldSpec>();
        public IReadOnlyList<string> Required { get; internal set; } = Array.Empty<string>();
        /// <summary>Allowed values: strings or doubles; null when any value of the type is allowed.</summary>
        public IReadOnlyList<object>? Enum { get; internal set; }
        public double? Minimum { get; internal set; }
        public double? Maximum { get; internal set; }
        public FieldSpec? Items { get; internal set; }
        public int? MaxItems { get; internal set; }
        public int? MinItems { get; internal set; }
        /// <summary>The longest string allowed, in characters.</summary>
        public int? MaxLength { get; internal set; }
        /// <summary>A regular expression (ECMAScript subset of the specification) the whole string must match.</summary>
        public string? Pattern { get; internal set; }
        /// <summary>True when Enum lists known values but any string is accepted (only a node's own rule reports others).</summary>
        public bool OpenEnum { get; internal set; }
        /// <summary>The schema of properties not named in Properties (a map); null when the object takes no other fields.</summary>
        public FieldSpec? AdditionalProperties { get; internal set; }
        public IReadOnlyList<FieldSpec>? AnyOf { get; internal set; }
        /// <summary>The property whose value picks the variant of AnyOf (e.g. type).</summary>
        public string? Discriminator { get; internal set; }
        /// <summary>The name of a definition this node stands for; resolved into <see cref="Target"/>.</summary>
        public string? Ref { get; internal set; }
        public FieldSpec? Target { get; internal set; }
        /// <summary>The RTC rule a violation of this node reports (null: the generic rule).</summary>
        public string? Rule { get; internal set; }
        public string? Source { get; internal set; }
        public string? Description { get; internal set; }
        /// <summary>The definition name when this node is a named definition.</summary>
        public string? DefinitionName { get; internal set; }

        // Lookups built on first use and published whole, so concurrent validations may race to build them harmlessly.
        private HashSet<string>? _stringEnum;
        private VariantIndex? _variants;

        private sealed class VariantIndex
        {
            public readonly Dictionary<string, FieldSpec> ByValue = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
            public readonly List<string> Values = new List<string>();
        }

        /// <summary>True when the string is one of the allowed values (Enum must not be null).</summary>
        public bool AllowsString(string? value)
        {
            var set = _stringEnum;
            if (set == null)
            {
                set = new HashSet<string>(Enum.OfType<string>(), StringComparer.Ordinal);
                _stringEnum = set;
            }
            return value != null && set.Contains(value);
        }

        /// <summary>The variant of a discriminated union whose discriminator has this value.</summary>
        public FieldSpec? FindVariant(string? value)
        {
            if (value == null) return null;
            return Variants().ByValue.TryGetValue(value, out var v) ? v : null;
        }

        /// <summary>Every discriminator value of a discriminated union, in table order.</summary>
        public IReadOnlyList<string> VariantValues => Variants().Values;

        private VariantIndex Variants()
        {
            var index = _variants;
            if (index == null)
            {
                index = new VariantIndex();
                foreach (var variant in AnyOf ?? (IReadOnlyList<FieldSpec>)Array.Empty<FieldSpec>())
                {
                    foreach (var d in variant.Resolve().DiscriminatorValues(Discriminator))
                    {
                        index.Values.Add(d);
                        if (!index.ByValue.ContainsKey(d)) index.ByValue.Add(d, variant);
                    }
                }
                _variants = index;
            }
            return index;
        }

        /// <summary>The definition behind a reference, or this node.</summary>
        public FieldSpec Resolve() => Target ?? this;

        /// <summary>The discriminator values of a discriminated variant (e.g. ["server_vad"]).</summary>
        public IEnumerable<string> DiscriminatorValues(string? discriminator)
        {
            if (discriminator != null && Properties.TryGetValue(discriminator, out var d) && d.Enum != null)
            {
                foreach (var v in d.Enum) if (v is string s) yield return s;
            }
        }
    }

    /// <summary>A beta (preview) session field and where it lives in GA (the migration guide, MS-migrate).</summary>
    internal sealed class BetaFieldMapping
    {
        internal BetaFieldMapping(string? beta, string? ga, bool gaAtRequestRoot, bool convertsFormat, string? source)
        {
            Beta = beta;
            Ga = ga;
            GaAtRequestRoot = gaAtRequestRoot;
            ConvertsFormat = convertsFormat;
            Source = source;
        }

        public string? Beta { get; }
        /// <summary>The GA path relative to the session, or null when GA has no equivalent (temperature).</summary>
        public string? Ga { get; }
        /// <summary>True when the GA place is the top level of the client_secrets body, not the session.</summary>
        public bool GaAtRequestRoot { get; }
        /// <summary>True when the value itself changes (pcm16 → {type: audio/pcm, rate: 24000}).</summary>
        public bool ConvertsFormat { get; }
        public string? Source { get; }
    }

    /// <summary>The field tables of GA and preview sessions, the beta→GA map and the ISO-639-1 codes, as shipped.</summary>
    internal sealed class SessionFieldCatalog
    {
        private static readonly Lazy<SessionFieldCatalog> s_current = new Lazy<SessionFieldCatalog>(LoadEmbedded);
        private readonly HashSet<string> _languages;

        private SessionFieldCatalog(DateTime asOf, DateTime specDate, IReadOnlyDictionary<string, string> sources,
            IReadOnlyDictionary<string, FieldSpec> ga, IReadOnlyDictionary<string, string> roles, IReadOnlyDictionary<string, FieldSpec> preview,
            IReadOnlyList<BetaFieldMapping> betaToGa, IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, object>>> formats,
            IReadOnlyList<string> languages, string? languageSource)
        {
            AsOf = asOf;
            SpecDate = specDate;
            Sources = sources;
            var gaWithRoles = new Dictionary<string, FieldSpec>(ga.Count + 4, StringComparer.Ordinal);
            foreach (var kv in ga) gaWithRoles[kv.Key] = kv.Value;
            // The roles the validator and the schema generator look for, under their own names.
            foreach (var role in new[] { "RealtimeSession", "TranscriptionSession", "ExpiresAfter", "AudioFormat" }) gaWithRoles[role] = ga[roles[role]];
            GaDefinitions = gaWithRoles;
            PreviewDefinitions = preview;
            BetaToGa = betaToGa;
            BetaFormats = formats;
            LanguageCodes = languages;
            LanguageSource = languageSource;
            _languages = new HashSet<string>(languages, StringComparer.Ordinal);
            GaRealtimeSession = ga[roles["RealtimeSession"]];
            GaTranscriptionSession = ga[roles["TranscriptionSession"]];
            GaExpiresAfter = ga[roles["ExpiresAfter"]];
            GaAudioFormat = ga[roles["AudioFormat"]];
            GaSessionUpdateEvent = ga[roles["SessionUpdateEvent"]];
            GaClientSecretRequest = ga[roles["ClientSecretRequest"]];
            PreviewRealtimeSession = preview["BetaRealtimeSession"];
            PreviewTranscriptionSession = preview["BetaTranscriptionSession"];
        }

        public static SessionFieldCatalog Current => s_current.Value;

        /// <summary>The date of the hand-kept tables (preview, beta-to-GA map) and the overlay.</summary>
        public DateTime AsOf { get; }
        /// <summary>The date of the OpenAI specification the GA tables were generated from.</summary>
        public DateTime SpecDate { get; }
        public IReadOnlyDictionary<string, string> Sources { get; }
        public IReadOnlyDictionary<string, FieldSpec> GaDefinitions { get; }
        public IReadOnlyDictionary<string, FieldSpec> PreviewDefinitions { get; }
        public IReadOnlyList<BetaFieldMapping> BetaToGa { get; }
        /// <summary>Beta audio format names and the GA object each becomes (pcm16 → type audio/pcm, rate 24000).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, object>>> BetaFormats { get; }
        public IReadOnlyList<string> LanguageCodes { get; }
        public string? LanguageSource { get; }

        public FieldSpec GaRealtimeSession { get; private set; }
        public FieldSpec GaTranscriptionSession { get; private set; }
        public FieldSpec GaExpiresAfter { get; private set; }
        public FieldSpec GaAudioFormat { get; private set; }
        /// <summary>The session.update client event (type, event_id, session).</summary>
        public FieldSpec GaSessionUpdateEvent { get; private set; }
        /// <summary>The body of POST /realtime/client_secrets (expires_after, session).</summary>
        public FieldSpec GaClientSecretRequest { get; private set; }
        public FieldSpec PreviewRealtimeSession { get; private set; }
        public FieldSpec PreviewTranscriptionSession { get; private set; }

        public bool IsLanguageCode(string? code) => code != null && _languages.Contains(code);

        public BetaFieldMapping? FindBetaMapping(string? betaField)
        {
            foreach (var m in BetaToGa) if (string.Equals(m.Beta, betaField, StringComparison.Ordinal)) return m;
            return null;
        }

        private static SessionFieldCatalog LoadEmbedded()
        {
            var asm = typeof(SessionFieldCatalog).Assembly;
            using (var gaFields = asm.GetManifestResourceStream("RealtimeOps.Engine.Catalog.ga-fields.json"))
            using (var fields = asm.GetManifestResourceStream("RealtimeOps.Engine.Catalog.session-fields.json"))
            using (var languages = asm.GetManifestResourceStream("RealtimeOps.Engine.Catalog.languages.json"))
            {
                if (gaFields == null || fields == null || languages == null) throw new InvalidOperationException("The session field tables are missing from RealtimeOps.Engine.");
                return Load(gaFields, fields, languages);
            }
        }

        /// <summary>Loads the generated GA tables (ga-fields.json), the hand-kept preview tables (session-fields.json) and the language codes.</summary>
        public static SessionFieldCatalog Load(Stream gaFieldsJson, Stream fieldsJson, Stream languagesJson)
        {
            using (var gaDoc = JsonDocument.Parse(gaFieldsJson))
            using (var doc = JsonDocument.Parse(fieldsJson))
            using (var lang = JsonDocument.Parse(languagesJson))
            {
                var root = doc.RootElement;
                var gaRoot = gaDoc.RootElement;
                var specDate = DateTime.ParseExact(gaRoot.GetProperty("spec").GetProperty("date").GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                var roles = gaRoot.GetProperty("roles").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.RequiredString(), StringComparer.Ordinal);
                var asOf = DateTime.ParseExact(root.GetProperty("asOf").GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                var sources = root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.RequiredString(), StringComparer.OrdinalIgnoreCase);
                var ga = LoadDefinitions(gaRoot.GetProperty("definitions"));
                var preview = LoadDefinitions(root.GetProperty("preview").GetProperty("definitions"));
                var map = root.GetProperty("betaToGa").EnumerateArray().Select(m => new BetaFieldMapping(
                    m.GetProperty("beta").GetString(),
                    m.GetProperty("ga").ValueKind == JsonValueKind.Null ? null : m.GetProperty("ga").GetString(),
                    m.TryGetProperty("gaAtRequestRoot", out var atRoot) && atRoot.ValueKind == JsonValueKind.True,
                    m.TryGetProperty("values", out var values) && values.GetString() == "formats",
                    m.GetProperty("source").GetString())).ToList();
                var formats = new Dictionary<string, IReadOnlyList<KeyValuePair<string, object>>>(StringComparer.Ordinal);
                foreach (var f in root.GetProperty("formats").EnumerateObject())
                {
                    formats[f.Name] = f.Value.EnumerateObject()
                        .Select(p => new KeyValuePair<string, object>(p.Name, p.Value.ValueKind == JsonValueKind.Number ? (object)p.Value.GetInt32() : p.Value.RequiredString()))
                        .ToList();
                }
                var codes = lang.RootElement.GetProperty("codes").EnumerateArray().Select(c => c.RequiredString()).ToList();
                return new SessionFieldCatalog(asOf, specDate, sources, ga, roles, preview, map, formats, codes, lang.RootElement.GetProperty("source").GetString());
            }
        }

        private static IReadOnlyDictionary<string, FieldSpec> LoadDefinitions(JsonElement definitions)
        {
            var result = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
            var refs = new List<FieldSpec>();
            foreach (var d in definitions.EnumerateObject())
            {
                var spec = LoadSpec(d.Value, refs);
                spec.DefinitionName = d.Name;
                result[d.Name] = spec;
            }
            foreach (var r in refs)
            {
                if (!result.TryGetValue(r.Ref!, out var target)) throw new InvalidOperationException($"session-fields.json: unknown ref '{r.Ref}'.");
                r.Target = target;
            }
            return result;
        }

        private static FieldSpec LoadSpec(JsonElement e, List<FieldSpec> refs)
        {
            var spec = new FieldSpec();
            foreach (var p in e.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "type": spec.Type = p.Value.GetString(); break;
                    case "nullable": spec.Nullable = p.Value.GetBoolean(); break;
                    case "properties":
                        var names = new List<string>();
                        var props = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
                        foreach (var child in p.Value.EnumerateObject())
                        {
                            names.Add(child.Name);
                            props[child.Name] = LoadSpec(child.Value, refs);
                        }
                        spec.PropertyNames = names;
                        spec.Properties = props;
                        break;
                    case "required": spec.Required = p.Value.EnumerateArray().Select(x => x.RequiredString()).ToList(); break;
                    case "enum":
                        spec.Enum = p.Value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? (object)x.GetDouble() : x.RequiredString()).ToList();
                        break;
                    case "minimum": spec.Minimum = p.Value.GetDouble(); break;
                    case "maximum": spec.Maximum = p.Value.GetDouble(); break;
                    case "maxItems": spec.MaxItems = p.Value.GetInt32(); break;
                    case "minItems": spec.MinItems = p.Value.GetInt32(); break;
                    case "maxLength": spec.MaxLength = p.Value.GetInt32(); break;
                    case "pattern": spec.Pattern = p.Value.GetString(); break;
                    case "openEnum": spec.OpenEnum = p.Value.GetBoolean(); break;
                    case "additionalProperties": spec.AdditionalProperties = LoadSpec(p.Value, refs); break;
                    case "items": spec.Items = LoadSpec(p.Value, refs); break;
                    case "anyOf": spec.AnyOf = p.Value.EnumerateArray().Select(x => LoadSpec(x, refs)).ToList(); break;
                    case "discriminator": spec.Discriminator = p.Value.GetString(); break;
                    case "ref": spec.Ref = p.Value.GetString(); refs.Add(spec); break;
                    case "rule": spec.Rule = p.Value.GetString(); break;
                    case "source": spec.Source = p.Value.GetString(); break;
                    case "description": spec.Description = p.Value.GetString(); break;
                    default: throw new InvalidOperationException($"session-fields.json: unknown key '{p.Name}'.");
                }
            }
            return spec;
        }
    }
}
