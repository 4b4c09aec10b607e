using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>
    /// The logging commands Azure Pipelines and GitHub Actions read from a step's output, so a secret is
    /// masked in the log before anything can print it, and handed on as a secret variable or output.
    /// </summary>
    internal sealed class ContinuousIntegrationHost
    {
        private readonly Func<string, string> _environment;

        public ContinuousIntegrationHost(Func<string, string>? environment = null)
        {
            _environment = environment ?? Environment.GetEnvironmentVariable;
            Kind = HostKindDetector.DetectContinuousIntegration(_environment);
        }

        /// <summary>AzureDevOps, GitHubActions, or Interactive when neither runs this step.</summary>
        public HostKind Kind { get; }

        /// <summary>True in Azure Pipelines or GitHub Actions.</summary>
        public bool IsContinuousIntegration => Kind == HostKind.AzureDevOps || Kind == HostKind.GitHubActions;

        /// <summary>Lines to write to standard output, before the value can appear anywhere, so the host masks it.</summary>
        public IReadOnlyList<string> MaskCommands(string secret)
        {
            if (string.IsNullOrEmpty(secret)) return Array.Empty<string>();
            switch (Kind)
            {
                case HostKind.AzureDevOps: return new[] { "##vso[task.setsecret]" + EscapeAzureDevOps(secret) };
                case HostKind.GitHubActions: return new[] { "::add-mask::" + secret };
                default: return Array.Empty<string>();
            }
        }

        /// <summary>The line that sets a secret pipeline variable (Azure DevOps), or null elsewhere.</summary>
        public string? SecretVariableCommand(string name, string secret)
        {
            if (Kind != HostKind.AzureDevOps) return null;
            return $"##vso[task.setvariable variable={name};issecret=true]{EscapeAzureDevOps(secret)}";
        }

        /// <summary>In GitHub Actions, appends name=value to the $GITHUB_OUTPUT file. Returns the file written, or null.</summary>
        public string? WriteGitHubOutput(string name, string value)
        {
            if (Kind != HostKind.GitHubActions) return null;
            var path = _environment("GITHUB_OUTPUT");
            if (string.IsNullOrEmpty(path)) return null;
            var delimiter = "RealtimeOps_" + Guid.NewGuid().ToString("N");
            File.AppendAllText(path, $"{name}<<{delimiter}\n{value}\n{delimiter}\n", new UTF8Encoding(false));
            return path;
        }

        public static bool IsValidVariableName(string name) =>
            !string.IsNullOrEmpty(name) && System.Text.RegularExpressions.Regex.IsMatch(name, @"^[A-Za-z_][A-Za-z0-9_.\-]*$");

        private static string EscapeAzureDevOps(string value) => AzurePipelinesEscaper.Data(value);
    }
}
