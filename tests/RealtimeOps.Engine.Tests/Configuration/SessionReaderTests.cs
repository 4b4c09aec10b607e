using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.SessionInput
{
    public sealed class SessionReaderTests : IDisposable
    {
        private const string Session = "{\"session\":{\"type\":\"realtime\",\"model\":\"rt\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\"}}}}}";
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "ro-reader-" + Guid.NewGuid().ToString("n"));

        public SessionReaderTests() => Directory.CreateDirectory(_dir);

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static Diagnostic Only(SessionDocument doc)
        {
            Assert.Null(doc.Root);
            return Assert.Single(doc.Diagnostics);
        }

        [Fact]
        public void ACommentIsRtc1001WithPositionAndSaysTheServiceRejectsIt()
        {
            var d = Only(SessionReader.ReadText("{\n  \"session\": {\n    // the voice\n    \"type\": \"realtime\"\n  }\n}", "c.json"));
            Assert.Equal("RTC1001", d.RuleId);
            Assert.Equal((3, 5), (d.Line, d.Column));
            Assert.Contains("service rejects comments", d.Message);
            var block = Only(SessionReader.ReadText("{\"type\":\"realtime\" /* x */}", "b.json"));
            Assert.Contains("service rejects comments", block.Message);
        }

        [Fact]
        public void ATrailingCommaIsRtc1001SayingTheServiceRejectsIt()
        {
            var d = Only(SessionReader.ReadText("{\"type\":\"realtime\",}", "t.json"));
            Assert.Equal("RTC1001", d.RuleId);
            Assert.Contains("trailing comma", d.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("\r\n\t ")]
        public void EmptyAndWhiteSpaceInputIsRtc1001InPlainWords(string text)
        {
            var d = Only(SessionReader.ReadText(text, "-Json"));
            Assert.Equal("RTC1001", d.RuleId);
            Assert.Contains("empty", d.Message);
            Assert.DoesNotContain("isFinalBlock", d.Message);
        }

        [Fact]
        public void EveryConsumerGivesTheSameVerdictOnACommentedConfiguration()
        {
            const string text = "{\n  // comment\n  \"type\": \"realtime\", \"model\": \"rt\"\n}";
            Assert.Equal("RTC1001", ConfigurationValidator.ValidateJson(text, "c.json", null).Diagnostics.Single().RuleId);
            Assert.Contains("RTC1001", Assert.Throws<ArgumentException>(() => new ClientSecretRequest { SessionJson = text, SessionSource = "c.json" }.BuildBody()).Message);
            Assert.Contains("RTC1001", Assert.Throws<FormatException>(() => SessionDeploymentReader.Instance.Read(text, "c.json")).Message);
            Assert.Contains("RTC1001", Assert.ThrowsAny<ArgumentException>(() => ProbeVariantBuilder.Build(text)).Message);
        }

        [Fact]
        public void EncodingsAreOneDecision()
        {
            var expected = SessionReader.ReadText(Session, "x").Root["session"]["model"].StringValue;
            var utf8 = Encoding.UTF8.GetBytes(Session);
            var forms = new[]
            {
                utf8,
                new byte[] { 0xEF, 0xBB, 0xBF }.Concat(utf8).ToArray(),
                new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes(Session)).ToArray(),
                new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes(Session)).ToArray(),
                Encoding.Unicode.GetBytes(Session),
            };
            foreach (var bytes in forms)
            {
                var read = SessionReader.ReadFile(Write("e.json", bytes));
                Assert.Equal(expected, read.Document.Root["session"]["model"].StringValue);
            }
            foreach (var utf32 in new[] { new UTF32Encoding(false, true).GetPreamble().Concat(new UTF32Encoding(false, true).GetBytes(Session)).ToArray(), new UTF32Encoding(false, false).GetBytes(Session), new UTF32Encoding(true, false).GetBytes(Session) })
            {
                var d = Only(SessionReader.ReadFile(Write("u32.json", utf32)).Document);
                Assert.Equal("RTC1001", d.RuleId);
                Assert.Contains("UTF-32", d.Message);
            }
        }

        [Fact]
        public void InvalidUtf8AndALoneSurrogateEscapeAreRtc1001NotExceptions()
        {
            var bad = Encoding.UTF8.GetBytes("{\"type\":\"realtime\",\"instructions\":\"a").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
            Assert.Equal("RTC1001", Only(SessionReader.ReadFile(Write("bad.json", bad)).Document).RuleId);
            const string lone = "{\"type\":\"realtime\",\"instructions\":\"\\ud800\"}";
            Assert.Equal("RTC1001", Only(SessionReader.ReadText(lone, "s.json")).RuleId);
            var ex = Assert.Throws<ArgumentException>(() => new ClientSecretRequest { SessionJson = lone }.BuildBody());
            Assert.Contains("RTC1001", ex.Message);
        }

        [Fact]
        public void DuplicateKeysAreNoExceptionAndTheLastOneIsSent()
        {
            var body = JsonNode.Parse(new ClientSecretRequest { SessionJson = "{\"type\":\"realtime\",\"model\":\"a\",\"model\":\"b\"}" }.BuildBody());
            Assert.Equal("b", (string)body["session"]["model"]);
            Assert.Contains(ConfigurationValidator.ValidateJson("{\"type\":\"realtime\",\"model\":\"a\",\"model\":\"b\"}", "d", null).Diagnostics, d => d.RuleId == "RTC1007");
        }

        [Fact]
        public void WrongTypesInTheConfigurationAreNotPaperedOverByDefaults()
        {
            var request = new ClientSecretRequest { SessionJson = "{\"session\":{\"type\":null,\"model\":123}}" };
            Assert.True(request.HasSessionModel);
            Assert.Null(request.EffectiveDeployment());
            var body = request.BuildBodyNode();
            Assert.Null(body["session"]["type"]);
            Assert.True(body["session"].AsObject().ContainsKey("type"));
            Assert.Equal(123, (int)body["session"]["model"]);
            var findings = new ConfigurationRequestValidator().Validate(body, "s.json");
            Assert.Contains(findings, RequestValidation.IsError);
        }

        [Fact]
        public void TheEnvelopeIsDecidedOnce()
        {
            SessionEnvelope Of(string json) => SessionEnvelope.Detect(SessionReader.ReadText(json, "x").Root);
            Assert.Equal(ConfigurationKind.ClientSecretRequest, Of("{\"session\":{\"type\":\"realtime\"}}").Kind);
            Assert.Equal(ConfigurationKind.SessionUpdateEvent, Of("{\"type\":\"session.update\",\"session\":{\"model\":\"m\"}}").Kind);
            Assert.Equal("m", Of("{\"type\":\"session.update\",\"session\":{\"model\":\"m\"}}").Session["model"].StringValue);
            Assert.Equal(ConfigurationKind.TranscriptionSession, Of("{\"type\":\"transcription\"}").Kind);
            Assert.Equal(ConfigurationKind.RealtimeSession, Of("{\"model\":\"m\"}").Kind);
            // A session.update event is sent as its session, not with the event's type at the top.
            var body = JsonNode.Parse(new ClientSecretRequest { SessionJson = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"model\":\"m\"}}" }.BuildBody());
            Assert.Null(body["type"]);
            Assert.Equal("m", (string)body["session"]["model"]);
        }

        [Fact]
        public void TheProbeBuildsVariantsFromTheBuiltBody()
        {
            var request = new ClientSecretRequest { Session = SessionReader.ReadText(Session, "s.json") };
            var variants = ProbeVariantBuilder.Build(request.BuildBodyNode());
            Assert.Equal(2, variants.Count);
            Assert.Equal("gpt-4o-transcribe", variants[1].TranscriptionModel);
            var names = SessionDeploymentReader.Instance.Read(request.Session);
            Assert.Equal(("rt", "gpt-4o-transcribe"), (names.Deployment, names.TranscriptionDeployment));
        }

        [Fact]
        public void MissingFilesAndFoldersAreReadFailuresNotExceptions()
        {
            Assert.Equal(SessionReadFailureKind.NotFound, SessionReader.ReadFile(Path.Combine(_dir, "none.json")).Failure.Kind);
            Assert.Equal(SessionReadFailureKind.IsDirectory, SessionReader.ReadFile(_dir).Failure.Kind);
        }

        [Fact]
        public void DevicesAreRefusedWithoutBeingRead()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            foreach (var device in new[] { "/dev/zero", "/dev/urandom" })
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var failure = SessionReader.ReadFile(device).Failure;
                Assert.Equal(SessionReadFailureKind.NotRegularFile, failure.Kind);
                Assert.Contains("character device", failure.Message);
                Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "a device must not be read");
            }
        }

        [Fact]
        public void AFifoIsRefusedWithoutOpeningIt()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return;
            var fifo = Path.Combine(_dir, "pipe.json");
            Assert.Equal(0, MkFifo(fifo, Convert.ToInt32("600", 8)));
            // Opening a FIFO for reading blocks until a writer comes: the read runs on a task so a regression fails instead of hanging.
            var read = Task.Run(() => SessionReader.ReadFile(fifo));
            if (!read.Wait(TimeSpan.FromSeconds(30)))
            {
                using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
                Assert.Fail("The reader opened the FIFO and blocked.");
            }
            Assert.Equal(SessionReadFailureKind.NotRegularFile, read.Result.Failure.Kind);
            Assert.Contains("FIFO", read.Result.Failure.Message);
        }

        [Fact]
        public void AFileAboveTheCapIsRtc1003AndNotRead()
        {
            var big = Path.Combine(_dir, "big.json");
            using (var f = new FileStream(big, FileMode.Create)) f.SetLength(300L * 1024 * 1024);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var doc = SessionReader.ReadFile(big).Document;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal("RTC1003", Only(doc).RuleId);
            Assert.True(allocated < 1_000_000, $"{allocated:N0} bytes allocated for a file that must not be read");
            // A stream whose length is unknown is read up to the cap and no further.
            var capped = Path.Combine(_dir, "capped.json");
            File.WriteAllBytes(capped, new byte[1000]);
            Assert.Equal("RTC1003", Only(SessionReader.ReadFile(capped, maxBytes: 100).Document).RuleId);
            Assert.Equal("RTC1003", Only(SessionReader.ReadText(new string(' ', 1000), "-Json", maxBytes: 100)).RuleId);
        }

        [Fact]
        public void GraphMarkersBecomeDiagnostics()
        {
            var self = new System.Collections.Hashtable { ["type"] = "realtime", ["tools"] = ObjectGraphLimits.SelfReference };
            Assert.Equal("RTC1002", Only(SessionReader.ReadGraph(self, "-InputObject")).RuleId);
            Assert.Equal("RTC1003", Only(SessionReader.ReadGraph(ObjectGraphLimits.TooManyValues, "-InputObject")).RuleId);
        }

        [Fact]
        public void ABuiltBodyRoundTripsThroughTheDocumentWithNumbersIntact()
        {
            var doc = SessionReader.ReadText("{\"session\":{\"type\":\"realtime\",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}}},\"temperature\":0.80}}", "n.json");
            var node = DocumentJson.ToJsonNode(doc.Root);
            Assert.Contains("0.80", node.ToJsonString());
            var back = DocumentJson.ToDocument(node, "n.json");
            Assert.Equal("24000", back.Root["session"]["audio"]["input"]["format"]["rate"].Text);
            // Values the request builder sets (an int expiry, strings, booleans) keep their JSON kind for the validator.
            var built = new ClientSecretRequest { Deployment = "rt", ExpiresInSeconds = 120, Instructions = "x", TurnDetection = TurnDetectionMode.None }.BuildBodyNode();
            Assert.DoesNotContain(new ConfigurationRequestValidator().Validate(built, "b"), RequestValidation.IsError);
            Assert.Equal(DocumentNodeKind.Number, DocumentJson.ToDocument(built, "b").Root["expires_after"]["seconds"].Kind);
        }

        [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
        private static extern int MkFifo(string path, int mode);
    }
}
