using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using RealtimeOps.Completers;
using RealtimeOps.Engine.Availability;
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

        protected override void ProcessRecord()
        {
            var names = ReadNames(out var target, out var accountFromInput);
            if (names == null) return;

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
                    var found = RunEngine((observer, token) => client.GetDeploymentsAsync(account, token));
                    // The region's live model list for the region and retirement checks; a refusal only means the dated catalog is used.
                    var live = RunEngine((observer, token) => LiveModelAccess.TryReadAsync(GetClient(connection), armEndpoint, account.SubscriptionId, found.Account.Location, token));
                    read = Tuple.Create(found, live);
                }
                catch (ResourceManagerException ex)
                {
                    read = ex;
                }
                _readsByAccount[key] = read;
            }

            if (read is Tuple<AccountDeployments, LiveModelRead> online)
            {
                var found = online.Item1;
                request.Account = found.Account;
                request.Deployments = found.Deployments;
                request.LiveModels = online.Item2;
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
