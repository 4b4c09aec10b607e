using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RealtimeOps.Completers;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
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
    public sealed class TestRealtimeDeploymentCommand : SessionServiceCmdlet
    {
        private const string NamesSet = "Names";

        [Parameter(Position = 0, ParameterSetName = NamesSet)]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Deployment { get; set; }

        [Parameter(ParameterSetName = NamesSet)]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string TranscriptionDeployment { get; set; }

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

        // One ARM read per account per call, however many configurations come down the pipeline.
        private readonly Dictionary<string, object> _readsByAccount = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

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
            // A deployment from Get-RealtimeDeployment is checked by name; anything else must be a session configuration.
            foreach (var item in ReadSessions(value => value is RealtimeDeployment))
            {
                if (item.Error != null)
                {
                    WriteError(item.Error);
                    if (Quiet) WriteObject(false);
                }
                else if (item.Other is RealtimeDeployment deployment)
                {
                    var names = deployment.Kind == DeploymentKind.Transcription
                        ? new SessionDeploymentNames(null, deployment.Name, null)
                        : new SessionDeploymentNames(deployment.Name, null, null);
                    Check(names, deployment.Name, deployment.AccountResourceId);
                }
                else
                {
                    SessionDeploymentNames names;
                    try
                    {
                        names = SessionDeploymentReader.Instance.Read(item.Document);
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

        private void Check(SessionDeploymentNames names, object target, string accountFromInput)
        {
            var request = new DeploymentCheckRequest
            {
                Deployment = names.Deployment,
                TranscriptionDeployment = names.TranscriptionDeployment,
                Region = Region,
            };
            if (string.IsNullOrWhiteSpace(request.Deployment) && string.IsNullOrWhiteSpace(request.TranscriptionDeployment))
            {
                WriteError(NewError("DeploymentTestNothingToCheck", ErrorCategory.InvalidArgument, target,
                    ParameterSetName == NamesSet
                        ? "No deployment to test: -Deployment was not given and the connection has no default deployment."
                        : "The configuration names no deployment: it has neither session.model nor audio.input.transcription.model.",
                    "Pass -Deployment (and -TranscriptionDeployment), or a session configuration with session.model."));
                if (Quiet) WriteObject(false);
                return;
            }

            if (!ReadDeployments(request, accountFromInput, target)) 
            {
                if (Quiet) WriteObject(false);
                return;
            }

            var result = new DeploymentChecker().Check(request);
            foreach (var c in result.Checks.Where(c => c.Status != DeploymentCheckStatus.Passed))
                WriteVerbose($"{c.Name} ({c.Deployment}): {c.Status} - {c.Reason}");
            if (Quiet) WriteObject(result.IsHealthy);
            else WriteObject(result);
        }

        private string CurrentDefaultDeployment() => Context?.Deployment ?? RunspaceContext.Current?.Deployment;

        /// <summary>Fills request.Deployments/Account (online) or request.OfflineReason. False when an error ended the test.</summary>
        private bool ReadDeployments(DeploymentCheckRequest request, string accountFromInput, object target)
        {
            if (Offline)
            {
                request.OfflineReason = "-Offline was given";
                return true;
            }

            var connection = TryResolveConnection();
            AccountResourceId account;
            Uri armEndpoint;
            try
            {
                account = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection
                {
                    ResourceId = ResourceId ?? accountFromInput, SubscriptionId = SubscriptionId, ResourceGroupName = ResourceGroupName, AccountName = AccountName,
                }, connection, out var missing);
                if (connection == null)
                {
                    request.OfflineReason = "not connected: run Connect-RealtimeOps with an Entra identity that has the Reader role on the account, and with -SubscriptionId, -ResourceGroupName and -AccountName";
                    return true;
                }
                if (account == null)
                {
                    request.OfflineReason = $"no account was given ({missing} missing: pass them, -ResourceId, or Connect-RealtimeOps with them)";
                    return true;
                }
                armEndpoint = DeploymentAccess.ResolveResourceManagerEndpoint(ResourceManagerEndpoint, connection);
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                ThrowTerminatingError(NewError("DeploymentAccountInvalid", ErrorCategory.InvalidArgument, ResourceId ?? AccountName ?? ResourceManagerEndpoint, ex.Message,
                    "Give -ResourceId as /subscriptions/<id>/resourceGroups/<name>/providers/Microsoft.CognitiveServices/accounts/<name>, and bare names for the other parameters."));
                return false;
            }

            var key = account + "|" + armEndpoint;
            if (!_readsByAccount.TryGetValue(key, out var read))
            {
                try
                {
                    var client = DeploymentAccess.CreateClient(GetClient(connection), armEndpoint, account);
                    WriteVerbose($"Reading the deployments of {account} from {armEndpoint}.");
                    read = RunEngine((observer, token) => client.GetDeploymentsAsync(account, token));
                }
                catch (ResourceManagerException ex)
                {
                    read = ex;
                }
                _readsByAccount[key] = read;
            }

            if (read is AccountDeployments found)
            {
                request.Account = found.Account;
                request.Deployments = found.Deployments;
                if (Region != null && Engine.Catalog.ServiceCatalog.Current.FindRegion(Region)?.Name is string given &&
                    !string.Equals(given, found.Account.Location, StringComparison.OrdinalIgnoreCase))
                    WriteWarning($"-Region {Region} differs from the account's region {found.Account.Location}; the account's region is used.");
                return true;
            }

            var failure = (ResourceManagerException)read;
            if (failure.IsAccessDenied)
            {
                // No ARM access is the offline case: the catalog checks still run, the rest are skipped with this reason.
                WriteWarning(failure.Message);
                request.OfflineReason = $"no ARM access to account '{account.AccountName}' ({ResourceManagerErrorRecords.IdFor(failure.Kind)}: the identity needs the Reader role on the account; api keys do not grant ARM access)";
                return true;
            }
            WriteError(ResourceManagerErrorRecords.Create(failure, account.ToString()));
            return false;
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
