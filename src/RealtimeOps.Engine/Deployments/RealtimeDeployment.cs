using System;

namespace RealtimeOps.Engine.Deployments
{
    /// <summary>What a deployed model is for, per the catalog: anything the catalog does not list is Other.</summary>
    public enum DeploymentKind
    {
        Realtime,
        Transcription,
        Other,
    }

    /// <summary>A Cognitive Services / Azure OpenAI account as ARM describes it.</summary>
    internal sealed class CognitiveServicesAccount
    {
        public CognitiveServicesAccount(AccountResourceId resourceId, string? location, string? endpoint, string? kind)
        {
            ResourceId = resourceId ?? throw new ArgumentNullException(nameof(resourceId));
            Location = location ?? string.Empty;
            Endpoint = endpoint ?? string.Empty;
            Kind = kind ?? string.Empty;
        }

        public AccountResourceId ResourceId { get; }
        public string Name => ResourceId.AccountName;
        public string SubscriptionId => ResourceId.SubscriptionId;
        public string ResourceGroupName => ResourceId.ResourceGroupName;
        /// <summary>Canonical ARM region name (swedencentral) when the catalog knows it, else ARM's value lower-cased.</summary>
        public string Location { get; }
        /// <summary>properties.endpoint: the data-plane endpoint of the account.</summary>
        public string Endpoint { get; }
        /// <summary>ARM kind (OpenAI, AIServices, ...).</summary>
        public string Kind { get; }

        public override string ToString() => Name;
    }

    /// <summary>One model deployment of an account, with what the catalog says about its model.</summary>
    public sealed class RealtimeDeployment
    {
        internal RealtimeDeployment(string? name, string? model, string? modelVersion, string? modelFormat, DeploymentKind kind,
            string? sku, int? capacity, string? provisioningState, CognitiveServicesAccount account)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Model = model ?? string.Empty;
            ModelVersion = modelVersion ?? string.Empty;
            ModelFormat = modelFormat ?? string.Empty;
            Kind = kind;
            Sku = sku ?? string.Empty;
            Capacity = capacity;
            ProvisioningState = provisioningState ?? string.Empty;
            Account = account ?? throw new ArgumentNullException(nameof(account));
        }

        /// <summary>The deployment name: what session.model and the transcription model name on Azure.</summary>
        public string Name { get; }
        public string Model { get; }
        public string ModelVersion { get; }
        public string ModelFormat { get; }
        public DeploymentKind Kind { get; }
        public string Sku { get; }
        /// <summary>sku.capacity; null when ARM does not report one.</summary>
        public int? Capacity { get; }
        public string ProvisioningState { get; }
        /// <summary>The account's location (canonical ARM region name).</summary>
        public string Region => Account.Location;
        public string AccountName => Account.Name;
        public string Endpoint => Account.Endpoint;
        public string SubscriptionId => Account.SubscriptionId;
        public string ResourceGroupName => Account.ResourceGroupName;
        /// <summary>The ARM id of the account (not of the deployment), so the object can be piped back in.</summary>
        public string AccountResourceId => Account.ResourceId.ToString();
        internal CognitiveServicesAccount Account { get; }

        public override string ToString() => Name;
    }
}
