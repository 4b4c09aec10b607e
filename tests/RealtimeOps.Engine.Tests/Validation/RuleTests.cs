using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Validation
{
    /// <summary>For every rule: a payload that makes it fire, and a near variant that does not.</summary>
    public class RuleTests
    {
        private const string Ok = "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\"}}";

        private static string Rt(string fields) => "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\"," + fields + "}}";
        private static string Input(string input) => Rt("\"audio\":{\"input\":{" + input + "}}");
        private static string Tx(string transcription) => Input("\"transcription\":{" + transcription + "}");
        internal static string TxSession(string input) => "{\"session\":{\"type\":\"transcription\",\"audio\":{\"input\":{" + input + "}}}}";

        // rule, firing payload, clean payload, options (target=Preview; region=...; deploy=name=model,...; endpoint=...; max=N)
        private static readonly (string Rule, string Fire, string Clean, string Options)[] s_cases =
        {
            ("RTC1001", "{\"session\": {\"type\": \"realtime\",}}", Ok, ""),
            ("RTC1002", "{\"session\":{\"type\":\"realtime\",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":" + new string('[', 70) + new string(']', 70) + "}]}}",
                "{\"session\":{\"type\":\"realtime\",\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":" + new string('[', 30) + new string(']', 30) + "}]}}", ""),
            ("RTC1003", Rt("\"instructions\":\"" + new string('x', 300) + "\""), Rt("\"instructions\":\"short\""), "max=200"),
            ("RTC1004", "[1,2]", Ok, ""),
            ("RTC1005", Rt("\"instructions\":42"), Rt("\"instructions\":\"42\""), ""),
            ("RTC1006", Rt("\"instrucions\":\"x\""), Rt("\"instructions\":\"x\""), ""),
            ("RTC1007", "{\"session\":{\"type\":\"realtime\",\"model\":\"a\",\"model\":\"b\"}}", Ok, ""),
            ("RTC1008", Rt("\"prompt\":{\"version\":\"2\"}"), Rt("\"prompt\":{\"id\":\"pmpt_1\",\"version\":\"2\"}"), ""),
            ("RTC1009", "{\"session\":{\"type\":\"realtime\"," + string.Join(",", Enumerable.Range(0, 600).Select(i => "\"unknown" + i + "\":1")) + "}}",
                "{\"session\":{\"type\":\"realtime\"," + string.Join(",", Enumerable.Range(0, 400).Select(i => "\"unknown" + i + "\":1")) + "}}", ""),
            ("RTC1010", "{\"session\":{\"model\":\"gpt-realtime\"}}", Ok, ""),
            ("RTC1011", "{\"session\":{\"type\":\"realtim\"}}", Ok, ""),
            ("RTC1012", "{\"session\":{\"type\":\"transcription\",\"instructions\":\"x\"}}", "{\"session\":{\"type\":\"transcription\"}}", ""),
            ("RTC1013", "{\"type\":\"session.updated\",\"session\":{\"type\":\"realtime\"}}", "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\"}}", ""),
            ("RTC1020", "{\"session\":{\"input_audio_transcription\":{\"model\":\"whisper-1\"}}}", Tx("\"model\":\"whisper-1\""), ""),
            ("RTC1021", "{\"type\":\"realtime\",\"voice\":\"alloy\"}", "{\"voice\":\"alloy\"}", "target=Preview"),
            ("RTC1022", Rt("\"voice\":\"alloy\""), Input("\"format\":{\"type\":\"audio/pcm\"}"), ""),
            ("RTC1023", Rt("\"temperature\":0.8"), Ok, ""),
            ("RTC1024", "{\"voice\":\"alloy\"}", Ok, "target=Preview|"),
            ("RTC1025", Input("\"format\":\"g711_ulaw\""), Input("\"format\":{\"type\":\"audio/pcmu\"}"), ""),
            ("RTC1030", Input("\"noise_reduction\":{\"type\":\"near\"}"), Input("\"noise_reduction\":{\"type\":\"near_field\"}"), ""),
            ("RTC1031", Input("\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":1.01}"), Input("\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":1}"), ""),
            ("RTC1032", "{\"type\":\"session.update\",\"event_id\":\"" + new string('e', 513) + "\",\"session\":{\"type\":\"realtime\"}}", "{\"type\":\"session.update\",\"event_id\":\"" + new string('e', 512) + "\",\"session\":{\"type\":\"realtime\"}}", ""),
            ("RTC1033", Rt("\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"tunnel_id\":\"tunnel_ABC\"}]"), Rt("\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"tunnel_id\":\"tunnel_a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1\"}]"), ""),
            ("RTC1034", Tx("\"model\":\"gpt-transcribe\",\"languages\":[]"), Tx("\"model\":\"gpt-transcribe\",\"languages\":[\"en\"]"), ""),
            ("RTC1035", Rt("\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\"}]"), Rt("\"tools\":[{\"type\":\"mcp\",\"server_label\":\"s\",\"connector_id\":\"connector_gmail\"}]"), ""),
            ("RTC1048", Tx("\"model\":\"gpt-transcribe\",\"languages\":[\"en\",\"sv-SE\"]"), Tx("\"model\":\"gpt-transcribe\",\"languages\":[\"en\",\"sv\"]"), ""),
            ("RTC1049", Tx("\"model\":\"gpt-4o-transcribe\",\"keywords\":[\"Contoso\"]"), Tx("\"model\":\"gpt-live-transcribe\",\"keywords\":[\"Contoso\"]"), ""),
            ("RTC1080", Tx("\"model\":\"gpt-4o-transcribe-diarize\",\"prompt\":\"x\""), Tx("\"model\":\"gpt-4o-transcribe-diarize\""), ""),
            ("RTC1081", Input("\"format\":{\"rate\":24000}"), Input("\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}"), ""),
            ("RTC1082", Rt("\"reasoning\":{\"effort\":\"xhigh\"}"), Rt("\"reasoning\":{\"effort\":\"high\"}"), ""),
            ("RTC1040", Tx("\"model\":\"my-stt\""), Tx("\"model\":\"gpt-4o-transcribe\""), ""),
            ("RTC1041", Tx("\"model\":\"gpt-4o-mini-realtime-preview\""), Tx("\"model\":\"gpt-4o-mini-transcribe\""), ""),
            ("RTC1042", Tx("\"model\":\"whisper-1\",\"language\":\"en-US\""), Tx("\"model\":\"whisper-1\",\"language\":\"en\""), ""),
            ("RTC1043", Tx("\"model\":\"gpt-realtime-whisper\",\"prompt\":\"x\""), Tx("\"model\":\"gpt-4o-transcribe\",\"prompt\":\"x\""), ""),
            ("RTC1044", TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\"}"), TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\"},\"turn_detection\":null"), ""),
            ("RTC1045", Input("\"transcription\":null"), Tx("\"model\":\"whisper-1\""), ""),
            ("RTC1046", Tx("\"model\":\"gpt-4o-transcribe\",\"delay\":\"low\""), Input("\"transcription\":{\"model\":\"gpt-realtime-whisper\",\"delay\":\"low\"},\"turn_detection\":null"), ""),
            ("RTC1047", Tx("\"language\":\"en\""), Tx("\"model\":\"whisper-1\",\"language\":\"en\""), ""),
            ("RTC1050", "{\"expires_after\":{\"anchor\":\"created\",\"seconds\":60},\"session\":{\"type\":\"realtime\"}}", "{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":60},\"session\":{\"type\":\"realtime\"}}", ""),
            ("RTC1051", "{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":7201},\"session\":{\"type\":\"realtime\"}}", "{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":7200},\"session\":{\"type\":\"realtime\"}}", ""),
            ("RTC1052", Input("\"format\":{\"type\":\"audio/pcm\",\"rate\":16000}"), Input("\"format\":{\"type\":\"audio/pcm\",\"rate\":24000}"), ""),
            ("RTC1053", Input("\"turn_detection\":{\"type\":\"vad\"}"), Input("\"turn_detection\":{\"type\":\"server_vad\"}"), ""),
            ("RTC1054", Input("\"turn_detection\":{\"type\":\"semantic_vad\",\"idle_timeout_ms\":5000}"), Input("\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":5000}"), ""),
            ("RTC1055", Rt("\"output_modalities\":[\"audio\",\"text\"]"), Rt("\"output_modalities\":[\"text\"]"), ""),
            ("RTC1056", Rt("\"max_output_tokens\":0"), Rt("\"max_output_tokens\":1"), ""),
            ("RTC1057", Rt("\"audio\":{\"output\":{\"voice\":\"marine\"}}"), Rt("\"audio\":{\"output\":{\"voice\":\"marin\"}}"), ""),
            ("RTC1058", Rt("\"audio\":{\"output\":{\"speed\":0.2}}"), Rt("\"audio\":{\"output\":{\"speed\":0.25}}"), ""),
            ("RTC1060", Tx("\"model\":\"gpt-4o-mini-transcribe\""), Tx("\"model\":\"gpt-4o-mini-transcribe\""), "region=centralus|region=eastus2"),
            ("RTC1061", Ok, Ok, "region=Swedn Central|region=Sweden Central"),
            ("RTC1062", Ok, Ok, "deploy=rt=gpt-realtime|deploy=gpt-realtime=gpt-realtime"),
            ("RTC1063", Tx("\"model\":\"stt\""), Tx("\"model\":\"stt\""), "deploy=gpt-realtime=gpt-realtime,other=gpt-4o-transcribe|deploy=gpt-realtime=gpt-realtime,stt=gpt-4o-transcribe"),
            ("RTC1064", Ok, Ok, "deploy=gpt-realtime=gpt-4o-transcribe|deploy=gpt-realtime=gpt-realtime-mini"),
            ("RTC1065", "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-reltime\"}}", "{\"session\":{\"type\":\"realtime\",\"model\":\"voicebot-prod\"}}", ""),
            ("RTC1070", Ok, Ok, "endpoint=https://x.openai.azure.com/openai/v1/realtime/client_secrets?api-version=2025-04-01-preview|endpoint=https://x.openai.azure.com/openai/v1/realtime/client_secrets"),
            ("RTC1071", Ok, Ok, "endpoint=ftp://x|endpoint=https://x.openai.azure.com/openai/v1/realtime/client_secrets?api-version=preview"),
        };

        public static IEnumerable<object[]> FiringCases() => s_cases.Select(c => new object[] { c.Rule });

        // "a|b": options a for the firing payload, b for the clean one; without '|', both use the same options.
        private static ValidationOptions Options(string spec, bool firing)
        {
            var parts = spec.Split('|');
            var text = parts.Length == 2 ? parts[firing ? 0 : 1] : spec;
            var options = new ValidationOptions();
            foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = item.IndexOf('=');
                var key = item.Substring(0, eq);
                var value = item.Substring(eq + 1);
                switch (key)
                {
                    case "target": options.Target = (ProtocolTarget)Enum.Parse(typeof(ProtocolTarget), value); break;
                    case "region": options.Region = value; break;
                    case "endpoint": options.Endpoint = value; break;
                    case "max": options.MaxDocumentBytes = long.Parse(value); break;
                    case "deploy":
                        options.Deployments = value.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : null);
                        break;
                }
            }
            return options;
        }

        [Theory]
        [MemberData(nameof(FiringCases))]
        public void RuleFiresOnItsCaseAndNotOnTheNearVariant(string rule)
        {
            var c = s_cases.Single(x => x.Rule == rule);
            var fired = ConfigurationValidator.ValidateJson(c.Fire, "fire.json", Options(c.Options, true));
            Assert.True(fired.Diagnostics.Any(d => d.RuleId == rule), $"{rule} did not fire:\n" + string.Join("\n", fired.Diagnostics));
            var d0 = fired.Diagnostics.First(d => d.RuleId == rule);
            Assert.Equal(RuleCatalog.Get(rule).Severity, d0.Severity);
            Assert.False(string.IsNullOrWhiteSpace(d0.Message));
            Assert.Equal("fire.json", d0.Source);

            var clean = ConfigurationValidator.ValidateJson(c.Clean, "clean.json", Options(c.Options, false));
            Assert.False(clean.Diagnostics.Any(d => d.RuleId == rule), $"{rule} fired on the clean variant:\n" + string.Join("\n", clean.Diagnostics));
        }

        [Fact]
        public void EveryRuleHasTitleSeverityKnownSourceAndDocumentation()
        {
            Assert.True(RuleCatalog.Rules.Count >= 40);
            foreach (var r in RuleCatalog.Rules)
            {
                Assert.Matches("^RTC1[0-9]{3}$", r.Id);
                Assert.False(string.IsNullOrWhiteSpace(r.Title), r.Id);
                Assert.False(string.IsNullOrWhiteSpace(r.Documentation), r.Id);
                Assert.NotEqual(r.Source, r.SourceDescription); // the short name resolves to a described source
            }
        }

        [Fact]
        public void RulesReferenceDocumentsEveryRuleWithItsSeverityAndSource()
        {
            var doc = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "docs", "rules.md"));
            foreach (var r in RuleCatalog.Rules)
            {
                var line = doc.Split('\n').FirstOrDefault(l => l.StartsWith("| " + r.Id + " ", StringComparison.Ordinal));
                Assert.True(line != null, $"docs/rules.md has no row for {r.Id}");
                Assert.Contains(r.Severity.ToString(), line);
                Assert.Contains(r.Source, line);
            }
        }

        [Fact]
        public void DidYouMeanSuggestsTheNearestFieldAndValue()
        {
            var r = ConfigurationValidator.ValidateJson(Rt("\"instrucions\":\"x\",\"audio\":{\"output\":{\"voice\":\"corall\"}}"), "j", new ValidationOptions());
            Assert.Contains(r.Diagnostics, d => d.RuleId == "RTC1006" && d.Suggestion.Contains("'instructions'"));
            Assert.Contains(r.Diagnostics, d => d.RuleId == "RTC1057" && d.Suggestion.Contains("\"coral\""));
            var m = ConfigurationValidator.ValidateJson(Tx("\"model\":\"gpt-4o-transcibe\""), "j", new ValidationOptions());
            var diag = Assert.Single(m.Diagnostics);
            Assert.Equal("RTC1040", diag.RuleId);
            Assert.Contains("gpt-4o-transcribe", diag.Suggestion);
            Assert.Contains("deployment", diag.Message);
        }

        [Fact]
        public void BetaFieldMessageNamesTheExactGaPath()
        {
            var r = ConfigurationValidator.ValidateJson("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"input_audio_format\":\"pcm16\",\"max_response_output_tokens\":5}}", "j", new ValidationOptions());
            Assert.Contains(r.Diagnostics, d => d.RuleId == "RTC1020" && d.Path == "session.input_audio_format" && d.Suggestion.Contains("session.audio.input.format") && d.Suggestion.Contains("\"rate\": 24000"));
            Assert.Contains(r.Diagnostics, d => d.RuleId == "RTC1020" && d.Suggestion.Contains("session.max_output_tokens"));
            Assert.Equal(PayloadShape.Mixed, r.Shape);
            Assert.Equal(ConfigurationKind.SessionUpdateEvent, r.Kind);
        }

        [Fact]
        public void LanguageSuggestsTheTwoLetterCode()
        {
            var r = ConfigurationValidator.ValidateJson(Tx("\"model\":\"whisper-1\",\"language\":\"en-US\""), "j", new ValidationOptions());
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal("session.audio.input.transcription.language", d.Path);
            Assert.Contains("\"en\"", d.Suggestion);
        }

        [Fact]
        public void ResultReportsKindShapeModelsAndTranscription()
        {
            var r = ConfigurationValidator.ValidateJson("{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":600},\"session\":{\"type\":\"realtime\",\"model\":\"rt\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-4o-transcribe\"}}}}}", "j", new ValidationOptions());
            Assert.Equal(ConfigurationKind.ClientSecretRequest, r.Kind);
            Assert.Equal(PayloadShape.Ga, r.Shape);
            Assert.Equal("rt", r.SessionModel);
            Assert.Equal("gpt-4o-transcribe", r.TranscriptionModel);
            Assert.True(r.TranscriptionEnabled);
            Assert.True(r.IsValid);
            var t = ConfigurationValidator.ValidateJson("{\"type\":\"transcription\"}", "j", new ValidationOptions());
            Assert.Equal(ConfigurationKind.TranscriptionSession, t.Kind);
            Assert.True(t.TranscriptionEnabled);
            var off = ConfigurationValidator.ValidateJson(Input("\"transcription\":null"), "j", new ValidationOptions());
            Assert.False(off.TranscriptionEnabled);
            Assert.True(off.IsValid);
            Assert.Equal(1, off.InformationCount);
            var beta = ConfigurationValidator.ValidateJson("{\"voice\":\"alloy\",\"input_audio_transcription\":{\"model\":\"whisper-1\"}}", "j", new ValidationOptions { Target = ProtocolTarget.Preview });
            Assert.Equal(PayloadShape.Preview, beta.Shape);
            Assert.Equal("whisper-1", beta.TranscriptionModel);
            Assert.True(beta.IsValid);
        }

        [Fact]
        public void DiagnosticsFromObjectGraphsHaveNoPosition()
        {
            var graph = new Dictionary<string, object>
            {
                ["session"] = new Dictionary<string, object> { ["type"] = "realtime", ["input_audio_transcription"] = new Dictionary<string, object> { ["model"] = "whisper-1" } },
            };
            var r = ConfigurationValidator.Validate(Configuration.SessionDocument.FromObject(graph, "InputObject"), new ValidationOptions());
            var d = r.Diagnostics.First(x => x.RuleId == "RTC1020");
            Assert.Null(d.Line);
            Assert.Null(d.Column);
            Assert.Equal("InputObject", d.Source);
        }
    }
}
