using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsCheck;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Validation;
using Xunit;

namespace RealtimeOps.Engine.Tests.Validation
{
    /// <summary>
    /// Property tests: random and mutated documents (over 100,000 per run) never make the validator, the converter or
    /// the annotation writers throw, and each document is checked within a bounded time.
    /// </summary>
    [Trait("Category", "Slow")]
    public class FuzzTests
    {
        private static readonly TimeSpan PerDocumentLimit = TimeSpan.FromSeconds(10); // a hang, not a slow moment of a shared machine

        private static readonly string[] s_keys =
        {
            "session", "type", "expires_after", "anchor", "seconds", "event_id", "model", "instructions", "audio", "input", "output",
            "format", "rate", "transcription", "language", "prompt", "turn_detection", "threshold", "idle_timeout_ms", "eagerness",
            "noise_reduction", "voice", "speed", "output_modalities", "modalities", "max_output_tokens", "max_response_output_tokens",
            "input_audio_transcription", "input_audio_format", "temperature", "tools", "name", "tool_choice", "tracing", "truncation",
            "retention_ratio", "include", "client_secret", "delay", "id", "parameters", "server_label", "x]y;z\n::",
        };

        private static readonly string[] s_scalars =
        {
            "\"realtime\"", "\"transcription\"", "\"session.update\"", "\"transcription_session.update\"", "null", "true", "false", "0", "-1",
            "24000", "16000", "0.5", "1e309", "-0", "7201", "\"inf\"", "\"en-US\"", "\"en\"", "\"gpt-4o-transcribe\"", "\"gpt-realtime\"",
            "\"gpt-4o-transcribe-diarize\"", "\"gpt-realtime-whisper\"", "\"pcm16\"", "\"audio/pcm\"", "\"server_vad\"", "\"semantic_vad\"",
            "\"created_at\"", "\"audio\"", "\"text\"", "\"\\u0000\\\"]%;\\n::\"", "\"\\ud800\"", "12345678901234567890123",
        };

        private static Gen<string> Value(int depth)
        {
            var scalar = Gen.OneOf(Gen.OneOfConst(s_scalars), Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1"),
                Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)));
            if (depth == 0) return scalar;
            var child = Value(depth - 1);
            var array = child.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");
            var member = Gen.Select(Gen.OneOf(Gen.OneOfConst(s_keys), Gen.String[0, 10]), child, (k, v) => System.Text.Json.JsonSerializer.Serialize(k) + ":" + v);
            var obj = member.Array[0, 6].Select(ms => "{" + string.Join(",", ms) + "}");
            return Gen.OneOf(scalar, array, obj, obj);
        }

        private static readonly Gen<string> s_document = Gen.OneOf(
            Value(5),
            Value(4).Select(v => "{\"session\":" + v + "}"),
            Value(4).Select(v => "{\"type\":\"session.update\",\"session\":" + v + "}"));

        private static readonly ValidationOptions[] s_options =
        {
            new ValidationOptions(),
            new ValidationOptions { Target = ProtocolTarget.Preview },
            new ValidationOptions { Region = "centralus", Endpoint = "https://x.openai.azure.com/openai/v1?api-version=2024-10-21", Deployments = new Dictionary<string, string> { ["gpt-realtime"] = "gpt-realtime", ["stt"] = null } },
        };

        // Rule ids seen across a run: a validator that stopped reporting (or reported one rule for everything) shows here.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _rulesSeen = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();

        private void CheckEverything(string source, SessionDocument doc, int optionIndex)
        {
            var sw = Stopwatch.StartNew();
            var options = s_options[optionIndex % s_options.Length];
            var result = ConfigurationValidator.Validate(doc, options);
            Assert.True(result.Diagnostics.Count <= ValidationRun.MaxDiagnostics + 1, $"{result.Diagnostics.Count} diagnostics: the cap does not hold");
            foreach (var d in result.Diagnostics)
            {
                _rulesSeen.TryAdd(d.RuleId, 0);
                // Each diagnostic carries its rule's catalog severity (a hard-coded severity would drift from rules.json).
                Assert.Equal(RuleCatalog.Get(d.RuleId).Severity, d.Severity);
                if (d.Line.HasValue) Assert.True(d.Line >= 1 && d.Column >= 1, $"{d}: positions are 1-based");
                var azure = PipelineAnnotations.ToAzurePipelines(d);
                if (azure != null && (azure.IndexOf('\n') >= 0 || azure.IndexOf('\r') >= 0)) throw new InvalidOperationException("line break in annotation");
                var github = PipelineAnnotations.ToGitHubActions(d);
                if (github.IndexOf('\n') >= 0 || github.IndexOf('\r') >= 0) throw new InvalidOperationException("line break in annotation");
            }
            // The same document checked again gives the same diagnostics: no state leaks between validations.
            var again = ConfigurationValidator.Validate(doc, options);
            Assert.Equal(result.Diagnostics.Select(d => d.ToString()), again.Diagnostics.Select(d => d.ToString()));
            PreviewToGaConverter.Convert(doc);
            if (sw.Elapsed > PerDocumentLimit) throw new TimeoutException($"{source} took {sw.Elapsed}");
        }

        private void AssertManyRulesFired(int atLeast) =>
            Assert.True(_rulesSeen.Count >= atLeast, $"only {_rulesSeen.Count} distinct rules fired over the run: {string.Join(", ", _rulesSeen.Keys.OrderBy(k => k))}");

        [Fact]
        public void RandomDocumentsNeverThrow()
        {
            s_document.Select(Gen.Int[0, 2]).Sample((json, option) =>
            {
                CheckEverything("random", SessionDocument.Parse(json, "fuzz.json"), option);
            }, iter: 60_000, threads: 2);
            AssertManyRulesFired(15);
        }

        [Fact]
        public void MutatedCorpusDocumentsNeverThrow()
        {
            var files = Directory.GetFiles(TestPaths.Corpus, "*.json").Where(f => !f.EndsWith("expected.json", StringComparison.Ordinal))
                .Select(File.ReadAllBytes).Where(b => b.Length > 0).ToArray();
            var mutation = Gen.Select(Gen.Int[0, files.Length - 1], Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 4], Gen.Int[0, 2]);
            mutation.Sample((fileIndex, kind, position, bytes, option) =>
            {
                var original = files[fileIndex];
                var at = position % original.Length;
                byte[] mutated;
                switch (kind)
                {
                    case 0: mutated = original.Take(at).ToArray(); break; // truncate
                    case 1: mutated = original.Take(at).Concat(bytes).Concat(original.Skip(at)).ToArray(); break; // insert random bytes
                    case 2: // delete
                        var keep = Math.Max(0, original.Length - at - bytes.Length);
                        mutated = new byte[at + keep];
                        Array.Copy(original, 0, mutated, 0, at);
                        Array.Copy(original, original.Length - keep, mutated, at, keep);
                        break;
                    case 3: mutated = (byte[])original.Clone(); for (var i = 0; i < bytes.Length && at + i < mutated.Length; i++) mutated[at + i] = bytes[i]; break; // overwrite
                    case 4: mutated = original.Take(at).Concat(Encoding.UTF8.GetBytes("{\"[,:")).Concat(original.Skip(at)).ToArray(); break; // structural noise
                    default: mutated = new byte[] { 0xFF, 0xFE }.Concat(original).ToArray(); break; // wrong BOM
                }
                CheckEverything("mutated", SessionDocument.Parse(mutated, "fuzz.json"), option);
            }, iter: 60_000, threads: 2);
            AssertManyRulesFired(25);
        }

        [Fact]
        public void RandomObjectGraphsNeverThrow()
        {
            var graph = Gen.Select(Gen.OneOfConst(s_keys), Gen.OneOf(Gen.Int.Select(i => (object)i), Gen.String.Select(s => (object)s), Gen.Const((object)null), Gen.Bool.Select(b => (object)b)))
                .Array[0, 5]
                .Select(pairs =>
                {
                    var inner = new System.Collections.Hashtable();
                    foreach (var (k, v) in pairs) inner[k] = v;
                    return new System.Collections.Hashtable { ["session"] = inner, ["expires_after"] = new System.Collections.Hashtable { ["seconds"] = inner.Count } };
                });
            graph.Sample(g => CheckEverything("graph", SessionDocument.FromObject(g, "InputObject"), 0), iter: 10_000, threads: 2);
            AssertManyRulesFired(5);
        }
    }
}
