using System.Collections.ObjectModel;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using RealtimeOps.Completers;
using RealtimeOps.Engine.Bundles;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Hosting;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Export-SupportBundle: packs probe results, validation results, deployment checks, errors and recorded
    /// exchanges into one redacted, ticket-ready zip.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SupportBundle", SupportsShouldProcess = true, DefaultParameterSetName = "Default")]
    [OutputType("RealtimeOps.SupportBundle")]
    public sealed class ExportSupportBundleCommand : RealtimeOpsCmdlet
    {
        private readonly List<RealtimeProbeResult> _probes = new List<RealtimeProbeResult>();
        private readonly List<RealtimeOps.Engine.Transcription.RealtimeTranscriptionResult> _transcriptions = new List<RealtimeOps.Engine.Transcription.RealtimeTranscriptionResult>();
        private readonly List<object> _validation = new List<object>();
        private readonly List<object> _deployments = new List<object>();
        private readonly List<BundleError> _errors = new List<BundleError>();
        // Recorded exchanges are held by reference (the runspace log keeps them anyway); property bags are read once.
        private readonly List<Exchange> _exchanges = new List<Exchange>();
        private readonly HashSet<string> _exchangeKeys = new HashSet<string>(StringComparer.Ordinal);
        private string? _target;
        private bool _sawInput;

        /// <summary>Probe results, validation results, deployment checks, ErrorRecords or recorded exchanges.</summary>
        [Parameter(ValueFromPipeline = true)]
        public object? InputObject { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        // Not bound from the pipeline: the input is many objects of different kinds, and the facts are read from them
        // (deployment results, exchanges) after all have arrived.
        [Parameter]
        public string? SubscriptionId { get; set; }

        [Parameter]
        public string? ResourceGroupName { get; set; }

        [Parameter]
        [Alias("AccountName")]
        public string? ResourceName { get; set; }

        /// <summary>The region of the resource, for the case facts; region names complete.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        /// <summary>In Azure Pipelines, attach the bundle to the build with ##vso[task.uploadfile].</summary>
        [Parameter]
        public SwitchParameter UploadToPipeline { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _target = OutputPaths.Resolve(this, Path!, Force.IsPresent, "SupportBundle", ".zip", out var refused); // -Path is mandatory
            if (_target == null) ThrowTerminatingError(refused);
        }

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            _sawInput = true;
            Add(InputObject);
        }

        private void Add(object input)
        {
            var pso = input as PSObject;
            var value = pso?.BaseObject ?? input;
            switch (value)
            {
                case RealtimeProbeResult probe:
                    _probes.Add(probe);
                    _transcriptions.AddRange(probe.LiveChecks);
                    foreach (var e in probe.Exchanges) AddExchange(e);
                    if (probe.Validation != null) _validation.Add(probe.Validation);
                    if (probe.DeploymentChecks != null) _deployments.Add(probe.DeploymentChecks);
                    return;
                case RealtimeOps.Engine.Transcription.RealtimeTranscriptionResult transcription:
                    _transcriptions.Add(transcription);
                    foreach (var e in transcription.Exchanges) AddExchange(e);
                    return;
                case ErrorRecord record:
                    _errors.Add(ToBundleError(record));
                    return;
                case Exchange recorded:
                    AddExchange(recorded);
                    return;
                case object[] many:
                    foreach (var item in many) if (item != null) Add(item);
                    return;
            }

            var typeName = value.GetType().FullName ?? string.Empty;
            var wrapped = pso ?? PSObject.AsPSObject(value);
            if (typeName.EndsWith("ValidationResult", StringComparison.Ordinal)) { _validation.Add(value); return; }
            if (typeName.StartsWith("RealtimeOps.Engine.Deployments.", StringComparison.Ordinal)) { _deployments.Add(value); return; }
            if (BundleExchangeReader.LooksLikeExchange(name => wrapped.Properties[name]?.Value)) { AddExchange(BundleExchangeReader.Read(name => wrapped.Properties[name]?.Value)); return; }

            WriteError(NewError("SupportBundleInputNotSupported", ErrorCategory.InvalidType, input,
                $"Export-SupportBundle does not know what to do with a {typeName}.",
                "Pipe probe results (Invoke-RealtimeProbe), live transcription results (Test-RealtimeTranscription), validation results (Test-TranscriptionConfig), deployment checks (Test-RealtimeDeployment), error records ($Error) or exchanges (Get-RealtimeExchange)."));
        }

        private void AddExchange(Exchange exchange)
        {
            // A probe result and the runspace log can bring the same exchange twice.
            if (_exchangeKeys.Add(exchange.Sequence + "|" + exchange.StartedAtUtc.UtcTicks + "|" + exchange.Url)) _exchanges.Add(exchange);
        }

        private static BundleError ToBundleError(ErrorRecord record) => new BundleError
        {
            ErrorId = record.FullyQualifiedErrorId,
            Category = record.CategoryInfo?.Category.ToString(),
            Message = record.ErrorDetails?.Message ?? record.Exception?.Message,
            RecommendedAction = record.ErrorDetails?.RecommendedAction,
            TargetName = record.CategoryInfo?.TargetName,
            ExceptionType = record.Exception?.GetType().FullName,
            InvocationInfo = record.InvocationInfo?.PositionMessage,
        };

        protected override void EndProcessing()
        {
            try
            {
                if (!_sawInput) AddRunspaceInput();
                var host = HostInfo();
                if (!ShouldProcess($"Write support bundle to {_target} ({_probes.Count} probe result(s), {_exchanges.Count} exchange(s), {_errors.Count} error(s))",
                        $"Write support bundle to {_target}?", "Export-SupportBundle")) return;

                var request = new SupportBundleRequest
                {
                    Path = _target,
                    Overwrite = Force.IsPresent,
                    Facts = new SupportCaseFacts { SubscriptionId = SubscriptionId, ResourceGroupName = ResourceGroupName, ResourceName = ResourceName, Region = Region },
                    Connection = RealtimeServiceCmdlet.RunspaceContext.Current,
                    Host = host,
                    ProbeResults = _probes,
                    TranscriptionResults = _transcriptions,
                    Exchanges = _exchanges,
                    ValidationResults = _validation,
                    DeploymentChecks = _deployments,
                    Errors = _errors,
                    // The connection's own key or token is scrubbed literally, on top of the capture-time rules.
                    Guard = ServiceRedactorGuard.ForConnections(new[] { RealtimeServiceCmdlet.RunspaceContext.Current }),
                    CaptureRedactionCounts = RealtimeServiceCmdlet.RunspaceContext.Exchanges.RedactionCounts.ToDictionary(k => k.Key, k => (long)k.Value),
                };
                WriteVerbose($"Writing {_exchanges.Count} exchange(s), {_probes.Count} probe result(s), {_validation.Count} validation and {_deployments.Count} deployment result(s) to {_target}.");
                // The write runs on a worker so Ctrl+C (StopProcessing) can cancel it; nothing there touches a PowerShell stream.
                var info = RunEngine((reporter, token) => Task.FromResult(SupportBundleWriter.Write(request, token)));

                WriteWarning($"Review {_target} before you share it: keys, tokens and ek_ secrets were removed, but instructions, prompts and URLs are as sent.");
                if (info.FillInBeforeSending.Count > 0)
                    WriteWarning($"Fill in before sending (listed in summary.md): {string.Join(", ", info.FillInBeforeSending)}.");
                if (UploadToPipeline.IsPresent) Upload(info.Path, host.HostKind);

                var file = new FileInfo(info.Path);
                var output = PSObject.AsPSObject(file);
                output.Properties.Add(new PSNoteProperty("Verdict", info.Verdict));
                output.Properties.Add(new PSNoteProperty("ProbeCount", info.ProbeCount));
                output.Properties.Add(new PSNoteProperty("ExchangeCount", info.ExchangeCount));
                output.Properties.Add(new PSNoteProperty("ValidationCount", info.ValidationCount));
                output.Properties.Add(new PSNoteProperty("DeploymentCheckCount", info.DeploymentCheckCount));
                output.Properties.Add(new PSNoteProperty("ErrorCount", info.ErrorCount));
                output.Properties.Add(new PSNoteProperty("RedactionCount", info.RedactionCounts.Values.Sum()));
                output.Properties.Add(new PSNoteProperty("FillInBeforeSending", info.FillInBeforeSending.ToArray()));
                output.TypeNames.Insert(0, "RealtimeOps.SupportBundle");
                WriteObject(output);
            }
            catch (Engine.Output.OutputPathException ex)
            {
                WriteError(OutputPaths.Record(ex, "SupportBundle", _target));
            }
            catch (IOException ex)
            {
                WriteError(NewError("SupportBundleWriteFailed", ErrorCategory.WriteError, _target, $"The support bundle could not be written: {ex.Message}",
                    "Check the folder is writable and has space; nothing was left behind.", ex));
            }
            catch (UnauthorizedAccessException ex)
            {
                WriteError(NewError("SupportBundleAccessDenied", ErrorCategory.PermissionDenied, _target, $"The support bundle could not be written: {ex.Message}",
                    "Choose a folder you can write to.", ex));
            }
            finally
            {
                base.EndProcessing();
            }
        }

        private void Upload(string? path, HostKind kind)
        {
            if (kind == HostKind.AzureDevOps)
            {
                // The agent reads logging commands from standard output, so this goes to the host, not the pipeline.
                Host.UI.WriteLine(PipelineCommands.AzureDevOpsUploadFile(path));
                WriteVerbose($"Attached {path} to the pipeline run with ##vso[task.uploadfile].");
            }
            else
            {
                WriteWarning("-UploadToPipeline works in Azure Pipelines only (TF_BUILD=True); the bundle was written but not attached.");
            }
        }

        private void AddRunspaceInput()
        {
            var recorded = RealtimeServiceCmdlet.RunspaceContext.Exchanges.Snapshot();
            foreach (var e in recorded) AddExchange(e);
            var last = ProbeResultStore.Last;
            if (last != null) _probes.Add(last);
            WriteVerbose($"No input: bundling this runspace's {recorded.Count} recorded exchange(s){(last != null ? " and its last probe result (" + last.Verdict + ")" : "")}.");
        }

        private BundleHostInfo HostInfo()
        {
            var table = SessionState.PSVariable.GetValue("PSVersionTable") as System.Collections.IDictionary;
            return new BundleHostInfo
            {
                ModuleVersion = MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(ExportSupportBundleCommand).Assembly.GetName().Version.ToString(3),
                PowerShellVersion = table?["PSVersion"]?.ToString(),
                PowerShellEdition = table?["PSEdition"]?.ToString(),
                OperatingSystem = RuntimeInformation.OSDescription,
                Runtime = RuntimeInformation.FrameworkDescription,
                HostKind = HostEnvironment.Kind(this),
            };
        }
    }
}
