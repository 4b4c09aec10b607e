using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;
using static RealtimeOps.Engine.Validation.ValidationText;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>The generic walk over the field tables (types, enums, ranges, unions, required and unknown fields, duplicates).</summary>
    internal sealed partial class ValidationRun
    {
        private void Walk(DocumentNode node, FieldSpec spec, string path, FieldSpec? union)
        {
            spec = spec.Resolve();
            if (node.IsNull)
            {
                if (spec.Nullable || spec.Type == "any") return;
                Report(RuleIds.WrongJsonType, path, node, $"{Display(path)} cannot be null.", "Remove the field to take the default, or give a value.");
                return;
            }
            if (spec.AnyOf != null)
            {
                WalkUnion(node, spec, path);
                return;
            }
            if (!KindMatches(node, spec.Type))
            {
                Report(spec.Rule != null && RuleCatalog.Get(spec.Rule).IsRange && node.Kind == DocumentNodeKind.Number ? spec.Rule : RuleIds.WrongJsonType, path, node,
                    $"{Display(path)} must be {TypeName(spec.Type)}, not {DescribeKind(node)}.");
                return;
            }
            switch (node.Kind)
            {
                case DocumentNodeKind.Object:
                    if (spec.Type == "object") WalkObject(node, spec, path, union, sessionLevel: false);
                    break;
                case DocumentNodeKind.Array:
                    if (spec.MaxItems.HasValue && node.Items.Count > spec.MaxItems.Value)
                    {
                        var both = spec.Rule == RuleIds.OutputModalitiesBoth;
                        Report(spec.Rule ?? RuleIds.NumberOutOfRange, path, node,
                            both ? $"{Display(path)} has {node.Items.Count} values; GA takes one: [\"audio\"] or [\"text\"], never both."
                                 : $"{Display(path)} has {node.Items.Count} items; at most {spec.MaxItems.Value} allowed.",
                            both ? "Use [\"audio\"] (audio output carries its own transcript) or [\"text\"]." : null);
                    }
                    if (spec.MinItems.HasValue && node.Items.Count < spec.MinItems.Value)
                    {
                        Report(RuleIds.TooFewItems, path, node, $"{Display(path)} has {node.Items.Count} item(s); at least {spec.MinItems.Value} required.",
                            "Give at least one value, or remove the field.");
                    }
                    if (spec.Items != null)
                    {
                        var items = node.Items;
                        for (var i = 0; i < items.Count; i++) Walk(items[i], spec.Items, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", null);
                    }
                    break;
                case DocumentNodeKind.String:
                    if (spec.MaxLength.HasValue && node.Text!.Length > spec.MaxLength.Value)
                    {
                        Report(RuleIds.TextTooLong, path, node, $"{Display(path)} is {node.Text.Length:N0} characters long; at most {spec.MaxLength.Value:N0} allowed.", "Shorten it.");
                    }
                    if (spec.Pattern != null && !MatchesPattern(spec.Pattern, node.Text))
                    {
                        Report(RuleIds.PatternMismatch, path, node, $"{Display(path)} is {node.Describe()}, which does not match {spec.Pattern}.");
                    }
                    if (spec.Enum != null && (!spec.OpenEnum || spec.Rule != null) && !spec.AllowsString(node.Text))
                    {
                        var allowed = spec.Enum.OfType<string>().ToList();
                        var near = NearestName.Find(node.Text, allowed, 3) ?? allowed.FirstOrDefault(a => string.Equals(a, node.Text, StringComparison.OrdinalIgnoreCase));
                        Report(spec.Rule ?? RuleIds.ValueNotAllowed, path, node, $"{Display(path)} is {node.Describe()}; allowed: {string.Join(", ", allowed)}.",
                            near != null ? $"Did you mean \"{near}\"?" : null);
                    }
                    break;
                case DocumentNodeKind.Number:
                    if (spec.Enum != null && !spec.Enum.OfType<double>().Contains(node.Number))
                    {
                        Report(spec.Rule ?? RuleIds.ValueNotAllowed, path, node, $"{Display(path)} is {node.Describe()}; the only legal value{(spec.Enum.Count > 1 ? "s are" : " is")} {string.Join(", ", spec.Enum.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))}.",
                            spec.Enum.Count == 1 ? $"Set it to {Convert.ToString(spec.Enum[0], CultureInfo.InvariantCulture)} or remove it." : null);
                    }
                    else if ((spec.Minimum.HasValue && node.Number < spec.Minimum.Value) || (spec.Maximum.HasValue && node.Number > spec.Maximum.Value))
                    {
                        Report(spec.Rule ?? RuleIds.NumberOutOfRange, path, node, $"{Display(path)} is {node.Describe()}; it must be {RangeText(spec)}.");
                    }
                    break;
            }
        }


        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Text.RegularExpressions.Regex> s_patterns =
            new System.Collections.Concurrent.ConcurrentDictionary<string, System.Text.RegularExpressions.Regex>(StringComparer.Ordinal);

        private static bool MatchesPattern(string pattern, string? text) =>
            s_patterns.GetOrAdd(pattern, p => new System.Text.RegularExpressions.Regex(p, System.Text.RegularExpressions.RegexOptions.CultureInvariant,
                TimeSpan.FromMilliseconds(100))).IsMatch(text);

        private void WalkUnion(DocumentNode node, FieldSpec spec, string path)
        {
            var anyOf = spec.AnyOf!; // Walk comes here only when spec.AnyOf is set
            if (spec.Discriminator != null && node.Kind == DocumentNodeKind.Object)
            {
                var dProp = node.FindProperty(spec.Discriminator);
                var all = spec.VariantValues;
                if (dProp == null)
                {
                    var required = anyOf.Any(v => v.Resolve().Required.Contains(spec.Discriminator));
                    if (required)
                    {
                        Report(RuleIds.RequiredFieldMissing, path + "." + spec.Discriminator, node, $"{Display(path)} has no {spec.Discriminator}; it must be one of {string.Join(", ", all)}.",
                            $"Add \"{spec.Discriminator}\": \"{all[0]}\".");
                        return;
                    }
                    if (spec == _fields.GaAudioFormat)
                    {
                        Report(RuleIds.AudioFormatWithoutType, path, node, $"{Display(path)} has no type; the specification does not require it, but what the service assumes is unverified.",
                            "Give \"type\": \"audio/pcm\" (with \"rate\": 24000), \"audio/pcmu\" or \"audio/pcma\".");
                    }
                    Walk(node, anyOf.FirstOrDefault(a => a.Resolve().Type == "object") ?? anyOf[0], path, spec);
                    return;
                }
                var d = dProp.Value.StringValue;
                var variant = spec.FindVariant(d);
                if (variant == null)
                {
                    var near = d == null ? null : NearestName.Find(d, all, 3);
                    Report(spec.Rule ?? RuleIds.ValueNotAllowed, path + "." + spec.Discriminator, dProp.Value,
                        $"{Display(path + "." + spec.Discriminator)} is {dProp.Value.Describe()}; allowed: {string.Join(", ", all)}.",
                        near != null ? $"Did you mean \"{near}\"?" : null);
                    return;
                }
                Walk(node, variant, path, spec);
                return;
            }
            if (spec == _fields.GaAudioFormat && node.Kind == DocumentNodeKind.String && _fields.BetaFormats.TryGetValue(node.Text!, out var gaFormat))
            {
                Report(RuleIds.PreviewFormatName, path, node, $"{Display(path)} is the preview format name \"{node.Text}\"; GA takes an object.",
                    "Use " + FormatObjectText(gaFormat) + ".");
                return;
            }
            FieldSpec? match = null;
            foreach (var alternative in anyOf)
            {
                if (KindMatches(node, alternative.Resolve().Type)) { match = alternative; break; }
            }
            if (match == null)
            {
                var expected = string.Join(" or ", anyOf.Select(a => AlternativeText(a.Resolve())));
                Report(spec.Rule ?? RuleIds.WrongJsonType, path, node, $"{Display(path)} must be {expected}, not {DescribeKind(node)}.");
                return;
            }
            Walk(node, match, path, spec);
        }

        internal static string FormatObjectText(IReadOnlyList<KeyValuePair<string, object>> format) =>
            "{" + string.Join(", ", format.Select(kv => "\"" + kv.Key + "\": " + (kv.Value is string s ? "\"" + s + "\"" : Convert.ToString(kv.Value, CultureInfo.InvariantCulture)))) + "}";

        private void WalkObject(DocumentNode node, FieldSpec spec, string path, FieldSpec? union, bool sessionLevel)
        {
            CheckDuplicates(node, path);
            foreach (var p in node.Properties)
            {
                var childPath = path.Length == 0 ? p.Name : path + "." + p.Name;
                if (spec.Properties.TryGetValue(p.Name, out var child))
                {
                    if (sessionLevel && p.Name == "type") continue; // RTC1010/RTC1011 cover it
                    Walk(p.Value, child, childPath, null);
                    continue;
                }
                if (spec.AdditionalProperties != null)
                {
                    Walk(p.Value, spec.AdditionalProperties, childPath, null);
                    continue;
                }
                // Did-you-mean costs an edit distance per candidate: once saturated, only count.
                if (Saturated) { _suppressed++; continue; }
                ReportUnknown(node, p, spec, path, childPath, union, sessionLevel);
            }
            foreach (var r in spec.Required)
            {
                if (sessionLevel && r == "type") continue;
                if (union != null && r == union.Discriminator) continue;
                if (node.FindProperty(r) == null)
                {
                    Report(RuleIds.RequiredFieldMissing, path.Length == 0 ? r : path + "." + r, node, $"{Display(path)} has no {r}, which is required.", $"Add \"{r}\".");
                }
            }
        }

        private void ReportUnknown(DocumentNode node, DocumentProperty p, FieldSpec spec, string path, string childPath, FieldSpec? union, bool sessionLevel)
        {
            if (sessionLevel)
            {
                if (_ga)
                {
                    var mapping = _fields.FindBetaMapping(p.Name);
                    if (mapping != null && mapping.Ga == null)
                    {
                        Report(RuleIds.TemperatureHasNoGa, childPath, p, $"'{p.Name}' is a preview (beta) field with no GA equivalent; the GA endpoint rejects it (Unknown parameter: '{childPath}').",
                            $"Remove '{p.Name}'.");
                        return;
                    }
                    if (mapping != null)
                    {
                        var target = mapping.GaAtRequestRoot ? mapping.Ga + " at the top level of the client_secrets body" : "session." + mapping.Ga;
                        var value = mapping.ConvertsFormat && p.Value.Kind == DocumentNodeKind.String && _fields.BetaFormats.TryGetValue(p.Value.Text!, out var f)
                            ? " as " + FormatObjectText(f) : string.Empty;
                        Report(RuleIds.PreviewFieldInGa, childPath, p, $"'{p.Name}' is a preview (beta) field; the GA endpoint answers 400 \"Unknown parameter: '{childPath}'\" (or discards the session.update).",
                            $"Move it to {target}{value}, or run ConvertTo-RealtimeGaConfig.");
                        return;
                    }
                    if (_transcriptionSession && _fields.GaRealtimeSession.Properties.ContainsKey(p.Name))
                    {
                        Report(RuleIds.NotInTranscriptionSession, childPath, p, $"'{p.Name}' belongs to a realtime session; a transcription session (type \"transcription\") does not take it.",
                            p.Name == "model" ? "Remove it: a transcription session names only audio.input.transcription.model." : $"Remove '{p.Name}', or use type \"realtime\".");
                        return;
                    }
                }
                else
                {
                    if (_fields.GaRealtimeSession.Properties.ContainsKey(p.Name) || _fields.GaTranscriptionSession.Properties.ContainsKey(p.Name))
                    {
                        var beta = _fields.BetaToGa.FirstOrDefault(m => m.Ga != null && (m.Ga == p.Name || m.Ga.StartsWith(p.Name + ".", StringComparison.Ordinal)));
                        Report(RuleIds.GaFieldInPreview, childPath, p, $"'{p.Name}' is a GA field; the preview endpoint answers \"Unknown parameter: '{childPath}'\".",
                            beta != null ? $"For the preview protocol use '{beta.Beta}', or move the whole payload to GA (-Target Ga)." : "Remove it for the preview protocol, or check with -Target Ga.");
                        return;
                    }
                    if (_transcriptionSession && _fields.PreviewRealtimeSession.Properties.ContainsKey(p.Name))
                    {
                        Report(RuleIds.NotInTranscriptionSession, childPath, p, $"'{p.Name}' belongs to a realtime session; a transcription session does not take it.", $"Remove '{p.Name}'.");
                        return;
                    }
                }
            }
            if (_transcriptionSession && p.Name == "output" && path.EndsWith(".audio", StringComparison.Ordinal))
            {
                Report(RuleIds.NotInTranscriptionSession, childPath, p, "A transcription session has no audio output (voice, speed, output format).", "Remove audio.output, or use type \"realtime\".");
                return;
            }
            if (union?.Discriminator != null)
            {
                var other = union.AnyOf!.Select(v => v.Resolve()).FirstOrDefault(v => v.Properties.ContainsKey(p.Name));
                if (other != null)
                {
                    var thisType = node[union.Discriminator]?.StringValue;
                    var otherType = other.DiscriminatorValues(union.Discriminator).FirstOrDefault();
                    Report(union.Rule == RuleIds.TurnDetectionTypeInvalid ? RuleIds.TurnDetectionOtherTypeField : RuleIds.UnknownField, childPath, p,
                        $"'{p.Name}' belongs to {union.Discriminator} \"{otherType}\", not \"{thisType}\"; the service rejects it.",
                        $"Remove '{p.Name}', or use \"{union.Discriminator}\": \"{otherType}\".");
                    return;
                }
            }
            var near = NearestName.Find(p.Name, spec.PropertyNames);
            Report(RuleIds.UnknownField, childPath, p, $"Unknown field '{p.Name}' in {Display(path)}; the service answers 400 unknown_parameter" +
                (_kind == ConfigurationKind.SessionUpdateEvent ? " and discards the whole session.update." : ".") + CatalogDateNote(),
                near != null ? $"Did you mean '{near}'?" : (spec.PropertyNames.Count > 0 ? "Known fields here: " + string.Join(", ", spec.PropertyNames) + "." : null));
        }

        private void CheckDuplicates(DocumentNode node, string path)
        {
            var props = node.Properties;
            if (props.Count < 2) return;
            if (props.Count > 16)
            {
                // Large objects: a set keeps this linear (an object of 500,000 keys must not take minutes).
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in props)
                {
                    if (seen.Add(p.Name)) continue;
                    Report(RuleIds.DuplicateField, path.Length == 0 ? p.Name : path + "." + p.Name, p, $"'{p.Name}' appears more than once in {Display(path)}; RealtimeOps checks the last one, other parsers may take the first.",
                        "Keep one.");
                }
                return;
            }
            for (var i = 1; i < props.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(props[i].Name, props[j].Name, StringComparison.Ordinal))
                    {
                        var childPath = path.Length == 0 ? props[i].Name : path + "." + props[i].Name;
                        Report(RuleIds.DuplicateField, childPath, props[i], $"'{props[i].Name}' appears more than once in {Display(path)}; RealtimeOps checks the last one, other parsers may take the first.",
                            "Keep one.");
                        break;
                    }
                }
            }
        }
    }
}
