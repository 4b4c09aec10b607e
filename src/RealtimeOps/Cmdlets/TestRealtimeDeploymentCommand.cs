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
    [IncludeParameters(typeof(AvailabilityRegionParameter))]
    public sealed partial class TestRealtimeDeploymentCommand : SessionServiceCmdlet
    {
        private const string NamesSet = "Names";

        [Parameter(Position = 0, ParameterSetName = NamesSet)]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Deployment { get; set; }

        [Parameter(ParameterSetName = NamesSet)]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TranscriptionDeployment { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccountName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceManagerEndpoint { get; set; }

        /// <summary>Do not read ARM: only the catalog checks run.</summary>
        [Parameter]
        public SwitchParameter Offline { get; set; }

        /// <summary>Return only $true (healthy) or $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        /// <summary>Deployments piped from Get-RealtimeDeployment: how many accounts are checked at a time.</summary>
        [Parameter(ParameterSetName = SessionInputReader.InputObjectSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private readonly FleetDeploymentTests _fleet = new FleetDeploymentTests();

        // One runner per call: one ARM read per account, however many configurations come down the pipeline.
        private DeploymentCheckRunner? _runner;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Region != null && Engine.Catalog.ServiceCatalog.Current.FindRegion(Region) == null)
                ThrowTerminatingError(NewError("RegionNotRecognized", ErrorCategory.InvalidArgument, Region,
                    $"'{Region}' is not an Azure region RealtimeOps knows.",
                    "Use an ARM region name such as swedencentral or a display name such as 'Sweden Central'; press Tab after -Region to list them."));
        }

        internal override SessionInputErrorIds InputErrorIds { get; } =
            new SessionInputErrorIds("DeploymentTestConfiguration", notFound: "DeploymentTestConfigurationNotFound", accessDenied: "DeploymentTestConfigurationNotReadable");

        protected override void ProcessRecord()
        {
            if (!HasSessionInput)
            {
                RejectBlankName(Deployment, nameof(Deployment));
                RejectBlankName(TranscriptionDeployment, nameof(TranscriptionDeployment));
                var deployment = Deployment ?? (TranscriptionDeployment == null ? CurrentDefaultDeployment() : null);
                Check(new SessionDeploymentNames(deployment, TranscriptionDeployment, null), Deployment, null);
                return;
            }
            // A deployment object is checked on its own account; anything else must be a session configuration.
            foreach (var item in ReadSessions(value => value is RealtimeDeployment))
            {
                if (item.Error != null)
                {
                    WriteError(item.Error);
                    if (Quiet) WriteObject(false);
                }
                else if (item.Other is RealtimeDeployment deployment)
                {
                    // Deployments from Get-RealtimeDeployment or a fleet sweep are checked together, per account, in EndProcessing.
                    _fleet.Add(deployment);
                }
                else
                {
                    SessionDeploymentNames names;
                    try
                    {
                        names = SessionDeploymentReader.Instance.Read(item.Document!); // set when Error is not
                    }
                    catch (FormatException ex)
                    {
                        WriteError(NewError("DeploymentTestConfigurationUnreadable", ErrorCategory.InvalidData, item.Target, ex.Message,
                            "Give a session object, a client_secrets body {\"session\":{...}} or a session.update event as JSON."));
                        if (Quiet) WriteObject(false);
                        continue;
                    }
                    Check(names, item.Target, null);
                }
            }
        }

        private void Check(SessionDeploymentNames names, object? target, string? accountFromInput)
        {
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
            DeploymentTestResult? result;
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

            // Null only for input without names, refused above.
            foreach (var c in result!.Checks.Where(c => c.Status != DeploymentCheckStatus.Passed))
                WriteVerbose($"{c.Name} ({c.Deployment}): {c.Status} - {c.Reason}");
            if (Quiet) WriteObject(result.IsHealthy);
            else WriteObject(result);
        }

        private string? CurrentDefaultDeployment() => Context?.Deployment ?? RunspaceContext.Current?.Deployment;

        private RealtimeConnection? TryResolveConnection()
        {
            var direct = ApiKey != null || AccessToken != null || Identity.IsPresent || AzurePipelines.IsPresent || AzureCli.IsPresent
                         || DefaultCredential.IsPresent || Endpoint != null;
            if (Context == null && !direct && RunspaceContext.Current == null) return null;
            return ResolveConnection();
        }

        protected override void EndProcessing()
        {
            try
            {
                if (_fleet.Count > 0)
                {
                    var connection = Offline ? null : TryResolveConnection();
                    _fleet.Run(this, connection == null ? null : GetClient(connection), ResourceManagerEndpoint, Offline.IsPresent, Quiet.IsPresent, ThrottleLimit);
                }
            }
            finally { base.EndProcessing(); }
        }
    }
}
