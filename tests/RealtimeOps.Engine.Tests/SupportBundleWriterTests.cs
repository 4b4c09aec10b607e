using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using RealtimeOps.Engine.Bundles;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Probe;
using Xunit;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Tests
{
    // Runs alone: the bounded-memory test reads the process's managed heap, which parallel tests would fill.
    [Collection("Timing")]
    public sealed class SupportBundleWriterTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "ro-bundle-" + Guid.NewGuid().ToString("N"));
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        public SupportBundleWriterTests() => Directory.CreateDirectory(_folder);

        public void Dispose()
        {
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private string Zip(string name = "case.zip") => Path.Combine(_folder, name);

        private static RealtimeProbeResult SeedProbe()
        {
            var variants = ProbeVariantBuilder.Build("{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\"}}}}}");
            var attempts = new List<ProbeAttempt>();
            for (var r = 1; r <= 3; r++)
            {
                attempts.Add(new ProbeAttempt(attempts.Count + 1, variants[0].Name, r, T0.AddSeconds(attempts.Count), 80, RealtimeServiceErrorKind.Success, 200, apimRequestId: $"ok-{r}", region: "Sweden Central"));
                attempts.Add(new ProbeAttempt(attempts.Count + 1, variants[1].Name, r, T0.AddSeconds(attempts.Count), 120, RealtimeServiceErrorKind.ServiceError, 500, "server_error", "server_error", null,
                    "The server had an error while processing your request.", $"fail-{r}", region: "Sweden Central"));
            }
            var run = new ProbeRun(variants, attempts, T0, T0.AddSeconds(10), false);
            return new RealtimeProbeResult(run, ProbeClassifier.Classify(variants, attempts), "https://rtops-demo.openai.azure.com", "gpt-realtime", null, rounds: 3);
        }

        private static IEnumerable<Exchange> Exchanges(int count, string secret = null)
        {
            for (var i = 1; i <= count; i++)
            {
                yield return new Exchange
                {
                    Sequence = i, Operation = "ClientSecret", Variant = i % 2 == 1 ? ProbeVariant.WithoutTranscriptionName : ProbeVariant.WithTranscriptionName,
                    StartedAtUtc = T0.AddMilliseconds(i), DurationMs = 12.5, Method = "POST",
                    Url = "https://rtops-demo.openai.azure.com/openai/v1/realtime/client_secrets" + (secret == null ? "" : "?api-key=" + secret),
                    RequestHeaders = new Dictionary<string, string> { ["api-key"] = secret ?? "***", ["Content-Type"] = "application/json" },
                    RequestBody = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"instructions\":\"" + new string('x', 800) + "\"}}",
                    StatusCode = 200,
                    ResponseHeaders = new Dictionary<string, string> { ["apim-request-id"] = "id-" + i, ["x-ms-region"] = "Sweden Central" },
                    ResponseBody = "{\"value\":\"" + (secret == null ? "ek_***" : "ek_" + secret) + "\",\"expires_at\":1770000000}",
                    ApimRequestId = "id-" + i, Region = "Sweden Central",
                };
            }
        }

        private static Dictionary<string, byte[]> ReadAll(string zip)
        {
            using (var archive = ZipFile.OpenRead(zip))
            {
                return archive.Entries.ToDictionary(e => e.FullName, e =>
                {
                    using (var s = e.Open()) using (var m = new MemoryStream()) { s.CopyTo(m); return m.ToArray(); }
                });
            }
        }

        private SupportBundleRequest Request(string path = null) => new SupportBundleRequest
        {
            Path = path ?? Zip(),
            Facts = new SupportCaseFacts { SubscriptionId = "00000000-0000-0000-0000-0000000000aa", ResourceName = "rtops-demo", ResourceGroupName = "rg-realtime" },
            Host = new BundleHostInfo { ModuleVersion = "0.1.0", PowerShellVersion = "7.6.0", PowerShellEdition = "Core", OperatingSystem = "Linux", HostKind = HostKind.AzureDevOps },
            ProbeResults = new[] { SeedProbe() },
            Exchanges = Exchanges(6),
            ValidationResults = new object[] { new { Source = "session.json", IsValid = true, ErrorCount = 0 } },
            DeploymentChecks = new object[] { new { Name = "DeploymentExists", Status = "Passed" } },
            Errors = new[] { new BundleError { ErrorId = "ClientSecretServiceError", Category = "InvalidResult", Message = "The service answered 500." } },
            Assemblies = new[] { new LoadedAssembly("Azure.Core", "1.50.0.0", "1.50.0", "/x/Azure.Core.dll", "RealtimeOps") },
            CaptureRedactionCounts = new Dictionary<string, long> { ["ApiKeyHeader"] = 6 },
        };

        [Fact]
        public void ABundledExchangeReadsBackAsTheSameExchangeWithAttemptsCountingFromOne()
        {
            var recorded = Exchanges(1).Single();
            recorded.Attempt = 1;
            var request = Request();
            request.Exchanges = new[] { recorded };
            var files = ReadAll(SupportBundleWriter.Write(request).Path);
            using (var doc = System.Text.Json.JsonDocument.Parse(files["exchanges/00001.json"]))
            {
                var root = doc.RootElement;
                Assert.Equal(1, root.GetProperty("Attempt").GetInt32());
                var read = BundleExchangeReader.Read(name => root.TryGetProperty(name, out var v)
                    ? (v.ValueKind == System.Text.Json.JsonValueKind.Number ? (object)v.GetDouble() : v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null)
                    : null);
                Assert.Equal(1, read.Attempt);
                Assert.Equal(recorded.Sequence, read.Sequence);
                Assert.Equal(recorded.Url, read.Url);
                Assert.Equal(recorded.StartedAtUtc, read.StartedAtUtc);
            }
        }

        [Fact]
        public void TheZipHoldsEveryListedFileWithMatchingHashes()
        {
            var info = SupportBundleWriter.Write(Request());
            Assert.True(File.Exists(info.Path));
            var files = ReadAll(info.Path);
            foreach (var name in new[] { "summary.md", "manifest.json", "validation.json", "deployments.json", "environment.json", "redaction.json", "probe.json", "errors.json", "exchanges/00001.json", "exchanges/00006.json" })
                Assert.Contains(name, files.Keys);
            Assert.Equal(6, files.Keys.Count(k => k.StartsWith("exchanges/")));

            using (var manifest = JsonDocument.Parse(files["manifest.json"]))
            {
                var root = manifest.RootElement;
                Assert.Equal(SupportBundleWriter.SchemaVersion, root.GetProperty("bundleSchemaVersion").GetString());
                Assert.Equal("AzureDevOps", root.GetProperty("hostKind").GetString());
                Assert.Equal("0.1.0", root.GetProperty("module").GetProperty("version").GetString());
                Assert.Equal("TranscriptionServiceFault", root.GetProperty("verdict").GetString());
                var listed = root.GetProperty("files").EnumerateArray().ToList();
                Assert.Equal(files.Count - 1, listed.Count);   // every file but the manifest itself
                foreach (var f in listed)
                {
                    var bytes = files[f.GetProperty("Path").GetString()];
                    using (var sha = SHA256.Create())
                        Assert.Equal(f.GetProperty("Sha256").GetString(), Convert.ToHexString(sha.ComputeHash(bytes)).ToLowerInvariant());
                    Assert.Equal(bytes.Length, f.GetProperty("Bytes").GetInt64());
                }
            }
            Assert.Equal(6, info.ExchangeCount);
            Assert.Equal("TranscriptionServiceFault", info.Verdict);
        }

        [Fact]
        public void TheSummaryIsTicketReady()
        {
            var info = SupportBundleWriter.Write(Request());
            var summary = Encoding.UTF8.GetString(ReadAll(info.Path)["summary.md"]);
            Assert.Contains("| Region | Sweden Central (swedencentral) |", summary);
            Assert.Contains("| Resource name | rtops-demo |", summary);
            Assert.Contains("| Subscription id | 00000000-0000-0000-0000-0000000000aa |", summary);
            Assert.Contains("Probe verdict: TranscriptionServiceFault", summary);
            Assert.Contains("No prerequisite is missing", summary);
            // The timeline has UTC times, status and the failing ids.
            Assert.Contains("| 2 | 2026-03-01 10:00:01.000 | WithTranscription | 500 | fail-1 |", summary);
            Assert.Contains("`fail-1`, `fail-2`, `fail-3`", summary);
            // Both forms of the exact request.
            Assert.Contains("### Without transcription", summary);
            Assert.Contains("### With transcription (gpt-4o-transcribe)", summary);
            Assert.Contains("POST https://rtops-demo.openai.azure.com/openai/v1/realtime/client_secrets", summary);
            Assert.Contains("\"model\": \"gpt-4o-transcribe\"", summary);
            Assert.Contains("Review every file", summary);
            // Endpoint and deployment came from the probe; nothing about the resource is missing.
            Assert.Contains("Nothing: every fact", summary);
        }

        [Fact]
        public void UnknownFactsAreListedToFillIn()
        {
            var request = Request();
            request.Facts = new SupportCaseFacts();
            request.ProbeResults = Array.Empty<RealtimeProbeResult>();
            var info = SupportBundleWriter.Write(request);
            var summary = Encoding.UTF8.GetString(ReadAll(info.Path)["summary.md"]);
            Assert.Contains("- [ ] **Subscription id**", summary);
            Assert.Contains("- [ ] **Resource group**", summary);
            Assert.Contains("-SubscriptionId", summary);
            // The endpoint and the resource name were learnt from the exchanges' URL.
            Assert.Contains("| Endpoint | https://rtops-demo.openai.azure.com |", summary);
            Assert.Contains("| Resource name | rtops-demo |", summary);
            // The region was learnt from the x-ms-region header of the exchanges.
            Assert.DoesNotContain("**Region**", summary);
            Assert.Contains("Sweden Central (swedencentral)", summary);
            Assert.Contains("Subscription id", info.FillInBeforeSending);
            Assert.DoesNotContain("Region", info.FillInBeforeSending);
        }

        [Fact]
        public void CanaryNoSecretInAnyDecompressedByte()
        {
            const string canary = "CANARYsecret7f3a9d2e1b";
            var request = Request();
            request.Exchanges = Exchanges(4, canary);
            request.Errors = new[] { new BundleError { ErrorId = "X", Message = "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig and key " + canary } };
            request.ValidationResults = new object[] { new { Json = "{\"api-key\":\"" + canary + "\"}" } };
            request.Guard = new BundleSecretGuard(new[] { canary });
            var info = SupportBundleWriter.Write(request);

            var all = ReadAll(info.Path);
            foreach (var (name, bytes) in all)
            {
                var text = Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain(canary, text);
                Assert.DoesNotContain("eyJhbGciOiJIUzI1NiJ9", text);
            }
            // The raw zip too (stored entries would show plain text).
            Assert.DoesNotContain(canary, Encoding.Latin1.GetString(File.ReadAllBytes(info.Path)));
            var redaction = JsonDocument.Parse(all["redaction.json"]).RootElement;
            Assert.True(redaction.GetProperty("lastGuard").GetProperty("KnownSecretValue").GetInt64() >= 4);
            Assert.Equal(6, redaction.GetProperty("atCapture").GetProperty("ApiKeyHeader").GetInt64());
            Assert.DoesNotContain(canary, Encoding.UTF8.GetString(all["redaction.json"]));
        }

        [Fact]
        public void AnExistingFileWithoutOverwriteIsAnErrorAndStaysUntouched()
        {
            File.WriteAllText(Zip(), "keep me");
            var ex = Assert.ThrowsAny<IOException>(() => SupportBundleWriter.Write(Request()));
            Assert.Contains("-Force", ex.Message);
            Assert.Equal("keep me", File.ReadAllText(Zip()));
            Assert.Single(Directory.GetFiles(_folder));
        }

        [Fact]
        public void OverwriteReplacesTheFile()
        {
            File.WriteAllText(Zip(), "old");
            var request = Request();
            request.Overwrite = true;
            SupportBundleWriter.Write(request);
            Assert.Contains("summary.md", ReadAll(Zip()).Keys);
            Assert.Single(Directory.GetFiles(_folder));
        }

        [Fact]
        public void CancellationMidWriteLeavesNothing()
        {
            using (var cts = new CancellationTokenSource())
            {
                var request = Request();
                request.Exchanges = CancelAfter(Exchanges(1000), 300, cts);
                Assert.ThrowsAny<OperationCanceledException>(() => SupportBundleWriter.Write(request, cts.Token));
                Assert.Empty(Directory.GetFileSystemEntries(_folder));
            }
        }

        [Fact]
        public void CancellationMidWriteKeepsAnOlderBundleIntact()
        {
            File.WriteAllText(Zip(), "previous bundle");
            using (var cts = new CancellationTokenSource())
            {
                var request = Request();
                request.Overwrite = true;
                request.Exchanges = CancelAfter(Exchanges(100), 10, cts);
                Assert.ThrowsAny<OperationCanceledException>(() => SupportBundleWriter.Write(request, cts.Token));
                Assert.Equal("previous bundle", File.ReadAllText(Zip()));
                Assert.Single(Directory.GetFileSystemEntries(_folder));
            }
        }

        [Fact]
        public void AFailingSourceMidWriteLeavesNothing()
        {
            var request = Request();
            request.Exchanges = Throwing(Exchanges(50), 20);
            Assert.Throws<InvalidOperationException>(() => SupportBundleWriter.Write(request));
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public void AnObjectThatCannotBeSerialisedIsRecordedNotFatal()
        {
            var request = Request();
            request.ValidationResults = new object[] { new Exploding() };
            var info = SupportBundleWriter.Write(request);
            var text = Encoding.UTF8.GetString(ReadAll(info.Path)["validation.json"]);
            Assert.Contains("notSerializable", text);
        }

        [Theory]
        [InlineData("case.txt", "must end in .zip")]
        [InlineData("missing/case.zip", "does not exist")]
        public void BadPathsAreClearErrors(string relative, string expected)
        {
            var ex = Assert.ThrowsAny<Exception>(() => SupportBundleWriter.CheckTarget(Path.Combine(_folder, relative), false));
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        [Trait("Category", "Slow")]
        public void TenThousandExchangesStreamWithinBoundedMemory()
        {
            var request = Request();
            request.ProbeResults = Array.Empty<RealtimeProbeResult>();
            request.Exchanges = Exchanges(10000);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            long peakLive = 0;
            var sampled = Sample(request.Exchanges, 1000, () => peakLive = Math.Max(peakLive, GC.GetTotalMemory(false)));
            request.Exchanges = sampled;
            var baseline = GC.GetTotalMemory(true);
            var info = SupportBundleWriter.Write(request);
            Assert.Equal(10000, info.ExchangeCount);
            using (var archive = ZipFile.OpenRead(info.Path)) Assert.Equal(10000, archive.Entries.Count(e => e.FullName.StartsWith("exchanges/")));
            // The whole bundle's text is ~10 MB; live memory must stay far below holding it all (streamed, not buffered).
            Assert.True(peakLive - baseline < 64L * 1024 * 1024, $"live memory grew by {(peakLive - baseline) / 1048576} MB");
            var summary = Encoding.UTF8.GetString(ReadAll(info.Path)["summary.md"]);
            Assert.Contains("9000 more exchanges are in exchanges/", summary);
        }

        private static IEnumerable<Exchange> Sample(IEnumerable<Exchange> source, int every, Action sample)
        {
            var i = 0;
            foreach (var e in source) { if (++i % every == 0) sample(); yield return e; }
        }

        private static IEnumerable<Exchange> CancelAfter(IEnumerable<Exchange> source, int count, CancellationTokenSource cts)
        {
            var i = 0;
            foreach (var e in source) { if (++i == count) cts.Cancel(); yield return e; }
        }

        private static IEnumerable<Exchange> Throwing(IEnumerable<Exchange> source, int count)
        {
            var i = 0;
            foreach (var e in source) { if (++i == count) throw new InvalidOperationException("source failed"); yield return e; }
        }

        private sealed class Exploding
        {
            public string Value => throw new InvalidOperationException("getter failed");
        }
    }

    public class BundleSecretGuardTests
    {
        [Theory]
        [InlineData("value ek_abc123DEF456 end", "ek_abc123DEF456", "EphemeralKey")]
        [InlineData("Authorization: Bearer abc.def-ghi", "abc.def-ghi", "BearerToken")]
        [InlineData("{\"api-key\":\"0123456789abcdef\"}", "0123456789abcdef", "SecretHeader")]
        [InlineData("https://x/y?api-key=0123456789abcdef&b=1", "0123456789abcdef", "QueryStringSecret")]
        [InlineData("tok eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdef", "eyJhbGciOiJIUzI1NiJ9", "JsonWebToken")]
        [InlineData("{\"access_token\":\"s3cr3t-value\"}", "s3cr3t-value", "JsonSecretField")]
        public void EachRuleRemovesAndCounts(string text, string secret, string rule)
        {
            var guard = new BundleSecretGuard();
            var result = guard.Redact(text);
            Assert.DoesNotContain(secret, result);
            Assert.True(guard.Counts.TryGetValue(rule, out var n) && n >= 1, $"rule {rule} did not count: {string.Join(",", guard.Counts.Keys)}");
        }

        [Fact]
        public void AlreadyMaskedValuesAreNotCountedAgain()
        {
            var guard = new BundleSecretGuard();
            Assert.Equal("{\"api-key\":\"***\",\"value\":\"ek_***\"}", guard.Redact("{\"api-key\":\"***\",\"value\":\"ek_***\"}"));
            Assert.Empty(guard.Counts);
        }

        [Fact]
        public void OrdinaryTextIsLeftAlone()
        {
            const string text = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"instructions\":\"Be brief; keys matter.\"}}";
            Assert.Equal(text, new BundleSecretGuard(new[] { "abc" }).Redact(text));
        }
    }
}
