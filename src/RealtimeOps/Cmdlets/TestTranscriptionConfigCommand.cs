using RealtimeOps.Engine.Deployments;
using System.IO;
using System.Security;
using RealtimeOps.Completers;
using RealtimeOps.Runtime;
using RealtimeOps.Engine.Configuration;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Cmdlets
{
    /// <summary>How Test-TranscriptionConfig writes diagnostics for CI systems.</summary>
    public enum AnnotationMode
    {
        /// <summary>Azure Pipelines when TF_BUILD=True, GitHub Actions when GITHUB_ACTIONS=true, else none.</summary>
        Auto,
        None,
        AzurePipelines,
        GitHubActions,
    }

    /// <summary>
    /// Test-TranscriptionConfig: proves a realtime or transcription session configuration right, offline, with the
    /// line and column of every problem.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TranscriptionConfig", DefaultParameterSetName = SessionInputReader.PathSet, SupportsShouldProcess = true)]
    // -Quiet writes plain booleans (as Test-Path does); PowerShell formats those itself, so only the result type is declared.
    [OutputType(typeof(ValidationResult))]
    [IncludeParameters(typeof(AvailabilityRegionParameter))]
    public sealed partial class TestTranscriptionConfigCommand : SessionInputCmdlet
    {
        // A string, not the engine's ProtocolTarget: a value-type field of an engine type would make PowerShell load the
        // engine while it scans this assembly, before the module initializer can resolve it from dependencies/.
        [Parameter]
        [ValidateSet("Ga", "Preview")]
        public string Target { get; set; } = "Ga";

        /// <summary>
        /// Deployment names, name=model pairs (e.g. rt-prod=gpt-realtime), or the deployments Get-RealtimeDeployment
        /// returns: then the deployment rules check against what is really deployed, and the account's region.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        public object[]? Deployment { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Endpoint { get; set; }

        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        public AnnotationMode Annotations { get; set; } = AnnotationMode.Auto;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JUnitPath { get; set; }

        /// <summary>Replace the content of an existing -JUnitPath report.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private ValidationOptions? _options;
        private AnnotationMode _annotationMode;
        private string? _workspace;
        private readonly List<ValidationResult> _results = new List<ValidationResult>();

        protected override void BeginProcessing()
        {
            string? liveRegion = null;   // the account's region, from Get-RealtimeDeployment output
            base.BeginProcessing();
            Dictionary<string, string?>? deployments = null;
            if (Deployment != null)
            {
                deployments = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                foreach (var item in Deployment)
                {
                    var value = item is PSObject pso ? pso.BaseObject : item;
                    if (value is RealtimeDeployment live)
                    {
                        deployments[live.Name] = live.Model;
                        if (Region == null && !string.IsNullOrEmpty(live.Region)) liveRegion = live.Region;
                        continue;
                    }
                    var d = value?.ToString() ?? string.Empty;
                    var eq = d.IndexOf('=');
                    var name = (eq < 0 ? d : d.Substring(0, eq)).Trim();
                    var model = eq < 0 ? null : d.Substring(eq + 1).Trim();
                    if (name.Length == 0)
                    {
                        ThrowTerminatingError(NewError("DeploymentArgumentInvalid", ErrorCategory.InvalidArgument, d,
                            $"'{d}' names no deployment.", "Give deployment names, or name=model pairs such as rt-prod=gpt-realtime."));
                    }
                    deployments[name] = string.IsNullOrEmpty(model) ? null : model;
                }
            }
            _options = new ValidationOptions { Target = ParseTarget(Target), Region = Region ?? liveRegion, Deployments = deployments, Endpoint = Endpoint };
            _annotationMode = Annotations;
            if (_annotationMode == AnnotationMode.Auto)
            {
                switch (HostKindDetector.DetectContinuousIntegration(Environment.GetEnvironmentVariable))
                {
                    case HostKind.AzureDevOps: _annotationMode = AnnotationMode.AzurePipelines; break;
                    case HostKind.GitHubActions: _annotationMode = AnnotationMode.GitHubActions; break;
                    default: _annotationMode = AnnotationMode.None; break;
                }
            }
            _workspace = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE");
        }

        protected override void ProcessRecord()
        {
            foreach (var item in ReadSessions())
            {
                // Ctrl+C: stop between files; PowerShell ends the pipeline itself.
                if (CancellationToken.IsCancellationRequested) return;
                if (item.Error != null) WriteError(item.Error);
                else Emit(ConfigurationValidator.Validate(item.Document, _options));
            }
        }

        protected override void EndProcessing()
        {
            if (JUnitPath != null)
            {
                var target = OutputPaths.Resolve(this, JUnitPath, Force.IsPresent, "JUnitReport", null, out var refused);
                if (target == null) WriteError(refused);
                else if (ShouldProcess(target, $"Write a JUnit report of {_results.Count} configuration(s)"))
                {
                    try
                    {
                        JUnitReportWriter.Write(_results, target, DateTime.UtcNow, Force.IsPresent);
                        WriteVerbose($"JUnit report written to {target}.");
                    }
                    catch (RealtimeOps.Engine.Output.OutputPathException ex)
                    {
                        WriteError(OutputPaths.Record(ex, "JUnitReport", target));
                    }
                    catch (Exception ex) when (OutputPaths.IsWriteFailure(ex))
                    {
                        WriteError(NewError("JUnitReportNotWritten", ErrorCategory.WriteError, target,
                            $"Could not write the JUnit report to '{target}': {ex.Message}", "Check that the folder exists and is writable.", ex));
                    }
                }
            }
            base.EndProcessing();
        }

        private void Emit(ValidationResult result)
        {
            _results.Add(result);
            if (_annotationMode != AnnotationMode.None)
            {
                var format = _annotationMode == AnnotationMode.AzurePipelines ? HostKind.AzureDevOps : HostKind.GitHubActions;
                // Agents read logging commands from the step's stdout. Host information (what Write-Host writes) is
                // printed to stdout line by line by the console host and can still be captured with 6>&1.
                foreach (var d in result.Diagnostics)
                {
                    var line = PipelineAnnotations.Format(d, format, _workspace);
                    if (line != null) WriteInformation(new HostInformationMessage { Message = line, NoNewLine = false }, new[] { "PSHOST", "RealtimeOps.Annotation" });
                }
            }
            WriteVerbose($"{result.Source}: {result.Kind}, {result.Shape} shape, {result.ErrorCount} error(s), {result.WarningCount} warning(s).");
            if (Quiet) WriteObject(result.IsValid);
            else WriteObject(result);
        }

        internal static ProtocolTarget ParseTarget(string target) =>
            string.Equals(target, "Preview", StringComparison.OrdinalIgnoreCase) ? ProtocolTarget.Preview : ProtocolTarget.Ga;
    }
}
