using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// JUnit XML for PublishTestResults@2 (testResultsFormat: JUnit): one test case per input, one failure per
    /// error; warnings and information go to the test case's system-out.
    /// </summary>
    internal static class JUnitReportWriter
    {
        public static string ToXml(IReadOnlyList<ValidationResult> results, DateTime timestampUtc)
        {
            if (results == null) throw new ArgumentNullException(nameof(results));
            var failures = results.Count(r => !r.IsValid);
            var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
            var sb = new StringBuilder();
            using (var sw = new Utf8StringWriter(sb))
            using (var w = XmlWriter.Create(sw, settings))
            {
                w.WriteStartDocument();
                w.WriteStartElement("testsuites");
                w.WriteAttributeString("name", "Test-TranscriptionConfig");
                w.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("errors", "0");
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", "RealtimeOps.TranscriptionConfig");
                w.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("errors", "0");
                w.WriteAttributeString("skipped", "0");
                w.WriteAttributeString("timestamp", timestampUtc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                foreach (var r in results)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("classname", "RealtimeOps.TranscriptionConfig." + r.Kind);
                    w.WriteAttributeString("name", Clean(r.Source));
                    w.WriteAttributeString("time", "0");
                    foreach (var d in r.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error))
                    {
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("type", d.RuleId);
                        w.WriteAttributeString("message", Clean(d.RuleId + " " + (d.Path.Length > 0 ? d.Path + ": " : string.Empty) + d.Message));
                        w.WriteString(Clean(Describe(d)));
                        w.WriteEndElement();
                    }
                    var other = r.Diagnostics.Where(x => x.Severity != DiagnosticSeverity.Error).ToList();
                    if (other.Count > 0)
                    {
                        w.WriteElementString("system-out", Clean(string.Join("\n", other.Select(Describe))));
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndDocument();
            }
            return sb.ToString();
        }

        /// <summary>
        /// Writes the report to a temporary file beside <paramref name="path"/> and moves it into place, so a reader never sees
        /// half a file. Throws <see cref="Output.OutputPathException"/> for a path that must not be written (see <see cref="Output.OutputPath"/>).
        /// </summary>
        public static void Write(IReadOnlyList<ValidationResult> results, string path, DateTime timestampUtc, bool overwrite = false)
        {
            var xml = ToXml(results, timestampUtc);
            Output.AtomicFile.WriteAllText(path, xml, overwrite);
        }

        private static string Describe(Diagnostic d)
        {
            var where = d.Line.HasValue ? $"{d.Source}({d.Line},{d.Column})" : d.Source;
            var text = $"{where}: {d.Severity.ToString().ToLowerInvariant()} {d.RuleId} {d.Path}: {d.Message}";
            return d.Suggestion.Length > 0 ? text + " " + d.Suggestion : text;
        }

        // XML 1.0 cannot carry most control characters; text from a configuration may contain them.
        private static string Clean(string s)
        {
            if (string.IsNullOrEmpty(s)) return string.Empty;
            StringBuilder? sb = null;
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                var ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
                         (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]));
                if (char.IsHighSurrogate(c) && ok)
                {
                    sb?.Append(c).Append(s[i + 1]);
                    i++;
                    continue;
                }
                if (!ok && sb == null) sb = new StringBuilder(s, 0, i, s.Length);
                sb?.Append(ok ? c : '\uFFFD');
            }
            return sb?.ToString() ?? s;
        }

        private sealed class Utf8StringWriter : StringWriter
        {
            public Utf8StringWriter(StringBuilder sb) : base(sb, CultureInfo.InvariantCulture) { }
            public override Encoding Encoding => new UTF8Encoding(false);
        }
    }
}
