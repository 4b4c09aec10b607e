using System;
using RealtimeOps.Engine.Availability;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Tests.Availability;
using Xunit;
using static RealtimeOps.Engine.Deployments.DeploymentCheckNames;
using static RealtimeOps.Engine.Tests.Availability.LiveModelTestData;

namespace RealtimeOps.Engine.Tests.Deployments
{
    /// <summary>The region and retirement checks on a live model list, judged on an injected "today".</summary>
    public class LiveModelChecksTests
    {
        private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

        private static LiveModelRead Live(params string[] models) =>
            LiveModelRead.Read(List("swedencentral", Page(models), Page(new[] { Usage("OpenAI.GlobalStandard.gpt-realtime", 0, 10) })));

        private static DeploymentTestResult Check(LiveModelRead live, string deployment = "gpt-realtime", string transcription = null, string location = "swedencentral")
        {
            var account = DeploymentTestData.Account(location);
            return new DeploymentChecker(now: Today).Check(new DeploymentCheckRequest
            {
                Deployment = deployment, TranscriptionDeployment = transcription, Account = account,
                Deployments = DeploymentTestData.Deployments(account), LiveModels = live,
            });
        }

        private static DeploymentCheck Get(DeploymentTestResult r, string name) => Assert.Single(r.Checks, c => c.Name == name);

        [Theory]
        [InlineData("2026-12-01T00:00:00Z", "Failed", "gpt-realtime 2025-08-28 retired on 2026-12-01 (live model list from Azure Resource Manager, read 2026-12-01 07:00 UTC, lifecycle GenerallyAvailable). Requests to a retired model fail")]
        [InlineData("2026-12-02T00:00:00Z", "Warning", "gpt-realtime 2025-08-28 retires on 2026-12-02, in 1 day (")]
        [InlineData("2027-03-01T00:00:00Z", "Warning", "retires on 2027-03-01, in 90 days (")]
        [InlineData("2027-03-02T00:00:00Z", "Passed", "retires on 2027-03-02, more than 90 days away (")]
        public void TheLiveRetirementDateIsJudgedAgainstToday(string retires, string status, string reason)
        {
            var c = Get(Check(Live(Model("gpt-realtime", "2025-08-28", retires: retires))), PreviewModelRetirement);
            Assert.Equal(status, c.Status.ToString());
            Assert.Contains(reason, c.Reason);
            Assert.Equal(DeploymentCheck.LiveSource, c.Source);
        }

        [Fact]
        public void ATranscriptionModelGetsItsOwnRetirementCheck()
        {
            var r = Check(Live(Model("gpt-realtime", "2025-08-28"), Model("gpt-4o-transcribe", "2025-03-20", retires: "2027-01-15T00:00:00Z", capabilities: "")),
                transcription: "gpt-4o-transcribe");
            var c = Get(r, TranscriptionModelRetirement);
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains("gpt-4o-transcribe 2025-03-20 retires on 2027-01-15, in 45 days", c.Reason);
            Assert.Equal(DeploymentCheckStatus.Passed, Get(r, TranscriptionRegionOffersModel).Status);
        }

        [Fact]
        public void APreviewModelStillWarnsAboutThePreviewProtocolWithItsLiveDate()
        {
            var c = Get(Check(Live(Model("gpt-4o-realtime-preview", "2024-12-17", retires: "2028-01-01T00:00:00Z", lifecycle: "Preview")), "realtime-preview"),
                PreviewModelRetirement);
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains("retires on 2028-01-01, more than 90 days away", c.Reason);
            Assert.Contains("gpt-4o-realtime-preview is a preview model; Azure has deprecated the preview protocol since 2026-04-30 (Microsoft Learn, Realtime API preview to GA migration guide, https://learn.microsoft.com/azure/foundry/openai/how-to/realtime-audio-preview-api-migration-guide)", c.Reason);
        }

        [Fact]
        public void NoLiveDateIsAPassUnlessArmSaysDeprecated()
        {
            Assert.Equal(DeploymentCheckStatus.Passed, Get(Check(Live(Model("gpt-realtime", "2025-08-28", retires: null))), PreviewModelRetirement).Status);
            var deprecated = Get(Check(Live(Model("gpt-realtime", "2025-08-28", retires: null, lifecycle: "Deprecated"))), PreviewModelRetirement);
            Assert.Equal(DeploymentCheckStatus.Warning, deprecated.Status);
            Assert.Contains("is Deprecated but ARM gives no retirement date", deprecated.Reason);
        }

        [Fact]
        public void TheRegionCheckUsesTheLiveList()
        {
            var offered = Get(Check(Live(Model("gpt-realtime", "2025-08-28"))), RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Passed, offered.Status);
            Assert.Equal("Sweden Central (swedencentral) offers gpt-realtime 2025-08-28 as GlobalStandard (live model list from Azure Resource Manager, read 2026-12-01 07:00 UTC).", offered.Reason);

            var missing = Get(Check(Live(Model("gpt-realtime-mini", "2025-10-06"))), RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Failed, missing.Status);
            Assert.Contains("does not offer gpt-realtime 2025-08-28 (live model list", missing.Reason);
            Assert.EndsWith("Its realtime models: gpt-realtime-mini.", missing.Reason);

            var otherVersion = Get(Check(Live(Model("gpt-realtime-mini", "2025-10-06")), "mini-dated"), RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Failed, otherVersion.Status);
            Assert.Contains("does not offer gpt-realtime-mini-2025-12-15 (live", otherVersion.Reason);
            Assert.EndsWith("it offers gpt-realtime-mini 2025-10-06.", otherVersion.Reason);

            var sku = Get(Check(Live(Model("gpt-realtime", "2025-08-28", skus: "DataZoneStandard"))), RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Failed, sku.Status);
            Assert.Contains("offers gpt-realtime 2025-08-28 but not as GlobalStandard", sku.Reason);
        }

        [Fact]
        public void WithoutALiveListTheCatalogIsUsedAndSaysWhy()
        {
            var r = Check(LiveModelRead.Unavailable("Not authorized to read the model list (403 AuthorizationFailed): the identity needs the Reader role on the subscription."));
            var region = Get(r, RegionOffersModel);
            Assert.Equal(DeploymentCheckStatus.Passed, region.Status);
            Assert.Equal(DeploymentCheck.CatalogSource, region.Source);
            Assert.Contains("catalog as of", region.Reason);
            Assert.EndsWith("Dated catalog used: the live model list could not be read (Not authorized to read the model list (403 AuthorizationFailed): the identity needs the Reader role on the subscription).", region.Reason);
            Assert.Equal(DeploymentCheck.CatalogSource, Get(r, PreviewModelRetirement).Source);
            Assert.Equal(string.Empty, Get(r, DeploymentExists).Source);
            // Not tried at all (offline): the catalog, without a note.
            var offline = Get(Check(null), RegionOffersModel);
            Assert.DoesNotContain("Dated catalog used", offline.Reason);
            Assert.Equal(DeploymentCheck.CatalogSource, offline.Source);
        }

        [Fact]
        public void AModelNewerThanTheCatalogIsJudgedOnTheLiveList()
        {
            var r = Check(Live(Model("gpt-realtime", "2030-01-01", retires: "2027-01-01T00:00:00Z")), "realtime-oddversion");
            Assert.Equal(DeploymentCheckStatus.Passed, Get(r, RegionOffersModel).Status);
            Assert.Contains("gpt-realtime 2030-01-01 retires on 2027-01-01, in 31 days", Get(r, PreviewModelRetirement).Reason);
        }
    }
}
