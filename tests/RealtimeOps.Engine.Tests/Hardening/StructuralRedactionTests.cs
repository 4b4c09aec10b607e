using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using RealtimeOps.Engine.Bundles;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Redaction;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public sealed class StructuralRedactionTests : IDisposable
    {
        private const string Canary = "CANARYc0ffee42";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "ro-redact-" + Guid.NewGuid().ToString("N"));

        public StructuralRedactionTests() => Directory.CreateDirectory(_folder);

        public void Dispose()
        {
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

        /// <summary>An exchange as another tool might record it: every kind of credential, each carrying the canary.</summary>
        internal static Exchange ForeignExchange(int sequence) => new Exchange
        {
            Sequence = sequence, Operation = "Token", Method = "POST", StartedAtUtc = DateTimeOffset.UnixEpoch.AddSeconds(sequence),
            Url = "https://login.example.net/token?client_secret=" + Canary + "a&code=" + Canary + "b&api-version=1",
            RequestHeaders = new Dictionary<string, string>
            {
                ["authorization"] = "Basic " + B64("user:" + Canary + "c"),
                ["Proxy-Authorization"] = "SharedKey account:" + Canary + "d",
                ["x-ms-identity-header"] = Canary + "e",
                ["X-IDENTITY-HEADER"] = Canary + "f",
                ["Cookie"] = "session=" + Canary + "g",
                ["API-KEY"] = Canary + "h",
                ["Ocp-Apim-Subscription-Key"] = Canary + "i",
            },
            RequestBody = "{\"grant_type\":\"client_credentials\",\"client_secret\":\"" + Canary + "j\",\"password\":\"" + Canary + "k\",\"api_key\":\"" + Canary + "l\"," +
                          "\"nested\":\"{\\\"secret\\\":\\\"" + Canary + "m\\\",\\\"api-key\\\":\\\"" + Canary + "n\\\"}\"}",
            StatusCode = 200,
            ResponseHeaders = new Dictionary<string, string> { ["Set-Cookie"] = "id=" + Canary + "o; HttpOnly", ["x-ms-region"] = "Sweden Central" },
            ResponseBody = "{\"access_token\":\"" + Canary + "p\",\"refresh_token\":\"" + Canary + "q\",\"id_token\":\"" + Canary + "r\"," +
                           "\"note\":\"minted ek_" + Canary + "s\",\"token_type\":\"Bearer\"}",
            Error = "retry with client_secret=" + Canary + "t&x=1 after ek_" + Canary + "u",
        };

        private static Dictionary<string, string> ReadAll(string zip)
        {
            using (var archive = ZipFile.OpenRead(zip))
            {
                return archive.Entries.ToDictionary(e => e.FullName, e =>
                {
                    using (var s = e.Open()) using (var r = new StreamReader(s, Encoding.UTF8)) return r.ReadToEnd();
                });
            }
        }

        private Dictionary<string, string> WriteBundle(IEnumerable<Exchange> exchanges, IBundleTextGuard guard = null)
        {
            var info = SupportBundleWriter.Write(new SupportBundleRequest
            {
                Path = Path.Combine(_folder, "case.zip"),
                Exchanges = exchanges,
                Errors = new[] { new BundleError { ErrorId = "X", Message = "the header is api-key:example, and the token was ek_" + Canary + "v" } },
                Guard = guard,
            });
            return ReadAll(info.Path);
        }

        [Fact]
        public void EveryJsonFileOfABundleParsesWhenInstructionsMentionAHeader()
        {
            var body = "{\"session\":{\"type\":\"realtime\",\"instructions\":\"If asked, say the header is api-key:example\"}}";
            var files = WriteBundle(new[] { new Exchange { Sequence = 1, Method = "POST", Url = "https://x.openai.azure.com/openai/v1/realtime/client_secrets", RequestBody = body } });
            foreach (var kv in files.Where(f => f.Key.EndsWith(".json", StringComparison.Ordinal)))
            {
                using (JsonDocument.Parse(kv.Value)) { }
            }
            using (var doc = JsonDocument.Parse(files["exchanges/00001.json"]))
            {
                // Ordinary words are left as they were: only credentials are masked.
                Assert.Equal(body, doc.RootElement.GetProperty("RequestBody").GetString());
            }
        }

        [Fact]
        public void NoCredentialOfAnotherToolSurvivesInTheBundle()
        {
            var withVariant = ForeignExchange(2);
            withVariant.Variant = "WithTranscription";
            var files = WriteBundle(new[] { ForeignExchange(1), withVariant });
            Assert.Contains("WithTranscription", files["summary.md"]);
            foreach (var kv in files)
            {
                Assert.DoesNotContain(Canary, kv.Value);
                if (kv.Key.EndsWith(".json", StringComparison.Ordinal)) { using (JsonDocument.Parse(kv.Value)) { } }
            }
            using (var doc = JsonDocument.Parse(files["exchanges/00001.json"]))
            {
                var headers = doc.RootElement.GetProperty("RequestHeaders");
                // The scheme stays readable; the credential after it does not.
                Assert.Equal("Basic " + SecretRedactor.Mask, headers.GetProperty("authorization").GetString());
                Assert.Equal("SharedKey " + SecretRedactor.Mask, headers.GetProperty("Proxy-Authorization").GetString());
                var response = doc.RootElement.GetProperty("ResponseBody").GetString();
                using (var inner = JsonDocument.Parse(response))
                {
                    Assert.Equal("Bearer", inner.RootElement.GetProperty("token_type").GetString());
                    Assert.Equal(SecretRedactor.Mask, inner.RootElement.GetProperty("access_token").GetString());
                }
            }
        }

        [Fact]
        public void CaptureAndExportUseTheSameRules()
        {
            var r = new SecretRedactor();
            var foreign = ForeignExchange(1);
            foreach (var h in foreign.RequestHeaders.Concat(foreign.ResponseHeaders)) Assert.DoesNotContain(Canary, r.RedactHeader(h.Key, h.Value));
            Assert.DoesNotContain(Canary, r.RedactBody(foreign.RequestBody));
            Assert.DoesNotContain(Canary, r.RedactResponseBody(foreign.ResponseBody));
            Assert.DoesNotContain(Canary, r.RedactUrl(foreign.Url));
            Assert.DoesNotContain(Canary, r.RedactText(foreign.Error));
            using (JsonDocument.Parse(r.RedactBody(foreign.RequestBody))) { }
            Assert.Contains("api-version=1", r.RedactUrl(foreign.Url));
        }

        [Theory]
        [InlineData("Basic checks passed; keys matter.")]
        [InlineData("{\"instructions\":\"Say: the api-key header is secret\",\"tools\":[{\"name\":\"password_reset\"}]}")]
        [InlineData("Bearer of bad news")]
        public void OrdinaryTextIsNotMasked(string text)
        {
            var r = new SecretRedactor();
            Assert.Equal(text, r.RedactBody(text));
            Assert.Empty(r.Counts);
        }

        [Fact]
        public void AFormEncodedBodyIsRedactedByName()
        {
            var r = new SecretRedactor();
            var text = r.RedactBody("grant_type=client_credentials&client_id=abc&client_secret=" + Canary + "&scope=x");
            Assert.Equal("grant_type=client_credentials&client_id=abc&client_secret=" + SecretRedactor.Mask + "&scope=x", text);
        }
    }
}
