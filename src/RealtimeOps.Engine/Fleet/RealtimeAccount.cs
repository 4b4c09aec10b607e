#nullable enable
using System;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>
    /// An Azure OpenAI or AI Services account as Azure Resource Graph lists it. Settable, with a parameterless
    /// constructor, so a shard file read back with ConvertFrom-Json binds to it again.
    /// </summary>
    public sealed class RealtimeAccount
    {
        public RealtimeAccount() { }

        public RealtimeAccount(string id, string name, string kind, string location, string subscriptionId, string resourceGroup,
            string? endpoint, bool? disableLocalAuth, string? publicNetworkAccess)
        {
            Id = id;
            Name = name;
            Kind = kind;
            Location = location;
            SubscriptionId = subscriptionId;
            ResourceGroup = resourceGroup;
            Endpoint = endpoint ?? string.Empty;
            DisableLocalAuth = disableLocalAuth;
            PublicNetworkAccess = publicNetworkAccess ?? string.Empty;
        }

        /// <summary>The ARM id of the account.</summary>
        public string Id { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        /// <summary>OpenAI or AIServices.</summary>
        public string Kind { get; set; } = string.Empty;
        public string Location { get; set; } = string.Empty;
        public string SubscriptionId { get; set; } = string.Empty;
        public string ResourceGroup { get; set; } = string.Empty;
        /// <summary>properties.endpoint: the account's data-plane endpoint.</summary>
        public string Endpoint { get; set; } = string.Empty;
        /// <summary>properties.disableLocalAuth: true when api keys are off (Entra ID only); null when not set.</summary>
        public bool? DisableLocalAuth { get; set; }
        /// <summary>properties.publicNetworkAccess (Enabled, Disabled), empty when not set.</summary>
        public string PublicNetworkAccess { get; set; } = string.Empty;

        /// <summary>The parsed ARM id; throws FormatException when <see cref="Id"/> is not an account id.</summary>
        internal AccountResourceId ResourceId => AccountResourceId.Parse(Id);

        public override string ToString() => Name;
    }
}
