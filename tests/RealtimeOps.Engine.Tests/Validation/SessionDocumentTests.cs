using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading.Tasks;
using System.IO;
using System.Linq;
using System.Text;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Validation
{
    public class SessionDocumentTests
    {
        private const string Json = "{\n  \"session\": {\n    \"type\": \"realtime\",\n    \"input_audio_transcription\": {\"model\": \"whisper-1\"}\n  }\n}\n";

        [Fact]
        public void NodesKeepLineAndColumnOfNamesAndValues()
        {
            var doc = SessionDocument.Parse(Json, "a.json");
            var session = doc.Root.FindProperty("session");
            Assert.Equal((2, 3), (session.Line.Value, session.Column.Value));
            Assert.Equal((2, 14), (session.Value.Line.Value, session.Value.Column.Value));
            var t = session.Value.FindProperty("input_audio_transcription");
            Assert.Equal((4, 5), (t.Line.Value, t.Column.Value));
            Assert.Equal((4, 44), (t.Value["model"].Line.Value, t.Value["model"].Column.Value));
        }

        [Fact]
        public void DiagnosticPointsAtTheOffendingFieldName()
        {
            var r = ConfigurationValidator.ValidateJson(Json, "a.json", new ValidationOptions());
            var d = r.Diagnostics.Single(x => x.RuleId == "RTC1020");
            Assert.Equal(4, d.Line);
            Assert.Equal(5, d.Column);
            Assert.Equal("session.input_audio_transcription", d.Path);
        }

        [Fact]
        public void ColumnsCountCharactersNotBytes()
        {
            var doc = SessionDocument.Parse("{\"é日\": 1, \"b\": 2}", "x");
            Assert.Equal(11, doc.Root.FindProperty("b").Column);
        }

        [Fact]
        public void CrLfLineEndingsGiveTheSameLines()
        {
            var r = ConfigurationValidator.ValidateJson(Json.Replace("\n", "\r\n"), "a.json", new ValidationOptions());
            var d = r.Diagnostics.Single(x => x.RuleId == "RTC1020");
            Assert.Equal((4, 5), (d.Line.Value, d.Column.Value));
        }

        [Theory]
        [InlineData("utf8")]
        [InlineData("utf8bom")]
        [InlineData("utf16le")]
        [InlineData("utf16be")]
        [InlineData("utf16le-nobom")]
        public void EveryEncodingGivesTheSameDiagnosticsAndPositions(string encoding)
        {
            byte[] bytes;
            switch (encoding)
            {
                case "utf8": bytes = new UTF8Encoding(false).GetBytes(Json); break;
                case "utf8bom": bytes = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(Json)).ToArray(); break;
                case "utf16le": bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Json)).ToArray(); break;
                case "utf16be": bytes = Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(Json)).ToArray(); break;
                default: bytes = Encoding.Unicode.GetBytes(Json); break;
            }
            var path = Path.Combine(Path.GetTempPath(), "ro-enc-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllBytes(path, bytes);
            try
            {
                var r = ConfigurationValidator.ValidateFile(path, new ValidationOptions());
                var d = r.Diagnostics.Single(x => x.RuleId == "RTC1020");
                Assert.Equal((4, 5), (d.Line.Value, d.Column.Value));
                Assert.Equal(new[] { "RTC1020", "RTC1022" }, r.Diagnostics.Select(x => x.RuleId).OrderBy(x => x).ToArray());
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void InvalidUtf8IsASyntaxDiagnosticWithPosition()
        {
            var bytes = Encoding.UTF8.GetBytes("{\"session\": {\"type\": \"real").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("time\"}}")).ToArray();
            var doc = SessionDocument.Parse(bytes, "bad.json");
            Assert.Null(doc.Root);
            var d = Assert.Single(doc.Diagnostics);
            Assert.Equal("RTC1001", d.RuleId);
            Assert.Equal(1, d.Line);
        }

        [Theory]
        [InlineData("{\"a\": 1,\n\"b\" 2}", 2, 5)]
        [InlineData("{\"a\": [1, 2}", 1, 12)]
        [InlineData("\n\n  {\"a\": tru}", 3, 12)]
        public void SyntaxErrorsReportLineAndColumn(string json, int line, int column)
        {
            var r = ConfigurationValidator.ValidateJson(json, "s.json", new ValidationOptions());
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal("RTC1001", d.RuleId);
            Assert.Equal((line, column), (d.Line.Value, d.Column.Value));
            Assert.False(r.IsValid);
            Assert.Equal(ConfigurationKind.Unknown, r.Kind);
        }

        [Fact]
        public void TenThousandDeepNestingIsADiagnosticNotAStackOverflow()
        {
            var deep = new string('[', 10_000) + new string(']', 10_000);
            var r = ConfigurationValidator.ValidateJson("{\"session\":" + deep + "}", "deep.json", new ValidationOptions());
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal("RTC1002", d.RuleId);
            Assert.Equal(1, d.Line);
            var objects = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);
            Assert.Equal("RTC1002", Assert.Single(ConfigurationValidator.ValidateJson(objects, "deep.json", new ValidationOptions()).Diagnostics).RuleId);
        }

        [Fact]
        public void DeepOrCyclicObjectGraphsAreADiagnostic()
        {
            var root = new Hashtable();
            var current = root;
            for (var i = 0; i < 10_000; i++) { var next = new Hashtable(); current["a"] = next; current = next; }
            Assert.Equal("RTC1002", Assert.Single(SessionDocument.FromObject(root, "InputObject").Diagnostics).RuleId);
            var cyclic = new Hashtable();
            cyclic["self"] = cyclic;
            Assert.Equal("RTC1002", Assert.Single(SessionDocument.FromObject(cyclic, "InputObject").Diagnostics).RuleId);
        }

        [Fact]
        public void ObjectGraphsKeepOrderAndTypes()
        {
            var graph = new System.Collections.Specialized.OrderedDictionary
            {
                ["session"] = new Hashtable { ["type"] = "realtime", ["max_output_tokens"] = 100, ["audio"] = new Hashtable { ["output"] = new Hashtable { ["speed"] = 1.25m } } },
                ["expires_after"] = new Dictionary<string, object> { ["anchor"] = "created_at", ["seconds"] = 600L },
            };
            var doc = SessionDocument.FromObject(graph, "InputObject");
            Assert.False(doc.HasPositions);
            Assert.Equal(new[] { "session", "expires_after" }, doc.Root.Properties.Select(p => p.Name));
            Assert.True(doc.Root["session"]["max_output_tokens"].IsInteger);
            Assert.Equal(1.25, doc.Root["session"]["audio"]["output"]["speed"].Number);
            var r = ConfigurationValidator.Validate(doc, new ValidationOptions());
            Assert.True(r.IsValid, string.Join("\n", r.Diagnostics));
            Assert.Equal(ConfigurationKind.ClientSecretRequest, r.Kind);
        }

        [Fact]
        public void FilesAboveTheSizeLimitAreRefusedWithoutReading()
        {
            var path = Path.Combine(Path.GetTempPath(), "ro-big-" + Guid.NewGuid().ToString("N") + ".json");
            using (var f = new FileStream(path, FileMode.CreateNew)) f.SetLength(100L * 1024 * 1024); // sparse: no 100 MB written
            try
            {
                ConfigurationValidator.ValidateFile(path, new ValidationOptions()); // first call: one-time initialisation is not the file's cost
                var before = GC.GetAllocatedBytesForCurrentThread();
                var r = ConfigurationValidator.ValidateFile(path, new ValidationOptions());
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                var d = Assert.Single(r.Diagnostics);
                Assert.Equal("RTC1003", d.RuleId);
                Assert.Contains("104,857,600", d.Message);
                Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes: the file was read");
            }
            finally { File.Delete(path); }
        }

        [Fact]
        [Trait("Category", "Slow")]
        public async Task HugeObjectsAreCheckedInBoundedTimeWithBoundedDiagnostics()
        {
            // About 7 MB: 300,000 keys, every one unknown and every one a duplicate of another.
            var sb = new StringBuilder("{\"session\":{\"type\":\"realtime\"");
            for (var i = 0; i < 300_000; i++) sb.Append(",\"instructionz").Append(i % 150_000).Append("\":1");
            sb.Append("}}");
            // A guard against a hang (a quadratic duplicate check would need hours here), not a timing; figures are in bench/.
            // WaitAsync throws a TimeoutException when the check of 300,000 keys does not finish: it is not linear.
            var r = await Task.Run(() => ConfigurationValidator.ValidateJson(sb.ToString(), "huge.json", new ValidationOptions()))
                .WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(501, r.Diagnostics.Count);
            var more = r.Diagnostics.Single(d => d.RuleId == "RTC1009");
            Assert.Contains("not listed", more.Message);
            Assert.Contains("449,500 more problem(s)", more.Message); // 150,000 duplicates + 300,000 unknown fields - 500 listed
            Assert.All(r.Diagnostics.Where(d => d.RuleId != "RTC1009"), d => Assert.Contains(d.RuleId, new[] { "RTC1006", "RTC1007" }));
        }

        [Fact]
        public void UnreadableFileThrowsAnIOExceptionFamilyException()
        {
            var missing = Path.Combine(Path.GetTempPath(), "ro-missing-" + Guid.NewGuid().ToString("N"), "x.json");
            Assert.ThrowsAny<IOException>(() => ConfigurationValidator.ValidateFile(missing, new ValidationOptions()));
        }
    }
}
