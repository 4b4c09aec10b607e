using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RealtimeOps.Completers;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Test-RealtimeDeployment: checks that the realtime deployment (session.model) and the transcription deployment exist,
    /// serve the right kind of model, are provisioned with capacity, and that the account's region offers their models.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "RealtimeDeployment", DefaultParameterSetName = NamesSet)]
    [OutputType(typeof(DeploymentTestResult))]
    [OutputType(typeof(bool))]
    public sealed class TestRealtimeDeploymentCommand : RealtimeServiceCmdlet
    {
        private const string NamesSet = "Names";
        private const string PathSet = "Path";
        private const string JsonSet = "Json";
        private const string InputObjectSet = "InputObject";

        [Parameter(Position = 0, ParameterSetName = NamesSet)]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Deployment { get; set; }

        [Parameter(ParameterSetName = NamesSet)]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string TranscriptionDeployment { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        [ValidateNotNullOrEmpty]
        public string Json { get; set; }

        /// <summary>A session configuration (hashtable, object, JSON string, file) or a deployment from Get-RealtimeDeployment.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SubscriptionId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ResourceGroupName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string AccountName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ResourceId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ResourceManagerEndpoint { get; set; }

        /// <summary>The region to check against when ARM is not read (ignored when the account's region is known).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [Alias("Location")]
        [ValidateNotNullOrEmpty]
        public string Region { get; set; }

        /// <summary>Do not read ARM: only the catalog checks run.</summary>
        [Parameter]
        public SwitchParameter Offline { get; set; }

        /// <summary>Return only $true (healthy) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        // One runner per call: one ARM read per account, however many configurations come down the pipeline.
        private DeploymentCheckRunner _runner;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Region != null && Engine.Catalog.ServiceCatalog.Current.FindRegion(Region) == null)
                ThrowTerminatingError(NewError("RegionNotRecognized", ErrorCategory.InvalidArgument, Region,
                    $"'{Region}' is not an Azure region RealtimeOps knows.",
                    "Use an ARM region name such as swedencentral or a display name such as 'Sweden Central'; press Tab after -Region to list them."));
        }

        protected override void ProcessRecord()
        {
            var names = ReadNames(out var target, out var accountFromInput);
            if (names == null) return;

            var input = new DeploymentCheckInput
            {
                Deployment = names.Deployment,
                TranscriptionDeployment = names.TranscriptionDeployment,
                Region = Region,
                Offline = Offline.IsPresent,
                Account = new DeploymentAccountSelection
                {
                    ResourceId = ResourceId ?? accountFromInput, SubscriptionId = SubscriptionId, ResourceGroupName = ResourceGroupName,
                    AccountName = AccountName, ResourceManagerEndpoint = ResourceManagerEndpoint,
                },
            };
            if (!input.HasNames)
            {
                WriteError(NewError("DeploymentTestNothingToCheck", ErrorCategory.InvalidArgument, target,
                    ParameterSetName == NamesSet
                        ? "No deployment to test: -Deployment was not given and the connection has no default deployment."
                        : "The configuration names no deployment: it has neither session.model nor audio.input.transcription.model.",
                    "Pass -Deployment (and -TranscriptionDeployment), or a session configuration with session.model."));
                if (Quiet) WriteObject(false);
                return;
            }

            if (_runner == null)
            {
                var connection = Offline ? null : TryResolveConnection();
                _runner = new DeploymentCheckRunner(connection == null ? null : GetClient(connection));
            }
            DeploymentTestResult result;
            try
            {
                result = RunEngine((reporter, token) => _runner.RunAsync(input, reporter, token));
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                ThrowTerminatingError(NewError(ex is ResourceNameException named ? named.ErrorId : "DeploymentAccountInvalid", ErrorCategory.InvalidArgument, ResourceId ?? AccountName ?? EndpointNormalizer.SafeDisplay(ResourceManagerEndpoint), ex.Message,
                    "Give -ResourceId as /subscriptions/<id>/resourceGroups/<name>/providers/Microsoft.CognitiveServices/accounts/<name>, and bare names for the other parameters."));
                return;
            }
            catch (RealtimeServiceException ex)
            {
                WriteError(ResourceManagerErrorRecords.Create(ex, ex.Resource));
                if (Quiet) WriteObject(false);
                return;
            }

            foreach (var c in result.Checks.Where(c => c.Status != DeploymentCheckStatus.Passed))
                WriteVerbose($"{c.Name} ({c.Deployment}): {c.Status} - {c.Reason}");
            if (Quiet) WriteObject(result.IsHealthy);
            else WriteObject(result);
        }

        private SessionDeploymentNames ReadNames(out object target, out string accountFromInput)
        {
            accountFromInput = null;
            target = null;
            try
            {
                switch (ParameterSetName)
                {
                    case PathSet:
                        target = Path;
                        return ReadFile(Path);
                    case JsonSet:
                        target = "-Json";
                        return SessionDeploymentReader.Current.Read(Json, "-Json");
                    case InputObjectSet:
                        return ReadInputObject(InputObject, out target, out accountFromInput);
                    default:
                        target = Deployment;
                        var deployment = Deployment ?? (TranscriptionDeployment == null ? CurrentDefaultDeployment() : null);
                        return new SessionDeploymentNames(deployment, TranscriptionDeployment, null);
                }
            }
            catch (FormatException ex)
            {
                WriteError(NewError("DeploymentTestConfigurationUnreadable", ErrorCategory.InvalidData, target, ex.Message,
                    "Give a session object, a client_secrets body {\"session\":{...}} or a session.update event as JSON."));
            }
            catch (IOException ex)
            {
                WriteError(NewError("DeploymentTestConfigurationNotFound", ErrorCategory.ObjectNotFound, target,
                    $"Cannot read the configuration file: {ex.Message}", "Check the path."));
            }
            catch (UnauthorizedAccessException ex)
            {
                WriteError(NewError("DeploymentTestConfigurationNotReadable", ErrorCategory.PermissionDenied, target,
                    $"Cannot read the configuration file: {ex.Message}", "Check the file's permissions."));
            }
            if (Quiet) WriteObject(false);
            return null;
        }

        private string CurrentDefaultDeployment() => Context?.Deployment ?? RunspaceContext.Current?.Deployment;

        private SessionDeploymentNames ReadFile(string path)
        {
            var resolved = GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(resolved)) throw new FileNotFoundException($"'{resolved}' does not exist.");
            return SessionDeploymentReader.Current.Read(File.ReadAllText(resolved), resolved);
        }

        private SessionDeploymentNames ReadInputObject(object input, out object target, out string accountFromInput)
        {
            accountFromInput = null;
            target = input;
            var value = input is PSObject pso ? pso.BaseObject : input;
            switch (value)
            {
                case RealtimeDeployment deployment:
                    accountFromInput = deployment.AccountResourceId;
                    target = deployment.Name;
                    return deployment.Kind == DeploymentKind.Transcription
                        ? new SessionDeploymentNames(null, deployment.Name, null)
                        : new SessionDeploymentNames(deployment.Name, null, null);
                case FileInfo file:
                    target = file.FullName;
                    return ReadFile(file.FullName);
                case string text:
                    var trimmed = text.TrimStart();
                    if (trimmed.StartsWith("{", StringComparison.Ordinal)) return SessionDeploymentReader.Current.Read(text, "the input string");
                    target = text;
                    return ReadFile(text);
                default:
                    return SessionDeploymentReader.Current.Read(ToJson(input), "the input object");
            }
        }

        private string ToJson(object input)
        {
            // ConvertTo-Json knows hashtables, ordered dictionaries and PSCustomObjects alike.
            var script = ScriptBlock.Create("param($o) ConvertTo-Json -InputObject $o -Depth 32 -Compress");
            var output = InvokeCommand.InvokeScript(false, script, null, input);
            var json = output.Count > 0 ? output[0]?.BaseObject as string : null;
            if (json == null) throw new FormatException("The input object could not be converted to JSON.");
            return json;
        }

        private RealtimeConnection TryResolveConnection()
        {
            var direct = ApiKey != null || AccessToken != null || Identity.IsPresent || AzurePipelines.IsPresent || AzureCli.IsPresent
                         || DefaultCredential.IsPresent || Endpoint != null;
            if (Context == null && !direct && RunspaceContext.Current == null) return null;
            return ResolveConnection();
        }
    }
}
