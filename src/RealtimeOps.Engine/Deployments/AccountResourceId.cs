using System;
using System.Diagnostics.CodeAnalysis;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>
    /// The ARM id of a Cognitive Services account:
    /// /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}.
    /// </summary>
    internal sealed class AccountResourceId : IEquatable<AccountResourceId>
    {
        internal const string ProviderNamespace = "Microsoft.CognitiveServices";

        public AccountResourceId(string? subscriptionId, string? resourceGroupName, string? accountName)
        {
            SubscriptionId = Require(subscriptionId, "subscription id");
            ResourceGroupName = Require(resourceGroupName, "resource group name");
            AccountName = Require(accountName, "account name");
        }

        public string SubscriptionId { get; }
        public string ResourceGroupName { get; }
        public string AccountName { get; }

        /// <summary>
        /// Parses an account? id; a deployment id (.../accounts/{name}/deployments/{d}) is accepted and reduced to its account.
        /// Throws FormatException naming what is wrong.
        /// </summary>
        public static AccountResourceId Parse(string? resourceId)
        {
            if (TryParse(resourceId, out var id, out var problem)) return id;
            throw new FormatException(problem);
        }

        public static bool TryParse(string? resourceId, [NotNullWhen(true)] out AccountResourceId? id, [NotNullWhen(false)] out string? problem)
        {
            id = null;
            var expected = "expected /subscriptions/<id>/resourceGroups/<name>/providers/Microsoft.CognitiveServices/accounts/<name>";
            if (string.IsNullOrWhiteSpace(resourceId))
            {
                problem = "The resource id is empty; " + expected + ".";
                return false;
            }
            var parts = resourceId!.Trim().Trim('/').Split('/');
            if (parts.Length < 8
                || !Eq(parts[0], "subscriptions") || !Eq(parts[2], "resourceGroups") || !Eq(parts[4], "providers")
                || !Eq(parts[5], ProviderNamespace) || !Eq(parts[6], "accounts"))
            {
                problem = $"'{resourceId}' is not the resource id of a Cognitive Services account: " + expected + ".";
                return false;
            }
            var tail = parts.Length - 8;
            if (!(tail == 0 || (tail == 2 && Eq(parts[8], "deployments"))))
            {
                problem = $"'{resourceId}' has extra segments after the account name: " + expected + " (optionally followed by /deployments/<name>).";
                return false;
            }
            if (parts[1].Length == 0 || parts[3].Length == 0 || parts[7].Length == 0)
            {
                problem = $"'{resourceId}' has an empty segment: " + expected + ".";
                return false;
            }
            id = new AccountResourceId(parts[1], parts[3], parts[7]);
            problem = null;
            return true;
        }

        /// <summary>The account path without the leading management host.</summary>
        public override string ToString() =>
            $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}/providers/{ProviderNamespace}/accounts/{AccountName}";

        public bool Equals(AccountResourceId? other) =>
            other != null && string.Equals(ToString(), other.ToString(), StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object obj) => Equals(obj as AccountResourceId);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(ToString());

        private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static string Require(string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"The {what} is empty.");
            if (value!.IndexOf('/') >= 0 || value.IndexOf('?') >= 0 || value.IndexOf('#') >= 0)
                throw new ArgumentException($"The {what} '{value}' contains '/', '?' or '#'; give the bare name.");
            return value.Trim();
        }
    }
}
