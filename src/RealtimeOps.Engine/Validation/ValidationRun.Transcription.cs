using System;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Transcription rules a table cannot say: the model, its language, prompt and turn detection.</summary>
    internal sealed partial class ValidationRun
    {
        private void CheckTranscription(DocumentNode session, string path)
        {
            string tPath;
            DocumentProperty? transcription;
            string turnPath;
            DocumentProperty? turn;
            var gaTranscription = session["audio"]?["input"]?.FindProperty("transcription");
            if (gaTranscription != null || _ga)
            {
                transcription = gaTranscription ?? session.FindProperty("input_audio_transcription");
                tPath = gaTranscription != null ? path + ".audio.input.transcription" : path + ".input_audio_transcription";
            }
            else
            {
                transcription = session.FindProperty("input_audio_transcription");
                tPath = path + ".input_audio_transcription";
            }
            turn = session["audio"]?["input"]?.FindProperty("turn_detection") ?? session.FindProperty("turn_detection");
            turnPath = session["audio"]?["input"]?.FindProperty("turn_detection") != null ? path + ".audio.input.turn_detection" : path + ".turn_detection";

            _transcriptionEnabled = _transcriptionSession;
            if (transcription == null) return;
            if (transcription.Value.IsNull)
            {
                Report(RuleIds.TranscriptionOff, tPath, transcription.Value, "Transcription explicitly off: transcription is null, so no input transcripts arrive.",
                    "Give {\"model\": \"gpt-4o-transcribe\"} (your transcription deployment name on Azure) to turn it on.");
                return;
            }
            if (transcription.Value.Kind != DocumentNodeKind.Object) return;
            _transcriptionEnabled = true;
            var t = transcription.Value;
            var modelNode = t["model"];
            RealtimeModel? model = null;
            if (modelNode == null)
            {
                Report(RuleIds.TranscriptionWithoutModel, tPath, t, "Transcription is on but names no model.",
                    "Add \"model\": the name of your transcription deployment (e.g. one of gpt-4o-transcribe, gpt-4o-mini-transcribe).");
            }
            else if (modelNode.Kind == DocumentNodeKind.String)
            {
                _transcriptionModel = modelNode.Text;
                model = CheckTranscriptionModel(modelNode, tPath + ".model");
            }

            var language = t["language"];
            if (language?.Kind == DocumentNodeKind.String && !_fields.IsLanguageCode(language.Text))
            {
                var head = language.Text!.Split('-', '_')[0].Trim().ToLowerInvariant();
                var suggestion = _fields.IsLanguageCode(head) ? $"Use \"{head}\"." : "Use a two-letter ISO-639-1 code in lower case, such as \"en\", \"de\" or \"sv\".";
                Report(RuleIds.LanguageNotIso6391, tPath + ".language", language, $"language {language.Describe()} is not an ISO-639-1 code.", suggestion);
            }

            CheckLanguages(t, tPath, model);
            var prompt = t.FindProperty("prompt");
            if (model != null && model.AcceptsPrompt == false && prompt != null)
            {
                Report(RuleIds.PromptNotAccepted, tPath + ".prompt", prompt, $"{model.Name} does not accept a transcription prompt.",
                    "Remove prompt, or use gpt-4o-transcribe / gpt-4o-mini-transcribe, which take one.");
            }
            else if (model != null && model.Kind == ModelKind.Transcription && model.AcceptsPrompt == null && prompt != null)
            {
                Report(RuleIds.DiarizePrompt, tPath + ".prompt", prompt, $"Whether {model.Name} accepts a transcription prompt is disputed.",
                    "If transcripts fail or ignore the prompt, remove it.");
            }
            CheckManualTurnDetection(model, t, turn, turnPath);
            var delay = t.FindProperty("delay");
            if (delay != null && (model == null || !model.RequiresManualTurnDetection))
            {
                Report(RuleIds.DelayWhisperOnly, tPath + ".delay", delay, "delay is specified for gpt-realtime-whisper only.", "Remove delay for other models.");
            }
        }

        private void CheckLanguages(DocumentNode t, string tPath, RealtimeModel? model)
        {
            var languages = t["languages"];
            if (languages?.Kind == DocumentNodeKind.Array)
            {
                for (var i = 0; i < languages.Items.Count; i++)
                {
                    var item = languages.Items[i];
                    if (item.Kind != DocumentNodeKind.String || _fields.IsLanguageCode(item.Text)) continue;
                    var head = item.Text!.Split('-', '_')[0].Trim().ToLowerInvariant();
                    Report(RuleIds.LanguagesItemNotIso6391, tPath + ".languages[" + i.ToString(CultureInfo.InvariantCulture) + "]", item,
                        $"languages item {item.Describe()} is not an ISO-639-1 code.",
                        _fields.IsLanguageCode(head) ? $"Use \"{head}\"." : "Use two-letter ISO-639-1 codes in lower case, such as \"en\", \"de\" or \"sv\".");
                }
            }
            if (model == null || _models.KeywordAndLanguageModels.Contains(model.Name)) return;
            foreach (var field in new[] { "keywords", "languages" })
            {
                var p = t.FindProperty(field);
                if (p == null) continue;
                Report(RuleIds.KeywordsOrLanguagesUnsupported, tPath + "." + field, p,
                    $"{field} is supported by {string.Join(" and ", _models.KeywordAndLanguageModels)} only, not by {model.Name}.",
                    $"Remove {field}, or use {string.Join(" or ", _models.KeywordAndLanguageModels)}.");
            }
        }

        private RealtimeModel? CheckTranscriptionModel(DocumentNode node, string path)
        {
            var name = node.Text;
            var resolvedName = name;
            if (_options.Deployments != null)
            {
                if (TryGetDeployment(name, out var deploymentModel))
                {
                    if (deploymentModel != null)
                    {
                        resolvedName = deploymentModel;
                        var m = _models.FindModel(deploymentModel);
                        if ((m != null && m.Kind != ModelKind.Transcription) || IsNonTranscriptionName(deploymentModel))
                        {
                            Report(RuleIds.ModelWrongKind, path, node, $"Deployment '{name}' is a deployment of {deploymentModel}, which is not a transcription model.",
                                "Name a deployment of gpt-4o-transcribe, gpt-4o-mini-transcribe or gpt-4o-transcribe-diarize.");
                            return null;
                        }
                        if (m != null) { CheckRegion(m, path, node); return m; }
                    }
                    else return _models.FindModel(name);
                }
                else
                {
                    var near = NearestName.Find(name, _options.Deployments.Keys);
                    Report(RuleIds.TranscriptionModelNotDeployment, path, node, $"'{name}' is not one of the deployments given ({string.Join(", ", _options.Deployments.Keys)}); Azure expects the name of a transcription deployment here.",
                        near != null ? $"Did you mean '{near}'?" : "Deploy a transcription model and put its deployment name here.");
                    // Only a catalog model name is worth checking further; anything else was meant as a deployment.
                    if (_models.FindModel(name) == null && !IsNonTranscriptionName(name)) return null;
                }
            }

            var model = _models.FindModel(resolvedName);
            if (model != null && model.Kind == ModelKind.Transcription)
            {
                if (!model.Documented)
                {
                    Report(RuleIds.TranscriptionModelNotDocumented, path, node, $"{model.Name} is named by newer SDK releases but is not in the documented Azure list ({DocumentedList()}).",
                        "Verify that your Azure resource has a deployment of it.");
                }
                CheckRegion(model, path, node);
                return model;
            }
            if ((model != null && model.Kind == ModelKind.Realtime) || IsNonTranscriptionName(resolvedName))
            {
                Report(RuleIds.TranscriptionModelWrongKind, path, node, $"'{resolvedName}' is a {(model != null ? "realtime" : "chat or other non-transcription")} model; it cannot transcribe input audio.",
                    $"Use a transcription model (on Azure, your deployment of one): {DocumentedList()}.");
                return null;
            }
            if (_options.Deployments != null && resolvedName != name) return null;
            var nearest = NearestName.Find(name, _models.TranscriptionModels.Select(m => m.Name));
            Report(RuleIds.TranscriptionModelNotDocumented, path, node,
                $"'{name}' is not in the documented list of transcription models ({DocumentedList()}). On Azure this field names a deployment of a transcription model, so it may be your deployment name.",
                nearest != null ? $"Did you mean '{nearest}'? If '{name}' is a deployment, check it with -Deployment {name}=<model>."
                    : $"If '{name}' is a deployment of a transcription model, check it with -Deployment {name}=<model>.");
            return null;
        }

        private string DocumentedList() => string.Join(", ", _models.DocumentedTranscriptionModels.Select(m => m.Name));

        private bool IsNonTranscriptionName(string? name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            var lower = name!.Trim().ToLowerInvariant();
            foreach (var n in _models.NonTranscriptionModelNames)
            {
                if (lower == n || (lower.StartsWith(n + "-", StringComparison.Ordinal) && IsDateSuffix(lower.Substring(n.Length + 1)))) return true;
            }
            foreach (var m in _models.RealtimeModels)
            {
                if (lower.StartsWith(m.Name + "-", StringComparison.Ordinal) && IsDateSuffix(lower.Substring(m.Name.Length + 1))) return true;
            }
            return lower.Contains("realtime") && !lower.Contains("transcri") && !lower.Contains("whisper");
        }

        private static bool IsDateSuffix(string s) =>
            s.Length == 10 && char.IsDigit(s[0]) && s[4] == '-' && s[7] == '-' && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
