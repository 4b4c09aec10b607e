using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using RealtimeOps.Engine.Validation;
using Xunit;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Tests.Validation
{
    public class AnnotationTests
    {
        private static Diagnostic D(string message, string path = "session.x", string source = "/repo/cfg/a.json", DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
            new Diagnostic("RTC1006", severity, path, 3, 7, message, "Fix it.", source);

        [Fact]
        public void AzurePipelinesLineHasTypeSourceLineColumnAndCode()
        {
            var line = PipelineAnnotations.ToAzurePipelines(D("Unknown field 'x'."));
            Assert.Equal("##vso[task.logissue type=error;sourcepath=/repo/cfg/a.json;linenumber=3;columnnumber=7;code=RTC1006]RTC1006 session.x: Unknown field 'x'. Fix it.", line);
            Assert.StartsWith("##vso[task.logissue type=warning;", PipelineAnnotations.ToAzurePipelines(D("m", severity: DiagnosticSeverity.Warning)));
            Assert.Null(PipelineAnnotations.ToAzurePipelines(D("m", severity: DiagnosticSeverity.Information)));
        }

        [Fact]
        public void GitHubLineHasFileLineColAndTitle()
        {
            var line = PipelineAnnotations.ToGitHubActions(D("Unknown field 'x'."), "/repo");
            Assert.Equal("::error file=cfg/a.json,line=3,col=7,title=RTC1006 Unknown field::RTC1006 session.x: Unknown field 'x'. Fix it.", line);
            Assert.StartsWith("::notice ", PipelineAnnotations.ToGitHubActions(D("m", severity: DiagnosticSeverity.Information)));
        }

        [Fact]
        public void NonFileSourcesCarryNoFileProperties()
        {
            Assert.Equal("##vso[task.logissue type=error;code=RTC1006]RTC1006 session.x: m Fix it.", PipelineAnnotations.ToAzurePipelines(D("m", source: "json")));
            Assert.Equal("::error title=RTC1006 Unknown field::RTC1006 session.x: m Fix it.", PipelineAnnotations.ToGitHubActions(D("m", source: "InputObject")));
        }

        [Theory]
        [InlineData("a%b", "a%AZP25b")]
        [InlineData("a;b]c", "a%3Bb%5Dc")]
        [InlineData("l1\r\nl2", "l1%0D%0Al2")]
        public void AzurePipelinesEscapesAsTheTaskLibDoes(string raw, string escaped)
        {
            Assert.Equal(escaped, PipelineAnnotations.EscapeAzurePipelinesProperty(raw));
            Assert.Equal(escaped, PipelineAnnotations.EscapeAzurePipelinesData(raw));
        }

        [Theory]
        [InlineData("a%b", "a%25b", "a%25b")]
        [InlineData("l1\r\nl2", "l1%0D%0Al2", "l1%0D%0Al2")]
        [InlineData("a:b,c", "a:b,c", "a%3Ab%2Cc")]
        public void GitHubEscapesAsTheToolkitDoes(string raw, string data, string property)
        {
            Assert.Equal(data, PipelineAnnotations.EscapeGitHubData(raw));
            Assert.Equal(property, PipelineAnnotations.EscapeGitHubProperty(raw));
        }

        [Fact]
        public void TextFromAConfigCannotInjectACommand()
        {
            // A field name chosen to end the command and start new ones on both systems.
            var evil = "x]\n##vso[task.setvariable variable=PWNED]1;\r\n::error::pwned%0A::add-mask::s,t:u";
            var json = "{\"session\":{\"type\":\"realtime\",\"" + evil.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\":1}}";
            var result = ConfigurationValidator.ValidateJson(json, "/w/dir;x]y,z:1/cfg.json", new ValidationOptions());
            var d = Assert.Single(result.Diagnostics);
            foreach (var format in new[] { HostKind.AzureDevOps, HostKind.GitHubActions })
            {
                var line = PipelineAnnotations.Format(d, format);
                Assert.DoesNotContain("\n", line);
                Assert.DoesNotContain("\r", line);
                if (format == HostKind.AzureDevOps)
                {
                    // The agent runs one command per line, the first "##vso[" (ours, at the start), whose
                    // property list ends at the first ']': the config's text stays inside the escaped message.
                    Assert.StartsWith("##vso[task.logissue type=error;", line);
                    var close = line.IndexOf(']');
                    Assert.Contains("code=RTC1006", line.Substring(0, close));
                    Assert.DoesNotContain("]", line.Substring(close + 1));
                    Assert.Contains("sourcepath=/w/dir%3Bx%5Dy,z:1/cfg.json;", line);
                    Assert.Contains("%AZP250A", line);
                }
                else
                {
                    Assert.StartsWith("::error ", line);
                    // The message starts after the second '::' and the properties contain no raw ':' or ','.
                    var afterCommand = line.Substring(2);
                    var end = afterCommand.IndexOf("::", StringComparison.Ordinal);
                    var properties = afterCommand.Substring(0, end);
                    Assert.Contains("file=/w/dir;x]y%2Cz%3A1/cfg.json", properties);
                    Assert.Equal(3, properties.Count(c => c == ','));
                    Assert.Contains("%250A", line);
                }
            }
        }

        private static int CountOf(string s, string what)
        {
            var n = 0;
            for (var i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
            return n;
        }

        [Fact]
        public void DetectReadsTheAgentVariables()
        {
            Assert.Equal(HostKind.AzureDevOps, HostKindDetector.DetectContinuousIntegration(n => n == "TF_BUILD" ? "True" : null));
            Assert.Equal(HostKind.GitHubActions, HostKindDetector.DetectContinuousIntegration(n => n == "GITHUB_ACTIONS" ? "true" : null));
            Assert.Equal(HostKind.Interactive, HostKindDetector.DetectContinuousIntegration(n => null));
            Assert.Equal(HostKind.Interactive, HostKindDetector.DetectContinuousIntegration(n => n == "TF_BUILD" ? "False" : null));
        }

        [Fact]
        public void JUnitHasOneTestCasePerInputAndOneFailurePerError()
        {
            var ok = ConfigurationValidator.ValidateJson("{\"session\":{\"type\":\"realtime\"}}", "ok.json", new ValidationOptions());
            var bad = ConfigurationValidator.ValidateJson("{\"session\":{\"model\":\"m\",\"temperature\":1,\"x\\u0001y\":2,\"audio\":{\"output\":{\"voice\":\"zzz\"}}}}", "bad<&>.json", new ValidationOptions());
            var xml = JUnitReportWriter.ToXml(new[] { ok, bad }, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
            var doc = XDocument.Parse(xml);
            var suite = doc.Root.Element("testsuite");
            Assert.Equal("2", suite.Attribute("tests").Value);
            Assert.Equal("1", suite.Attribute("failures").Value);
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal(new[] { "ok.json", "bad<&>.json" }, cases.Select(c => c.Attribute("name").Value));
            Assert.Empty(cases[0].Elements("failure"));
            Assert.Equal(bad.ErrorCount, cases[1].Elements("failure").Count());
            Assert.Contains(cases[1].Elements("failure"), f => f.Attribute("type").Value == "RTC1023");
            Assert.Contains("RTC1057", cases[1].Element("system-out").Value);
        }

        [Fact]
        public void JUnitFileIsWrittenWholeAndReplacesAnOldOne()
        {
            var dir = Path.Combine(Path.GetTempPath(), "ro-junit-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var path = Path.Combine(dir, "r.xml");
                File.WriteAllText(path, "old");
                var r = ConfigurationValidator.ValidateJson("{\"session\":{}}", "a.json", new ValidationOptions());
                Assert.ThrowsAny<IOException>(() => JUnitReportWriter.Write(new[] { r }, path, DateTime.UtcNow));
                Assert.Equal("old", File.ReadAllText(path));
                JUnitReportWriter.Write(new[] { r }, path, DateTime.UtcNow, overwrite: true);
                Assert.Equal("testsuites", XDocument.Load(path).Root.Name.LocalName);
                Assert.Single(Directory.GetFiles(dir));
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
