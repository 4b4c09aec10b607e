#nullable enable
using System;
using System.IO;
using System.Security;
using RealtimeOps.Engine.Output;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>Why a session file could not be read at all (its content is judged by diagnostics instead).</summary>
    internal enum SessionReadFailureKind
    {
        NotFound,
        IsDirectory,
        /// <summary>A device, FIFO or socket: never opened, so /dev/zero costs no memory and a FIFO cannot block.</summary>
        NotRegularFile,
        AccessDenied,
        Unreadable,
    }

    /// <summary>A file that could not be read, with a message that names it and says how to fix it.</summary>
    internal sealed class SessionReadFailure
    {
        public SessionReadFailure(SessionReadFailureKind kind, string path, string message, string recommendedAction, Exception? inner = null)
        {
            Kind = kind;
            Path = path;
            Message = message;
            RecommendedAction = recommendedAction;
            Inner = inner;
        }

        public SessionReadFailureKind Kind { get; }
        public string Path { get; }
        public string Message { get; }
        public string RecommendedAction { get; }
        public Exception? Inner { get; }
    }

    /// <summary>The document read from a file, or why the file could not be read.</summary>
    internal sealed class SessionReadResult
    {
        public SessionReadResult(SessionDocument document) => Document = document;
        public SessionReadResult(SessionReadFailure failure) => Failure = failure;

        public SessionDocument? Document { get; }
        public SessionReadFailure? Failure { get; }
    }

    /// <summary>
    /// The one reader of session configurations: files, JSON text and object graphs become a <see cref="SessionDocument"/>
    /// under one policy, the service's: strict JSON (comments and trailing commas are RTC1001 with line and column),
    /// UTF-8 with or without BOM and UTF-16 with a BOM (or recognisably without), UTF-32 refused, at most
    /// <see cref="ValidationOptions.DefaultMaxDocumentBytes"/> bytes (RTC1003, nothing read beyond the cap), and only
    /// regular files (the type is checked before the file is opened).
    /// </summary>
    internal static class SessionReader
    {
        public const long DefaultMaxBytes = ValidationOptions.DefaultMaxDocumentBytes;

        public static SessionReadResult ReadFile(string path, long maxBytes = DefaultMaxBytes)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            FileKind kind;
            try
            {
                kind = FileKindProbe.Of(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is SecurityException)
            {
                return Fail(SessionReadFailureKind.Unreadable, path, $"The file '{path}' cannot be read: {ex.Message}", "Check the path.", ex);
            }
            switch (kind)
            {
                case FileKind.Missing:
                    return Fail(SessionReadFailureKind.NotFound, path, $"The file '{path}' does not exist.", "Check the path; use -LiteralPath when the name contains [ or ].");
                case FileKind.Directory:
                    return Fail(SessionReadFailureKind.IsDirectory, path, $"'{path}' is a folder, not a session configuration file.",
                        "Give a JSON file; Get-ChildItem -File picks only files.");
                case FileKind.Fifo:
                case FileKind.CharacterDevice:
                case FileKind.BlockDevice:
                case FileKind.Socket:
                    return Fail(SessionReadFailureKind.NotRegularFile, path, $"'{path}' is a {Describe(kind)}, not a regular file; it was not opened.",
                        "Give a JSON file saved on disk.");
            }
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan))
                {
                    if (stream.CanSeek && stream.Length > maxBytes) return new SessionReadResult(TooLarge(path, stream.Length, maxBytes));
                    var bytes = ReadCapped(stream, maxBytes);
                    return new SessionReadResult(bytes == null ? TooLarge(path, null, maxBytes) : SessionDocument.Parse(bytes, path));
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return Fail(SessionReadFailureKind.NotFound, path, $"The file '{path}' does not exist.", "Check the path.", ex);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is SecurityException)
            {
                return Fail(SessionReadFailureKind.AccessDenied, path, $"Access to the file '{path}' is denied.", "Check that you may read the file.", ex);
            }
            catch (IOException ex)
            {
                return Fail(SessionReadFailureKind.Unreadable, path, $"The file '{path}' cannot be read: {ex.Message}", "Check that the file is not locked.", ex);
            }
        }

        /// <summary>JSON text; above the byte cap (counted as UTF-8) it is RTC1003 and not parsed.</summary>
        public static SessionDocument ReadText(string? json, string source, long maxBytes = DefaultMaxBytes)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            // A .NET char encodes to at most 3 UTF-8 bytes, so only a string whose Length*3 exceeds the limit needs counting.
            if (json.Length * 3L > maxBytes)
            {
                var length = System.Text.Encoding.UTF8.GetByteCount(json);
                if (length > maxBytes) return TooLarge(source, length, maxBytes);
            }
            return SessionDocument.Parse(json, source);
        }

        /// <summary>An object graph (dictionaries, lists, scalars) a script built.</summary>
        public static SessionDocument ReadGraph(object? graph, string source) => SessionDocument.FromObject(graph, source);

        /// <summary>The RTC1003 document: the input exceeds the cap and was not read (length null: not known).</summary>
        public static SessionDocument TooLarge(string source, long? length, long maxBytes)
        {
            var size = length.HasValue ? $"{length.Value:N0} bytes" : $"more than {maxBytes:N0} bytes";
            return SessionDocument.Failed(source, new Diagnostic(RuleIds.DocumentTooLarge, RuleCatalog.Get(RuleIds.DocumentTooLarge).Severity, string.Empty, null, null,
                $"The input is {size}; RealtimeOps checks configurations up to {maxBytes:N0} bytes and did not read it.",
                "A session configuration is a few kilobytes: check that this is the right file.", source));
        }

        /// <summary>
        /// One sentence on why a document that could not be parsed is refused, e.g. "s.json is not valid JSON at line 3,
        /// column 9 (RTC1001): a comment; ...". Null when the document parsed.
        /// </summary>
        public static string? Describe(SessionDocument document)
        {
            if (document == null) throw new ArgumentNullException(nameof(document));
            if (document.Root != null || document.Diagnostics.Count == 0) return null;
            var d = document.Diagnostics[0];
            var where = d.Line.HasValue ? $" at line {d.Line}, column {d.Column}" : string.Empty;
            const string prefix = "JSON syntax error: ";
            if (d.RuleId == RuleIds.JsonSyntax)
            {
                var message = d.Message.StartsWith(prefix, StringComparison.Ordinal) ? d.Message.Substring(prefix.Length) : d.Message;
                return $"{document.Source} is not valid JSON{where} ({d.RuleId}): {message}";
            }
            return $"{document.Source}{where}: {d.RuleId} {d.Message}";
        }

        private static byte[]? ReadCapped(Stream stream, long maxBytes)
        {
            var buffer = new byte[(int)Math.Min(Math.Max(stream.CanSeek ? stream.Length : 0, 4096), maxBytes + 1)];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes) return null;
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                }
                var n = stream.Read(buffer, total, buffer.Length - total);
                if (n == 0) break;
                total += n;
                if (total > maxBytes) return null;
            }
            if (total != buffer.Length) Array.Resize(ref buffer, total);
            return buffer;
        }

        private static string Describe(FileKind kind)
        {
            switch (kind)
            {
                case FileKind.Fifo: return "named pipe (FIFO)";
                case FileKind.CharacterDevice: return "character device";
                case FileKind.BlockDevice: return "block device";
                default: return "socket";
            }
        }

        private static SessionReadResult Fail(SessionReadFailureKind kind, string path, string message, string action, Exception? inner = null) =>
            new SessionReadResult(new SessionReadFailure(kind, path, message, action, inner));
    }
}
