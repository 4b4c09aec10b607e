#nullable enable
using System;
using Xunit;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AngleSharp.Html.Parser;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;

namespace RealtimeOps.Engine.Tests.Fleet
{
    public class FleetReportTests : IDisposable
    {
        private static readonly DateTime Today = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "ro-fleet-" + Guid.NewGuid().ToString("n"));

        public FleetReportTests() { Directory.CreateDirectory(_folder); }
        public void Dispose() { try { Directory.Delete(_folder, true); } catch (IOException) { } }

        private static readonly ModelLifecycle Lifecycle = new ModelLifecycle(new DateTime(2026, 4, 30, 0, 0, 0, DateTimeKind.Utc), "MS-migrate", "", new[]
        {
            new ModelRetirement("gpt-realtime-mini", "2025-10-06", new DateTime(2027, 1, 15, 0, 0, 0, DateTimeKind.Utc), "ARM-models"),
            new ModelRetirement("gpt-realtime", "2025-08-28", new DateTime(2027, 9, 1, 0, 0, 0, DateTimeKind.Utc), "ARM-models"),
        }, Today);

        private static RealtimeDeployment Deployment(string name, string model, string version, string state = "Succeeded", int? capacity = 10, string account = "acct1", string region = "swedencentral") =>
            new RealtimeDeployment(name, model, version, "OpenAI", DeploymentKind.Realtime, "GlobalStandard", capacity, state,
                new CognitiveServicesAccount(new AccountResourceId("00000000-0000-0000-0000-000000000001", "rg", account), region, "https://x/", "OpenAI"));

        private FleetReport Sample()
        {
            var report = new FleetReport { SweepStarted = new DateTimeOffset(Today.AddHours(7)), SweepEnded = new DateTimeOffset(Today.AddHours(8)) };
            report.Scope.Add("management group mg-fleet-1");
            report.Rows.Add(FleetReportRows.FromDeployment(Deployment("ok", "gpt-realtime", "2025-08-28"), Today, Lifecycle));
            report.Rows.Add(FleetReportRows.FromDeployment(Deployment("<script>alert(1)</script>", "gpt-realtime", "2025-08-28", account: "acct2", region: "acct\"2&<b>"), Today, Lifecycle));
            report.Rows.Add(FleetReportRows.FromDeployment(Deployment("broken", "gpt-realtime", "2025-08-28", state: "Failed", region: "eastus2"), Today, Lifecycle));
            report.Rows.Add(FleetReportRows.FromDeployment(Deployment("mini", "gpt-realtime-mini", "2025-10-06", region: "eastus2"), Today, Lifecycle));
            return report;
        }

        private string WriteHtml(FleetReport report)
        {
            var path = Path.Combine(_folder, "fleet.html");
            FleetReportFiles.Write(report, FleetReportFormat.Html, path, overwrite: true);
            return File.ReadAllText(path);
        }

        [Fact]
        public void Offline_checks_judge_provisioning_capacity_and_retirement()
        {
            var r = Sample();
            Assert.Equal("Passed", r.Rows[0].Verdict);
            Assert.Equal("Failed", r.Rows[2].Verdict);
            Assert.Equal("Warning", r.Rows[3].Verdict);
            Assert.Equal(new DateTime(2027, 1, 15), r.Rows[3].RetirementDate);
            Assert.Equal("Failed", FleetReportRows.FromDeployment(Deployment("zero", "gpt-realtime", "2025-08-28", capacity: 0), Today, Lifecycle).Verdict);
            var retired = FleetReportRows.FromDeployment(Deployment("old", "gpt-realtime-mini", "2025-10-06"), new DateTime(2027, 2, 1), Lifecycle);
            Assert.Equal("Failed", retired.Verdict);
            var preview = FleetReportRows.FromDeployment(Deployment("p", "gpt-4o-realtime-preview", "2024-12-17"), Today, Lifecycle);
            Assert.Equal("Warning", preview.Verdict);
            Assert.Equal(new DateTime(2026, 4, 30), preview.RetirementDate);
        }

        [Fact]
        public void The_html_has_the_headline_counts_charts_timeline_and_a_row_per_deployment_failures_first()
        {
            var doc = new HtmlParser().ParseDocument(WriteHtml(Sample()));
            Assert.Equal("1", doc.QuerySelector(".card.failed b")!.TextContent);
            Assert.Equal("1", doc.QuerySelector(".card.warning b")!.TextContent);
            Assert.Equal("2", doc.QuerySelector(".card.passed b")!.TextContent);
            Assert.Equal("4", doc.QuerySelector(".card.total b")!.TextContent);
            var rows = doc.QuerySelectorAll("#deployments tbody tr");
            Assert.Equal(4, rows.Length);
            Assert.Equal(new[] { "v-failed", "v-warning", "v-passed", "v-passed" }, rows.Select(tr => tr.ClassName));
            Assert.Equal("broken", rows[0].QuerySelector("td.name")!.TextContent);
            var headers = doc.QuerySelectorAll("#deployments thead th").Select(th => th.TextContent).ToArray();
            foreach (var h in new[] { "Account", "Region", "Deployment", "Model", "Version", "SKU", "Capacity", "Checks", "Verdict" }) Assert.Contains(h, headers);
            Assert.Equal(new[] { "eastus2", "acct\"2&<b>", "swedencentral" }, doc.QuerySelectorAll("#by-region svg .bar text:first-of-type").Select(t => t.TextContent));
            Assert.Equal(2, doc.QuerySelectorAll("#by-model svg .bar").Length);
            var months = doc.QuerySelectorAll("#retirements svg .month");
            Assert.Equal(13, months.Length);
            Assert.Contains("Jan 27", months.Select(m => m.QuerySelector("text.label")!.TextContent));
            var january = months.Single(m => m.QuerySelector("text.label")!.TextContent == "Jan 27");
            Assert.Equal("1", january.QuerySelector("text.count")!.TextContent);
            Assert.NotNull(january.QuerySelector("rect.failed"));
            Assert.Contains("management group mg-fleet-1", doc.QuerySelector(".meta")!.TextContent);
            Assert.Contains("2026-12-01 07:00 UTC", doc.QuerySelector(".meta")!.TextContent);
            Assert.Contains("ProvisioningSucceeded", rows[0].QuerySelector("details summary")!.TextContent);
        }

        [Fact]
        public void Every_value_is_html_encoded_so_a_deployment_name_cannot_inject_markup()
        {
            var html = WriteHtml(Sample());
            var doc = new HtmlParser().ParseDocument(html);
            Assert.Single(doc.Scripts);
            Assert.DoesNotContain("alert(1)", doc.Scripts[0].TextContent);
            Assert.Contains(doc.QuerySelectorAll("td.name"), td => td.TextContent == "<script>alert(1)</script>");
            Assert.Contains(doc.QuerySelectorAll("#deployments td"), td => td.TextContent == "acct\"2&<b>");
            Assert.DoesNotContain(doc.QuerySelectorAll("#deployments b"), b => b.ParentElement!.TagName == "TD");
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        }

        [Fact]
        public void The_page_is_self_contained_and_filters_without_javascript()
        {
            var doc = new HtmlParser().ParseDocument(WriteHtml(Sample()));
            Assert.Empty(doc.QuerySelectorAll("[src], link, iframe, object, embed, img"));
            Assert.All(doc.QuerySelectorAll("a[href]"), a => Assert.StartsWith("#", a.GetAttribute("href")));
            Assert.Contains("default-src 'none'", doc.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content"));
            var css = doc.QuerySelector("style")!.TextContent;
            Assert.DoesNotContain("url(", css);
            Assert.DoesNotContain("@import", css);
            foreach (var v in new[] { "failed", "warning", "passed" })
            {
                Assert.NotNull(doc.QuerySelector($"span.anchor#show-{v}"));
                Assert.NotNull(doc.QuerySelector($".filters a[href='#show-{v}']"));
                Assert.Contains($"#show-{v}:target~table tbody tr:not(.v-{v}){{display:none}}", css.Replace(",", "{display:none}"));
            }
            Assert.Equal(doc.QuerySelector("#deployments")!.ParentElement, doc.QuerySelector("#show-failed")!.ParentElement);
        }

        [Fact]
        public void Json_result_files_round_trip_and_merge_into_one_report()
        {
            var a = Sample();
            var b = new FleetReport { SweepStarted = a.SweepStarted.AddMinutes(-5), SweepEnded = a.SweepEnded.AddMinutes(5) };
            b.Scope.Add("shard 2 of 2");
            b.Rows.Add(FleetReportRows.FromDeployment(Deployment("other", "gpt-realtime", "2025-08-28", account: "acct9"), Today, Lifecycle));
            var pa = Path.Combine(_folder, "a.json");
            var pb = Path.Combine(_folder, "b.json");
            FleetReportFiles.Write(a, FleetReportFormat.Json, pa, false);
            FleetReportFiles.Write(b, FleetReportFormat.Json, pb, false);

            var merged = FleetReportFiles.ReadJson(pa);
            merged.Merge(FleetReportFiles.ReadJson(pb));
            Assert.Equal(5, merged.Rows.Count);
            Assert.Equal(new[] { "management group mg-fleet-1", "shard 2 of 2" }, merged.Scope);
            Assert.Equal(b.SweepStarted, merged.SweepStarted);
            Assert.Equal(b.SweepEnded, merged.SweepEnded);
            var broken = merged.Rows.Single(r => r.Deployment == "broken");
            Assert.Equal("Failed", broken.Verdict);
            Assert.Equal(10, broken.Capacity);
            Assert.Contains(broken.Checks, c => c.Name == "ProvisioningSucceeded" && c.Status == "Failed");
            Assert.Equal(new DateTime(2027, 1, 15), merged.Rows.Single(r => r.Deployment == "mini").RetirementDate);
        }

        [Fact]
        public void A_file_that_is_not_a_result_file_is_refused_with_the_reason()
        {
            var p = Path.Combine(_folder, "x.json");
            File.WriteAllText(p, "{\"value\":[]}");
            Assert.Contains("not a fleet result file", Assert.Throws<FormatException>(() => FleetReportFiles.ReadJson(p)).Message);
            File.WriteAllText(p, "not json");
            Assert.Throws<FormatException>(() => FleetReportFiles.ReadJson(p));
        }

        [Fact]
        public void Csv_quotes_fields_and_defuses_spreadsheet_formulas()
        {
            var r = Sample();
            r.Rows.Add(FleetReportRows.FromDeployment(Deployment("=HYPERLINK(\"x\")", "gpt-realtime", "2025-08-28", account: "ab", region: "a,b"), Today, Lifecycle));
            var p = Path.Combine(_folder, "f.csv");
            FleetReportFiles.Write(r, FleetReportFormat.Csv, p, false);
            var lines = File.ReadAllLines(p);
            Assert.StartsWith("Account,Region,Deployment,Model,Version,Sku,Capacity,Kind,Verdict", lines[0]);
            Assert.Equal(6, lines.Length);
            Assert.StartsWith("acct1,eastus2,broken,", lines[1]);
            Assert.Contains(lines, l => l.StartsWith("ab,\"a,b\",\"'=HYPERLINK(\"\"x\"\")\","));
        }

        [Fact]
        public void Writing_is_atomic_an_existing_file_is_kept_without_overwrite_and_no_temp_file_is_left()
        {
            var p = Path.Combine(_folder, "keep.html");
            File.WriteAllText(p, "old");
            Assert.ThrowsAny<IOException>(() => FleetReportFiles.Write(Sample(), FleetReportFormat.Html, p, false));
            Assert.Equal("old", File.ReadAllText(p));
            FleetReportFiles.Write(Sample(), FleetReportFormat.Html, p, true);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(p));
            Assert.Equal(new[] { "keep.html" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
        }

        [Fact]
        public void A_live_retirement_named_by_a_deployment_check_is_taken()
        {
            var d = Deployment("rt", "gpt-realtime", "2025-08-28");
            var checks = new[]
            {
                new DeploymentCheck("DeploymentExists", "rt", DeploymentCheckStatus.Passed, "ok"),
                new DeploymentCheck("PreviewModelRetirement", "rt", DeploymentCheckStatus.Warning, "gpt-realtime 2025-08-28 retires on 2027-03-02, in 91 days (ARM-models).", DeploymentCheck.LiveSource),
            };
            var result = new DeploymentTestResult("rt", null, "swedencentral", "acct1", true, "", checks, d, null);
            var row = FleetReportRows.FromTestResult(result, Today, Lifecycle);
            Assert.Equal(new DateTime(2027, 3, 2), row.RetirementDate);
            Assert.Equal("Warning", row.Verdict);
            Assert.Equal(2, row.Checks.Count);
        }
    }

    public class FleetShardsTests
    {
        private static List<RealtimeAccount> Accounts(int n) => Enumerable.Range(0, n).Select(i => FleetData.Account(i, $"00000000-0000-0000-0000-{i % 7:d12}")).ToList();

        [Fact]
        public void Every_account_lands_in_exactly_one_shard_and_shards_are_roughly_even()
        {
            var accounts = Accounts(1000);
            var shards = FleetShards.Split(accounts, 8);
            Assert.Equal(Enumerable.Range(1, 8), shards.Select(s => s.Index));
            Assert.Equal(accounts.Select(a => a.Id).OrderBy(x => x), shards.SelectMany(s => s.Accounts).Select(a => a.Id).OrderBy(x => x));
            Assert.All(shards, s => Assert.InRange(s.AccountCount, 80, 170));
        }

        [Fact]
        public void An_accounts_shard_depends_only_on_its_id_so_each_leg_can_work_out_its_own()
        {
            var all = Accounts(300);
            var fromAll = FleetShards.Split(all, 5);
            var reversed = FleetShards.Split(Enumerable.Reverse(all).Concat(all.Take(10)), 5);
            Assert.Equal(fromAll.Select(s => s.Accounts.Select(a => a.Id)), reversed.Select(s => s.Accounts.Select(a => a.Id)));
            Assert.Equal(FleetShards.ShardOf(all[5].Id, 5), FleetShards.ShardOf(all[5].Id.ToUpperInvariant(), 5));
        }

        [Fact]
        public void Matrices_are_what_GitHub_Actions_and_Azure_DevOps_take()
        {
            Assert.Equal("{\"include\":[{\"shard\":1,\"shards\":2},{\"shard\":2,\"shards\":2}]}", FleetShards.GitHubActionsMatrix(2));
            Assert.Equal("{\"shard1\":{\"shard\":\"1\",\"shards\":\"2\"},\"shard2\":{\"shard\":\"2\",\"shards\":\"2\"}}", FleetShards.AzureDevOpsMatrix(2));
        }
    }
}
