#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Catalog;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>What to check and where the account is: the names, and the explicit account values (if any).</summary>
    internal sealed class DeploymentCheckInput
    {
        public string? Deployment { get; set; }
        public string? TranscriptionDeployment { get; set; }
        /// <summary>The region for the catalog checks when ARM is not read (the account's region wins when it is).</summary>
        public string? Region { get; set; }
        /// <summary>Do not read ARM at all (-Offline).</summary>
        public bool Offline { get; set; }
        /// <summary>-ResourceId, -SubscriptionId, ...; what is absent comes from the connection.</summary>
        public DeploymentAccountSelection Account { get; set; } = new DeploymentAccountSelection();

        public bool HasNames => !string.IsNullOrWhiteSpace(Deployment) || !string.IsNullOrWhiteSpace(TranscriptionDeployment);
    }

    /// <summary>
    /// Runs the deployment checks for Test-RealtimeDeployment and for the probe's preflight: reads the account's
    /// deployments from Azure Resource Manager when it can, and otherwise runs the catalog checks offline with the
    /// reason on every skipped check. One ARM read per account per runner, however many inputs it checks.
    /// </summary>
    internal sealed class DeploymentCheckRunner
    {
        internal const string NotConnectedReason =
            "not connected: run Connect-RealtimeOps with an Entra identity that has the Reader role on the account, and with -SubscriptionId, -ResourceGroupName and -AccountName";

        private readonly RealtimeServiceClient? _client;
        private readonly DeploymentChecker _checker;
        private readonly Dictionary<string, object> _readsByAccount = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Availability.LiveModelRead> _regions = new Dictionary<string, Availability.LiveModelRead>(StringComparer.OrdinalIgnoreCase);
        private bool _armEndpointWarned;

        /// <param name="client">The connection's client; null when there is no connection (the checks then run offline).</param>
        /// <param name="checker">The checks themselves (a clock or catalog for tests); the default checker when null.</param>
        public DeploymentCheckRunner(RealtimeServiceClient? client, DeploymentChecker? checker = null)
        {
            _client = client;
            _checker = checker ?? new DeploymentChecker();
        }

        /// <summary>
        /// True (the probe): any failed ARM read falls back to the offline checks with a warning, because the probe's
        /// verdict is still worth having. False (Test-RealtimeDeployment): only "no ARM access" does; other failures throw.
        /// </summary>
        public bool OfflineOnAnyReadFailure { get; set; }

        /// <summary>
        /// The checks for <paramref name="input"/>; null when it names no deployment. Throws FormatException or
        /// ArgumentException for malformed account values, and <see cref="RealtimeServiceException"/> when ARM failed
        /// for a reason other than access (unless <see cref="OfflineOnAnyReadFailure"/>).
        /// </summary>
        public async Task<DeploymentTestResult?> RunAsync(DeploymentCheckInput input, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            observer = observer ?? NullOperationObserver.Instance;
            if (!input.HasNames) return null;
            var request = new DeploymentCheckRequest
            {
                Deployment = input.Deployment,
                TranscriptionDeployment = input.TranscriptionDeployment,
                Region = input.Region,
            };
            if (input.Offline) request.OfflineReason = "-Offline was given";
            else await ReadDeploymentsAsync(input, request, observer, cancellationToken).ConfigureAwait(false);
            if (request.Deployments == null) observer.Verbose("Deployment checks offline: " + request.OfflineReason + ".");
            return _checker.Check(request);
        }

        private async Task ReadDeploymentsAsync(DeploymentCheckInput input, DeploymentCheckRequest request, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var connection = _client?.Connection;
            AccountResourceId? account;
            Uri armEndpoint;
            try
            {
                account = DeploymentAccess.ResolveAccount(input.Account, connection, out var missing);
                if (_client == null || connection == null)
                {
                    request.OfflineReason = NotConnectedReason;
                    return;
                }
                if (account == null)
                {
                    request.OfflineReason = $"no account was given ({missing} missing: pass them, -ResourceId, or Connect-RealtimeOps with them)" +
                        (connection.AuthMode == AuthMode.ApiKey ? "; an api key would not grant ARM access either: connect with an Entra identity that has the Reader role on the account" : string.Empty);
                    return;
                }
                armEndpoint = DeploymentAccess.ResolveResourceManagerEndpoint(input.Account.ResourceManagerEndpoint, connection);
                if (input.Account.ResourceManagerEndpoint != null && !_armEndpointWarned && EndpointNormalizer.ResourceManagerWarning(armEndpoint) is string armWarning)
                {
                    observer.Warning(armWarning);
                    _armEndpointWarned = true;
                }
            }
            catch (Exception ex) when (OfflineOnAnyReadFailure && (ex is FormatException || ex is ArgumentException))
            {
                request.OfflineReason = ex.Message;
                return;
            }

            var read = await ReadOnceAsync(account, armEndpoint, observer, cancellationToken).ConfigureAwait(false);
            if (read is AccountDeployments found)
            {
                request.Account = found.Account;
                request.Deployments = found.Deployments;
                observer.Verbose($"Read {found.Deployments.Count} deployment(s) of account '{account.AccountName}' ({found.Account.Location}).");
                request.LiveModels = await ReadRegionOnceAsync(account.SubscriptionId, found.Account.Location, armEndpoint, observer, cancellationToken).ConfigureAwait(false);
                if (input.Region != null && ServiceCatalog.Current.FindRegion(input.Region)?.Name is string given &&
                    !string.Equals(given, found.Account.Location, StringComparison.OrdinalIgnoreCase))
                    observer.Warning($"-Region {input.Region} differs from the account's region {found.Account.Location}; the account's region is used.");
                return;
            }

            var failure = (RealtimeServiceException)read;
            if (failure.IsAccessDenied)
            {
                // No ARM access is the offline case: the catalog checks still run, the rest are skipped with this reason.
                observer.Warning(failure.Message);
                request.OfflineReason = $"no ARM access to account '{account.AccountName}' ({ResourceManagerErrors.ErrorIdFor(failure.Kind)}: the identity needs the Reader role on the account; api keys do not grant ARM access)";
                return;
            }
            if (!OfflineOnAnyReadFailure) throw failure;
            observer.Warning($"Deployment checks ran offline: Azure Resource Manager answered '{failure.Message}'.");
            request.OfflineReason = failure.Message;
        }

        // The region's live model list for the region and retirement checks (LiveModelChecks); a refusal means the dated catalog.
        private async Task<Availability.LiveModelRead> ReadRegionOnceAsync(string subscriptionId, string region, Uri armEndpoint, IOperationObserver observer,
            CancellationToken cancellationToken)
        {
            var key = subscriptionId + "|" + region + "|" + armEndpoint;
            if (_regions.TryGetValue(key, out var live)) return live;
            live = await Availability.LiveModelAccess.TryReadAsync(_client!, armEndpoint, subscriptionId, region, cancellationToken).ConfigureAwait(false);
            if (live.List == null) observer.Verbose($"Region and retirement checks use the dated catalog: {live.UnavailableReason}");
            return _regions[key] = live;
        }

        private async Task<object> ReadOnceAsync(AccountResourceId account, Uri armEndpoint, IOperationObserver observer, CancellationToken cancellationToken)
        {
            var key = account + "|" + armEndpoint;
            if (_readsByAccount.TryGetValue(key, out var read)) return read;
            try
            {
                var arm = DeploymentAccess.CreateClient(_client!, armEndpoint, account);
                observer.Verbose($"Reading the deployments of {account} from {armEndpoint}.");
                read = await arm.GetDeploymentsAsync(account, cancellationToken).ConfigureAwait(false);
            }
            catch (RealtimeServiceException ex) when (ex.Kind != RealtimeServiceErrorKind.Cancelled)
            {
                ex.Resource = ex.Resource ?? account.ToString();
                read = ex;
            }
            _readsByAccount[key] = read;
            return read;
        }
    }
}
