using System;
using System.IO;
using System.Linq;
using System.Text;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Tests.Deployments;
using Xunit;
using static RealtimeOps.Engine.Deployments.DeploymentCheckNames;
using static RealtimeOps.Engine.Tests.Availability.LiveModelTestData;

namespace RealtimeOps.Engine.Tests.Catalog
{
    /// <summary>
    /// The published retirement table (lifecycle.json modelRetirements) as the offline fallback of the deployment checks,
    /// judged on an injected "today": definite dates fail when past and warn within 90 days; "no earlier than" dates only warn.
    /// </summary>
    public class PublishedRetirementTests
    {
        private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        private const string Learn = "Microsoft Learn, Azure OpenAI model deprecations and retirements, https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirements";

        private static DateTime Day(string d) => DateTime.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        private static ModelLifecycle Table(params ModelRetirement[] entries) =>
            new ModelLifecycle(new DateTime(2026, 4, 30), "MS-migrate", "", entries, new DateTime(2026, 2, 15));

        private static DeploymentCheck Retirement(ModelLifecycle lifecycle, string deployment = "gpt-realtime", DateTimeOffset? now = null,
            Engine.Availability.LiveModelRead live = null)
        {
            var account = DeploymentTestData.Account();
            var r = new DeploymentChecker(lifecycle: lifecycle, now: now ?? Today).Check(new DeploymentCheckRequest
            {
                Deployment = deployment, Account = account, Deployments = DeploymentTestData.Deployments(account), LiveModels = live,
            });
            return Assert.Single(r.Checks, c => c.Name == PreviewModelRetirement);
        }

        [Fact]
        public void ADefinitePastDateFailsAndNamesTheReplacement()
        {
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day("2026-02-02"), Learn, replacement: "gpt-realtime-1.5")));
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains($"gpt-realtime 2025-08-28 retired on 2026-02-02 ({Learn}).", c.Reason);
            Assert.Contains("names gpt-realtime-1.5 as the replacement", c.Reason);
            Assert.Equal(DeploymentCheck.CatalogSource, c.Source);
        }

        [Fact]
        public void ADefiniteDateWithin90DaysWarnsWithTheDate()
        {
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day("2026-05-01"), Learn)));
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains("gpt-realtime 2025-08-28 retires on 2026-05-01, in 61 days", c.Reason);
            Assert.DoesNotContain("replacement", c.Reason);
        }

        [Fact]
        public void ADefiniteDateBeyond90DaysPasses()
        {
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day("2027-02-28"), Learn, deprecation: Day("2026-08-28"))));
            Assert.Equal(DeploymentCheckStatus.Passed, c.Status);
            Assert.Contains("retires on 2027-02-28, more than 90 days away", c.Reason);
        }

        [Theory]
        [InlineData("2026-02-28")] // past
        [InlineData("2026-03-01")] // today
        [InlineData("2026-05-30")] // within 90 days
        public void ANoEarlierThanDateThatIsPastOrNearWarnsAndNeverFails(string date)
        {
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day(date), Learn, noEarlierThan: true)));
            Assert.Equal(DeploymentCheckStatus.Warning, c.Status);
            Assert.Contains($"gpt-realtime 2025-08-28 retires no earlier than {date} ({Learn}): check the page for the final date.", c.Reason);
            Assert.DoesNotContain("retired on", c.Reason);
        }

        [Fact]
        public void ANoEarlierThanDateFarAwayPasses()
        {
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day("2026-12-15"), Learn, noEarlierThan: true)));
            Assert.Equal(DeploymentCheckStatus.Passed, c.Status);
            Assert.Contains("retires no earlier than 2026-12-15, more than 90 days away", c.Reason);
        }

        [Fact]
        public void AnEntryForAnotherVersionIsNoFinding()
        {
            // The deployment runs gpt-realtime 2025-08-28; a retired 2024 version of the same model says nothing about it.
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2024-12-17", Day("2026-01-01"), Learn)));
            Assert.Equal(DeploymentCheckStatus.Passed, c.Status);
            Assert.DoesNotContain("2026-01-01", c.Reason);
            Assert.Contains("no source gives a retirement date", c.Reason);
        }

        [Fact]
        public void ADatedModelNameStandsForItsVersionOffline()
        {
            var table = Table(new ModelRetirement("gpt-realtime-mini-2025-12-15", "2025-12-15", Day("2026-04-01"), Learn, noEarlierThan: true));
            Assert.NotNull(table.FindRetirement("gpt-realtime-mini-2025-12-15", null));
            Assert.Null(table.FindRetirement("gpt-realtime-mini-2025-12-15", "2026-01-01"));
            Assert.Null(table.FindRetirement("gpt-realtime-mini", null));
        }

        [Fact]
        public void LiveDataWinsOverThePublishedTable()
        {
            var live = Engine.Availability.LiveModelRead.Read(List("swedencentral", Page(new[] { Model("gpt-realtime", "2025-08-28", retires: "2028-01-01T00:00:00Z") }),
                Page(new[] { Usage("OpenAI.GlobalStandard.gpt-realtime", 0, 10) })));
            var c = Retirement(Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day("2026-02-02"), Learn)), live: live);
            Assert.Equal(DeploymentCheckStatus.Passed, c.Status);
            Assert.Equal(DeploymentCheck.LiveSource, c.Source);
            Assert.Contains("retires on 2028-01-01", c.Reason);
        }

        [Fact]
        public void TheShippedTableFailsTheRetiredPreviewVersionAndNamesItsReplacement()
        {
            // The embedded lifecycle.json: gpt-4o-realtime-preview 2024-12-17 retired on 2026-02-02 (replacement gpt-realtime).
            var c = Retirement(ModelLifecycle.Current, "realtime-preview", now: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
            Assert.Equal(DeploymentCheckStatus.Failed, c.Status);
            Assert.Contains("gpt-4o-realtime-preview 2024-12-17 retired on 2026-02-02 (Microsoft Learn, Azure OpenAI model deprecations and retirements", c.Reason);
            Assert.Contains("gpt-realtime as the replacement", c.Reason);
            Assert.Contains("preview model", c.Reason);
        }

        [Fact]
        public void TheShippedLifecycleFileLoadsTheRetirementTable()
        {
            var lc = ModelLifecycle.Current;
            var realtime = lc.FindRetirement("gpt-realtime", "2025-08-28");
            Assert.NotNull(realtime);
            Assert.Equal(Day("2027-02-28"), realtime.Date.Date);
            Assert.Equal(Day("2026-08-28"), realtime.Deprecation?.Date);
            Assert.False(realtime.NoEarlierThan);
            Assert.StartsWith("Microsoft Learn, Azure OpenAI model deprecations and retirements", realtime.Source);
            Assert.Contains("https://learn.microsoft.com/", realtime.Source);
            Assert.True(lc.FindRetirement("gpt-4o-mini-realtime-preview", "2024-12-17").NoEarlierThan);
            Assert.Equal("gpt-realtime", lc.FindRetirement("gpt-4o-realtime-preview", "2024-12-17").Replacement);
            Assert.Null(lc.FindRetirement("gpt-4o-realtime-preview", "2025-06-03"));
            Assert.NotEqual(lc.FindRetirement("gpt-4o-mini-transcribe", "2025-03-20").Date, lc.FindRetirement("gpt-4o-mini-transcribe", "2025-12-15").Date);
            Assert.All(lc.Retirements, r => Assert.DoesNotContain("MS-", r.Source));
        }

        [Fact]
        public void LoadReadsEveryFieldAndResolvesTheSourceName()
        {
            const string json = "{\"asOf\":\"2026-12-01\",\"sources\":{\"Doc\":\"Doc title, https://example.test/doc\"}," +
                "\"previewProtocolDeprecation\":{\"date\":\"2026-04-30\",\"source\":\"Doc\",\"text\":\"t\"},\"modelRetirements\":[" +
                "{\"model\":\"m\",\"version\":\"1\",\"deprecation\":\"2026-01-01\",\"date\":\"2026-06-01\",\"replacement\":\"n\",\"source\":\"Doc\"}," +
                "{\"model\":\"m\",\"date\":\"2027-01-01\",\"noEarlierThan\":true,\"source\":\"Other\"}]}";
            var lc = ModelLifecycle.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));
            Assert.Equal(2, lc.Retirements.Count);
            var v1 = lc.FindRetirement("m", "1");
            Assert.Equal("Doc title, https://example.test/doc", v1.Source);
            Assert.Equal("n", v1.Replacement);
            Assert.Equal(Day("2026-01-01"), v1.Deprecation?.Date);
            var other = lc.FindRetirement("m", "2");
            Assert.Null(other.Version);
            Assert.True(other.NoEarlierThan);
            Assert.Equal("Other", other.Source);
            Assert.Equal("1: retires 2026-06-01", v1.ToString());
            Assert.Equal("retires no earlier than 2027-01-01", other.ToString());
        }

        [Fact]
        public void CatalogModelsCarryTheirPublishedRetirements()
        {
            var realtime = ServiceCatalog.Current.FindModel("gpt-realtime");
            Assert.Equal(Day("2027-02-28"), realtime.RetirementDate?.Date);
            Assert.Equal("2025-08-28: retires 2027-02-28", Assert.Single(realtime.Retirements).ToString());
            var mini = ServiceCatalog.Current.FindModel("gpt-4o-mini-transcribe");
            Assert.Equal(2, mini.Retirements.Count);
            Assert.Null(mini.RetirementDate); // two versions, two dates, and neither definite
            Assert.Null(ServiceCatalog.Current.FindModel("gpt-realtime-mini-2025-12-15").RetirementDate); // "no earlier than" only
            Assert.Empty(ServiceCatalog.Current.FindModel("gpt-realtime-1.5").Retirements);
        }

        [Fact]
        public void TheFleetReportWarnsButNeverFailsOnANoEarlierThanDate()
        {
            var table = Table(new ModelRetirement("gpt-4o-transcribe", "2025-03-20", Day("2026-02-28"), Learn, noEarlierThan: true),
                new ModelRetirement("gpt-realtime", "2025-08-28", Day("2026-02-02"), Learn));
            var account = DeploymentTestData.Account();
            var deployments = DeploymentTestData.Deployments(account);
            var transcribe = FleetReportRows.FromDeployment(deployments.First(d => d.Name == "gpt-4o-transcribe"), Today.UtcDateTime, table);
            var check = Assert.Single(transcribe.Checks, c => c.Name == "ModelRetirement");
            Assert.Equal("Warning", check.Status);
            Assert.Contains("retires no earlier than 2026-02-28", check.Reason);
            var realtime = FleetReportRows.FromDeployment(deployments.First(d => d.Name == "gpt-realtime"), Today.UtcDateTime, table);
            Assert.Equal("Failed", Assert.Single(realtime.Checks, c => c.Name == "ModelRetirement").Status);
        }

        [Fact]
        public void AFleetRowDoesNotCallACatalogDateLive()
        {
            var table = Table(new ModelRetirement("gpt-realtime", "2025-08-28", Day("2026-05-01"), Learn));
            var account = DeploymentTestData.Account();
            var deployment = DeploymentTestData.Deployments(account).First(d => d.Name == "gpt-realtime");
            var result = new DeploymentTestResult("gpt-realtime", null, "swedencentral", "rtops-demo", true, "",
                new[] { new DeploymentCheck(PreviewModelRetirement, "gpt-realtime", DeploymentCheckStatus.Warning,
                    "gpt-realtime 2025-08-28 retires on 2026-05-01, in 61 days (" + Learn + ").", DeploymentCheck.CatalogSource) }, deployment, null);
            var row = FleetReportRows.FromTestResult(result, Today.UtcDateTime, table);
            Assert.Equal(Day("2026-05-01"), row.RetirementDate?.Date);
            Assert.Equal(Learn, row.RetirementSource);
        }
    }
}
