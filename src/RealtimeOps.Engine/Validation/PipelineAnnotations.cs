using System;
using System.IO;
using System.Text;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>Which CI system's logging commands to write diagnostics as.</summary>
    internal enum AnnotationFormat
    {
        None,
        AzurePipelines,
        GitHubActions,
    }

    /// <summary>
    /// Turns diagnostics into CI logging commands, escaping every value taken from a configuration so that
    /// no field name or message can end the command early or start a new one.
    /// </summary>
    internal static class PipelineAnnotations
    {
        /// <summary>TF_BUILD=True (Azure Pipelines agents) or GITHUB_ACTIONS=true (GitHub runners); else None.</summary>
        public static AnnotationFormat Detect(Func<string, string> environment)
        {
            if (environment == null) throw new ArgumentNullException(nameof(environment));
            if (string.Equals(environment("TF_BUILD"), "True", StringComparison.OrdinalIgnoreCase)) return AnnotationFormat.AzurePipelines;
            if (string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)) return AnnotationFormat.GitHubActions;
            return AnnotationFormat.None;
        }

        /// <summary>The logging command for a diagnostic, or null when the format has none for its severity.</summary>
        public static string? Format(Diagnostic diagnostic, AnnotationFormat format, string? workspace = null)
        {
            switch (format)
            {
                case AnnotationFormat.AzurePipelines: return ToAzurePipelines(diagnostic);
                case AnnotationFormat.GitHubActions: return ToGitHubActions(diagnostic, workspace);
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

        private static string? RuleCatalogTitle(string id)
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

        // Azure Pipelines: azure-pipelines-task-lib node/taskcommand.ts
        // (https://github.com/microsoft/azure-pipelines-task-lib/blob/master/node/taskcommand.ts) escapes property values with
        // % -> %AZP25, \r -> %0D, \n -> %0A, ] -> %5D, ; -> %3B (function escape), and message data with
        // % -> %AZP25, \r -> %0D, \n -> %0A (function escapeData); the agent decodes %3B and %5D in data too
        // (azure-pipelines-agent docs/design/percentEncoding.md), so data also gets ] and ; escaped: a
        // message can then never contain a closing bracket or a line break a parser could misread.
        public static string EscapeAzurePipelinesProperty(string value) => EscapeAzure(value);

        public static string EscapeAzurePipelinesData(string value) => EscapeAzure(value);

        private static string EscapeAzure(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var sb = new StringBuilder(value.Length + 16);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '%': sb.Append("%AZP25"); break;
                    case '\r': sb.Append("%0D"); break;
                    case '\n': sb.Append("%0A"); break;
                    case ']': sb.Append("%5D"); break;
                    case ';': sb.Append("%3B"); break;
                    default: sb.Append(c); break;
                }
            }
            return sb.ToString();
        }

        // GitHub Actions: actions/toolkit packages/core/src/command.ts
        // (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts) escapeData: % -> %25, \r -> %0D, \n -> %0A;
        // escapeProperty additionally : -> %3A and , -> %2C. The runner (ActionCommand.cs) unescapes the same set.
        public static string EscapeGitHubData(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            return value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
        }

        public static string EscapeGitHubProperty(string value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            return EscapeGitHubData(value).Replace(":", "%3A").Replace(",", "%2C");
        }
    }
}
