namespace RealtimeOps.Engine.Connection
{
    /// <summary>How RealtimeOps proves who it is to the service.</summary>
    public enum AuthMode
    {
        /// <summary>The resource's api key, in the api-key header.</summary>
        ApiKey,
        /// <summary>A Microsoft Entra access token the user already has (Get-AzAccessToken).</summary>
        AccessToken,
        /// <summary>Managed identity: Azure Automation, VMs, App Service (system or user-assigned with ClientId).</summary>
        ManagedIdentity,
        /// <summary>Workload identity federation from an Azure Pipelines service connection.</summary>
        AzurePipelines,
        /// <summary>The account signed in to the Azure CLI.</summary>
        AzureCli,
        /// <summary>Azure.Identity's DefaultAzureCredential chain.</summary>
        DefaultCredential,
    }
}
