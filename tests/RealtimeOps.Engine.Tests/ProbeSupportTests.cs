using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Bundles;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    public class ProbeSupportTests
    {
        [Theory]
        [InlineData(RealtimeServiceErrorKind.InvalidRequest, RealtimeServiceErrorKind.InvalidRequest)]
        [InlineData(RealtimeServiceErrorKind.Unauthorized, RealtimeServiceErrorKind.Unauthorized)]
        [InlineData(RealtimeServiceErrorKind.Forbidden, RealtimeServiceErrorKind.Forbidden)]
        [InlineData(RealtimeServiceErrorKind.DeploymentNotFound, RealtimeServiceErrorKind.DeploymentNotFound)]
        [InlineData(RealtimeServiceErrorKind.Throttled, RealtimeServiceErrorKind.Throttled)]
        [InlineData(RealtimeServiceErrorKind.ServiceError, RealtimeServiceErrorKind.ServiceError)]
        [InlineData(RealtimeServiceErrorKind.Network, RealtimeServiceErrorKind.Network)]
        [InlineData(RealtimeServiceErrorKind.Timeout, RealtimeServiceErrorKind.Timeout)]
        [InlineData(RealtimeServiceErrorKind.UnexpectedResponse, RealtimeServiceErrorKind.UnexpectedResponse)]
        [InlineData(RealtimeServiceErrorKind.Cancelled, RealtimeServiceErrorKind.Cancelled)]
        [InlineData(RealtimeServiceErrorKind.NotFound, RealtimeServiceErrorKind.InvalidRequest)]
        public void EveryServiceErrorKindMapsToAnOutcome(RealtimeServiceErrorKind kind, RealtimeServiceErrorKind expected) =>
            Assert.Equal(expected, ClientSecretProbeSender.Map(kind));

        [Fact]
        public void ValidatorDiagnosticsBecomeFindingsTheClassifierMatches()
        {
            const string body = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"input_audio_transcription\":{\"model\":\"whisper-1\"}}}";
            var validation = ConfigurationValidator.ValidateJson(body, "t.json", new ValidationOptions());
            var prerequisites = ProbePreflight.ToPrerequisites(validation, null);
            Assert.NotEmpty(prerequisites.Findings);
            var match = ProbeClassifier.MatchRule(prerequisites.Findings, "session.input_audio_transcription");
            Assert.NotNull(match);
            Assert.Equal("session.input_audio_transcription", match.Path);
            Assert.Empty(prerequisites.FailedDeploymentChecks);
        }

        [Theory]
        [InlineData("https://contoso-rt.openai.azure.com/", "contoso-rt")]
        [InlineData("https://contoso-rt.cognitiveservices.azure.com", "contoso-rt")]
        [InlineData("https://my-hub.services.ai.azure.com/openai/v1", "my-hub")]
        [InlineData("http://127.0.0.1:5000/", null)]
        [InlineData("https://a.b.openai.azure.com/", null)]
        [InlineData("not a url", null)]
        public void ResourceNameComesFromAzureHostsOnly(string endpoint, string expected) =>
            Assert.Equal(expected, SupportCaseFacts.ResourceNameFromEndpoint(endpoint));

        [Fact]
        public void FactsFillOnlyWhatIsMissing()
        {
            var facts = new SupportCaseFacts { SubscriptionId = "given" };
            facts.FillFrom(new SupportCaseFacts { SubscriptionId = "context", ResourceName = "from-context", Region = " " });
            Assert.Equal("given", facts.SubscriptionId);
            Assert.Equal("from-context", facts.ResourceName);
            Assert.Null(facts.Region);
            Assert.Contains("Region", facts.Unknown());
            Assert.DoesNotContain("Resource name", facts.Unknown());
        }

        [Theory]
        [InlineData(null, null, null, false, HostKind.Interactive)]
        [InlineData("True", null, null, false, HostKind.AzureDevOps)]
        [InlineData(null, "true", null, false, HostKind.GitHubActions)]
        [InlineData(null, null, "acct", false, HostKind.AzureAutomation)]
        [InlineData("True", null, null, true, HostKind.AzureAutomation)]
        // object, not HostKind: the engine type is internal and a public test method cannot name it in its signature.
        public void HostKindFromTheHostsVariables(string tfBuild, string githubActions, string automation, bool job, object expected)
        {
            var env = new Dictionary<string, string> { ["TF_BUILD"] = tfBuild, ["GITHUB_ACTIONS"] = githubActions, ["AUTOMATION_ASSET_ACCOUNTID"] = automation };
            Assert.Equal((HostKind)expected, HostKindDetector.Detect(n => env.TryGetValue(n, out var v) ? v : null, job));
        }

        [Fact]
        public void AzurePipelinesCommandsCannotBeInjected()
        {
            var line = PipelineCommands.AzureDevOpsUploadFile("/tmp/a%b\n##vso[task.setvariable variable=x]y.zip");
            Assert.Equal("##vso[task.uploadfile]/tmp/a%AZP25b%0A##vso[task.setvariable variable=x]y.zip", line);
            Assert.DoesNotContain("\n", line);
            Assert.Equal("##vso[task.setprogress value=100;]Probe", PipelineCommands.AzureDevOpsProgress(140, "Probe"));
            Assert.Equal("##vso[task.setprogress value=0;]Probe", PipelineCommands.AzureDevOpsProgress(-3, "Probe"));
        }

        [Fact]
        public void ExchangesAreReadFromAnyPropertyBag()
        {
            var bag = new Dictionary<string, object>
            {
                ["Sequence"] = 7, ["Method"] = "POST", ["Url"] = "https://r.openai.azure.com/openai/v1/realtime/client_secrets",
                ["StatusCode"] = "500", ["StartedAtUtc"] = "2026-03-01T10:00:00Z", ["DurationMs"] = TimeSpan.FromMilliseconds(12),
                ["RequestHeaders"] = new Dictionary<string, string> { ["api-key"] = "***" }, ["ApimRequestId"] = "id-7",
            };
            Func<string, object> get = n => bag.TryGetValue(n, out var v) ? v : null;
            Assert.True(BundleExchangeReader.LooksLikeExchange(get));
            var e = BundleExchangeReader.Read(get);
            Assert.Equal(7, e.Sequence);
            Assert.Equal(500, e.StatusCode);
            Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), e.StartedAtUtc);
            Assert.Equal(12, e.DurationMs);
            Assert.Equal("***", e.RequestHeaders["api-key"]);
            Assert.False(BundleExchangeReader.LooksLikeExchange(n => n == "Method" ? "GET" : null));
        }

        [Fact]
        public void TheServiceRedactorGuardScrubsTheConnectionSecretAndCountsPerRule()
        {
            var connection = new Connection.RealtimeConnection(new Connection.RealtimeConnectionSettings
            {
                Endpoint = new Uri("https://contoso.openai.azure.com"), AuthMode = Connection.AuthMode.ApiKey, Secret = "k3y-canary-0123456789".ToCharArray(),
            });
            var guard = ServiceRedactorGuard.ForConnections(new[] { connection });
            var text = guard.Redact("key k3y-canary-0123456789 and value ek_abcdef0123456789 in an error");
            Assert.DoesNotContain("k3y-canary-0123456789", text);
            Assert.DoesNotContain("ek_abcdef0123456789", text);
            Assert.True(guard.Counts.Values.Sum() >= 2);
            Assert.DoesNotContain(guard.Counts.Keys, k => k.Contains("k3y"));
        }
    }
}
