using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests.Deployments
{
    public class DeploymentAccessTests
    {
        private static RealtimeConnection Connection(AuthMode mode, string secret, string sub = null, string rg = null, string account = null, string arm = null) =>
            new RealtimeConnection(new RealtimeConnectionSettings
            {
                Endpoint = new Uri("https://contoso.openai.azure.com/"),
                AuthMode = mode,
                Secret = secret?.ToCharArray(),
                SubscriptionId = sub,
                ResourceGroupName = rg,
                AccountName = account,
                ResourceManagerEndpoint = arm == null ? null : new Uri(arm),
                MaxRetries = 1,
            });

        [Fact]
        public async Task ReadsThroughTheSharedPipelineAndRecordsEveryAttemptWithoutTheToken()
        {
            var token = TestClients.ArmToken("canary-arm-token-51c0ffee");
            var handler = new ScriptedHandler((req, n) => Task.FromResult(
                n == 1 ? ScriptedHandler.Json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}", ("retry-after", "0"))
                : req.RequestUri.AbsolutePath.EndsWith("/deployments") ? ScriptedHandler.Json(200, DeploymentTestData.DemoDeploymentsJson, ("x-ms-request-id", "arm-rid-2"))
                : ScriptedHandler.Json(200, DeploymentTestData.DemoAccountJson, ("x-ms-request-id", "arm-rid-1"))));
            var log = new ExchangeLog();
            var service = TestClients.Create(handler, Connection(AuthMode.AccessToken, token), log);
            var client = DeploymentAccess.CreateClient(service, new Uri("https://management.azure.com/"), DeploymentTestData.DemoId);

            var result = await client.GetDeploymentsAsync(DeploymentTestData.DemoId, CancellationToken.None);

            Assert.Equal(11, result.Deployments.Count);
            var sent = handler.Received.ToArray();
            Assert.Equal(3, sent.Length); // the 429 was retried by the pipeline
            Assert.All(sent, s => Assert.Equal("management.azure.com", s.Request.RequestUri.Host));
            Assert.All(sent, s => Assert.Equal("Bearer " + token, s.Request.Headers.Authorization.ToString()));
            var exchanges = log.Snapshot();
            Assert.Equal(new int?[] { 429, 200, 200 }, exchanges.Select(e => e.StatusCode).ToArray());
            Assert.Equal(new[] { "GetAccount", "GetAccount", "ListDeployments" }, exchanges.Select(e => e.Operation).ToArray());
            Assert.DoesNotContain(exchanges, e => string.Join(" ", e.RequestHeaders.Values).Contains(token));
        }

        [Fact]
        public async Task ArmErrorsComeBackAsServiceExceptionsWithTheRequestId()
        {
            var handler = new ScriptedHandler((req, n) => Task.FromResult(ScriptedHandler.Json(403,
                "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client does not have authorization\"}}", ("x-ms-request-id", "arm-rid-403"))));
            var service = TestClients.Create(handler, Connection(AuthMode.AccessToken, TestClients.ArmToken()));
            var client = DeploymentAccess.CreateClient(service, new Uri("https://management.azure.com/"), DeploymentTestData.DemoId);
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() => client.GetDeploymentsAsync(DeploymentTestData.DemoId, CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.Forbidden, ex.Kind);
            Assert.Equal("arm-rid-403", ex.RequestId);
            Assert.Contains("Reader role", ex.Message);
        }

        [Fact]
        public void AnApiKeyConnectionCannotReadArm()
        {
            var service = TestClients.Create(new ScriptedHandler((r, n) => throw new InvalidOperationException("nothing may be sent")), TestClients.ApiKeyConnection());
            var ex = Assert.Throws<RealtimeServiceException>(() => DeploymentAccess.CreateClient(service, DeploymentClient.DefaultResourceManagerEndpoint, DeploymentTestData.DemoId));
            Assert.Equal(RealtimeServiceErrorKind.NoResourceManagerCredential, ex.Kind);
            Assert.Contains("data-plane keys (api-key) do not grant ARM access", ex.Message);
            Assert.DoesNotContain(TestClients.ApiKey, ex.Message);
        }

        [Fact]
        public void AccountComesFromExplicitValuesThenTheConnection()
        {
            var connection = Connection(AuthMode.AzureCli, null, "sub-1", "rg-1", "acct-1", "https://management.usgovcloudapi.net/");
            var fromConnection = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection(), connection, out _);
            Assert.Equal("/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.CognitiveServices/accounts/acct-1", fromConnection.ToString());
            var other = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection { AccountName = "acct-2" }, connection, out _);
            Assert.Equal(("sub-1", "rg-1", "acct-2"), (other.SubscriptionId, other.ResourceGroupName, other.AccountName));
            var byId = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection { ResourceId = "/subscriptions/s/resourceGroups/r/providers/Microsoft.CognitiveServices/accounts/acct-a", AccountName = "ignored" }, connection, out _);
            Assert.Equal("acct-a", byId.AccountName);
            Assert.Equal("https://management.usgovcloudapi.net/", DeploymentAccess.ResolveResourceManagerEndpoint(null, connection).AbsoluteUri);
            Assert.Equal("https://management.chinacloudapi.cn/", DeploymentAccess.ResolveResourceManagerEndpoint("https://management.chinacloudapi.cn", connection).AbsoluteUri);
            Assert.Throws<ArgumentException>(() => DeploymentAccess.ResolveResourceManagerEndpoint("management.azure.com", connection));
        }

        [Fact]
        public void MissingCoordinatesAreNamed()
        {
            var none = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection { AccountName = "a" }, Connection(AuthMode.AzureCli, null), out var missing);
            Assert.Null(none);
            Assert.Equal("-SubscriptionId, -ResourceGroupName", missing);
        }
    }
}
