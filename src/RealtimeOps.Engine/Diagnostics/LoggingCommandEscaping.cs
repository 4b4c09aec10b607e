#nullable enable
using System.Text;

namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>
    /// Escaping for Azure Pipelines logging commands (##vso[...]), as azure-pipelines-task-lib does it in node/taskcommand.ts
    /// (https://github.com/microsoft/azure-pipelines-task-lib/blob/master/node/taskcommand.ts): message data gets
    /// % -> %AZP25, CR -> %0D, LF -> %0A (escapeData); property values also ] -> %5D and ; -> %3B (escape).
    /// </summary>
    internal static class AzurePipelinesEscaper
    {
        public static string Data(string? value) => Escape(value, properties: false);

        public static string Property(string? value) => Escape(value, properties: true);

        private static string Escape(string? value, bool properties)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var sb = new StringBuilder(value!.Length + 16);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '%': sb.Append("%AZP25"); break;
                    case '\r': sb.Append("%0D"); break;
                    case '\n': sb.Append("%0A"); break;
                    case ']' when properties: sb.Append("%5D"); break;
                    case ';' when properties: sb.Append("%3B"); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }
    }

    /// <summary>
    /// Escaping for GitHub Actions workflow commands (::name ...::), as actions/toolkit does it in packages/core/src/command.ts
    /// (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts): escapeData % -> %25, CR -> %0D, LF -> %0A;
    /// escapeProperty also : -> %3A and , -> %2C. The runner unescapes the same set.
    /// </summary>
    internal static class GitHubActionsEscaper
    {
        public static string Data(string? value) =>
            string.IsNullOrEmpty(value) ? string.Empty : value!.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

        public static string Property(string? value) =>
            string.IsNullOrEmpty(value) ? string.Empty : Data(value).Replace(":", "%3A").Replace(",", "%2C");
    }
}
