using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Validation
{
    /// <summary>Every payload of tests/corpus gives exactly the rule ids tests/corpus/expected.json lists for it.</summary>
    public class CorpusTests
    {
        public static IEnumerable<object[]> Cases()
        {
            using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Corpus, "expected.json"))))
            {
                foreach (var p in doc.RootElement.EnumerateObject()) yield return new object[] { p.Name };
            }
        }

        internal static (string[] Rules, ValidationOptions Options) Expected(string file)
        {
            using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Corpus, "expected.json"))))
            {
                var e = doc.RootElement.GetProperty(file);
                var options = new ValidationOptions();
                if (e.TryGetProperty("target", out var t)) options.Target = (ProtocolTarget)Enum.Parse(typeof(ProtocolTarget), t.GetString());
                if (e.TryGetProperty("region", out var r)) options.Region = r.GetString();
                if (e.TryGetProperty("endpoint", out var ep)) options.Endpoint = ep.GetString();
                if (e.TryGetProperty("deployments", out var d)) options.Deployments = d.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString());
                return (e.GetProperty("rules").EnumerateArray().Select(x => x.GetString()).ToArray(), options);
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void CorpusCaseGivesExactlyItsExpectedRules(string file)
        {
            var (rules, options) = Expected(file);
            var result = ConfigurationValidator.ValidateFile(Path.Combine(TestPaths.Corpus, file), options);
            var actual = result.Diagnostics.Select(d => d.RuleId).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToArray();
            Assert.True(rules.SequenceEqual(actual),
                $"{file}: expected [{string.Join(", ", rules)}] but got [{string.Join(", ", actual)}]:\n" + string.Join("\n", result.Diagnostics));
            // Valid exactly when none of the expected rules is an error in the rule catalog, and every diagnostic carries
            // its rule's catalog severity (a severity hard-coded in the validator would disagree with rules.json).
            Assert.Equal(rules.All(r => RuleCatalog.Get(r).Severity != DiagnosticSeverity.Error), result.IsValid);
            Assert.All(result.Diagnostics, d => Assert.Equal(RuleCatalog.Get(d.RuleId).Severity, d.Severity));
            // Every diagnostic from a file points at a line, except the ones about options or the whole input.
            foreach (var d in result.Diagnostics.Where(d => !new[] { "RTC1003", "RTC1024", "RTC1061", "RTC1070", "RTC1071" }.Contains(d.RuleId)))
            {
                Assert.True(d.Line.HasValue && d.Column.HasValue, $"{file}: {d} has no position");
            }
        }

        [Fact]
        public void CorpusHasAtLeastSixtyPayloadsAndEveryFileIsListed()
        {
            var files = Directory.GetFiles(TestPaths.Corpus, "*.json").Select(Path.GetFileName).Where(f => f != "expected.json").OrderBy(f => f).ToList();
            var listed = Cases().Select(c => (string)c[0]).OrderBy(f => f).ToList();
            Assert.True(files.Count >= 60, $"only {files.Count} corpus files");
            Assert.Equal(files, listed);
            Assert.Contains(files, f => f.StartsWith("valid-", StringComparison.Ordinal));
            Assert.Contains(files, f => f.StartsWith("preview-", StringComparison.Ordinal));
            Assert.Contains(files, f => f.StartsWith("invalid-mixed", StringComparison.Ordinal));
        }

        [Fact]
        public void EveryRuleIsExercisedByTheCorpusOrByARuleTest()
        {
            var corpusRules = Cases().SelectMany(c => Expected((string)c[0]).Rules).ToHashSet();
            var ruleTests = RuleTests.FiringCases().Select(c => (string)c[0]).ToHashSet();
            foreach (var rule in RuleCatalog.Rules)
            {
                Assert.True(corpusRules.Contains(rule.Id) || ruleTests.Contains(rule.Id), $"{rule.Id} is fired by neither the corpus nor RuleTests");
                Assert.True(ruleTests.Contains(rule.Id), $"{rule.Id} has no case in RuleTests");
            }
        }

        [Fact]
        public void ConvertedPreviewCorpusPassesGaValidation()
        {
            var previews = Cases().Select(c => (string)c[0]).Where(f => f.StartsWith("preview-valid", StringComparison.Ordinal) || f == "invalid-ga-preview-shaped-ms-howto.json").ToList();
            Assert.NotEmpty(previews);
            foreach (var file in previews)
            {
                var converted = PreviewToGaConverter.Convert(SessionDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Corpus, file)), file));
                Assert.True(converted.Succeeded, file);
                var result = ConfigurationValidator.ValidateJson(converted.Json, file, new ValidationOptions());
                Assert.True(result.IsValid, file + ":\n" + converted.Json + "\n" + string.Join("\n", result.Diagnostics));
                Assert.Equal(PayloadShape.Ga, result.Shape);
            }
        }
    }
}
