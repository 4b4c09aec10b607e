#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using RealtimeOps.Engine.Bundles;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Redaction;
using RealtimeOps.Engine.Transcription;
using RealtimeOps.Engine.Transcription.Audio;
using Xunit;

namespace RealtimeOps.Engine.Tests.Transcription
{
    public class TranscriptionBundleTests
    {
        private const string Canary = "ek_canarySecretValue0123456789";

        [Fact]
        public async Task The_bundle_of_a_live_check_holds_the_timeline_with_request_ids_and_no_secret_or_audio()
        {
            var socket = new ScriptedRealtimeSocket(m => (string?)m["type"] switch
            {
                "session.update" => new[] { Events.SessionUpdated(m) },
                "input_audio_buffer.commit" => new[] { Events.Committed("item_b"), Events.Failed("item_b") },
                _ => Array.Empty<string?>(),
            });
            var log = new ExchangeLog();
            var redactor = new SecretRedactor();
            redactor.RegisterSecret(Canary);
            var request = new LiveTranscriptionRequest
            {
                Session = new JsonObject { ["audio"] = new JsonObject { ["input"] = new JsonObject { ["transcription"] = new JsonObject { ["model"] = "stt" } } } },
                Audio = SampleAudio.Load(),
                ExpectedText = SampleAudio.Text,
            };
            var check = new LiveTranscriptionCheck(request, socket, new SessionEventRecorder(log, redactor, () => DateTimeOffset.UtcNow));
            var result = await check.RunAsync(new Uri("https://contoso.openai.azure.com/"),
                new[] { new KeyValuePair<string, string>("Authorization", "Bearer " + Canary) }, default);
            Assert.Equal(TranscriptionVerdict.TranscriptionFailed, result.Verdict);

            var zip = Path.Combine(Path.GetTempPath(), $"rtops-live-{Guid.NewGuid():N}.zip");
            try
            {
                SupportBundleWriter.Write(new SupportBundleRequest
                {
                    Path = zip,
                    TranscriptionResults = new[] { result },
                    Exchanges = result.Exchanges.ToList(),
                    Assemblies = Array.Empty<Diagnostics.LoadedAssembly>(),
                });
                string summary;
                var everything = new System.Text.StringBuilder();
                using (var archive = ZipFile.OpenRead(zip))
                {
                    foreach (var entry in archive.Entries)
                        using (var reader = new StreamReader(entry.Open())) everything.AppendLine(reader.ReadToEnd());
                    using (var reader = new StreamReader(archive.GetEntry("summary.md")!.Open())) summary = reader.ReadToEnd();
                    Assert.NotNull(archive.GetEntry("transcription.json"));
                }
                Assert.Contains("## Live transcription verdict: TranscriptionFailed", summary);
                Assert.Contains("| apim-request-id (upgrade) | apim-1 |", summary);
                Assert.Contains("| x-request-id (upgrade) | req-1 |", summary);
                var update = result.Timeline.Single(t => t.Type == "session.update");
                Assert.Contains(update.EventId!, summary);
                Assert.Contains("item_b", summary);
                Assert.Matches(@"\| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \| Received \| conversation\.item\.input_audio_transcription\.failed", summary);

                var text = everything.ToString();
                Assert.DoesNotContain(Canary, text);
                Assert.DoesNotContain("canarySecretValue", text);
                foreach (var append in socket.SentOfType("input_audio_buffer.append").Take(3))
                    Assert.DoesNotContain(((string)append["audio"]!).Substring(0, 32), text);
            }
            finally { File.Delete(zip); }
        }
    }
}
