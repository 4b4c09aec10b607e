using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Redaction;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    public class SecretRedactorTests
    {
        [Fact]
        public void CredentialHeadersAreMaskedAndCounted()
        {
            var r = new SecretRedactor();
            Assert.Equal(SecretRedactor.Mask, r.RedactHeader("api-key", "abc123secret"));
            Assert.Equal("Bearer " + SecretRedactor.Mask, r.RedactHeader("Authorization", "Bearer eyJ0eXAi.abc.def"));
            Assert.Equal("application/json", r.RedactHeader("Content-Type", "application/json"));
            Assert.Equal(2, r.Counts[SecretRedactor.RuleSecretHeader]);
        }

        [Fact]
        public void EphemeralKeysAreRemovedAnywhere()
        {
            var r = new SecretRedactor();
            var text = r.RedactText("use ek_68af0c1d9e2b4_x-y and then ek_other.value");
            Assert.DoesNotContain("ek_", text);
            Assert.Equal(2, r.Counts[SecretRedactor.RuleEphemeralKey]);
        }

        [Theory]
        [InlineData("https://x.openai.azure.com/a?api-key=K3Y&api-version=v1", "api-version=v1")]
        [InlineData("https://blob/c?sv=2022&sig=S1GNATURE%3D&se=1", "sv=2022")]
        [InlineData("https://func/api?code=FUNCKEY123", null)]
        [InlineData("https://x/?access_token=TOKENVALUE&x=1", "x=1")]
        public void QueryStringSecretsAreMaskedAndOtherParametersKept(string url, string kept)
        {
            var r = new SecretRedactor();
            var result = r.RedactUrl(url);
            Assert.DoesNotContain("K3Y", result);
            Assert.DoesNotContain("S1GNATURE", result);
            Assert.DoesNotContain("FUNCKEY123", result);
            Assert.DoesNotContain("TOKENVALUE", result);
            if (kept != null) Assert.Contains(kept, result);
            Assert.Equal(1, r.Counts[SecretRedactor.RuleQueryString]);
        }

        [Fact]
        public void TokenFieldsInJsonAndTheMintedValueInResponsesAreMasked()
        {
            var r = new SecretRedactor();
            var body = r.RedactResponseBody("{\"access_token\":\"abc.def.ghi\",\"value\":\"plainsecret\",\"expires_in\":3600}");
            Assert.DoesNotContain("abc.def.ghi", body);
            Assert.DoesNotContain("plainsecret", body);
            Assert.Contains("\"expires_in\":3600", body);
            // Request bodies keep "value" fields: they are configuration, not secrets.
            Assert.Contains("\"value\":\"keep\"", r.RedactText("{\"value\":\"keep\"}"));
        }

        [Fact]
        public void CountsNeverHoldValues()
        {
            var r = new SecretRedactor();
            r.RegisterSecret("literal-secret-xyz");
            r.RedactText("a literal-secret-xyz b literal-secret-xyz");
            Assert.Equal(2, r.Counts[SecretRedactor.RuleRegisteredSecret]);
            Assert.DoesNotContain(r.Counts.Keys, k => k.Contains("literal"));
        }

        [Fact]
        public void RegisteredSecretsNeverSurviveWhateverSurroundsThem()
        {
            Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 8, 40], Gen.String, Gen.String)
                .Sample((secret, before, after) =>
                {
                    var r = new SecretRedactor();
                    r.RegisterSecret(secret);
                    var scope = r.CreateScope();
                    var output = scope.RedactText(before + secret + after) + scope.RedactHeader("x-custom", secret) + scope.RedactUrl("https://h/p?x=" + secret);
                    return !output.Contains(secret);
                }, iter: 500);
        }
    }

    public class EndpointNormalizerTests
    {
        [Fact]
        public void PastedClientSecretsUrlWithApiVersionIsReducedToTheResourceAndExplained()
        {
            var r = EndpointNormalizer.Normalize("https://contoso.openai.azure.com/openai/v1/realtime/client_secrets?api-version=2025-04-01-preview");
            Assert.True(r.IsValid);
            Assert.Equal("https://contoso.openai.azure.com/", r.Endpoint.ToString());
            Assert.Contains(r.Notes, n => n.Contains("/openai/v1/realtime/client_secrets") && n.Contains("removed"));
            Assert.Contains(r.Notes, n => n.Contains("api-version") && n.Contains("401"));
            Assert.Null(r.Warning);
        }

        [Theory]
        [InlineData("https://contoso.cognitiveservices.azure.com")]
        [InlineData("https://contoso.services.ai.azure.com/")]
        [InlineData("https://gov.openai.azure.us")]
        [InlineData("https://cn.openai.azure.cn")]
        public void AzureHostsGetNoWarning(string endpoint)
        {
            var r = EndpointNormalizer.Normalize(endpoint);
            Assert.True(r.IsAzureHost);
            Assert.Null(r.Warning);
        }

        [Fact]
        public void NonAzureHostIsWarnedAbout()
        {
            var r = EndpointNormalizer.Normalize("https://openai.example.com");
            Assert.True(r.IsValid);
            Assert.Contains("not an Azure OpenAI host", r.Warning);
        }

        [Fact]
        public void PlainHttpIsRefusedExceptOnLoopback()
        {
            Assert.Contains("https", EndpointNormalizer.Normalize("http://contoso.openai.azure.com").Error);
            var loop = EndpointNormalizer.Normalize("http://127.0.0.1:5123/openai");
            Assert.True(loop.IsValid);
            Assert.Equal("http://127.0.0.1:5123/", loop.Endpoint.ToString());
            Assert.Null(loop.Warning);
            Assert.True(EndpointNormalizer.Normalize("http://localhost:80").IsValid);
        }

        [Fact]
        public void BareHostGetsHttpsAndAKeyInTheQueryIsDroppedNotEchoed()
        {
            var r = EndpointNormalizer.Normalize("contoso.openai.azure.com/?api-key=SECRETKEY1");
            Assert.Equal("https://contoso.openai.azure.com/", r.Endpoint.ToString());
            Assert.Contains(r.Notes, n => n.Contains("https:// was assumed"));
            Assert.DoesNotContain(r.Notes, n => n.Contains("SECRETKEY1"));
            var bad = EndpointNormalizer.Normalize("ht!tp://bad url?key=SECRETKEY2");
            Assert.False(bad.IsValid);
            Assert.DoesNotContain("SECRETKEY2", bad.Error);
        }
    }

    public class ConnectionTests
    {
        private static Func<string, string> Env(params (string, string)[] vars)
        {
            var d = vars.ToDictionary(v => v.Item1, v => v.Item2);
            return n => d.TryGetValue(n, out var v) ? v : null;
        }

        [Fact]
        public void EndpointAndKeyFallBackToEnvironmentVariables()
        {
            var r = ConnectionFactory.Create(new ConnectionRequest(), Env(("AZURE_OPENAI_ENDPOINT", "https://a.openai.azure.com/x"), ("AZURE_OPENAI_API_KEY", "envkey-123456")));
            Assert.Equal(AuthMode.ApiKey, r.Connection.AuthMode);
            Assert.Equal("https://a.openai.azure.com/", r.Connection.Endpoint.ToString());
            Assert.Contains(r.Notes, n => n.Contains("AZURE_OPENAI_API_KEY"));
            Assert.Equal("envkey-123456", r.Connection.RevealSecret());
        }

        [Fact]
        public void NothingGivenIsASpecificError()
        {
            var ex = Assert.Throws<ConnectionConfigurationException>(() => ConnectionFactory.Create(new ConnectionRequest(), Env()));
            Assert.Equal("ConnectionEndpointMissing", ex.ErrorId);
            ex = Assert.Throws<ConnectionConfigurationException>(() => ConnectionFactory.Create(new ConnectionRequest { Endpoint = "https://a.openai.azure.com" }, Env()));
            Assert.Equal("ConnectionAuthenticationMissing", ex.ErrorId);
        }

        [Fact]
        public void AzurePipelinesReadsTheTaskVariablesAndNamesTheMissingOnes()
        {
            var ex = Assert.Throws<ConnectionConfigurationException>(() => ConnectionFactory.Create(
                new ConnectionRequest { Endpoint = "https://a.openai.azure.com", AuthMode = AuthMode.AzurePipelines },
                Env(("AZURESUBSCRIPTION_CLIENT_ID", "cid"))));
            Assert.Equal("ConnectionPipelinesEnvironmentMissing", ex.ErrorId);
            Assert.Contains("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", ex.Message);
            Assert.Contains("SYSTEM_ACCESSTOKEN", ex.Message);
            Assert.DoesNotContain("AZURESUBSCRIPTION_CLIENT_ID", ex.Message);

            var ok = ConnectionFactory.Create(new ConnectionRequest { Endpoint = "https://a.openai.azure.com", AuthMode = AuthMode.AzurePipelines },
                Env(("AZURESUBSCRIPTION_CLIENT_ID", "cid"), ("AZURESUBSCRIPTION_TENANT_ID", "tid"), ("AZURESUBSCRIPTION_SERVICE_CONNECTION_ID", "scid"), ("SYSTEM_ACCESSTOKEN", "systoken-abcdef")));
            Assert.Equal("cid", ok.Connection.ClientId);
            Assert.Equal("tid", ok.Connection.TenantId);
            Assert.Equal("scid", ok.Connection.ServiceConnectionId);
            Assert.DoesNotContain("systoken-abcdef", ok.Connection.ToString());
        }

        [Fact]
        public void ClientIdOnlyWhereItMeansSomething()
        {
            var ex = Assert.Throws<ConnectionConfigurationException>(() => ConnectionFactory.Create(
                new ConnectionRequest { Endpoint = "https://a.openai.azure.com", AuthMode = AuthMode.AzureCli, ClientId = "x" }, Env()));
            Assert.Equal("ConnectionClientIdNotApplicable", ex.ErrorId);
            var mi = ConnectionFactory.Create(new ConnectionRequest { Endpoint = "https://a.openai.azure.com", AuthMode = AuthMode.ManagedIdentity, ClientId = "uami" }, Env());
            Assert.Equal("uami", mi.Connection.ClientId);
        }

        [Fact]
        public void ToStringAndPropertiesNeverShowTheSecret()
        {
            var c = TestClients.ApiKeyConnection();
            var props = typeof(RealtimeConnection).GetProperties().Select(p => Convert.ToString(p.GetValue(c)));
            Assert.DoesNotContain(props.Append(c.ToString()), s => s != null && s.Contains(TestClients.ApiKey));
            Assert.StartsWith("sha256:", c.SecretFingerprint);
            var again = c.WithLimits(0, 5);
            Assert.Equal(c.SecretFingerprint, again.SecretFingerprint);
            Assert.Equal(0, again.MaxRetries);
            var arm = c.WithAccount("sub", "rg", "acc");
            Assert.Equal(("sub", "rg", "acc"), (arm.SubscriptionId, arm.ResourceGroupName, arm.AccountName));
            Assert.Equal(c.SecretFingerprint, arm.SecretFingerprint);
            // Nothing public hands the secret back.
            Assert.DoesNotContain(typeof(RealtimeConnection).GetMethods(), m => m.IsPublic && m.ReturnType == typeof(RealtimeConnectionSettings));
        }

        [Fact]
        public void ExchangeLogKeepsTheNewestWithinCapacity()
        {
            var log = new ExchangeLog(3);
            for (var i = 0; i < 5; i++) log.Add(new Exchange { Method = "GET" });
            Assert.Equal(new[] { 3, 4, 5 }, log.Snapshot().Select(e => e.Sequence));
            Assert.Equal(2, log.Dropped);
        }
    }
}
