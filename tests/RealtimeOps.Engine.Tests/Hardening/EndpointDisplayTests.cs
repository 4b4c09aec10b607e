using RealtimeOps.Engine.Connection;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public class EndpointDisplayTests
    {
        [Theory]
        [InlineData("http://x.openai.azure.com/?api-key=CANARY0123456789", "http://x.openai.azure.com/?...")]
        [InlineData("https://x.openai.azure.com/openai?x=1&key=CANARY0123456789", "https://x.openai.azure.com/openai?...")]
        [InlineData("https://user:CANARY0123456789@x.openai.azure.com/", "https://x.openai.azure.com/")]
        [InlineData("x.openai.azure.com#CANARY0123456789", "x.openai.azure.com?...")]
        [InlineData("https://x.openai.azure.com", "https://x.openai.azure.com")]
        public void AnEndpointShownInAnErrorKeepsNoQueryFragmentOrUserInformation(string endpoint, string shown)
        {
            Assert.Equal(shown, EndpointNormalizer.SafeDisplay(endpoint));
            Assert.DoesNotContain("CANARY", EndpointNormalizer.Normalize(endpoint).Error ?? string.Empty);
        }
    }
}
