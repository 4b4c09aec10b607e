using System.Linq;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Probe;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    public class ProbeVariantBuilderTests
    {
        private const string GaBody = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\",\"language\":\"en\",\"prompt\":\"names\"}}}},\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":600}}";

        private static JsonObject Session(ProbeVariant v) => (JsonObject)JsonNode.Parse(v.RequestBody)["session"];

        [Fact]
        public void WithoutTranscriptionRemovesOnlyTheTranscription()
        {
            var variants = ProbeVariantBuilder.Build(GaBody);
            var without = variants.Single(v => v.Name == ProbeVariant.WithoutTranscriptionName);
            Assert.False(without.TranscriptionEnabled);
            var session = Session(without);
            Assert.Null(session["audio"]);   // no empty audio.input shell is left
            Assert.Equal("gpt-realtime", (string)session["model"]);
            Assert.Equal(600, (int)JsonNode.Parse(without.RequestBody)["expires_after"]["seconds"]);
        }

        [Fact]
        public void WithoutTranscriptionKeepsTheRestOfAudioInput()
        {
            const string body = "{\"session\":{\"type\":\"realtime\",\"model\":\"rt\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"},\"transcription\":{\"model\":\"whisper-1\"}}}}}";
            var session = Session(ProbeVariantBuilder.Build(body)[0]);
            Assert.Equal("audio/pcmu", (string)session["audio"]["input"]["format"]["type"]);
            Assert.Null(session["audio"]["input"]["transcription"]);
        }

        [Fact]
        public void WithTranscriptionKeepsTheConfiguredRequestExactly()
        {
            var with = ProbeVariantBuilder.Build(GaBody).Single(v => v.Name == ProbeVariant.WithTranscriptionName);
            Assert.True(with.TranscriptionEnabled);
            Assert.Equal("gpt-4o-transcribe", with.TranscriptionModel);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(GaBody), JsonNode.Parse(with.RequestBody)));
        }

        [Fact]
        public void ASessionWithoutTranscriptionGetsTheFirstDocumentedModel()
        {
            var variants = ProbeVariantBuilder.Build("{\"type\":\"realtime\",\"model\":\"rt\"}");
            var with = variants.Single(v => v.Name == ProbeVariant.WithTranscriptionName);
            var expected = ServiceCatalog.Current.DocumentedTranscriptionModels.First().Name;
            Assert.Equal(expected, with.TranscriptionModel);
            Assert.Equal(expected, (string)Session(with)["audio"]["input"]["transcription"]["model"]);
            // A bare session was wrapped as a client_secrets body.
            Assert.Equal("rt", (string)Session(variants[0])["model"]);
        }

        [Fact]
        public void AllTranscriptionModelsAddsOneVariantPerDocumentedModel()
        {
            var variants = ProbeVariantBuilder.Build(GaBody, allTranscriptionModels: true);
            var documented = ServiceCatalog.Current.DocumentedTranscriptionModels.Select(m => m.Name).ToList();
            Assert.Equal(2 + documented.Count, variants.Count);
            foreach (var name in documented)
            {
                var v = variants.Single(x => x.Name == ProbeVariant.ModelVariantPrefix + name);
                Assert.Equal(name, (string)Session(v)["audio"]["input"]["transcription"]["model"]);
            }
            // The diarize model takes no prompt: its variant drops it rather than test a client error.
            var diarize = variants.Single(x => x.TranscriptionModel == "gpt-4o-transcribe-diarize" && x.Name.StartsWith(ProbeVariant.ModelVariantPrefix));
            Assert.Null(Session(diarize)["audio"]["input"]["transcription"]["prompt"]);
            var whisper = variants.Single(x => x.Name == ProbeVariant.ModelVariantPrefix + "whisper-1");
            Assert.Equal("names", (string)Session(whisper)["audio"]["input"]["transcription"]["prompt"]);
        }

        [Fact]
        public void ABetaShapedBodyKeepsItsShape()
        {
            const string beta = "{\"session\":{\"model\":\"rt\",\"input_audio_transcription\":{\"model\":\"whisper-1\"}}}";
            var variants = ProbeVariantBuilder.Build(beta, transcriptionModel: "gpt-4o-transcribe");
            Assert.Null(Session(variants[0])["input_audio_transcription"]);
            Assert.Equal("gpt-4o-transcribe", (string)Session(variants[1])["input_audio_transcription"]["model"]);
            Assert.Null(Session(variants[1])["audio"]);
        }

        [Fact]
        public void LogprobsIncludeGoesWithTranscription()
        {
            const string body = "{\"session\":{\"model\":\"rt\",\"include\":[\"item.input_audio_transcription.logprobs\"],\"audio\":{\"input\":{\"transcription\":{\"model\":\"whisper-1\"}}}}}";
            var without = ProbeVariantBuilder.Build(body)[0];
            Assert.Null(Session(without)["include"]);
        }

        [Theory]
        [InlineData("")]
        [InlineData("[1,2]")]
        [InlineData("{\"session\":")]
        public void BadBodiesAreClearArgumentErrors(string body)
        {
            var ex = Assert.ThrowsAny<System.ArgumentException>(() => ProbeVariantBuilder.Build(body));
            Assert.Contains("request body", ex.Message);
        }
    }
}
