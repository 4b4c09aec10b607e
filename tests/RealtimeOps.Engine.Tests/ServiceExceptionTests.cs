using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    /// <summary>The one service exception: status, error code, apim-request-id and the recorded exchange of the failing call.</summary>
    public class ServiceExceptionTests
    {
        [Fact]
        public async Task ADataPlaneFailureCarriesItsLastRecordedExchange()
        {
            var handler = new ScriptedHandler((r, n) => Task.FromResult(ScriptedHandler.Json(500, "{\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}")));
            var client = TestClients.Create(handler, TestClients.ApiKeyConnection(maxRetries: 1));
            var ex = await Assert.ThrowsAsync<RealtimeServiceException>(() =>
                client.CreateClientSecretAsync(new ClientSecretRequest { Deployment = "gpt-realtime" }, null, CancellationToken.None));
            Assert.Equal(RealtimeServiceErrorKind.ServiceError, ex.Kind);
            Assert.Equal(2, ex.ExchangeSequences.Length);
            Assert.NotNull(ex.Exchange);
            Assert.Equal(ex.ExchangeSequences.Last(), ex.Exchange.Sequence);
            Assert.Equal(2, ex.Exchange.Attempt);
            Assert.Equal(500, ex.Exchange.StatusCode);
            Assert.Equal(ex.ApimRequestId, ex.Exchange.ApimRequestId);
            Assert.DoesNotContain(TestClients.ApiKey, string.Join(" ", ex.Exchange.RequestHeaders.Values));
        }
    }
}
