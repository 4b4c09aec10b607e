using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests.Deployments
{
    public class DeploymentClientTests
    {
        private sealed class ScriptedTransport : IResourceManagerTransport
        {
            private readonly Func<Uri, ResourceManagerResponse> _answer;
            public readonly List<(Uri Url, string Operation)> Calls = new List<(Uri, string)>();
            public ScriptedTransport(Func<Uri, ResourceManagerResponse> answer) { _answer = answer; }
            public Task<ResourceManagerResponse> GetAsync(Uri url, string operation, CancellationToken cancellationToken)
            {
                Calls.Add((url, operation));
                return Task.FromResult(_answer(url));
            }
        }

        private static ScriptedTransport Healthy(string deploymentsJson = null) => new ScriptedTransport(u =>
            u.AbsolutePath.EndsWith("/deployments")
                ? new ResourceManagerResponse(200, deploymentsJson ?? DeploymentTestData.DemoDeploymentsJson, "rid-2")
                : new ResourceManagerResponse(200, DeploymentTestData.DemoAccountJson, "rid-1"));

        [Fact]
        public async Task ReadsAccountThenDeploymentsWithTheDatedApiVersion()
        {
            var t = Healthy();
            var client = new DeploymentClient(t, new Uri("http://127.0.0.1:5123/some/path"));
            var result = await client.GetDeploymentsAsync(DeploymentTestData.DemoId, CancellationToken.None);
            Assert.Equal("swedencentral", result.Account.Location);
            Assert.Equal(11, result.Deployments.Count);
            Assert.Equal(new[]
            {
                "http://127.0.0.1:5123/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-demo?api-version=2024-10-01",
                "http://127.0.0.1:5123/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-demo/deployments?api-version=2024-10-01",
            }, t.Calls.Select(c => c.Url.AbsoluteUri));
        }

        [Fact]
        public async Task FollowsNextLinkOnTheSameHostOnly()
        {
            var page1 = "{\"value\":[" + DeploymentTestData.Deployment("a", "gpt-realtime", "2025-08-28", "GlobalStandard", 1) + "],\"nextLink\":\"https://management.azure.com/page2\"}";
            var page2 = "{\"value\":[" + DeploymentTestData.Deployment("b", "gpt-realtime", "2025-08-28", "GlobalStandard", 1) + "],\"nextLink\":\"https://evil.example/page3\"}";
            var t = new ScriptedTransport(u =>
                u.AbsolutePath == "/page2" ? new ResourceManagerResponse(200, page2, null)
                : u.AbsolutePath.EndsWith("/deployments") ? new ResourceManagerResponse(200, page1, null)
                : new ResourceManagerResponse(200, DeploymentTestData.DemoAccountJson, null));
            var result = await new DeploymentClient(t).GetDeploymentsAsync(DeploymentTestData.DemoId, CancellationToken.None);
            Assert.Equal(new[] { "a", "b" }, result.Deployments.Select(d => d.Name));
            Assert.DoesNotContain(t.Calls, c => c.Url.Host == "evil.example");
        }

        [Theory]
        [InlineData(401, "{\"error\":{\"code\":\"InvalidAuthenticationTokenAudience\",\"message\":\"wrong audience\"}}", RealtimeServiceErrorKind.Unauthorized, "Reader role")]
        [InlineData(403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no authorization\"}}", RealtimeServiceErrorKind.Forbidden, "Reader role on the account")]
        [InlineData(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"not found\"}}", RealtimeServiceErrorKind.NotFound, "no such account in that resource group")]
        [InlineData(429, "{}", RealtimeServiceErrorKind.Throttled, "throttled")]
        [InlineData(503, "<html>Service Unavailable</html>", RealtimeServiceErrorKind.ServiceError, "503")]
        [InlineData(400, "{\"error\":{\"code\":\"InvalidApiVersionParameter\",\"message\":\"bad\"}}", RealtimeServiceErrorKind.InvalidRequest, "InvalidApiVersionParameter")]
        public async Task ErrorsAreMappedToClearKinds(int status, string body, RealtimeServiceErrorKind kind, string text)
        {
            var t = new ScriptedTransport(_ => new ResourceManagerResponse(status, body, "req-42"));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => new DeploymentClient(t).GetDeploymentsAsync(DeploymentTestData.DemoId, CancellationToken.None));
            Assert.Equal(kind, ex.Kind);
            Assert.Equal(status, ex.Status);
            Assert.Contains(text, ex.Message);
            Assert.Contains("req-42", ex.Message);
            Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
        }

        [Fact]
        public void UnauthorizedAndForbiddenSayKeysDoNotGrantArmAccess()
        {
            foreach (var status in new[] { 401, 403 })
            {
                var ex = ResourceManagerErrors.FromResponse(status, "", DeploymentTestData.DemoId, null);
                Assert.Contains("data-plane keys (api-key) do not grant ARM access", ex.Message);
                Assert.True(ex.IsAccessDenied);
            }
            var noCredential = ResourceManagerErrors.NoCredential(DeploymentTestData.DemoId, "an api-key");
            Assert.Equal(RealtimeServiceErrorKind.NoResourceManagerCredential, noCredential.Kind);
            Assert.Contains("do not grant ARM access", noCredential.Message);
            Assert.False(ResourceManagerErrors.FromResponse(404, "", DeploymentTestData.DemoId, null).IsAccessDenied);
        }

        [Fact]
        public async Task A200ThatIsNotJsonIsAnUnexpectedResponse()
        {
            var t = new ScriptedTransport(_ => new ResourceManagerResponse(200, "<html>portal</html>", null));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => new DeploymentClient(t).GetAccountAsync(DeploymentTestData.DemoId, CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.UnexpectedResponse, ex.Kind);
        }

        [Theory]
        [InlineData("https://management.usgovcloudapi.net/", "https://management.usgovcloudapi.net/.default")]
        [InlineData("https://management.azure.com", "https://management.azure.com/.default")]
        [InlineData("http://127.0.0.1:4000/", "https://management.azure.com/.default")]
        public void ScopeFollowsTheEndpoint(string endpoint, string scope)
        {
            Assert.Equal(scope, DeploymentClient.ScopeFor(new Uri(endpoint)));
        }

        [Fact]
        public void PlainHttpIsOnlyForLoopback()
        {
            Assert.Throws<ArgumentException>(() => new DeploymentClient(Healthy(), new Uri("http://management.azure.com/")));
        }
    }
}
