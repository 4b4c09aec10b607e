using System.Linq;
using RealtimeOps.Engine.Catalog;
using Xunit;

namespace RealtimeOps.Engine.Tests
{
    public class ServiceCatalogTests
    {
        [Theory]
        [InlineData("swedencentral")]
        [InlineData("Sweden Central")]
        [InlineData("SwedenCentral")]
        [InlineData("sweden-central")]
        public void RegionAcceptsEveryWayPeopleWriteIt(string text)
        {
            Assert.Equal("swedencentral", ServiceCatalog.Current.FindRegion(text)?.Name);
        }

        [Fact]
        public void UnknownRegionIsNull() => Assert.Null(ServiceCatalog.Current.FindRegion("atlantis"));

        [Fact]
        public void DocumentedTranscriptionListIsTheSpecificationList()
        {
            // The eight of the OpenAI specification of 2026-08-21; Microsoft Learn's reference defers to it.
            var names = ServiceCatalog.Current.DocumentedTranscriptionModels.Select(m => m.Name).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "gpt-4o-mini-transcribe", "gpt-4o-mini-transcribe-2025-12-15", "gpt-4o-transcribe", "gpt-4o-transcribe-diarize",
                "gpt-live-transcribe", "gpt-realtime-whisper", "gpt-transcribe", "whisper-1" }, names);
        }

        [Fact]
        public void CentralUsHasRealtimeButNoTranscription()
        {
            var catalog = ServiceCatalog.Current;
            Assert.Contains(catalog.RealtimeModels, m => m.IsOfferedIn("centralus"));
            Assert.DoesNotContain(catalog.TranscriptionModels, m => m.IsOfferedIn("centralus"));
        }

        [Fact]
        public void DiarizePromptIsDisputedWhisperRefusesItAndEveryModelNamesItsSource()
        {
            Assert.Null(ServiceCatalog.Current.FindModel("gpt-4o-transcribe-diarize").AcceptsPrompt);
            Assert.False(ServiceCatalog.Current.FindModel("gpt-realtime-whisper").AcceptsPrompt);
            Assert.All(ServiceCatalog.Current.Models, m => Assert.DoesNotContain("SERVICE-FACTS", m.Source));
            Assert.All(ServiceCatalog.Current.Models, m => Assert.DoesNotMatch("§|[Ss]eed", m.Source));
            Assert.All(ServiceCatalog.Current.Models, m => Assert.False(string.IsNullOrWhiteSpace(m.Source)));
            Assert.All(ServiceCatalog.Current.Models, m => Assert.All(m.Regions, r => Assert.NotNull(ServiceCatalog.Current.FindRegion(r))));
        }

        [Fact]
        public void EveryModelGivesAUrlForEachSourceItNames()
        {
            Assert.All(ServiceCatalog.Current.Models, m =>
            {
                Assert.NotEmpty(m.SourceUrls);
                Assert.All(m.SourceUrls, u => Assert.StartsWith("https://", u, System.StringComparison.Ordinal));
                Assert.All(m.SourceUrls, u => Assert.Contains(ServiceCatalog.Current.Sources.Values, v => v.EndsWith(u, System.StringComparison.Ordinal)));
            });
            var realtime = ServiceCatalog.Current.FindModel("gpt-realtime");
            Assert.Contains("https://learn.microsoft.com/azure/foundry/openai/how-to/realtime-audio-websockets", realtime.SourceUrls);
            Assert.Contains("https://learn.microsoft.com/azure/foundry/openai/concepts/models", realtime.SourceUrls);
        }
    }
}
