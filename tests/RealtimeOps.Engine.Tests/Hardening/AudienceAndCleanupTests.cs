using System;
using System.IO;
using System.Threading;
using Azure.Core;
using Azure.Identity;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Output;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public class AudienceAndCleanupTests
    {
        private static ConnectionResolution Connect(string arm) => ConnectionFactory.Create(new ConnectionRequest
        {
            Endpoint = "https://x.openai.azure.com", AuthMode = AuthMode.AccessToken, AccessToken = "token-0123456789".ToCharArray(), ResourceManagerEndpoint = arm,
        }, _ => null);

        [Theory]
        [InlineData("https://arm.example.net", true)]
        [InlineData("https://management.azure.com", false)]
        [InlineData("https://management.usgovcloudapi.net/", false)]
        [InlineData("http://127.0.0.1:5123", false)]
        public void ANonAzureResourceManagerEndpointIsWarnedAbout(string arm, bool warned)
        {
            var warning = Connect(arm).Warning;
            Assert.Equal(warned, warning != null && warning.Contains("not an Azure Resource Manager host"));
        }

        [Fact]
        public void AnAccessTokenIsGivenOnlyForTheAudienceItWasMintedFor()
        {
            var connection = Connect(null).Connection;
            var credential = CredentialFactory.Create(connection);
            Assert.Equal("token-0123456789", credential.GetToken(new TokenRequestContext(new[] { connection.TokenScope }), CancellationToken.None).Token);
            var ex = Assert.Throws<CredentialUnavailableException>(() =>
                credential.GetToken(new TokenRequestContext(new[] { RealtimeConnection.ResourceManagerScope }), CancellationToken.None));
            Assert.DoesNotContain("token-0123456789", ex.Message);
            Assert.Throws<CredentialUnavailableException>(() =>
                credential.GetTokenAsync(new TokenRequestContext(new[] { "https://arm.example.net/.default" }), CancellationToken.None).AsTask().GetAwaiter().GetResult());
        }

        [Fact]
        public void AnAccessTokenWhoseAudienceIsResourceManagerMayReadResourceManager()
        {
            var token = TestClients.ArmToken();
            Assert.Equal("https://management.azure.com", StaticAccessTokenCredential.ReadAudience(token));
            var credential = new StaticAccessTokenCredential(token, RealtimeConnection.DefaultTokenScope);
            Assert.Equal(token, credential.GetToken(new TokenRequestContext(new[] { RealtimeConnection.ResourceManagerScope }), CancellationToken.None).Token);
            // Not to another audience: Azure Government's Resource Manager is another resource.
            Assert.Throws<CredentialUnavailableException>(() =>
                credential.GetToken(new TokenRequestContext(new[] { "https://management.usgovcloudapi.net/.default" }), CancellationToken.None));
        }

        [Fact]
        public void PartialFilesLeftAtProcessExitAreDeleted()
        {
            var kept = Path.Combine(Path.GetTempPath(), ".ro-kept-" + Guid.NewGuid().ToString("N") + ".partial");
            var left = Path.Combine(Path.GetTempPath(), ".ro-left-" + Guid.NewGuid().ToString("N") + ".partial");
            File.WriteAllText(kept, "done");
            File.WriteAllText(left, "half");
            try
            {
                var files = new PartialFiles();
                using (files.Add(kept)) { }
                var handle = files.Add(left);
                files.DeleteAll();
                Assert.False(File.Exists(left));
                Assert.True(File.Exists(kept));
                handle.Dispose();
            }
            finally
            {
                File.Delete(kept);
                File.Delete(left);
            }
        }
    }
}
