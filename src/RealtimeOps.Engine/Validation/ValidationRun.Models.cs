using System;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Session model rules: deployments, model kind, typos and regional availability.</summary>
    internal sealed partial class ValidationRun
    {
        // Called only when _options.Deployments is set.
        private bool TryGetDeployment(string? name, out string? model)
        {
            foreach (var kv in _options.Deployments!)
            {
                if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) { model = string.IsNullOrWhiteSpace(kv.Value) ? null : kv.Value!.Trim(); return true; }
            }
            model = null;
            return false;
        }

        private void CheckSessionModel(DocumentNode session, string path)
        {
            var node = session["model"];
            if (node?.Kind != DocumentNodeKind.String || _transcriptionSession) return;
            var name = node.Text ?? string.Empty; // a string node always has its text
            var modelPath = path + ".model";
            if (_options.Deployments != null)
            {
                if (!TryGetDeployment(name, out var deploymentModel))
                {
                    var near = NearestName.Find(name, _options.Deployments.Keys);
                    Report(RuleIds.SessionModelNotDeployment, modelPath, node, $"'{name}' is not one of the deployments given ({string.Join(", ", _options.Deployments.Keys)}); on Azure session.model is the realtime deployment name and the service answers 404 DeploymentNotFound.",
                        near != null ? $"Did you mean '{near}'?" : "Put the name of your realtime deployment here (Get-RealtimeDeployment lists them).");
                    return;
                }
                if (deploymentModel == null) return;
                var dm = _models.FindModel(deploymentModel);
                if ((dm != null && dm.Kind != ModelKind.Realtime) || (dm == null && IsNonRealtimeName(deploymentModel)))
                {
                    Report(RuleIds.ModelWrongKind, modelPath, node, $"Deployment '{name}' is a deployment of {deploymentModel}, which is not a realtime model.",
                        "Name a deployment of a realtime model: " + string.Join(", ", _models.RealtimeModels.Select(m => m.Name)) + ".");
                    return;
                }
                if (dm != null) CheckRegion(dm, modelPath, node);
                return;
            }
            var model = _models.FindModel(name);
            if (model != null)
            {
                if (model.Kind != ModelKind.Realtime)
                {
                    Report(RuleIds.ModelWrongKind, modelPath, node, $"{model.Name} is a transcription model; session.model names a realtime model (on Azure, its deployment).",
                        _ga ? $"Put {model.Name} in audio.input.transcription.model, or use type \"transcription\"." : "Put it in input_audio_transcription.model.");
                    return;
                }
                CheckRegion(model, modelPath, node);
                return;
            }
            if (IsNonRealtimeName(name))
            {
                Report(RuleIds.ModelWrongKind, modelPath, node, $"'{name}' is a chat or other non-realtime model; session.model names a realtime model (on Azure, its deployment).",
                    "Use a realtime model deployment: " + string.Join(", ", _models.RealtimeModels.Select(m => m.Name)) + ".");
                return;
            }
            var nearest = NearestName.Find(name, _models.RealtimeModels.Select(m => m.Name), 2);
            if (nearest != null)
            {
                Report(RuleIds.ModelLooksLikeTypo, modelPath, node, $"'{name}' is not a catalog model but is close to {nearest}.",
                    $"Did you mean '{nearest}'? (If '{name}' is your deployment name, ignore this.)");
            }
        }

        private bool IsNonRealtimeName(string name)
        {
            var lower = name.Trim().ToLowerInvariant();
            foreach (var n in _models.NonTranscriptionModelNames)
            {
                if (lower == n || (lower.StartsWith(n + "-", StringComparison.Ordinal) && IsDateSuffix(lower.Substring(n.Length + 1)))) return true;
            }
            return false;
        }

        private void CheckRegion(RealtimeModel model, string path, DocumentNode node)
        {
            if (_options.Region == null || model.Regions.Count == 0) return;
            var region = _models.FindRegion(_options.Region);
            if (region == null || model.IsOfferedIn(region.Name)) return;
            var where = model.Regions.Select(r => _models.FindRegion(r)?.DisplayName ?? r);
            Report(RuleIds.RegionLacksModel, path, node, $"{model.Name} is not offered in {region.DisplayName} according to the catalog of {_models.AsOf:yyyy-MM-dd} (Global Standard).",
                $"Use a resource in {string.Join(" or ", where)}, or check current availability (Get-RealtimeModel -Region '{region.DisplayName}').");
        }
    }
}
