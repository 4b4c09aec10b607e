using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Validation
{
    public class SchemaAndConverterTests
    {
        [Theory]
        [InlineData(ProtocolTarget.Ga)]
        [InlineData(ProtocolTarget.Preview)]
        public void SchemaIsDraft202012AndEveryRefResolves(ProtocolTarget target)
        {
            using (var doc = JsonDocument.Parse(SessionSchemaGenerator.Generate(target)))
            {
                var root = doc.RootElement;
                Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
                var defs = root.GetProperty("$defs");
                var text = root.GetRawText();
                foreach (var r in System.Text.RegularExpressions.Regex.Matches(text, "\"#/\\$defs/([A-Za-z]+)\"").Select(m => m.Groups[1].Value).Distinct())
                {
                    Assert.True(defs.TryGetProperty(r, out _), $"$defs/{r} missing");
                }
            }
        }

        [Fact]
        public void GaSchemaComesFromTheFieldTables()
        {
            using (var doc = JsonDocument.Parse(SessionSchemaGenerator.Generate(ProtocolTarget.Ga)))
            {
                var defs = doc.RootElement.GetProperty("$defs");
                var session = defs.GetProperty("RealtimeSession");
                Assert.False(session.GetProperty("additionalProperties").GetBoolean());
                var names = session.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(SessionFieldCatalog.Current.GaRealtimeSession.PropertyNames, names);
                Assert.DoesNotContain("input_audio_transcription", names);
                var seconds = defs.GetProperty("ExpiresAfter").GetProperty("properties").GetProperty("seconds");
                Assert.Equal(10, seconds.GetProperty("minimum").GetInt32());
                Assert.Equal(7200, seconds.GetProperty("maximum").GetInt32());
                // Voice is a warning rule (the specification also accepts any string), so the schema lists voices as examples only.
                // The definition keeps the specification's name (VoiceIdsShared) since the GA tables are generated from it.
                var voice = defs.GetProperty("VoiceIdsShared");
                Assert.False(voice.TryGetProperty("enum", out _));
                Assert.Contains("marin", voice.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
            }
        }

        [Fact]
        public void ConverterMovesEveryBetaFieldAndDropsTemperatureWithAWarning()
        {
            var beta = "{\"model\":\"gpt-4o-realtime-preview\",\"modalities\":[\"text\",\"audio\"],\"voice\":\"alloy\",\"speed\":1.1,\"temperature\":0.7," +
                       "\"input_audio_format\":\"pcm16\",\"output_audio_format\":\"g711_ulaw\",\"input_audio_transcription\":{\"model\":\"whisper-1\",\"language\":\"en\"}," +
                       "\"input_audio_noise_reduction\":{\"type\":\"near_field\"},\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":0.5}," +
                       "\"max_response_output_tokens\":2048,\"client_secret\":{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":120}}}";
            var result = PreviewToGaConverter.ConvertJson(beta, "beta.json");
            Assert.True(result.Succeeded);
            using (var doc = JsonDocument.Parse(result.Json))
            {
                var root = doc.RootElement;
                Assert.Equal(120, root.GetProperty("expires_after").GetProperty("seconds").GetInt32());
                var s = root.GetProperty("session");
                Assert.Equal("realtime", s.GetProperty("type").GetString());
                Assert.Equal("audio", s.GetProperty("output_modalities")[0].GetString());
                Assert.Equal(1, s.GetProperty("output_modalities").GetArrayLength());
                Assert.Equal("audio/pcm", s.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("type").GetString());
                Assert.Equal(24000, s.GetProperty("audio").GetProperty("input").GetProperty("format").GetProperty("rate").GetInt32());
                Assert.Equal("audio/pcmu", s.GetProperty("audio").GetProperty("output").GetProperty("format").GetProperty("type").GetString());
                Assert.Equal("whisper-1", s.GetProperty("audio").GetProperty("input").GetProperty("transcription").GetProperty("model").GetString());
                Assert.Equal("near_field", s.GetProperty("audio").GetProperty("input").GetProperty("noise_reduction").GetProperty("type").GetString());
                Assert.Equal("server_vad", s.GetProperty("audio").GetProperty("input").GetProperty("turn_detection").GetProperty("type").GetString());
                Assert.Equal("alloy", s.GetProperty("audio").GetProperty("output").GetProperty("voice").GetString());
                Assert.Equal(1.1, s.GetProperty("audio").GetProperty("output").GetProperty("speed").GetDouble());
                Assert.Equal(2048, s.GetProperty("max_output_tokens").GetInt32());
                Assert.False(s.TryGetProperty("temperature", out _));
            }
            Assert.Contains(result.Notes, n => n.Severity == DiagnosticSeverity.Warning && n.Path == "session.temperature");
            var check = ConfigurationValidator.ValidateJson(result.Json, "converted", new ValidationOptions());
            Assert.True(check.IsValid, string.Join("\n", check.Diagnostics));
            Assert.Empty(check.Diagnostics);
        }

        [Fact]
        public void ConverterKeepsGaFieldsAndTurnsTranscriptionEventsIntoSessionUpdate()
        {
            var r = PreviewToGaConverter.ConvertJson("{\"type\":\"transcription_session.update\",\"session\":{\"input_audio_format\":\"g711_alaw\",\"input_audio_transcription\":{\"model\":\"gpt-4o-transcribe\"}}}", "t");
            using (var doc = JsonDocument.Parse(r.Json))
            {
                Assert.Equal("session.update", doc.RootElement.GetProperty("type").GetString());
                Assert.Equal("transcription", doc.RootElement.GetProperty("session").GetProperty("type").GetString());
            }
            Assert.True(ConfigurationValidator.ValidateJson(r.Json, "t", new ValidationOptions()).IsValid);
            var mixed = PreviewToGaConverter.ConvertJson("{\"session\":{\"type\":\"realtime\",\"voice\":\"ash\",\"audio\":{\"output\":{\"voice\":\"marin\"}}}}", "m");
            Assert.Contains("\"marin\"", mixed.Json);
            Assert.DoesNotContain("\"ash\"", mixed.Json);
            Assert.Contains(mixed.Notes, n => n.Severity == DiagnosticSeverity.Warning && n.Message.Contains("already has"));
        }

        [Fact]
        public void ConverterReportsUnparseableInputInsteadOfThrowing()
        {
            var r = PreviewToGaConverter.ConvertJson("{\"model\": ", "bad.json");
            Assert.False(r.Succeeded);
            Assert.Equal("RTC1001", Assert.Single(r.ParseErrors).RuleId);
        }
    }
}
