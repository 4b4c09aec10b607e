using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Validation
{
    /// <summary>
    /// The discrepancies between the validator of early 2026 and the OpenAI specification of 2026-08-21 (with the Azure
    /// sources): for each, a payload on which the rule fires and a near miss on which it does not. Where the old
    /// validator rejected a valid payload, the near miss must also have no error at all.
    /// </summary>
    public class DiscrepancyTests
    {
        private static string Rt(string fields) => "{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\"," + fields + "}}";
        private static string Model(string model) => "{\"session\":{\"type\":\"realtime\",\"model\":\"" + model + "\"}}";
        private static string Input(string input) => Rt("\"audio\":{\"input\":{" + input + "}}");
        private static string Tx(string transcription) => Input("\"transcription\":{" + transcription + "}");
        private static string TxSession(string input) => "{\"session\":{\"type\":\"transcription\",\"audio\":{\"input\":{" + input + "}}}}";
        private static string Mcp(string fields) => Rt("\"tools\":[{\"type\":\"mcp\",\"server_label\":\"crm\"," + fields + "}]");
        private const string Tunnel = "TUNNEL";

        // name, rule, firing payload, near miss, near miss must have no error, options (target=Preview; region=...)
        private static readonly (string Name, string Rule, string Fire, string NearMiss, bool NearMissValid, string Options)[] s_cases =
        {
            // Rejected what is valid
            ("mcp tunnel_id", "RTC1033", Mcp("\"tunnel_id\":\"tunnel_1\""), Mcp("\"tunnel_id\":\"" + Tunnel + "\""), true, ""),
            ("mcp allowed_callers", "RTC1034", Mcp("\"server_url\":\"https://mcp.contoso.com\",\"allowed_callers\":[]"), Mcp("\"server_url\":\"https://mcp.contoso.com\",\"allowed_callers\":[\"direct\",\"programmatic\"]"), true, ""),
            ("mcp defer_loading", "RTC1005", Mcp("\"server_url\":\"https://mcp.contoso.com\",\"defer_loading\":\"yes\""), Mcp("\"server_url\":\"https://mcp.contoso.com\",\"defer_loading\":true"), true, ""),
            ("gpt-audio-1.5 is a realtime model", "RTC1064", Model("gpt-4o"), Model("gpt-audio-1.5"), true, ""),
            ("gpt-audio-mini is a realtime model", "RTC1064", Model("gpt-audio"), Model("gpt-audio-mini"), true, ""),
            ("gpt-audio-mini dated", "RTC1064", Model("gpt-4o-mini-2024-07-18"), Model("gpt-audio-mini-2025-12-15"), true, ""),
            ("whisper turn detection in a realtime session", "RTC1044", TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\"}"), Input("\"transcription\":{\"model\":\"gpt-realtime-whisper\"}"), true, ""),
            ("whisper session.update omitting turn_detection", "RTC1044",
                "{\"type\":\"session.update\",\"session\":{\"type\":\"transcription\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-realtime-whisper\"},\"turn_detection\":{\"type\":\"server_vad\"}}}}}",
                "{\"type\":\"session.update\",\"session\":{\"type\":\"transcription\",\"audio\":{\"input\":{\"transcription\":{\"model\":\"gpt-realtime-whisper\"}}}}}", true, ""),
            ("function tool without name", "RTC1005", Rt("\"tools\":[{\"type\":\"function\",\"parameters\":\"x\"}]"), Rt("\"tools\":[{\"type\":\"function\",\"description\":\"no name\"}]"), true, ""),
            ("audio format without type", "RTC1052", Input("\"format\":{\"type\":\"audio/wav\"}"), Input("\"format\":{\"rate\":24000}"), true, ""),
            ("prompt with diarize is disputed", "RTC1043", Tx("\"model\":\"gpt-realtime-whisper\",\"prompt\":\"x\""), Tx("\"model\":\"gpt-4o-transcribe-diarize\",\"prompt\":\"x\""), true, ""),
            ("malformed language is a recommendation", "RTC1005", Tx("\"model\":\"whisper-1\",\"language\":1"), Tx("\"model\":\"whisper-1\",\"language\":\"en-US\""), true, ""),
            ("preview transcription client_secret.expires_at", "RTC1006",
                "{\"type\":\"transcription_session.update\",\"session\":{\"client_secret\":{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":60}}}}",
                "{\"type\":\"transcription_session.update\",\"session\":{\"client_secret\":{\"expires_at\":{\"anchor\":\"created_at\",\"seconds\":60}}}}", false, "target=Preview"),
            // Accepted what is invalid
            ("idle_timeout_ms range", "RTC1031", Input("\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":4999}"), Input("\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":5000}"), true, ""),
            ("idle_timeout_ms upper bound", "RTC1031", Input("\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":30001}"), Input("\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":null}"), true, ""),
            ("delay enum", "RTC1030", TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\",\"delay\":\"fast\"},\"turn_detection\":null"), TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\",\"delay\":\"xhigh\"},\"turn_detection\":null"), true, ""),
            ("delay is a string", "RTC1005", TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\",\"delay\":2},\"turn_detection\":null"), TxSession("\"transcription\":{\"model\":\"gpt-realtime-whisper\",\"delay\":\"low\"},\"turn_detection\":null"), true, ""),
            ("empty languages", "RTC1034", Tx("\"model\":\"gpt-transcribe\",\"languages\":[]"), Tx("\"model\":\"gpt-transcribe\",\"languages\":[\"en\"]"), true, ""),
            ("languages not ISO-639-1", "RTC1048", Tx("\"model\":\"gpt-live-transcribe\",\"languages\":[\"english\"]"), Tx("\"model\":\"gpt-live-transcribe\",\"languages\":[\"en\",\"de\"]"), true, ""),
            ("retention_ratio required", "RTC1008", Rt("\"truncation\":{\"type\":\"retention_ratio\"}"), Rt("\"truncation\":{\"type\":\"retention_ratio\",\"retention_ratio\":0.5}"), true, ""),
            ("post_instructions non-negative", "RTC1031", Rt("\"truncation\":{\"type\":\"retention_ratio\",\"retention_ratio\":0.5,\"token_limits\":{\"post_instructions\":-1}}"),
                Rt("\"truncation\":{\"type\":\"retention_ratio\",\"retention_ratio\":0.5,\"token_limits\":{\"post_instructions\":0}}"), true, ""),
            ("post_instructions integer", "RTC1005", Rt("\"truncation\":{\"type\":\"retention_ratio\",\"retention_ratio\":0.5,\"token_limits\":{\"post_instructions\":1.5}}"),
                Rt("\"truncation\":{\"type\":\"retention_ratio\",\"retention_ratio\":0.5,\"token_limits\":{\"post_instructions\":1000}}"), true, ""),
            ("mcp tool names a server", "RTC1035", Mcp("\"server_description\":\"crm\""), Mcp("\"server_url\":\"https://mcp.contoso.com\""), true, ""),
            ("connector_id enum", "RTC1030", Mcp("\"connector_id\":\"connector_slack\""), Mcp("\"connector_id\":\"connector_sharepoint\""), true, ""),
            ("function parameters object", "RTC1005", Rt("\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":[]}]"), Rt("\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]"), true, ""),
            ("event_id length", "RTC1032", "{\"type\":\"session.update\",\"event_id\":\"" + new string('x', 600) + "\",\"session\":{\"type\":\"realtime\"}}",
                "{\"type\":\"session.update\",\"event_id\":\"evt_1\",\"session\":{\"type\":\"realtime\"}}", true, ""),
            ("keywords on an unsupported model", "RTC1049", Tx("\"model\":\"whisper-1\",\"keywords\":[\"Contoso\"]"), Tx("\"model\":\"gpt-transcribe\",\"keywords\":[\"Contoso\"]"), true, ""),
            ("languages on an unsupported model", "RTC1049", Tx("\"model\":\"gpt-4o-mini-transcribe\",\"languages\":[\"en\"]"), Tx("\"model\":\"gpt-live-transcribe\",\"languages\":[\"en\"]"), true, ""),
            ("beta idle_timeout_ms", "RTC1006", "{\"type\":\"session.update\",\"session\":{\"turn_detection\":{\"type\":\"server_vad\",\"idle_timeout_ms\":5000}}}",
                "{\"type\":\"session.update\",\"session\":{\"turn_detection\":{\"type\":\"server_vad\",\"silence_duration_ms\":500}}}", false, "target=Preview"),
            ("beta realtime include", "RTC1021", "{\"type\":\"session.update\",\"session\":{\"voice\":\"alloy\",\"include\":[\"item.input_audio_transcription.logprobs\"]}}",
                "{\"type\":\"transcription_session.update\",\"session\":{\"include\":[\"item.input_audio_transcription.logprobs\"]}}", false, "target=Preview"),
            ("reasoning xhigh disputed on Azure", "RTC1082", Rt("\"reasoning\":{\"effort\":\"xhigh\"}"), Rt("\"reasoning\":{\"effort\":\"minimal\"}"), true, ""),
            // Stale models
            ("gpt-realtime-2 is a model, not a typo", "RTC1065", Model("gpt-reatime-2"), Model("gpt-realtime-2"), true, ""),
            ("gpt-realtime-2.1", "RTC1065", Model("gpt-realtme-2.1"), Model("gpt-realtime-2.1"), true, ""),
            ("gpt-realtime-2.1-mini", "RTC1065", Model("gpt-realtime-2.1-mni"), Model("gpt-realtime-2.1-mini"), true, ""),
            ("dated gpt-realtime", "RTC1060", Model("gpt-realtime-2025-08-28"), Model("gpt-realtime-2025-08-28"), true, "region=westeurope|region=eastus2"),
            ("gpt-realtime-mini-2025-12-15 in Central US", "RTC1060", Model("gpt-realtime-mini-2025-12-15"), Model("gpt-realtime-mini-2025-12-15"), true, "region=westeurope|region=centralus"),
            ("transcription model versions", "RTC1040", Tx("\"model\":\"gpt-4o-transcribe-2024-01-01\""), Tx("\"model\":\"gpt-4o-transcribe-2025-03-20\""), true, ""),
            ("gpt-transcribe is a documented transcription model", "RTC1040", Tx("\"model\":\"gpt-transcrib\""), Tx("\"model\":\"gpt-transcribe\""), true, ""),
            ("gpt-live-transcribe is a documented transcription model", "RTC1040", Tx("\"model\":\"gpt-live-transcrib\""), Tx("\"model\":\"gpt-live-transcribe\""), true, ""),
        };

        public static IEnumerable<object[]> Cases() => s_cases.Select(c => new object[] { c.Name });

        private static ValidationOptions Options(string spec, bool firing)
        {
            var parts = spec.Split('|');
            var text = parts.Length == 2 ? parts[firing ? 0 : 1] : spec;
            var options = new ValidationOptions();
            foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = item.Split('=', 2);
                if (kv[0] == "target") options.Target = (ProtocolTarget)Enum.Parse(typeof(ProtocolTarget), kv[1]);
                if (kv[0] == "region") options.Region = kv[1];
            }
            return options;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void RuleFiresOnTheDiscrepancyAndNotOnItsNearMiss(string name)
        {
            var c = s_cases.Single(x => x.Name == name);
            var fired = ConfigurationValidator.ValidateJson(c.Fire.Replace(Tunnel, "tunnel_a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"), "fire.json", Options(c.Options, true));
            Assert.True(fired.Diagnostics.Any(d => d.RuleId == c.Rule), $"{name}: {c.Rule} did not fire:\n" + string.Join("\n", fired.Diagnostics));
            var near = ConfigurationValidator.ValidateJson(c.NearMiss.Replace(Tunnel, "tunnel_a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"), "near.json", Options(c.Options, false));
            Assert.False(near.Diagnostics.Any(d => d.RuleId == c.Rule), $"{name}: {c.Rule} fired on the near miss:\n" + string.Join("\n", near.Diagnostics));
            if (c.NearMissValid)
            {
                Assert.True(near.IsValid, $"{name}: the valid payload has errors:\n" + string.Join("\n", near.Diagnostics));
            }
        }

        [Fact]
        public void ToolChoiceObjectWithoutTypeIsReportedNotThrown()
        {
            // tool_choice is a string or a function/mcp object; an object with the other variant's field once threw.
            var r = ConfigurationValidator.ValidateJson(Rt("\"tool_choice\":{\"server_label\":\"crm\"}"), "j", new ValidationOptions());
            Assert.Contains(r.Diagnostics, d => d.RuleId == "RTC1008" && d.Path == "session.tool_choice.type");
            var ok = ConfigurationValidator.ValidateJson(Rt("\"tool_choice\":{\"type\":\"mcp\",\"server_label\":\"crm\"}"), "j", new ValidationOptions());
            Assert.True(ok.IsValid, string.Join("\n", ok.Diagnostics));
        }

        [Fact]
        public void DisputedRulesAreWarningsWhoseMessagesSayWhoDisagrees()
        {
            var disputed = RuleCatalog.Rules.Where(r => r.Certainty == "disputed").ToList();
            Assert.NotEmpty(disputed);
            foreach (var r in disputed)
            {
                Assert.NotEqual(DiagnosticSeverity.Error, r.Severity);
                Assert.False(string.IsNullOrWhiteSpace(r.Disagreement), r.Id);
            }
            var diarize = ConfigurationValidator.ValidateJson(Tx("\"model\":\"gpt-4o-transcribe-diarize\",\"prompt\":\"names\""), "j", new ValidationOptions());
            var d = Assert.Single(diarize.Diagnostics);
            Assert.Equal("RTC1080", d.RuleId);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("Sources disagree", d.Message);
            Assert.Contains("MS-ref", d.Message);
        }

        [Fact]
        public void ErrorsRestOnADocumentedOrSpecifiedRuleOrOnRealtimeOpsOwnLimits()
        {
            var allowed = new[] { "documented", "specified", "disputed", "realtimeops" };
            foreach (var r in RuleCatalog.Rules)
            {
                Assert.Contains(r.Certainty, allowed);
                if (r.Severity == DiagnosticSeverity.Error) Assert.NotEqual("disputed", r.Certainty);
                Assert.DoesNotContain("SERVICE-FACTS", r.Documentation + r.SourceDescription);
                Assert.DoesNotContain("§", r.Documentation + r.SourceDescription);
            }
        }

        [Fact]
        public void UnknownFieldMessageNamesTheSpecificationDateAndSkipValidation()
        {
            var r = ConfigurationValidator.ValidateJson(Rt("\"brand_new_field\":true"), "j", new ValidationOptions());
            var d = Assert.Single(r.Diagnostics);
            Assert.Equal("RTC1006", d.RuleId);
            Assert.Contains(SessionFieldCatalog.Current.SpecDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Message);
            Assert.Equal(new DateTime(2026, 8, 21), SessionFieldCatalog.Current.SpecDate);
            Assert.Contains("-SkipValidation", d.Message);
        }

        [Fact]
        public void RetirementDatesComeFromTheMicrosoftRetirementPage()
        {
            using var doc = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "src", "RealtimeOps.Engine", "Catalog", "lifecycle.json")));
            var table = doc.RootElement.GetProperty("modelRetirements").EnumerateArray()
                .ToDictionary(r => r.GetProperty("model").GetString() + " " + r.GetProperty("version").GetString(), r => r);
            Assert.Equal("2027-02-28", table["gpt-realtime 2025-08-28"].GetProperty("date").GetString());
            Assert.Equal("2026-08-28", table["gpt-realtime 2025-08-28"].GetProperty("deprecation").GetString());
            Assert.Equal("2026-02-02", table["gpt-4o-realtime-preview 2024-12-17"].GetProperty("date").GetString());
            Assert.Equal("2027-04-16", table["gpt-4o-transcribe-diarize 2025-10-15"].GetProperty("date").GetString());
            Assert.All(table.Values, r => Assert.Equal("MS-retire", r.GetProperty("source").GetString()));
            Assert.False(table.ContainsKey("gpt-4o-realtime-preview 2025-06-03"));
        }
    }
}
