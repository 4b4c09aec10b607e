using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// Builds the A/B variants from one client_secrets body: the same request without transcription, with
    /// the configured transcription, and optionally one per documented transcription model of the catalog.
    /// Only the transcription part differs between variants, so a difference in outcome points at it.
    /// </summary>
    internal static class ProbeVariantBuilder
    {
        private static readonly JsonSerializerOptions s_compact = new JsonSerializerOptions { WriteIndented = false };

        /// <param name="requestBody">A client_secrets body (<c>{"session":{...}}</c>) or a bare session object.</param>
        /// <param name="transcriptionModel">The model for the WithTranscription variant when the body has none
        /// (null: the body's model, else the first documented model of the catalog).</param>
        /// <param name="allTranscriptionModels">Add one variant per documented transcription model.</param>
        /// <param name="catalog">The catalog to read models from (null: <see cref="ServiceCatalog.Current"/>).</param>
        public static IReadOnlyList<ProbeVariant> Build(string requestBody, string? transcriptionModel = null,
            bool allTranscriptionModels = false, ServiceCatalog? catalog = null)
        {
            if (string.IsNullOrWhiteSpace(requestBody)) throw new ArgumentException("The request body is empty: give a client_secrets body or a session object.", nameof(requestBody));
            var document = SessionReader.ReadText(requestBody, "the request body");
            var problem = SessionReader.Describe(document);
            if (problem != null) throw new ArgumentException(problem + " Run Test-TranscriptionConfig on it first.", nameof(requestBody));
            var documentRoot = document.Root!; // a document without a root carries the syntax error Describe reports
            if (documentRoot.Kind != DocumentNodeKind.Object) throw new ArgumentException("The request body must be a JSON object.", nameof(requestBody));
            var envelope = SessionEnvelope.Detect(documentRoot);
            var root = envelope.Kind == Validation.ConfigurationKind.ClientSecretRequest && envelope.Session?.Kind == DocumentNodeKind.Object
                ? (JsonObject)DocumentJson.ToJsonNode(documentRoot)!
                // A bare session object: wrap it as the client_secrets endpoint expects.
                : new JsonObject { ["session"] = DocumentJson.ToJsonNode(envelope.Session ?? documentRoot) };
            return Build(root, transcriptionModel, allTranscriptionModels, catalog);
        }

        /// <param name="requestBody">A client_secrets body (<c>{"session":{...}}</c>) as the request builder made it; not changed.</param>
        /// <param name="transcriptionModel">The model for the WithTranscription variant when the body has none.</param>
        /// <param name="allTranscriptionModels">Add one variant per documented transcription model.</param>
        /// <param name="catalog">The catalog to read models from (null: <see cref="ServiceCatalog.Current"/>).</param>
        public static IReadOnlyList<ProbeVariant> Build(JsonObject? requestBody, string? transcriptionModel = null,
            bool allTranscriptionModels = false, ServiceCatalog? catalog = null)
        {
            if (requestBody == null) throw new ArgumentNullException(nameof(requestBody));
            if (!(requestBody["session"] is JsonObject)) throw new ArgumentException("The request body has no session object.", nameof(requestBody));
            catalog = catalog ?? ServiceCatalog.Current;
            var root = requestBody;

            var session = (JsonObject)root["session"]!;

            var configuredModel = ReadTranscriptionModel(session);
            var defaultModel = transcriptionModel
                ?? configuredModel
                ?? catalog.DocumentedTranscriptionModels.Select(m => m.Name).FirstOrDefault()
                ?? throw new InvalidOperationException("The catalog lists no documented transcription model.");

            var variants = new List<ProbeVariant>
            {
                new ProbeVariant(ProbeVariant.WithoutTranscriptionName, false, null, Serialize(WithoutTranscription(root))),
                new ProbeVariant(ProbeVariant.WithTranscriptionName, true, defaultModel, Serialize(WithTranscription(root, defaultModel, catalog, keepConfigured: configuredModel != null && transcriptionModel == null))),
            };
            if (allTranscriptionModels)
            {
                foreach (var model in catalog.DocumentedTranscriptionModels)
                {
                    variants.Add(new ProbeVariant(ProbeVariant.ModelVariantPrefix + model.Name, true, model.Name,
                        Serialize(WithTranscription(root, model.Name, catalog, keepConfigured: false))));
                }
            }
            return variants;
        }

        /// <summary>The transcription model the session turns on (GA or beta place), or null when it is off.</summary>
        public static string? ReadTranscriptionModel(JsonObject? session)
        {
            var ga = (session?["audio"] as JsonObject)?["input"] as JsonObject;
            if (ga?["transcription"] is JsonObject t && t["model"] is JsonValue v && v.TryGetValue(out string? model)) return model;
            if (session?["input_audio_transcription"] is JsonObject b && b["model"] is JsonValue bv && bv.TryGetValue(out string? beta)) return beta;
            return null;
        }

        private static JsonObject WithoutTranscription(JsonObject original)
        {
            var root = (JsonObject)original.DeepClone();
            var session = (JsonObject)root["session"]!;
            var audio = session["audio"] as JsonObject;
            var input = audio?["input"] as JsonObject;
            if (input != null && input.Remove("transcription"))
            {
                // Leave no empty shells behind: the baseline is the request as it would be written without transcription.
                if (input.Count == 0) audio!.Remove("input");
                if (audio!.Count == 0) session.Remove("audio");
            }
            session.Remove("input_audio_transcription");
            if (session["include"] is JsonArray include)
            {
                // Logprobs of input transcription make no sense once transcription is off.
                for (var i = include.Count - 1; i >= 0; i--)
                {
                    if (include[i] is JsonValue iv && iv.TryGetValue(out string? s) && s.StartsWith("item.input_audio_transcription", StringComparison.Ordinal)) include.RemoveAt(i);
                }
                if (include.Count == 0) session.Remove("include");
            }
            return root;
        }

        private static JsonObject WithTranscription(JsonObject original, string? model, ServiceCatalog catalog, bool keepConfigured)
        {
            var root = (JsonObject)original.DeepClone();
            var session = (JsonObject)root["session"]!;
            if (keepConfigured) return root;

            // A beta-shaped body keeps its shape, so the variant tests the user's request, not a rewrite of it.
            if (session["input_audio_transcription"] is JsonObject beta)
            {
                SetModel(beta, model, catalog);
                return root;
            }
            var audio = ChildObject(session, "audio");
            var input = ChildObject(audio, "input");
            var transcription = ChildObject(input, "transcription");
            SetModel(transcription, model, catalog);
            return root;
        }

        private static JsonObject ChildObject(JsonObject parent, string name)
        {
            if (parent[name] is JsonObject existing) return existing;
            var created = new JsonObject();
            parent[name] = created;
            return created;
        }

        private static void SetModel(JsonObject transcription, string? model, ServiceCatalog catalog)
        {
            transcription["model"] = model;
            // A model that takes no prompt (or whose prompt the sources dispute) could turn the variant into a client error;
            // the probe compares models, not prompts.
            var known = catalog.FindModel(model);
            if (known != null && known.Kind == ModelKind.Transcription && known.AcceptsPrompt != true) transcription.Remove("prompt");
        }

        private static string Serialize(JsonNode node) => node.ToJsonString(s_compact);
    }
}
