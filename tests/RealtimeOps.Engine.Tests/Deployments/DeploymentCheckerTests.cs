using System;
using System.Linq;
using ModelLifecycle = RealtimeOps.Engine.Catalog.ModelLifecycle;
using ModelRetirement = RealtimeOps.Engine.Catalog.ModelRetirement;
using RealtimeOps.Engine.Deployments;
using Xunit;
using static RealtimeOps.Engine.Deployments.DeploymentCheckNames;

namespace RealtimeOps.Engine.Tests.Deployments
{
    public class DeploymentCheckerTests
    {
        private static readonly DateTimeOffset BeforeDeprecation = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly DateTimeOffset AfterDeprecation = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        /// <summary>The shipped lifecycle without its model retirement table: the preview-protocol checks on their own.</summary>
        private static readonly ModelLifecycle NoModelRetirements = new ModelLifecycle(ModelLifecycle.Current.PreviewProtocolDeprecation,
            ModelLifecycle.Current.PreviewProtocolSource, ModelLifecycle.Current.PreviewProtocolText, null, ModelLifecycle.Current.AsOf);

        private static DeploymentTestResult Online(string deployment, string transcription = null, string location = "swedencentral", DateTimeOffset? now = null,
            ModelLifecycle lifecycle = null)
        {
            var account = DeploymentTestData.Account(location);
            return new DeploymentChecker(lifecycle: lifecycle, now: now ?? BeforeDeprecation).Check(new DeploymentCheckRequest
            {
                Deployment = deployment,
                TranscriptionDeployment = transcription,
                Account = account,
                Deployments = DeploymentTestData.Deployments(account),
            });
        }

        private static DeploymentTestResult Offline(string deployment, string transcription = null, string region = null, string reason = null) =>
            new DeploymentChecker(now: BeforeDeprecation).Check(new DeploymentCheckRequest
            {
                Deployment = deployment, TranscriptionDeployment = transcription, Region = region, OfflineReason = reason,
            });

        private static DeploymentCheck Get(DeploymentTestResult r, string name) => Assert.Single(r.Checks, c => c.Name == name);

        [Fact]
        public void HealthyRealtimeAndTranscriptionPassEveryCheck()
        {
            // "stt" runs gpt-4o-mini-transcribe 2025-12-15; gpt-4o-transcribe 2025-03-20 retires "no earlier than 2026-02-28" and warns.
            var r = Online("gpt-realtime", "stt");
            Assert.All(r.Checks, c => Assert.Equal(DeploymentCheckStatus.Passed, c.Status));
            Assert.Equal(DeploymentVerdict.Passed, r.Verdict);
            Assert.True(r.IsHealthy);
            Assert.True(r.Online);
            Assert.Equal("swedencentral", r.Region);
            Assert.Equal("rtops-demo", r.AccountName);
            Assert.Equal(new[] { DeploymentExists, RealtimeModel, ProvisioningSucceeded, CapacityAvailable, RegionOffersModel, PreviewModelRetirement,
                TranscriptionDeploymentExists, TranscriptionModel, TranscriptionProvisioningSucceeded, TranscriptionCapacityAvailable, TranscriptionRegionOffersModel,
                TranscriptionModelRetirement },
                r.Checks.Select(c => c.Name));
            Assert.Equal("gpt-realtime", r.RealtimeDeploymentInfo.Model);
            Assert.Equal("stt", r.TranscriptionDeploymentInfo.Name);
        }

        [Fact]
        public void MissingDeploymentFailsAndSkipsTheRestWithTheReason()
        {
            var r = Online("does-not-exist");
            var exists = Get(r, DeploymentExists);
            Assert.Equal(DeploymentCheckStatus.Failed, exists.Status);
            Assert.Contains("No deployment named 'does-not-exist' in account 'rtops-demo'", exists.Reason);
            Assert.Contains("gpt-realtime", exists.Reason); // names the realtime deployments that exist
            foreach (var n in new[] { RealtimeModel, ProvisioningSucceeded, CapacityAvailable, RegionOffersModel, PreviewModelRetirement })
            {
                Assert.Equal(DeploymentCheckStatus.Skipped, Get(r, n).Status);
                Assert.Contains("no deployment named 'does-not-exist'", Get(r, n).Reason);
            }
            Assert.Equal(DeploymentVerdict.Failed, r.Verdict);
            Assert.False(r.IsHealthy);
        }

        [Fact]
        public void ChatModelFailsTheRealtimeModelCheck()
        {
            var r = Online("chat-gpt-4o");
            var c = Get(r, RealtimeModel);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("gpt-4o 2024-11-20", c.Reason);
            Assert.Contains("Realtime deployments in the account: gpt-realtime", c.Reason);
            Assert.Equal(DeploymentCheckStatus.Skipped, Get(r, RegionOffersModel).Status);
            Assert.Equal(DeploymentVerdict.Failed, r.Verdict);
        }

        [Fact]
        public void TranscriptionModelAsRealtimeDeploymentFails()
        {
            var c = Get(Online("gpt-4o-transcribe"), RealtimeModel);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("a transcription model", c.Reason);
        }

        [Fact]
        public void RealtimeModelAsTranscriptionDeploymentFails()
        {
            var c = Get(Online("gpt-realtime", "gpt-realtime"), TranscriptionModel);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("a realtime model", c.Reason);
            Assert.Contains("Transcription deployments in the account: gpt-4o-transcribe, stt", c.Reason);
        }

        [Fact]
        public void FailedProvisioningFails()
        {
            var c = Get(Online("realtime-failed"), ProvisioningSucceeded);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("Failed", c.Reason);
        }

        [Fact]
        public void ProvisioningInProgressWarns()
        {
            var r = Online("realtime-creating");
            Assert.Equal(DeploymentCheckStatus.Warning, Get(r, ProvisioningSucceeded).Status);
            Assert.Equal(DeploymentVerdict.Warning, r.Verdict);
        }

        [Fact]
        public void ZeroCapacityFails()
        {
            var c = Get(Online("realtime-nocapacity"), CapacityAvailable);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("Capacity is 0", c.Reason);
        }

        [Fact]
        public void RegionWithoutTheModelFails()
        {
            // Central US offers gpt-realtime but no transcribe model (MS-matrix in the catalog).
            var r = Online("gpt-realtime", "gpt-4o-transcribe", location: "centralus");
            Assert.Equal(DeploymentCheckStatus.Passed, Get(r, RegionOffersModel).Status);
            var c = Get(r, TranscriptionRegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("Central US (centralus) does not offer gpt-4o-transcribe", c.Reason);
            Assert.Equal("centralus", r.Region);
        }

        [Fact]
        public void RegionTheCatalogDoesNotKnowFails()
        {
            var c = Get(Online("gpt-realtime", location: "Japan West"), RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("does not offer gpt-realtime", c.Reason);
        }

        [Fact]
        public void VersionTheCatalogDoesNotListWarns()
        {
            var c = Get(Online("realtime-oddversion"), RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains("2030-01-01", c.Reason);
        }

        [Fact]
        public void DatedReleaseIsMatchedToItsOwnCatalogEntry()
        {
            // The 2025-12-15 release has its own catalog entry (and regions); West Europe offers it according to neither.
            var r = Online("mini-dated", location: "westeurope");
            Assert.Equal(DeploymentCheckStatus.Passed, Get(r, RealtimeModel).Status);
            Assert.Equal(DeploymentCheckStatus.Failed, Get(r, RegionOffersModel).Status);
            Assert.Contains("gpt-realtime-mini-2025-12-15", Get(r, RegionOffersModel).Reason);
        }

        [Fact]
        public void ModelWithNoListedRegionWarns()
        {
            var c = Get(Online("gpt-realtime", "whisper"), TranscriptionRegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains("lists no region for whisper-1", c.Reason);
        }

        [Fact]
        public void PreviewModelWarnsWithTheDeprecationDate()
        {
            var before = Get(Online("realtime-preview", lifecycle: NoModelRetirements), PreviewModelRetirement);
            Assert.Equal(DeploymentCheckStatus.Warning, before.Status);
            Assert.Contains("preview model", before.Reason);
            Assert.Contains("deprecates the preview protocol from 2026-04-30 (MS-migrate)", before.Reason);
            var after = Get(Online("realtime-preview", now: AfterDeprecation, lifecycle: NoModelRetirements), PreviewModelRetirement);
            Assert.Contains("has deprecated the preview protocol since 2026-04-30", after.Reason);
            Assert.Equal(DeploymentVerdict.Warning, Online("realtime-preview", lifecycle: NoModelRetirements).Verdict);
            Assert.True(Online("realtime-preview", lifecycle: NoModelRetirements).IsHealthy); // a warning is not a failure
        }

        [Fact]
        public void GaModelPassesThePreviewCheck()
        {
            Assert.Equal(DeploymentCheckStatus.Passed, Get(Online("gpt-realtime"), PreviewModelRetirement).Status);
        }

        [Theory]
        [InlineData("2026-03-01", "Failed", "retired on 2026-03-01")]
        [InlineData("2026-05-30", "Warning", "retires on 2026-05-30, in 90 days")]
        [InlineData("2026-05-31", "Passed", "retires on 2026-05-31, more than 90 days away")]
        public void RetirementDateFromTheLifecycleDataIsJudgedAndCited(string date, string status, string text)
        {
            // "Today" is BeforeDeprecation (2026-03-01): a retirement today is past, 90 days out warns, 91 passes.
            var lifecycle = new ModelLifecycle(new DateTime(2026, 4, 30), "MS-migrate", "",
                new[] { new ModelRetirement("gpt-realtime", null, DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "Test source") }, new DateTime(2026, 3, 1));
            var account = DeploymentTestData.Account();
            var r = new DeploymentChecker(lifecycle: lifecycle, now: BeforeDeprecation).Check(new DeploymentCheckRequest
            {
                Deployment = "gpt-realtime", Account = account, Deployments = DeploymentTestData.Deployments(account),
            });
            var c = Get(r, PreviewModelRetirement);
            Assert.Equal(status, c.Status.ToString());
            Assert.Contains($"gpt-realtime 2025-08-28 {text} (Test source).", c.Reason);
            Assert.Contains("Dated catalog as of 2026-03-01.", c.Reason);
            Assert.Equal(DeploymentCheck.CatalogSource, c.Source);
        }

        [Fact]
        public void MissingTranscriptionDeploymentFails()
        {
            var r = Online("gpt-realtime", "gpt-4o-transcribe-diarize");
            var c = Get(r, TranscriptionDeploymentExists);
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("same resource", c.Reason);
            Assert.Contains("Transcription deployments in the account: gpt-4o-transcribe, stt", c.Reason);
            Assert.Equal(DeploymentCheckStatus.Skipped, Get(r, TranscriptionModel).Status);
            Assert.Equal(DeploymentVerdict.Failed, r.Verdict);
        }

        [Fact]
        public void TranscriptionModelNameServedByAnotherDeploymentWarns()
        {
            var c = Get(Online("gpt-realtime", "gpt-4o-mini-transcribe"), TranscriptionDeploymentExists);
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains("use 'stt'", c.Reason);
        }

        [Fact]
        public void DeploymentNamesMatchCaseInsensitively()
        {
            Assert.Equal(DeploymentCheckStatus.Passed, Get(Online("GPT-Realtime"), DeploymentExists).Status);
        }

        [Fact]
        public void OfflineRunsCatalogChecksAndSkipsTheRestWithTheReason()
        {
            var r = Offline("gpt-realtime", "gpt-4o-transcribe", region: "Sweden Central", reason: "no account was given");
            Assert.False(r.Online);
            foreach (var n in new[] { DeploymentExists, ProvisioningSucceeded, CapacityAvailable, TranscriptionDeploymentExists, TranscriptionProvisioningSucceeded, TranscriptionCapacityAvailable })
            {
                Assert.Equal(DeploymentCheckStatus.Skipped, Get(r, n).Status);
                Assert.Contains("no account was given", Get(r, n).Reason);
            }
            foreach (var n in new[] { RealtimeModel, RegionOffersModel, PreviewModelRetirement, TranscriptionModel, TranscriptionRegionOffersModel })
                Assert.Equal(DeploymentCheckStatus.Passed, Get(r, n).Status);
            Assert.Contains("assumed", Get(r, RealtimeModel).Reason);
            Assert.Equal(DeploymentVerdict.Warning, r.Verdict); // never a silent pass
            Assert.False(r.IsHealthy);
            Assert.Equal("swedencentral", r.Region);
        }

        [Fact]
        public void OfflineCatalogChecksStillFail()
        {
            var r = Offline("gpt-4o-transcribe", "gpt-realtime", region: "centralus");
            Assert.Equal(DeploymentCheckStatus.Failed, Get(r, RealtimeModel).Status);
            Assert.Equal(DeploymentCheckStatus.Failed, Get(r, TranscriptionModel).Status);
            Assert.Equal(DeploymentVerdict.Failed, r.Verdict);
            var region = Offline("gpt-realtime", "gpt-4o-transcribe", region: "centralus");
            Assert.Equal(DeploymentCheckStatus.Passed, Get(region, RegionOffersModel).Status);
            Assert.Equal(DeploymentCheckStatus.Failed, Get(region, TranscriptionRegionOffersModel).Status);
            var preview = Offline("gpt-4o-realtime-preview", region: "eastus2");
            Assert.Equal(DeploymentCheckStatus.Warning, Get(preview, PreviewModelRetirement).Status);
        }

        [Fact]
        public void OfflineWithoutRegionOrWithCustomNameSkipsWithReasons()
        {
            var r = Offline("my-voice-bot");
            Assert.All(r.Checks, c => Assert.Equal(DeploymentCheckStatus.Skipped, c.Status));
            Assert.Contains("not a model name in the catalog", Get(r, RealtimeModel).Reason);
            Assert.Contains("no account was given", Get(r, DeploymentExists).Reason);
            Assert.Equal(DeploymentVerdict.Warning, r.Verdict);
            Assert.False(r.IsHealthy);
            var noRegion = Offline("gpt-realtime");
            Assert.Equal(DeploymentCheckStatus.Skipped, Get(noRegion, RegionOffersModel).Status);
            Assert.Contains("give -Region", Get(noRegion, RegionOffersModel).Reason);
        }

        [Fact]
        public void TranscriptionOnlySessionChecksOnlyTheTranscriptionDeployment()
        {
            var r = Online(null, "gpt-4o-transcribe");
            Assert.All(r.Checks, c => Assert.StartsWith("Transcription", c.Name));
            Assert.True(r.IsHealthy);
        }

        [Fact]
        public void NoNamesIsAnArgumentError()
        {
            Assert.Throws<ArgumentException>(() => new DeploymentChecker().Check(new DeploymentCheckRequest()));
        }

        [Fact]
        public void ModelMapGivesNameToModel()
        {
            var map = RealtimeDeploymentMaps.ToModelMap(DeploymentTestData.Deployments(DeploymentTestData.Account()));
            Assert.Equal("gpt-4o-mini-transcribe", map["STT"]);
            Assert.Equal("gpt-4o", map["chat-gpt-4o"]);
            Assert.Empty(RealtimeDeploymentMaps.ToModelMap(null));
        }
    }
}
