using System;
using System.IO;
using System.Text;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>
    /// Turns diagnostics into CI logging commands, escaping every value taken from a configuration so that
    /// no field name or message can end the command early or start a new one.
    /// </summary>
    internal static class PipelineAnnotations
    {
        /// <summary>The logging command for a diagnostic in a CI host, or null when the host has none (or none for its severity).</summary>
        public static string? Format(Diagnostic diagnostic, HostKind host, string? workspace = null)
        {
            switch (host)
            {
                case HostKind.AzureDevOps: return ToAzurePipelines(diagnostic);
                case HostKind.GitHubActions: return ToGitHubActions(diagnostic, workspace);
                default: return null;
            }
        }

        /// <summary>
        /// <c>##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=RTC…]message</c>.
        /// Information has no logissue type, so it gives null.
        /// </summary>
        public static string? ToAzurePipelines(Diagnostic d)
        {
            if (d == null) throw new ArgumentNullException(nameof(d));
            if (d.Severity == DiagnosticSeverity.Information) return null;
            var sb = new StringBuilder("##vso[task.logissue type=");
            sb.Append(d.Severity == DiagnosticSeverity.Error ? "error" : "warning");
            if (IsFile(d.Source))
            {
                sb.Append(";sourcepath=").Append(EscapeAzurePipelinesProperty(d.Source));
                if (d.Line.HasValue) sb.Append(";linenumber=").Append(d.Line.Value);
                if (d.Column.HasValue) sb.Append(";columnnumber=").Append(d.Column.Value);
            }
            sb.Append(";code=").Append(EscapeAzurePipelinesProperty(d.RuleId));
            sb.Append(']');
            sb.Append(EscapeAzurePipelinesData(MessageText(d)));
            return sb.ToString();
        }

        /// <summary><c>::error file=…,line=…,col=…,title=RTC…::message</c> (notice for information).</summary>
        public static string ToGitHubActions(Diagnostic d, string? workspace = null)
        {
            if (d == null) throw new ArgumentNullException(nameof(d));
            var sb = new StringBuilder("::");
            sb.Append(d.Severity == DiagnosticSeverity.Error ? "error" : d.Severity == DiagnosticSeverity.Warning ? "warning" : "notice");
            var first = true;
            void Property(string name, string value)
            {
                sb.Append(first ? " " : ",").Append(name).Append('=').Append(EscapeGitHubProperty(value));
                first = false;
            }
            if (IsFile(d.Source))
            {
                Property("file", RelativeTo(workspace, d.Source));
                if (d.Line.HasValue) Property("line", d.Line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (d.Column.HasValue) Property("col", d.Column.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            Property("title", d.RuleId + " " + RuleCatalogTitle(d.RuleId));
            sb.Append("::");
            sb.Append(EscapeGitHubData(MessageText(d)));
            return sb.ToString();
        }

        private static string RuleCatalogTitle(string id)
        {
            try { return RuleCatalog.Get(id).Title; }
            catch (ArgumentException) { return string.Empty; }
        }

        private static string MessageText(Diagnostic d)
        {
            var text = d.RuleId + " " + (d.Path.Length > 0 ? d.Path + ": " : string.Empty) + d.Message;
            return d.Suggestion.Length > 0 ? text + " " + d.Suggestion : text;
        }

        // A diagnostic's Source is a file path only when the input came from a file (not "json" or "InputObject").
        private static bool IsFile(string source) =>
            !string.IsNullOrEmpty(source) && source != "json" && source != "InputObject" && (source.IndexOf('/') >= 0 || source.IndexOf('\\') >= 0 || source.IndexOf('.') >= 0);

        private static string RelativeTo(string? workspace, string path)
        {
            if (string.IsNullOrEmpty(workspace)) return path;
            var ws = workspace!.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            return path.StartsWith(ws, StringComparison.Ordinal) ? path.Substring(ws.Length).Replace('\\', '/') : path;
        }

        // Values taken from a configuration go through the property escaping even in the message: the agent decodes
        // %3B and %5D in data too (azure-pipelines-agent docs/design/percentEncoding.md), so a message can then never
        // hold a closing bracket or a line break a parser could misread.
        public static string EscapeAzurePipelinesProperty(string value) => AzurePipelinesEscaper.Property(value);

        public static string EscapeAzurePipelinesData(string value) => AzurePipelinesEscaper.Property(value);

        public static string EscapeGitHubData(string value) => GitHubActionsEscaper.Data(value);

        public static string EscapeGitHubProperty(string value) => GitHubActionsEscaper.Property(value);
    }
}
