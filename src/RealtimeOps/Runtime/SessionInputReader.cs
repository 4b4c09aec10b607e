using System.Collections;
using System.IO;
using RealtimeOps.Cmdlets;
using RealtimeOps.Conversion;
using RealtimeOps.Engine.Configuration;

namespace RealtimeOps.Runtime
{
    /// <summary>One session configuration read from the input: a parsed document, or the ErrorRecord that explains why not.</summary>
    internal sealed class SessionInputItem
    {
        public SessionInputItem(SessionDocument document, object? target)
        {
            Document = document;
            Target = target;
        }

        public SessionInputItem(ErrorRecord error)
        {
            Error = error;
            Target = error.TargetObject;
        }

        /// <summary>A pipeline object the cmdlet handles itself (Test-RealtimeDeployment takes deployments).</summary>
        public SessionInputItem(object other, bool _)
        {
            Other = other;
            Target = other;
        }

        public SessionDocument? Document { get; }
        public ErrorRecord? Error { get; }
        public object? Other { get; }
        /// <summary>What error records about this input name: the file, the input object, or the source label.</summary>
        public object? Target { get; }
    }

    /// <summary>
    /// The error ids one cmdlet uses for input it cannot read: &lt;Prefix&gt;FileNotFound, PathNotFileSystem, PathInvalid,
    /// PathIsFolder, FileNotRegular, FileAccessDenied, FileUnreadable, InputUnsupported. The messages are the same everywhere.
    /// </summary>
    internal sealed class SessionInputErrorIds
    {
        public SessionInputErrorIds(string prefix, string? notFound = null, string? accessDenied = null)
        {
            Prefix = prefix;
            NotFound = notFound ?? prefix + "FileNotFound";
            AccessDenied = accessDenied ?? prefix + "FileAccessDenied";
        }

        public string Prefix { get; }
        public string NotFound { get; }
        public string AccessDenied { get; }

        public static readonly SessionInputErrorIds Configuration = new SessionInputErrorIds("Configuration");
    }

    /// <summary>
    /// The one way a cmdlet turns -Path (wildcards), -LiteralPath, -Json and -InputObject into parsed session documents:
    /// FileSystem provider only, one set of messages for paths that match nothing, folders, devices and FIFOs (never
    /// opened), unreadable files, and objects that are no configuration; everything else is the engine's SessionReader.
    /// </summary>
    internal sealed class SessionInputReader
    {
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";
        public const string JsonSet = "Json";
        public const string InputObjectSet = "InputObject";

        private const string InputAction = "Pass a JSON file (-Path, -LiteralPath or Get-ChildItem -File), JSON text (-Json), or a hashtable or PSCustomObject (-InputObject).";

        private readonly PathIntrinsics _paths;
        private readonly SessionInputErrorIds _ids;

        public SessionInputReader(PathIntrinsics paths, SessionInputErrorIds ids, string jsonSource = "json", string objectSource = "InputObject")
        {
            _paths = paths;
            _ids = ids;
            JsonSource = jsonSource;
            ObjectSource = objectSource;
        }

        /// <summary>The source name of -Json text in diagnostics and messages.</summary>
        public string JsonSource { get; }
        /// <summary>The source name of an object graph.</summary>
        public string ObjectSource { get; }

        /// <summary>Recognises pipeline objects the cmdlet takes itself (null: none).</summary>
        public Func<object, bool>? AcceptsOther { get; set; }

        /// <summary>
        /// The PSPaths whose content Get-Content piped in and that have been read whole, kept by the cmdlet for its whole
        /// pipeline: the first line of a file reads the file, the lines after it add nothing.
        /// </summary>
        public ISet<string> ContentFilesRead { get; set; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The inputs of one ProcessRecord call for the given parameter set (nothing for a set without session input).</summary>
        public IEnumerable<SessionInputItem> Read(string parameterSetName, string[]? path, string[]? literalPath, string? json, object? inputObject)
        {
            switch (parameterSetName)
            {
                case PathSet:
                    foreach (var p in path ?? Array.Empty<string>())
                        foreach (var item in ReadPath(p, literal: false)) yield return item;
                    break;
                case LiteralPathSet:
                    foreach (var p in literalPath ?? Array.Empty<string>())
                        foreach (var item in ReadPath(p, literal: true)) yield return item;
                    break;
                case JsonSet:
                    yield return new SessionInputItem(SessionReader.ReadText(json ?? string.Empty, JsonSource), JsonSource);
                    break;
                case InputObjectSet:
                    foreach (var item in ReadObject(inputObject)) yield return item;
                    break;
            }
        }

        /// <summary>A pipeline or -InputObject value: a file, a folder (refused), JSON text or a path, a dictionary or PSCustomObject.</summary>
        public IEnumerable<SessionInputItem> ReadObject(object? input)
        {
            var value = input is PSObject pso ? pso.BaseObject : input;
            if (value != null && AcceptsOther != null && AcceptsOther(value)) return new[] { new SessionInputItem(value, true) };
            if (value is string content && input is PSObject line && GetContentSource(line) is string contentPath)
                return ReadContent(content, contentPath, line);
            switch (value)
            {
                case null:
                    return new[] { new SessionInputItem(SessionReader.ReadGraph(null, ObjectSource), ObjectSource) };
                case FileInfo file:
                    // A FileInfo is a FileSystem path already: no provider resolution (it costs more than reading a small file).
                    return ReadFiles(new List<string> { file.FullName });
                case DirectoryInfo folder:
                    return new[] { Problem(_ids.Prefix + "PathIsFolder", ErrorCategory.InvalidArgument, folder.FullName,
                        $"'{folder.FullName}' is a folder, not a session configuration file.", "Give a JSON file; Get-ChildItem -File picks only files.") };
                case string text:
                    return LooksLikeJson(text)
                        ? new[] { new SessionInputItem(SessionReader.ReadText(text, JsonSource), JsonSource) }
                        : ReadPath(text, literal: true);
                case ConversionResult converted:
                    return new[] { new SessionInputItem(SessionReader.ReadText(converted.Json ?? string.Empty, converted.Source ?? JsonSource), converted.Source ?? JsonSource) };
                case PSCustomObject _:
                case IDictionary _:
                case IList _:
                    return new[] { new SessionInputItem(SessionReader.ReadGraph(PSObjectGraph.ToPlain(input), ObjectSource), input) };
                default:
                    var type = value.GetType().FullName;
                    return new[] { Problem(_ids.Prefix + "InputUnsupported", ErrorCategory.InvalidArgument, type,
                        $"A {type} is not a session configuration.", InputAction) };
            }
        }

        /// <summary>JSON text rather than a path: empty, several lines, or starting as JSON text or a line of it does.</summary>
        private static bool LooksLikeJson(string text)
        {
            var trimmed = text.TrimStart();
            return trimmed.Length == 0 || "{[\"}],".IndexOf(trimmed[0]) >= 0 || text.IndexOf('\n') >= 0;
        }

        /// <summary>The PSPath of a string Get-Content wrote (it notes PSPath and ReadCount on each), else null.</summary>
        private static string? GetContentSource(PSObject line) =>
            line.Properties["ReadCount"] != null && line.Properties["PSPath"]?.Value is string path && path.Length > 0 ? path : null;

        /// <summary>
        /// Content Get-Content piped in, a line at a time or whole (-Raw). From a file, the file is read whole once, with
        /// its own line numbers; from another provider (Env:, Variable:) the text is the configuration. Never a path.
        /// </summary>
        private IEnumerable<SessionInputItem> ReadContent(string content, string psPath, PSObject line)
        {
            var provider = (line.Properties["PSProvider"]?.Value as ProviderInfo)?.Name;
            if (!string.Equals(provider, "FileSystem", StringComparison.OrdinalIgnoreCase))
                return new[] { new SessionInputItem(SessionReader.ReadText(content, psPath), psPath) };
            // Every line of a file carries the same PSPath: the lines after the first cost one set look-up, no path resolution.
            if (!ContentFilesRead.Add(psPath)) return Array.Empty<SessionInputItem>();
            string file;
            try
            {
                file = _paths.GetUnresolvedProviderPathFromPSPath(psPath);
            }
            catch (Exception ex) when (IsUnusablePath(ex))
            {
                return new[] { new SessionInputItem(SessionReader.ReadText(content, JsonSource), JsonSource) };
            }
            return ReadFiles(new List<string> { file });
        }

        private IEnumerable<SessionInputItem> ReadPath(string path, bool literal)
        {
            var files = new List<string>();
            string? problem = null;
            try
            {
                // The provider first: Env:, Variable: or Function: paths are refused before anything is resolved or read.
                var unresolved = _paths.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    problem = $"'{path}' is on the {provider.Name} provider; session configurations are files.";
                else if (literal) files.Add(unresolved);
                else files.AddRange(_paths.GetResolvedProviderPathFromPSPath(path, out _));
            }
            catch (ItemNotFoundException)
            {
                files.Clear();
            }
            catch (Exception ex) when (IsUnusablePath(ex))
            {
                return new[] { Problem(_ids.Prefix + "PathInvalid", ErrorCategory.InvalidArgument, path, $"'{path}' is not a usable path: {ex.Message}", "Give a file system path.") };
            }
            if (problem != null)
                return new[] { Problem(_ids.Prefix + "PathNotFileSystem", ErrorCategory.InvalidArgument, path, problem, "Give a file system path.") };
            if (files.Count == 0)
            {
                return new[] { Problem(_ids.NotFound, ErrorCategory.ObjectNotFound, path,
                    WildcardPattern.ContainsWildcardCharacters(path) ? $"No file matches '{path}'." : $"The file '{path}' does not exist.",
                    "Check the path; use -LiteralPath when the name contains [ or ].") };
            }
            return ReadFiles(files);
        }

        private IEnumerable<SessionInputItem> ReadFiles(List<string> files)
        {
            foreach (var file in files)
            {
                var read = SessionReader.ReadFile(file);
                if (read.Document != null)
                {
                    yield return new SessionInputItem(read.Document, file);
                    continue;
                }
                var f = read.Failure!;
                switch (f.Kind)
                {
                    case SessionReadFailureKind.NotFound: yield return Problem(_ids.NotFound, ErrorCategory.ObjectNotFound, file, f.Message, f.RecommendedAction); break;
                    case SessionReadFailureKind.IsDirectory: yield return Problem(_ids.Prefix + "PathIsFolder", ErrorCategory.InvalidArgument, file, f.Message, f.RecommendedAction); break;
                    case SessionReadFailureKind.NotRegularFile: yield return Problem(_ids.Prefix + "FileNotRegular", ErrorCategory.InvalidArgument, file, f.Message, f.RecommendedAction); break;
                    case SessionReadFailureKind.AccessDenied: yield return Problem(_ids.AccessDenied, ErrorCategory.PermissionDenied, file, f.Message, f.RecommendedAction); break;
                    default: yield return Problem(_ids.Prefix + "FileUnreadable", ErrorCategory.ReadError, file, f.Message, f.RecommendedAction); break;
                }
            }
        }

        /// <summary>What the provider throws for a path it cannot use (a missing drive or provider, bad syntax).</summary>
        private static bool IsUnusablePath(Exception ex) =>
            ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is PSArgumentException ||
            ex is NotSupportedException || ex is PSInvalidOperationException || ex is ArgumentException;

        private static SessionInputItem Problem(string id, ErrorCategory category, object target, string message, string action) =>
            new SessionInputItem(RealtimeOpsCmdlet.NewError(id, category, target, message, action));
    }
}
