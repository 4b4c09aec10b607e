#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>One check of one deployment as the report shows it.</summary>
    internal sealed class FleetCheck
    {
        public FleetCheck(string name, string status, string reason)
        {
            Name = name ?? string.Empty;
            Status = status ?? string.Empty;
            Reason = reason ?? string.Empty;
        }

        public string Name { get; }
        /// <summary>Passed, Failed, Warning or Skipped.</summary>
        public string Status { get; }
        public string Reason { get; }
    }

    /// <summary>One deployment of the fleet, with its checks and one verdict.</summary>
    internal sealed class FleetReportRow
    {
        public string Account { get; set; } = string.Empty;
        public string AccountId { get; set; } = string.Empty;
        public string SubscriptionId { get; set; } = string.Empty;
        public string Region { get; set; } = string.Empty;
        public string Deployment { get; set; } = string.Empty;
        public string Model { get; set; } = string.Empty;
        public string Version { get; set; } = string.Empty;
        public string Sku { get; set; } = string.Empty;
        public int? Capacity { get; set; }
        /// <summary>Realtime, Transcription or Other.</summary>
        public string Kind { get; set; } = string.Empty;
        public IReadOnlyList<FleetCheck> Checks { get; set; } = Array.Empty<FleetCheck>();
        /// <summary>Failed, Warning or Passed.</summary>
        public string Verdict { get; set; } = "Passed";
        /// <summary>When the model (version) retires, from live ARM data when the check carried it, else the dated catalog.</summary>
        public DateTime? RetirementDate { get; set; }
        public string RetirementSource { get; set; } = string.Empty;

        internal int VerdictRank => Verdict == "Failed" ? 0 : Verdict == "Warning" ? 1 : 2;
    }

    /// <summary>A whole sweep: when, over what, and every deployment. Shard legs' result files merge into one.</summary>
    internal sealed class FleetReport
    {
        public const string FormatName = "RealtimeOps.FleetReport/1";
        /// <summary>A deployment whose model retires within this many days gets a warning.</summary>
        public const int RetirementWarningDays = 90;

        public DateTimeOffset SweepStarted { get; set; }
        public DateTimeOffset SweepEnded { get; set; }
        public List<string> Scope { get; } = new List<string>();
        public List<FleetReportRow> Rows { get; } = new List<FleetReportRow>();

        public int Count(string verdict) => Rows.Count(r => r.Verdict == verdict);
        public int Accounts => Rows.Select(r => r.AccountId.Length > 0 ? r.AccountId : r.Account).Distinct(StringComparer.OrdinalIgnoreCase).Count();

        /// <summary>Failures first, then warnings; within a verdict by account, then deployment.</summary>
        public IEnumerable<FleetReportRow> Sorted() =>
            Rows.OrderBy(r => r.VerdictRank).ThenBy(r => r.Account, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Deployment, StringComparer.OrdinalIgnoreCase);

        public void Merge(FleetReport other)
        {
            if (other == null) return;
            if (Rows.Count == 0 || other.SweepStarted < SweepStarted) SweepStarted = other.SweepStarted;
            if (other.SweepEnded > SweepEnded) SweepEnded = other.SweepEnded;
            foreach (var s in other.Scope) if (!Scope.Contains(s, StringComparer.OrdinalIgnoreCase)) Scope.Add(s);
            Rows.AddRange(other.Rows);
        }
    }

    /// <summary>Turns deployments and deployment test results into report rows, with the offline checks a fleet needs.</summary>
    internal static class FleetReportRows
    {
        /// <summary>A deployment read from ARM or Resource Graph: provisioning, capacity and retirement checked offline.</summary>
        public static FleetReportRow FromDeployment(RealtimeDeployment d, DateTime today, ModelLifecycle? lifecycle = null, DateTime? liveRetirement = null)
        {
            var row = Describe(d);
            var checks = new List<FleetCheck>
            {
                string.Equals(d.ProvisioningState, "Succeeded", StringComparison.OrdinalIgnoreCase)
                    ? new FleetCheck(DeploymentCheckNames.ProvisioningSucceeded, "Passed", "Provisioning state Succeeded.")
                    : new FleetCheck(DeploymentCheckNames.ProvisioningSucceeded, "Failed", $"Provisioning state is '{d.ProvisioningState}', not Succeeded: sessions on it fail."),
                d.Capacity == null ? new FleetCheck(DeploymentCheckNames.CapacityAvailable, "Skipped", "ARM reports no capacity.")
                    : d.Capacity > 0 ? new FleetCheck(DeploymentCheckNames.CapacityAvailable, "Passed", $"Capacity {d.Capacity}.")
                    : new FleetCheck(DeploymentCheckNames.CapacityAvailable, "Failed", "Capacity 0: every request is throttled."),
            };
            checks.Add(Retirement(row, today, lifecycle, liveRetirement));
            row.Checks = checks;
            row.Verdict = VerdictOf(checks);
            return row;
        }

        /// <summary>A Test-RealtimeDeployment result: its checks and verdict, plus the retirement date.</summary>
        public static FleetReportRow FromTestResult(DeploymentTestResult result, DateTime today, ModelLifecycle? lifecycle = null, DateTime? liveRetirement = null)
        {
            var info = result.RealtimeDeploymentInfo;
            var row = info != null ? Describe(info) : new FleetReportRow { Deployment = result.Deployment ?? string.Empty, Region = result.Region, Account = result.AccountName, Kind = "Realtime" };
            var checks = result.Checks.Select(c => new FleetCheck(c.Name, c.Status.ToString(), c.Reason)).ToList();
            liveRetirement = liveRetirement ?? RetirementIn(result.Checks);
            if (liveRetirement != null)
            {
                row.RetirementDate = liveRetirement;
                row.RetirementSource = "ARM (live)";
            }
            else if (info != null && (lifecycle ?? ModelLifecycle.Current).FindRetirement(info.Model, info.ModelVersion) != null)
                checks.Add(Retirement(row, today, lifecycle, null));
            row.Checks = checks;
            row.Verdict = VerdictOf(checks);
            return row;
        }

        private static readonly System.Text.RegularExpressions.Regex RetiresOn =
            new System.Text.RegularExpressions.Regex(@"\bretire[sd] on (\d{4}-\d{2}-\d{2})\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>The date a realtime retirement check names ("retires on 2027-04-06"), when the check judged one.</summary>
        internal static DateTime? RetirementIn(IEnumerable<DeploymentCheck> checks)
        {
            foreach (var c in checks)
            {
                if (c.Name.IndexOf("Retirement", StringComparison.Ordinal) < 0 || c.Name.StartsWith("Transcription", StringComparison.Ordinal)) continue;
                // Only a date ARM gave is live; a catalog check's date is reported with its published source instead.
                if (!string.Equals(c.Source, DeploymentCheck.LiveSource, StringComparison.Ordinal)) continue;
                var m = RetiresOn.Match(c.Reason);
                if (m.Success && DateTime.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)) return d;
            }
            return null;
        }

        /// <summary>An account whose deployments could not be read (403, 404...): one failed row, so the report shows it.</summary>
        public static FleetReportRow FromAccountFailure(AccountResourceId account, string reason) => new FleetReportRow
        {
            Account = account.AccountName,
            AccountId = account.ToString(),
            SubscriptionId = account.SubscriptionId,
            Deployment = "(not readable)",
            Checks = new[] { new FleetCheck("DeploymentsReadable", "Failed", reason ?? string.Empty) },
            Verdict = "Failed",
        };

        internal static string VerdictOf(IReadOnlyCollection<FleetCheck> checks)
        {
            if (checks.Any(c => c.Status == "Failed")) return "Failed";
            if (checks.Count == 0 || checks.Any(c => c.Status == "Warning" || c.Status == "Skipped")) return "Warning";
            return "Passed";
        }

        private static FleetReportRow Describe(RealtimeDeployment d) => new FleetReportRow
        {
            Account = d.AccountName,
            AccountId = d.AccountResourceId,
            SubscriptionId = d.SubscriptionId,
            Region = d.Region,
            Deployment = d.Name,
            Model = d.Model,
            Version = d.ModelVersion,
            Sku = d.Sku,
            Capacity = d.Capacity,
            Kind = d.Kind.ToString(),
        };

        private static FleetCheck Retirement(FleetReportRow row, DateTime today, ModelLifecycle? lifecycle, DateTime? live)
        {
            const string name = "ModelRetirement";
            DateTime? date = live;
            var source = live != null ? "ARM (live)" : string.Empty;
            if (date == null)
            {
                var known = (lifecycle ?? ModelLifecycle.Current).FindRetirement(row.Model, row.Version);
                if (known != null)
                {
                    // A published date: definite or "no earlier than" (which warns, never fails).
                    row.RetirementDate = known.Date;
                    row.RetirementSource = known.Source;
                    var status = RetirementWindow.Judge(known, $"{row.Model} {row.Version}".Trim(), today, out var sentence);
                    return new FleetCheck(name, status.ToString(), sentence);
                }
            }
            var lc = lifecycle ?? ModelLifecycle.Current;
            if (date == null && ServiceCatalog.Current.FindModel(row.Model)?.Preview == true)
            {
                // No source gives a preview model's own retirement; the preview protocol it runs on has a dated end.
                row.RetirementDate = lc.PreviewProtocolDeprecation;
                row.RetirementSource = lc.PreviewProtocolSource + " (preview protocol)";
                var tense = lc.PreviewProtocolDeprecation.Date <= today.Date ? "has deprecated the preview protocol since" : "deprecates the preview protocol from";
                return new FleetCheck(name, "Warning",
                    $"{row.Model} is a preview model; Azure {tense} {lc.PreviewProtocolDeprecation:yyyy-MM-dd} ({lc.PreviewProtocolSource}): move to a GA model.");
            }
            row.RetirementDate = date;
            row.RetirementSource = source;
            if (date == null) return new FleetCheck(name, "Passed", $"No retirement date known for {row.Model} {row.Version}.");
            var when = date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var days = (date.Value.Date - today.Date).TotalDays;
            if (days <= 0) return new FleetCheck(name, "Failed", $"{row.Model} {row.Version} retired on {when} ({source}): move to a current model.");
            if (days <= FleetReport.RetirementWarningDays)
                return new FleetCheck(name, "Warning", $"{row.Model} {row.Version} retires on {when}, in {days:0} days ({source}): plan the move.");
            return new FleetCheck(name, "Passed", $"{row.Model} {row.Version} retires on {when} ({source}).");
        }
    }
}
