using System;
using System.Globalization;

namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>
    /// Logging commands of Azure Pipelines, escaped as the agent documents, so no text a user controls can end a
    /// command early or start another one.
    /// </summary>
    internal static class PipelineCommands
    {
        /// <summary>##vso[task.uploadfile]path: attaches a file to the build's logs.</summary>
        public static string AzureDevOpsUploadFile(string? path) => "##vso[task.uploadfile]" + EscapeData(path);

        /// <summary>##vso[task.setprogress value=N;]text</summary>
        public static string AzureDevOpsProgress(int percent, string text)
        {
            var value = Math.Max(0, Math.Min(100, percent)).ToString(CultureInfo.InvariantCulture);
            return "##vso[task.setprogress value=" + value + ";]" + EscapeData(text);
        }

        private static string EscapeData(string? text) => AzurePipelinesEscaper.Data(text);
    }
}
