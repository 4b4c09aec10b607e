using System.Collections;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Runtime;

namespace RealtimeOps.Completers
{
    /// <summary>
    /// Completes deployment names from the account of the runspace's connection (Connect-RealtimeOps -SubscriptionId
    /// -ResourceGroupName -AccountName with an Entra identity). Names are cached per runspace and account; a read gets
    /// two seconds, and any failure (no account, api-key connection, 403, timeout) completes nothing rather than erroring.
    /// Public so every cmdlet with a -Deployment parameter can attach it: [ArgumentCompleter(typeof(DeploymentNameCompleter))].
    /// </summary>
    public sealed class DeploymentNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var names = Names(fakeBoundParameters);
                var prefix = CompletionText.Unquote(wordToComplete);
                var pattern = new WildcardPattern(prefix + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                return names.Where(n => pattern.IsMatch(n))
                    .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, n))
                    .ToList();
            }
            catch (Exception)
            {
                // Completion must never surface an error.
                return Array.Empty<CompletionResult>();
            }
        }

        private static IReadOnlyList<string> Names(IDictionary fakeBoundParameters)
        {
            var context = RunspaceContexts.Current;
            var connection = context.Current;
            if (connection == null || connection.AuthMode == AuthMode.ApiKey) return Array.Empty<string>();
            var account = DeploymentAccess.ResolveAccount(new DeploymentAccountSelection
            {
                SubscriptionId = Bound(fakeBoundParameters, "SubscriptionId"),
                ResourceGroupName = Bound(fakeBoundParameters, "ResourceGroupName"),
                AccountName = Bound(fakeBoundParameters, "AccountName"),
                ResourceId = Bound(fakeBoundParameters, "ResourceId"),
            }, connection, out _);
            if (account == null) return Array.Empty<string>();
            var armEndpoint = DeploymentAccess.ResolveResourceManagerEndpoint(Bound(fakeBoundParameters, "ResourceManagerEndpoint"), connection);
            var runspaceId = Runspace.DefaultRunspace?.InstanceId.ToString() ?? "none";
            var key = $"{runspaceId}|{connection.ConnectedAtUtc.UtcTicks}|{armEndpoint}|{account}";
            // No retries and a short overall timeout: a user pressing Tab waits for nothing slow.
            var quick = connection.WithLimits(0, 2);
            var serviceClient = context.GetClient(quick, null);
            return DeploymentNameCache.Shared.GetNames(key, async token =>
            {
                var client = DeploymentAccess.CreateClient(serviceClient, armEndpoint, account);
                var result = await client.GetDeploymentsAsync(account, token).ConfigureAwait(false);
                return (IReadOnlyList<string>)result.Deployments.Select(d => d.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
            });
        }

        private static string? Bound(IDictionary parameters, string name) =>
            parameters != null && parameters.Contains(name) && parameters[name] is string s && !string.IsNullOrWhiteSpace(s) ? s : null;

        private static string Quote(string name) =>
            name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',', '{', '}', '@', '#' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
    }
}
