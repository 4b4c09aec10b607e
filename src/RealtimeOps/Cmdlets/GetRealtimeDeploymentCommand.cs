using RealtimeOps.Completers;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;
using RealtimeOps.Engine.Http;
using RealtimeOps.Runtime;

namespace RealtimeOps.Cmdlets
{
    /// <summary>Get-RealtimeDeployment: the model deployments of an Azure OpenAI / AI Services account, read from ARM.</summary>
    [Cmdlet(VerbsCommon.Get, "RealtimeDeployment", DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(RealtimeDeployment))]
    public sealed class GetRealtimeDeploymentCommand : RealtimeServiceCmdlet
    {
        private bool _armEndpointWarned;

        private const string AccountSet = "Account";
        private const string ResourceIdSet = "ResourceId";
        private const string FleetSet = "Fleet";

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = AccountSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ResourceIdSet)]
        [Parameter(Position = 0, ParameterSetName = FleetSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(DeploymentNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SubscriptionId { get; set; }

        [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ResourceGroupName { get; set; }

        [Parameter(ParameterSetName = AccountSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? AccountName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ResourceIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "AccountResourceId")]
        [ValidateNotNullOrEmpty]
        public string? ResourceId { get; set; }

        [Parameter]
        [ValidateSet("Realtime", "Transcription", "Other")]
        public string? Kind { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResourceManagerEndpoint { get; set; }

        /// <summary>
        /// Accounts from Find-RealtimeAccount, or objects with an account's ARM id as Id (read back from JSON, Resource
        /// Graph rows): their deployments are read concurrently.
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = FleetSet)]
        [RealtimeAccountTransformation]
        [ValidateNotNull]
        public RealtimeAccount[]? Account { get; set; }

        /// <summary>How many accounts are read from ARM at a time.</summary>
        [Parameter(ParameterSetName = FleetSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        private readonly FleetDeploymentSweep _fleet = new FleetDeploymentSweep();

        // Objects piped in from one account cost one ARM read, not one per object.
        private readonly Dictionary<string, AccountDeployments> _readsByAccount = new Dictionary<string, AccountDeployments>(StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == FleetSet)
            {
                _fleet.Add(Account);
                return;
            }
            var connection = ResolveConnection();
            AccountResourceId? account;
            Uri armEndpoint;
            try
            {
                account = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection
                {
                    ResourceId = ResourceId, SubscriptionId = SubscriptionId, ResourceGroupName = ResourceGroupName, AccountName = AccountName,
                }, connection, out var missing);
                if (account == null)
                {
                    ThrowTerminatingError(NewError("DeploymentAccountNotSpecified", ErrorCategory.InvalidArgument, null,
                        $"Which account? {missing} {(missing?.Contains(",") == true ? "are" : "is")} neither given nor set on the connection.",
                        "Pass -SubscriptionId, -ResourceGroupName and -AccountName, or -ResourceId, or run Connect-RealtimeOps with them."));
                    return;
                }
                armEndpoint = DeploymentAccess.ResolveResourceManagerEndpoint(ResourceManagerEndpoint, connection);
                if (ResourceManagerEndpoint != null && !_armEndpointWarned && EndpointNormalizer.ResourceManagerWarning(armEndpoint) is string armWarning)
                {
                    WriteWarning(armWarning);
                    _armEndpointWarned = true;
                }
            }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException)
            {
                ThrowTerminatingError(NewError(ex is ResourceNameException named ? named.ErrorId : "DeploymentAccountInvalid", ErrorCategory.InvalidArgument, ResourceId ?? AccountName ?? EndpointNormalizer.SafeDisplay(ResourceManagerEndpoint), ex.Message,
                    "Give -ResourceId as /subscriptions/<id>/resourceGroups/<name>/providers/Microsoft.CognitiveServices/accounts/<name>, and bare names for the other parameters."));
                return;
            }

            AccountDeployments result;
            var key = account + "|" + armEndpoint;
            if (!_readsByAccount.TryGetValue(key, out result))
            {
                try
                {
                    var client = DeploymentAccess.CreateClient(GetClient(connection), armEndpoint, account);
                    WriteVerbose($"Reading the deployments of {account} from {armEndpoint} (api-version {DeploymentClient.ApiVersion}).");
                    result = RunEngine((observer, token) => client.GetDeploymentsAsync(account, token));
                }
                catch (RealtimeServiceException ex)
                {
                    WriteError(ResourceManagerErrorRecords.Create(ex, account.ToString()));
                    return;
                }
                _readsByAccount[key] = result;
            }

            WriteVerbose($"Account '{result.Account.Name}' is in {result.Account.Location}; {result.Deployments.Count} deployment(s).");
            var patterns = (Name ?? new[] { "*" })
                .Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            var matched = new bool[patterns.Length];
            foreach (var d in result.Deployments)
            {
                if (Kind != null && !string.Equals(d.Kind.ToString(), Kind, StringComparison.OrdinalIgnoreCase)) continue;
                var hit = false;
                for (var i = 0; i < patterns.Length; i++)
                {
                    if (patterns[i].IsMatch(d.Name)) { matched[i] = true; hit = true; }
                }
                if (hit) WriteObject(d);
            }

            if (Name == null) return;
            for (var i = 0; i < Name.Length; i++)
            {
                if (matched[i] || WildcardPattern.ContainsWildcardCharacters(Name[i])) continue;
                var names = string.Join(", ", result.Deployments.Select(d => d.Name));
                WriteError(NewError("DeploymentNotFound", ErrorCategory.ObjectNotFound, Name[i],
                    $"No deployment named '{Name[i]}'{(Kind != null ? $" of kind {Kind}" : "")} in account '{account.AccountName}'. Deployments there: {(names.Length == 0 ? "(none)" : names)}.",
                    "Run Get-RealtimeDeployment without -Name to list them; on Azure session.model names a deployment."));
            }
        }

        protected override void EndProcessing()
        {
            try
            {
                if (ParameterSetName == FleetSet && _fleet.Count > 0)
                {
                    FleetSupport.UseResourceManagerAsEndpoint(this, ResourceManagerEndpoint);
                    var connection = ResolveConnection();
                    _fleet.Run(this, connection, GetClient(connection), ResourceManagerEndpoint, ThrottleLimit, Name, Kind);
                }
            }
            finally { base.EndProcessing(); }
        }
    }
}
