using System.Collections.Generic;
using RealtimeOps.Engine.Deployments;

namespace RealtimeOps.Engine.Tests.Deployments
{
    /// <summary>An account like the emulator's default one, built through the real ARM parser.</summary>
    internal static class DeploymentTestData
    {
        internal static readonly AccountResourceId DemoId = new AccountResourceId("00000000-0000-0000-0000-0000000000aa", "rg-realtime", "rtops-demo");

        internal const string DemoAccountJson = "{\"id\":\"/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-realtime/providers/Microsoft.CognitiveServices/accounts/rtops-demo\"," +
            "\"name\":\"rtops-demo\",\"kind\":\"AIServices\",\"location\":\"swedencentral\",\"properties\":{\"endpoint\":\"https://rtops-demo.openai.azure.com/\",\"provisioningState\":\"Succeeded\"}}";

        internal static string Deployment(string name, string model, string version, string sku, int capacity, string state = "Succeeded") =>
            "{\"name\":\"" + name + "\",\"sku\":{\"name\":\"" + sku + "\",\"capacity\":" + capacity + "},\"properties\":{\"model\":{\"format\":\"OpenAI\",\"name\":\"" + model +
            "\",\"version\":\"" + version + "\"},\"provisioningState\":\"" + state + "\"}}";

        internal static string DemoDeploymentsJson => "{\"value\":[" + string.Join(",", new[]
        {
            Deployment("gpt-realtime", "gpt-realtime", "2025-08-28", "GlobalStandard", 10),
            Deployment("gpt-4o-transcribe", "gpt-4o-transcribe", "2025-03-20", "GlobalStandard", 10),
            Deployment("stt", "gpt-4o-mini-transcribe", "2025-12-15", "GlobalStandard", 5),
            Deployment("chat-gpt-4o", "gpt-4o", "2024-11-20", "Standard", 10),
            Deployment("realtime-failed", "gpt-realtime", "2025-08-28", "GlobalStandard", 10, "Failed"),
            Deployment("realtime-creating", "gpt-realtime", "2025-08-28", "GlobalStandard", 10, "Creating"),
            Deployment("realtime-nocapacity", "gpt-realtime-mini", "2025-10-06", "GlobalStandard", 0),
            Deployment("realtime-preview", "gpt-4o-realtime-preview", "2024-12-17", "GlobalStandard", 1),
            Deployment("realtime-oddversion", "gpt-realtime", "2030-01-01", "GlobalStandard", 1),
            Deployment("mini-dated", "gpt-realtime-mini", "2025-12-15", "GlobalStandard", 1),
            Deployment("whisper", "whisper-1", "001", "Standard", 1),
        }) + "]}";

        internal static CognitiveServicesAccount Account(string location = "swedencentral")
        {
            var json = DemoAccountJson.Replace("\"swedencentral\"", "\"" + location + "\"");
            return ArmDeploymentParser.ParseAccount(json, DemoId);
        }

        internal static IReadOnlyList<RealtimeDeployment> Deployments(CognitiveServicesAccount account) =>
            ArmDeploymentParser.ParseDeployments(DemoDeploymentsJson, account, out _);
    }
}
