using System;
using System.Linq;
using RealtimeOps.Engine.Deployments;
using Xunit;

namespace RealtimeOps.Engine.Tests.Deployments
{
    public class ArmDeploymentParserTests
    {
        [Fact]
        public void AccountLocationIsCanonicalAndEndpointIsRead()
        {
            var a = DeploymentTestData.Account("Sweden Central");
            Assert.Equal("swedencentral", a.Location);
            Assert.Equal("https://rtops-demo.openai.azure.com/", a.Endpoint);
            Assert.Equal("AIServices", a.Kind);
            Assert.Equal("rtops-demo", a.Name);
        }

        [Fact]
        public void DeploymentsCarryModelSkuStateAndKindFromTheCatalog()
        {
            var list = DeploymentTestData.Deployments(DeploymentTestData.Account());
            var rt = list.Single(d => d.Name == "gpt-realtime");
            Assert.Equal(("gpt-realtime", "2025-08-28", "OpenAI", DeploymentKind.Realtime, "GlobalStandard", (int?)10, "Succeeded"),
                (rt.Model, rt.ModelVersion, rt.ModelFormat, rt.Kind, rt.Sku, rt.Capacity, rt.ProvisioningState));
            Assert.Equal("swedencentral", rt.Region);
            Assert.Equal("rtops-demo", rt.AccountName);
            Assert.Equal("https://rtops-demo.openai.azure.com/", rt.Endpoint);
            Assert.Equal(DeploymentKind.Transcription, list.Single(d => d.Name == "stt").Kind);
            Assert.Equal(DeploymentKind.Other, list.Single(d => d.Name == "chat-gpt-4o").Kind);
            Assert.Equal(0, list.Single(d => d.Name == "realtime-nocapacity").Capacity);
        }

        [Fact]
        public void NextLinkAndMissingFieldsAreTolerated()
        {
            var json = "{\"value\":[{\"name\":\"bare\"},{\"properties\":{}}],\"nextLink\":\"https://management.azure.com/next?page=2\"}";
            var list = ArmDeploymentParser.ParseDeployments(json, DeploymentTestData.Account(), out var next);
            var bare = Assert.Single(list);
            Assert.Null(bare.Capacity);
            Assert.Equal(DeploymentKind.Other, bare.Kind);
            Assert.Equal("https://management.azure.com/next?page=2", next);
        }

        [Theory]
        [InlineData("")]
        [InlineData("<html>bad gateway</html>")]
        [InlineData("[]")]
        [InlineData("{\"nothing\":1}")]
        public void UnreadableAnswersAreFormatErrors(string json)
        {
            Assert.Throws<FormatException>(() => ArmDeploymentParser.ParseDeployments(json, DeploymentTestData.Account(), out _));
        }
    }

    public class AccountResourceIdTests
    {
        [Theory]
        [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc")]
        [InlineData("subscriptions/s1/resourcegroups/rg/providers/microsoft.cognitiveservices/accounts/acc/")]
        [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc/deployments/gpt-realtime")]
        public void ParsesAccountAndDeploymentIds(string text)
        {
            var id = AccountResourceId.Parse(text);
            Assert.Equal(("s1", "rg", "acc"), (id.SubscriptionId, id.ResourceGroupName, id.AccountName));
            Assert.Equal("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc", id.ToString());
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x", "not the resource id of a Cognitive Services account")]
        [InlineData("/subscriptions/s1/resourceGroups/rg", "not the resource id")]
        [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acc/projects/p", "extra segments")]
        public void RejectsOtherIdsWithAReason(string text, string expected)
        {
            var ex = Assert.Throws<FormatException>(() => AccountResourceId.Parse(text));
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void NamesWithSlashesAreRejected()
        {
            Assert.ThrowsAny<ArgumentException>(() => new AccountResourceId("s", "rg/x", "acc"));
        }
    }

    public class SessionDeploymentReaderTests
    {
        private static SessionDeploymentNames Read(string json) => SessionDeploymentReader.Instance.Read(json, "session.json");

        [Fact]
        public void ReadsAGaSession()
        {
            var n = Read("{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"stt\"}}}}");
            Assert.Equal(("gpt-realtime", "stt", "realtime"), (n.Deployment, n.TranscriptionDeployment, n.SessionType));
        }

        [Fact]
        public void ReadsAClientSecretsBodyAndASessionUpdate()
        {
            var body = Read("{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":600},\"session\":{\"type\":\"realtime\",\"model\":\"rt\"}}");
            Assert.Equal("rt", body.Deployment);
            Assert.Null(body.TranscriptionDeployment);
            var update = Read("{\"type\":\"session.update\",\"session\":{\"type\":\"transcription\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\"}}}}}");
            Assert.Null(update.Deployment);
            Assert.Equal("gpt-4o-transcribe", update.TranscriptionDeployment);
            Assert.Equal("transcription", update.SessionType);
        }

        [Fact]
        public void ReadsTheBetaTranscriptionField()
        {
            Assert.Equal("whisper-1", Read("{\"model\":\"rt\",\"input_audio_transcription\":{\"model\":\"whisper-1\"}}").TranscriptionDeployment);
        }

        [Fact]
        public void TranscriptionNullMeansOff()
        {
            Assert.Null(Read("{\"model\":\"rt\",\"audio\":{\"input\":{\"transcription\":null}}}").TranscriptionDeployment);
        }

        [Theory]
        [InlineData("{\"model\": ", "not valid JSON at line 1")]
        [InlineData("[1]", "not a JSON object")]
        [InlineData("{\"session\":3}", "'session' is not an object")]
        [InlineData(" ", "empty")]
        public void BadInputNamesTheSource(string json, string expected)
        {
            var ex = Assert.Throws<FormatException>(() => Read(json));
            Assert.Contains("session.json", ex.Message);
            Assert.Contains(expected, ex.Message);
        }
    }
}
