using System;
using System.Globalization;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>
    /// Judges a retirement date against "today" (given, never read from the clock): a definite date that has passed fails,
    /// one within <see cref="WarningDays"/> warns with the date. A "no earlier than" date is not definite: past or near, it
    /// warns and points at the source for the final date; it never fails.
    /// </summary>
    internal static class RetirementWindow
    {
        /// <summary>A retirement this close (or closer) is a warning; a past one is a failure.</summary>
        public const int WarningDays = 90;

        /// <summary>The status for a definite date and the words for it ("retired on ...", "retires on ..., in 12 days").</summary>
        public static DeploymentCheckStatus Judge(DateTime date, DateTime todayUtc, out string when)
        {
            var day = date.Date;
            var today = todayUtc.Date;
            var days = (int)(day - today).TotalDays;
            if (day <= today)
            {
                when = $"retired on {Day(day)}";
                return DeploymentCheckStatus.Failed;
            }
            if (days <= WarningDays)
            {
                when = $"retires on {Day(day)}, in {days.ToString(CultureInfo.InvariantCulture)} day{(days == 1 ? "" : "s")}";
                return DeploymentCheckStatus.Warning;
            }
            when = $"retires on {Day(day)}, more than {WarningDays} days away";
            return DeploymentCheckStatus.Passed;
        }

        /// <summary>
        /// The status and sentence for a published retirement of <paramref name="label"/> (model and version), naming the
        /// source and, when given, the replacement.
        /// </summary>
        public static DeploymentCheckStatus Judge(ModelRetirement retirement, string label, DateTime todayUtc, out string sentence)
        {
            var replacement = retirement.Replacement == null ? string.Empty : $" The source names {retirement.Replacement} as the replacement.";
            if (!retirement.NoEarlierThan)
            {
                var status = Judge(retirement.Date, todayUtc, out var when);
                sentence = $"{label} {when} ({retirement.Source}).{replacement}";
                return status;
            }
            var near = (retirement.Date.Date - todayUtc.Date).TotalDays <= WarningDays;
            sentence = near
                ? $"{label} retires no earlier than {Day(retirement.Date)} ({retirement.Source}): check the page for the final date.{replacement}"
                : $"{label} retires no earlier than {Day(retirement.Date)}, more than {WarningDays} days away ({retirement.Source}).{replacement}";
            return near ? DeploymentCheckStatus.Warning : DeploymentCheckStatus.Passed;
        }

        private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
