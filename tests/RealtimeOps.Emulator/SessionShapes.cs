using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// The emulator's own tables of the parameters the service knows (the OpenAI specification and the migration guide,
    /// from the OpenAI Python SDK's realtime types). Kept separate from RealtimeOps.Engine on purpose:
    /// the emulator is an independent stand-in the module is tested against.
    /// A shape only says which property names exist; value rules live in the request validators.
    /// </summary>
    public abstract class Shape
    {
        /// <summary>Returns the path of the first property this shape does not know, or null.</summary>
        public abstract string FindUnknown(JsonNode value, string path);

        protected static string Join(string path, string name) => string.IsNullOrEmpty(path) ? name : path + "." + name;
    }

    /// <summary>A value whose content is not checked: scalars, and user-defined objects (tool parameters, metadata...).</summary>
    public sealed class AnyShape : Shape
    {
        public static readonly AnyShape Instance = new AnyShape();
        public override string FindUnknown(JsonNode value, string path) => null;
    }

    /// <summary>An object with a fixed set of properties; checked only when the value is an object (a union with a string is fine).</summary>
    public sealed class ObjectShape : Shape
    {
        private readonly Dictionary<string, Shape> _fields;

        public ObjectShape(params (string Name, Shape Shape)[] fields)
        {
            _fields = fields.ToDictionary(f => f.Name, f => f.Shape ?? AnyShape.Instance, StringComparer.Ordinal);
        }

        public ObjectShape(IEnumerable<string> scalarNames, params (string Name, Shape Shape)[] fields) : this(fields)
        {
            foreach (var name in scalarNames) _fields[name] = AnyShape.Instance;
        }

        public IEnumerable<string> FieldNames => _fields.Keys;

        public override string FindUnknown(JsonNode value, string path)
        {
            if (value is not JsonObject obj) return null;
            foreach (var property in obj)
            {
                var childPath = Join(path, property.Key);
                if (!_fields.TryGetValue(property.Key, out var shape)) return childPath;
                var inner = shape.FindUnknown(property.Value, childPath);
                if (inner != null) return inner;
            }
            return null;
        }
    }

    public sealed class ArrayShape : Shape
    {
        private readonly Shape _item;
        public ArrayShape(Shape item) { _item = item; }

        public override string FindUnknown(JsonNode value, string path)
        {
            if (value is not JsonArray array) return null;
            for (int i = 0; i < array.Count; i++)
            {
                var inner = _item.FindUnknown(array[i], $"{path}[{i}]");
                if (inner != null) return inner;
            }
            return null;
        }
    }

    /// <summary>A union of object shapes told apart by their "type" property; an unrecognised type is checked against the union of all.</summary>
    public sealed class TypedUnionShape : Shape
    {
        private readonly Dictionary<string, ObjectShape> _variants;
        private readonly ObjectShape _any;

        public TypedUnionShape(params (string Type, ObjectShape Shape)[] variants)
        {
            _variants = variants.ToDictionary(v => v.Type, v => v.Shape, StringComparer.Ordinal);
            _any = new ObjectShape(variants.SelectMany(v => v.Shape.FieldNames).Distinct(StringComparer.Ordinal).ToArray());
        }

        public override string FindUnknown(JsonNode value, string path)
        {
            if (value is not JsonObject obj) return null;
            var type = obj["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var shape = type != null && _variants.TryGetValue(type, out var variant) ? variant : _any;
            return shape.FindUnknown(value, path);
        }
    }

    public static class SessionShapes
    {
        private static ObjectShape Scalars(params string[] names) => new ObjectShape(names, Array.Empty<(string, Shape)>());

        // GA (SDK src/openai/types/realtime/*.py)
        private static readonly ObjectShape AudioFormat = Scalars("type", "rate");
        private static readonly ObjectShape NoiseReduction = Scalars("type");
        private static readonly ObjectShape Transcription = Scalars("model", "language", "prompt", "languages", "keywords", "delay");

        private static readonly ObjectShape ServerVad = Scalars("type", "threshold", "prefix_padding_ms", "silence_duration_ms", "create_response", "interrupt_response", "idle_timeout_ms");
        private static readonly ObjectShape SemanticVad = Scalars("type", "eagerness", "create_response", "interrupt_response");
        private static readonly TypedUnionShape TurnDetection = new TypedUnionShape(("server_vad", ServerVad), ("semantic_vad", SemanticVad));

        private static readonly ObjectShape AudioInput = new ObjectShape(
            ("format", AudioFormat), ("noise_reduction", NoiseReduction), ("transcription", Transcription), ("turn_detection", TurnDetection));

        private static readonly ObjectShape AudioOutput = new ObjectShape(
            ("format", AudioFormat), ("voice", Scalars("id")), ("speed", null));

        private static readonly TypedUnionShape Tool = new TypedUnionShape(
            ("function", new ObjectShape(new[] { "type", "name", "description" }, ("parameters", AnyShape.Instance))),
            ("mcp", new ObjectShape(new[] { "type", "server_label", "server_url", "connector_id", "authorization", "server_description" },
                ("headers", AnyShape.Instance), ("allowed_tools", AnyShape.Instance), ("require_approval", AnyShape.Instance))));

        private static readonly ObjectShape ToolChoice = Scalars("type", "name", "server_label");
        private static readonly ObjectShape Tracing = new ObjectShape(new[] { "workflow_name", "group_id" }, ("metadata", AnyShape.Instance));
        private static readonly ObjectShape Truncation = new ObjectShape(new[] { "type", "retention_ratio" }, ("token_limits", Scalars("post_instructions")));
        private static readonly ObjectShape Prompt = new ObjectShape(new[] { "id", "version" }, ("variables", AnyShape.Instance));

        public static readonly ObjectShape RealtimeSession = new ObjectShape(
            new[] { "type", "model", "instructions", "output_modalities", "max_output_tokens", "include", "parallel_tool_calls" },
            ("tools", new ArrayShape(Tool)), ("tool_choice", ToolChoice), ("tracing", Tracing), ("truncation", Truncation),
            ("prompt", Prompt), ("reasoning", Scalars("effort")),
            ("audio", new ObjectShape(("input", AudioInput), ("output", AudioOutput))));

        public static readonly ObjectShape TranscriptionSession = new ObjectShape(
            new[] { "type", "include" },
            ("audio", new ObjectShape(("input", AudioInput))));

        public static readonly ObjectShape ExpiresAfter = Scalars("anchor", "seconds");

        /// <summary>The body of POST /openai/v1/realtime/client_secrets apart from the session (chosen by session.type).</summary>
        public static readonly string[] ClientSecretTopLevel = { "expires_after", "session" };

        // Beta / preview (SDK src/openai/types/beta/realtime/session_create_params.py): the body is the session.
        public static readonly ObjectShape BetaSession = new ObjectShape(
            new[] { "model", "modalities", "instructions", "voice", "input_audio_format", "output_audio_format", "tool_choice",
                    "temperature", "max_response_output_tokens", "speed", "include" },
            ("input_audio_transcription", Scalars("model", "language", "prompt")),
            ("turn_detection", Scalars("type", "threshold", "prefix_padding_ms", "silence_duration_ms", "create_response", "interrupt_response", "eagerness", "idle_timeout_ms")),
            ("input_audio_noise_reduction", NoiseReduction),
            ("tools", new ArrayShape(new ObjectShape(new[] { "type", "name", "description" }, ("parameters", AnyShape.Instance)))),
            ("tracing", Tracing),
            ("client_secret", new ObjectShape(("expires_after", ExpiresAfter))));
    }

    /// <summary>Model facts the emulator needs (OpenAI specification; Microsoft Learn model pages).</summary>
    public static class ServiceModels
    {
        /// <summary>Models a realtime session can run on.</summary>
        public static readonly string[] RealtimeModels =
        {
            "gpt-realtime", "gpt-realtime-mini", "gpt-realtime-mini-2025-12-15", "gpt-4o-realtime-preview",
            "gpt-4o-mini-realtime-preview", "gpt-realtime-1.5",
        };

        /// <summary>The documented values of audio.input.transcription.model (the documented list).</summary>
        public static readonly string[] TranscriptionModels =
        {
            "whisper-1", "gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15", "gpt-4o-transcribe", "gpt-4o-transcribe-diarize",
        };

        public static readonly string[] GaAudioFormats = { "audio/pcm", "audio/pcmu", "audio/pcma" };
        public static readonly string[] TurnDetectionTypes = { "server_vad", "semantic_vad" };
        public static readonly string[] NoiseReductionTypes = { "near_field", "far_field" };
    }
}
