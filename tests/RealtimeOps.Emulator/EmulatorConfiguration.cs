using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealtimeOps.Emulator
{
    /// <summary>A model deployment of an emulated Azure OpenAI / AI Services account.</summary>
    public sealed class DeploymentDefinition
    {
        public string Name { get; set; }
        public string Model { get; set; }
        public string Version { get; set; }
        public string Sku { get; set; } = "GlobalStandard";
        public int Capacity { get; set; } = 10;
        public string ProvisioningState { get; set; } = "Succeeded";
    }

    public sealed class AccountDefinition
    {
        public string Name { get; set; }
        public string ResourceGroup { get; set; }
        public string Location { get; set; }
        public List<DeploymentDefinition> Deployments { get; set; } = new List<DeploymentDefinition>();
    }

    /// <summary>
    /// What the emulator pretends to be: keys, region, identity header, subscription and accounts.
    /// Every field is optional in the --config file; missing ones keep the built-in defaults.
    /// </summary>
    public sealed class EmulatorConfiguration
    {
        public List<string> ApiKeys { get; set; }
        public string Region { get; set; }
        public string RegionDisplayName { get; set; }
        public string IdentityHeader { get; set; }
        public string SubscriptionId { get; set; }
        public List<AccountDefinition> Accounts { get; set; }

        public static EmulatorConfiguration CreateDefault() => new EmulatorConfiguration
        {
            ApiKeys = new List<string> { "emulator-key-0001" },
            Region = "swedencentral",
            RegionDisplayName = "Sweden Central",
            IdentityHeader = "emulator-identity-header",
            SubscriptionId = "00000000-0000-0000-0000-0000000000aa",
            Accounts = new List<AccountDefinition>
            {
                new AccountDefinition
                {
                    Name = "rtops-demo", ResourceGroup = "rg-realtime", Location = "swedencentral",
                    Deployments = new List<DeploymentDefinition>
                    {
                        new DeploymentDefinition { Name = "gpt-realtime", Model = "gpt-realtime", Version = "2025-08-28", Sku = "GlobalStandard", Capacity = 10 },
                        new DeploymentDefinition { Name = "gpt-4o-transcribe", Model = "gpt-4o-transcribe", Version = "2025-03-20", Sku = "GlobalStandard", Capacity = 10 },
                        new DeploymentDefinition { Name = "gpt-4o-mini-transcribe", Model = "gpt-4o-mini-transcribe", Version = "2025-03-20", Sku = "GlobalStandard", Capacity = 10 },
                        new DeploymentDefinition { Name = "chat-gpt-4o", Model = "gpt-4o", Version = "2024-11-20", Sku = "Standard", Capacity = 10 },
                        new DeploymentDefinition { Name = "realtime-failed", Model = "gpt-realtime", Version = "2025-08-28", Sku = "GlobalStandard", Capacity = 10, ProvisioningState = "Failed" },
                        new DeploymentDefinition { Name = "realtime-nocapacity", Model = "gpt-realtime-mini", Version = "2025-10-06", Sku = "GlobalStandard", Capacity = 0 },
                    },
                },
                new AccountDefinition
                {
                    Name = "rtops-centralus", ResourceGroup = "rg-realtime", Location = "centralus",
                    Deployments = new List<DeploymentDefinition>
                    {
                        new DeploymentDefinition { Name = "gpt-realtime", Model = "gpt-realtime", Version = "2025-08-28", Sku = "GlobalStandard", Capacity = 10 },
                        new DeploymentDefinition { Name = "gpt-realtime-mini", Model = "gpt-realtime-mini", Version = "2025-10-06", Sku = "GlobalStandard", Capacity = 10 },
                    },
                },
            },
        };

        /// <summary>Reads a --config file and fills every field it leaves out from the defaults.</summary>
        public static EmulatorConfiguration Load(string path)
        {
            var defaults = CreateDefault();
            if (string.IsNullOrEmpty(path)) return defaults;
            if (!File.Exists(path)) throw new EmulatorStartupException($"The configuration file '{path}' does not exist.");

            EmulatorConfiguration loaded;
            try
            {
                var options = new JsonSerializerOptions
                {
                    PropertyNameCaseInsensitive = true,
                    ReadCommentHandling = JsonCommentHandling.Skip,
                    AllowTrailingCommas = true,
                    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
                };
                loaded = JsonSerializer.Deserialize<EmulatorConfiguration>(File.ReadAllText(path), options);
            }
            catch (JsonException ex)
            {
                throw new EmulatorStartupException($"The configuration file '{path}' is not valid: {ex.Message}");
            }
            if (loaded == null) return defaults;

            loaded.ApiKeys ??= defaults.ApiKeys;
            loaded.Region ??= defaults.Region;
            loaded.RegionDisplayName ??= defaults.RegionDisplayName;
            loaded.IdentityHeader ??= defaults.IdentityHeader;
            loaded.SubscriptionId ??= defaults.SubscriptionId;
            loaded.Accounts ??= defaults.Accounts;
            loaded.Validate(path);
            return loaded;
        }

        private void Validate(string path)
        {
            if (Accounts.Count == 0) throw new EmulatorStartupException($"'{path}': 'accounts' must list at least one account (its deployments back the data plane).");
            foreach (var account in Accounts)
            {
                if (string.IsNullOrWhiteSpace(account.Name) || string.IsNullOrWhiteSpace(account.ResourceGroup))
                    throw new EmulatorStartupException($"'{path}': every account needs 'name' and 'resourceGroup'.");
                account.Location ??= Region;
                account.Deployments ??= new List<DeploymentDefinition>();
                foreach (var d in account.Deployments)
                {
                    if (string.IsNullOrWhiteSpace(d.Name) || string.IsNullOrWhiteSpace(d.Model))
                        throw new EmulatorStartupException($"'{path}': every deployment of account '{account.Name}' needs 'name' and 'model'.");
                    d.Version ??= "1";
                    d.Sku ??= "GlobalStandard";
                    d.ProvisioningState ??= "Succeeded";
                }
            }
            if (ApiKeys.Any(string.IsNullOrEmpty)) throw new EmulatorStartupException($"'{path}': 'apiKeys' must not contain empty keys.");
        }

        /// <summary>The account whose deployments the data plane (client_secrets) serves.</summary>
        public AccountDefinition DataPlaneAccount => Accounts[0];
    }

    public sealed class EmulatorStartupException : Exception
    {
        public EmulatorStartupException(string message) : base(message) { }
    }
}
