using System;
using System.Text.Json.Nodes;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    public class ClientSecretRequestTests
    {
        [Fact]
        public void ConvenienceValuesBuildAGaSession()
        {
            var body = JsonNode.Parse(new ClientSecretRequest
            {
                Deployment = "my-rt", Instructions = "Be brief", Voice = "marin", TranscriptionModel = "gpt-4o-transcribe", Language = "en",
                TurnDetection = TurnDetectionMode.None, NoiseReduction = "near_field", OutputModality = "audio", ExpiresInSeconds = 600,
            }.BuildBody());
            var s = body["session"];
            Assert.Equal("realtime", (string)s["type"]);
            Assert.Equal("my-rt", (string)s["model"]);
            Assert.Equal("marin", (string)s["audio"]["output"]["voice"]);
            Assert.Equal("gpt-4o-transcribe", (string)s["audio"]["input"]["transcription"]["model"]);
            Assert.Null(s["audio"]["input"]["turn_detection"]);
            Assert.True(s["audio"]["input"].AsObject().ContainsKey("turn_detection"));
            Assert.Equal("near_field", (string)s["audio"]["input"]["noise_reduction"]["type"]);
            Assert.Equal(600, (int)body["expires_after"]["seconds"]);
            Assert.Equal("created_at", (string)body["expires_after"]["anchor"]);
        }

        [Fact]
        public void AWholeBodyOrASessionObjectAreBothAcceptedAndParametersOverrideThem()
        {
            var whole = new ClientSecretRequest { SessionJson = "{\"session\":{\"type\":\"realtime\",\"model\":\"a\"},\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":30}}", Deployment = "b" };
            var node = JsonNode.Parse(whole.BuildBody());
            Assert.Equal("b", (string)node["session"]["model"]);
            Assert.Equal(30, (int)node["expires_after"]["seconds"]);

            var sessionOnly = new ClientSecretRequest { SessionJson = "{\"type\":\"transcription\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"whisper-1\"}}}}" };
            Assert.Equal(RealtimeSessionType.Transcription, sessionOnly.EffectiveSessionType());
            Assert.Null(JsonNode.Parse(sessionOnly.BuildBody())["session"]["model"]);
            Assert.Equal("a", new ClientSecretRequest { SessionJson = "{\"type\":\"realtime\",\"model\":\"a\"}" }.EffectiveDeployment());
        }

        [Fact]
        public void BadInputIsASpecificMessage()
        {
            var ex = Assert.Throws<ArgumentException>(() => new ClientSecretRequest { SessionJson = "{\n \"type\": \"realtime\",\n \"model\" \"x\"\n}", SessionSource = "s.json" }.BuildBody());
            Assert.Contains("s.json", ex.Message);
            Assert.Contains("line 3", ex.Message);
            Assert.Throws<ArgumentException>(() => new ClientSecretRequest { ExpiresInSeconds = 5 }.BuildBody());
            Assert.Throws<ArgumentException>(() => new ClientSecretRequest { SessionType = RealtimeSessionType.Transcription, Voice = "alloy" }.BuildBody());
            Assert.Contains("JSON object", Assert.Throws<ArgumentException>(() => new ClientSecretRequest { SessionJson = "[1]" }.BuildBody()).Message);
        }

        [Fact]
        public void ApiVersionIsOmittedUnlessAsked()
        {
            Assert.Equal("openai/v1/realtime/client_secrets", new ClientSecretRequest().RelativeUri);
            Assert.Equal("openai/v1/realtime/client_secrets?api-version=preview", new ClientSecretRequest { ApiVersion = "preview" }.RelativeUri);
        }

        [Fact]
        public void GarbageIsAnUnexpectedResponseNotACrash()
        {
            var ex = Assert.Throws<RealtimeServiceException>(() => ClientSecretResponseParser.Parse("<html>", "apim-1"));
            Assert.Equal(RealtimeServiceErrorKind.UnexpectedResponse, ex.Kind);
            Assert.Contains("apim-1", ex.Message);
            Assert.Equal(RealtimeServiceErrorKind.UnexpectedResponse,
                Assert.Throws<RealtimeServiceException>(() => ClientSecretResponseParser.Parse("{\"session\":{}}", null)).Kind);
        }

        [Fact]
        public void HashtableShapedInputSerialises()
        {
            var document = RealtimeOps.Engine.Configuration.SessionReader.ReadGraph(new System.Collections.Hashtable { ["type"] = "realtime", ["tools"] = new object[] { 1, "a", true } }, "-InputObject");
            var node = JsonNode.Parse(new ClientSecretRequest { Session = document }.BuildBody())["session"];
            Assert.Equal("realtime", (string)node["type"]);
            Assert.Equal(3, node["tools"].AsArray().Count);
        }

        [Fact]
        public void CiHostsGetTheirMaskCommands()
        {
            var ado = new ContinuousIntegrationHost(n => n == "TF_BUILD" ? "True" : null);
            Assert.Equal(new[] { "##vso[task.setsecret]ek_x" }, ado.MaskCommands("ek_x"));
            Assert.Equal("##vso[task.setvariable variable=RT_SECRET;issecret=true]ek_x", ado.SecretVariableCommand("RT_SECRET", "ek_x"));
            var gh = new ContinuousIntegrationHost(n => n == "GITHUB_ACTIONS" ? "true" : null);
            Assert.Equal(new[] { "::add-mask::ek_x" }, gh.MaskCommands("ek_x"));
            Assert.Empty(new ContinuousIntegrationHost(n => null).MaskCommands("ek_x"));
        }
    }
}
