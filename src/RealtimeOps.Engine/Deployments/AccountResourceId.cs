using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

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
            SubscriptionId = ResourceNameRules.Subscription.Check(subscriptionId);
            ResourceGroupName = ResourceNameRules.ResourceGroup.Check(resourceGroupName);
            AccountName = ResourceNameRules.Account.Check(accountName);
        }

        public string SubscriptionId { get; }
        public string ResourceGroupName { get; }
        public string AccountName { get; }

        /// <summary>
        /// Parses an account id; a deployment id (.../accounts/{name}/deployments/{d}) is accepted and reduced to its account.
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
            try
            {
                id = new AccountResourceId(parts[1], parts[3], parts[7]);
            }
            catch (ResourceNameException ex)
            {
                problem = ex.Message;
                return false;
            }
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

    }

    /// <summary>A subscription id, resource group or account name that cannot be an ARM path segment.</summary>
    internal sealed class ResourceNameException : ArgumentException
    {
        /// <summary>The ErrorRecord id for every name that breaks the rules, whichever parameter carried it.</summary>
        public const string Id = "AccountResourceNameInvalid";

        internal ResourceNameException(string message) : base(message) { }

        public string ErrorId => Id;
    }

    /// <summary>
    /// The naming rules of the ARM segments RealtimeOps builds paths from (Microsoft Learn, "Naming rules and restrictions
    /// for Azure resources", https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules, read
    /// 2026-12): checked before a name is put in a URL, so no name can walk the path ("..", "\", "%2F").
    /// </summary>
    internal sealed class ResourceNameRules
    {
        // Subscription ids are GUIDs; letters, digits and hyphens are accepted so a typo is reported by ARM, not here.
        internal static readonly ResourceNameRules Subscription = new ResourceNameRules("subscription id", @"^[A-Za-z0-9-]{1,64}$",
            "letters, digits and hyphens (it is a GUID such as 00000000-0000-0000-0000-000000000000)");
        internal static readonly ResourceNameRules ResourceGroup = new ResourceNameRules("resource group name", @"^[-\w.()]{0,89}[-\w()]$",
            "1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period");
        internal static readonly ResourceNameRules Account = new ResourceNameRules("account name", @"^[A-Za-z0-9][A-Za-z0-9-]{0,62}[A-Za-z0-9]$",
            "2 to 64 letters, digits and hyphens, starting and ending with a letter or digit");

        private readonly string _what;
        private readonly Regex _pattern;
        private readonly string _allowed;

        private ResourceNameRules(string what, string pattern, string allowed)
        {
            _what = what;
            _pattern = new Regex(pattern, RegexOptions.CultureInvariant);
            _allowed = allowed;
        }

        /// <summary>The trimmed name, or a <see cref="ResourceNameException"/> saying what is allowed.</summary>
        internal string Check(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ResourceNameException($"The {_what} is empty.");
            var trimmed = value!.Trim();
            if (!_pattern.IsMatch(trimmed))
            {
                var shown = trimmed.Length > 100 ? trimmed.Substring(0, 100) + "..." : trimmed;
                throw new ResourceNameException($"The {_what} '{shown}' is not a valid Azure name: use {_allowed}.");
            }
            return trimmed;
        }
    }
}
