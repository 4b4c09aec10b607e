using System.Collections.ObjectModel;
using System.IO;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Export-RealtimeFleetReport: one report (self-contained HTML, CSV or JSON) over deployments and deployment test
    /// results from the pipeline and result files written by shard legs (-Format Json).
    /// </summary>
    [Cmdlet(VerbsData.Export, "RealtimeFleetReport", SupportsShouldProcess = true)]
    [OutputType(typeof(RealtimeFleetReportInfo))]
    public sealed class ExportRealtimeFleetReportCommand : RealtimeOpsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Html (default, or from the extension of -Path), Csv or Json (a result file another report can merge).</summary>
        [Parameter]
        [ValidateSet("Html", "Csv", "Json")]
        public string? Format { get; set; }

        /// <summary>Get-RealtimeDeployment or Test-RealtimeDeployment output.</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Result files of shard legs (Export-RealtimeFleetReport -Format Json) to merge.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? InputPath { get; set; }

        /// <summary>What was swept, shown in the report (for example "management group contoso, shard 3 of 8").</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Scope { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly FleetReport _report = new FleetReport();
        private DateTimeOffset? _firstInput;

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            if (_firstInput == null) _firstInput = DateTimeOffset.UtcNow;
            var today = DateTime.UtcNow.Date;
            var live = LiveRetirement(InputObject);
            switch (InputObject.BaseObject)
            {
                case RealtimeDeployment d: _report.Rows.Add(FleetReportRows.FromDeployment(d, today, null, live)); break;
                case DeploymentTestResult r: _report.Rows.Add(FleetReportRows.FromTestResult(r, today, null, live)); break;
                // Get-RealtimeDeployment 2>&1: an account that could not be read becomes a failed row.
                case ErrorRecord e when e.TargetObject is string id && AccountResourceId.TryParse(id, out var account, out _):
                    _report.Rows.Add(FleetReportRows.FromAccountFailure(account, e.ErrorDetails?.Message ?? e.Exception.Message));
                    break;
                default:
                    WriteError(NewError("FleetReportInputUnsupported", ErrorCategory.InvalidType, InputObject.BaseObject?.GetType().FullName,
                        $"Export-RealtimeFleetReport takes deployments (Get-RealtimeDeployment), deployment test results (Test-RealtimeDeployment) and their per-account errors, not {InputObject.BaseObject?.GetType().FullName ?? "null"}.",
                        "Pipe Get-RealtimeDeployment or Test-RealtimeDeployment output, or merge result files with -InputPath."));
                    break;
            }
        }

        protected override void EndProcessing()
        {
            try { Export(); }
            finally { base.EndProcessing(); }
        }

        private void Export()
        {
            var target = ResolveTarget();
            var format = (FleetReportFormat)Enum.Parse(typeof(FleetReportFormat), Format ?? FormatFromExtension(target), true);
            var now = DateTimeOffset.UtcNow;
            _report.SweepStarted = _firstInput ?? now;
            _report.SweepEnded = now;
            foreach (var s in Scope ?? Array.Empty<string>()) _report.Scope.Add(s);
            foreach (var file in ResolveInputFiles())
            {
                try { _report.Merge(FleetReportFiles.ReadJson(file)); }
                catch (Exception ex) when (ex is FormatException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(NewError("FleetReportInputFileInvalid", ErrorCategory.InvalidData, file, ex.Message,
                        "Give result files written by Export-RealtimeFleetReport -Format Json.", ex));
                }
            }
            if (_report.Scope.Count == 0 && _report.Rows.Count > 0)
                _report.Scope.Add($"{_report.Rows.Select(r => r.SubscriptionId).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Count()} subscription(s) as piped in");

            if (!ShouldProcess(target, $"Write a {format} fleet report of {_report.Rows.Count} deployment(s)")) return;
            try { FleetReportFiles.Write(_report, format, target, Force.IsPresent); }
            catch (Engine.Output.OutputPathException ex)
            {
                ThrowTerminatingError(OutputPaths.Record(ex, "FleetReport", Path));
                return;
            }
            catch (Exception ex) when (OutputPaths.IsWriteFailure(ex))
            {
                ThrowTerminatingError(NewError("FleetReportWriteFailed", ErrorCategory.WriteError, target, $"Could not write '{target}': {ex.Message}",
                    "Check the folder exists and is writable; nothing was written.", ex));
                return;
            }
            var retiring = _report.Rows.Count(r => r.RetirementDate.HasValue && r.RetirementDate.Value < now.UtcDateTime.AddMonths(12));
            WriteObject(new RealtimeFleetReportInfo(target, format.ToString(), _report.Rows.Count, _report.Count("Failed"), _report.Count("Warning"),
                _report.Count("Passed"), _report.Accounts, retiring, _report.SweepStarted, _report.SweepEnded));
        }

        private string ResolveTarget()
        {
            var target = OutputPaths.Resolve(this, Path, Force.IsPresent, "FleetReport", null, out var error);
            if (target == null) ThrowTerminatingError(error!);
            return target!;
        }

        private IEnumerable<string> ResolveInputFiles()
        {
            foreach (var pattern in InputPath ?? Array.Empty<string>())
            {
                Collection<string> paths;
                ProviderInfo provider;
                try { paths = GetResolvedProviderPathFromPSPath(pattern, out provider); }
                catch (ItemNotFoundException ex)
                {
                    ThrowTerminatingError(NewError("FleetReportInputFileNotFound", ErrorCategory.ObjectNotFound, pattern, ex.Message,
                        "Check -InputPath: each leg writes its result file with Export-RealtimeFleetReport -Format Json."));
                    yield break;
                }
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    ThrowTerminatingError(NewError("FleetReportPathNotFileSystem", ErrorCategory.InvalidArgument, pattern,
                        $"'{pattern}' is on the {provider.Name} provider; result files are files.", "Give file system paths."));
                foreach (var p in paths) yield return p;
            }
        }

        private static string FormatFromExtension(string path)
        {
            var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
            return ext == ".csv" ? "Csv" : ext == ".json" ? "Json" : "Html";
        }

        /// <summary>A live retirement date a deployment check carried (a RetirementDate property), when there is one.</summary>
        private static DateTime? LiveRetirement(PSObject input)
        {
            var value = input.Properties["RetirementDate"]?.Value;
            if (value is PSObject ps) value = ps.BaseObject;
            return value is DateTime d ? d : value is DateTimeOffset o ? o.UtcDateTime : (DateTime?)null;
        }
    }
}
