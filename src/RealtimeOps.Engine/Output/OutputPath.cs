#nullable enable
using System;
using System.IO;

namespace RealtimeOps.Engine.Output
{
    /// <summary>Why a path cannot receive a file RealtimeOps writes.</summary>
    internal enum OutputPathProblem
    {
        /// <summary>Not a file-system path (Env:, Variable:, Function:...).</summary>
        NotFileSystem,
        /// <summary>A device, FIFO or socket: never opened, never replaced.</summary>
        NotRegularFile,
        /// <summary>A regular file is there and overwriting was not asked for (-Force).</summary>
        FileExists,
        /// <summary>A folder, a wrong extension or an unusable name.</summary>
        Invalid,
        /// <summary>The folder the file would go in does not exist.</summary>
        FolderNotFound,
    }

    /// <summary>A path RealtimeOps refuses to write to; the message says what and how to fix it.</summary>
    internal sealed class OutputPathException : IOException
    {
        public OutputPathException(OutputPathProblem problem, string path, string message, string recommendedAction) : base(message + " " + recommendedAction)
        {
            Problem = problem; Path = path; RecommendedAction = recommendedAction;
        }

        public OutputPathProblem Problem { get; }
        public string Path { get; }
        public string RecommendedAction { get; }

        /// <summary>The ErrorRecord id for a writer: prefix + reason, e.g. SupportBundleFileExists, JUnitReportPathNotRegularFile.</summary>
        public string ErrorId(string prefix)
        {
            switch (Problem)
            {
                case OutputPathProblem.NotFileSystem: return prefix + "PathNotFileSystem";
                case OutputPathProblem.NotRegularFile: return prefix + "PathNotRegularFile";
                case OutputPathProblem.FileExists: return prefix + "FileExists";
                default: return prefix + "PathInvalid";
            }
        }
    }

    /// <summary>
    /// The one check every output path passes (-OutFile, -JUnitPath, Export-SupportBundle -Path): symbolic links are
    /// written through to their final target, devices, FIFOs and sockets are refused without being opened, an existing
    /// file needs overwrite (-Force), the folder must exist. Returns the path to write.
    /// </summary>
    internal static class OutputPath
    {
        private const int MaxLinkHops = 40;

        public static string Check(string? path, bool overwrite, string? requiredExtension = null)
        {
            if (string.IsNullOrWhiteSpace(path))
                throw new OutputPathException(OutputPathProblem.Invalid, path ?? string.Empty, "No output path was given.", "Give the path of the file to write.");
            string full;
            try { full = System.IO.Path.GetFullPath(path); }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new OutputPathException(OutputPathProblem.Invalid, path!, $"'{path}' is not a usable file path: {ex.Message}", "Give the path of a file in an existing folder.");
            }
            if (requiredExtension != null && !string.Equals(System.IO.Path.GetExtension(full), requiredExtension, StringComparison.OrdinalIgnoreCase))
                throw new OutputPathException(OutputPathProblem.Invalid, full, $"The path '{full}' must end in {requiredExtension}.", $"Give the path of a {requiredExtension} file.");

            var target = full;
            for (var hop = 0; ; hop++)
            {
                var kind = FileKindProbe.Probe(target);
                switch (kind)
                {
                    case FileKind.Missing:
                        var folder = System.IO.Path.GetDirectoryName(target);
                        if (string.IsNullOrEmpty(folder) || FileKindProbe.Probe(folder!) == FileKind.Missing || !Directory.Exists(folder))
                            throw new OutputPathException(OutputPathProblem.FolderNotFound, full, $"The folder '{folder}' of '{full}' does not exist.", "Create the folder first, or choose another path.");
                        return target;
                    case FileKind.Regular:
                        if (!overwrite)
                            throw new OutputPathException(OutputPathProblem.FileExists, full, $"The file '{full}' already exists.", "Add -Force to replace its content, or choose another path.");
                        return target;
                    case FileKind.Directory:
                        throw new OutputPathException(OutputPathProblem.Invalid, full, $"'{full}' is a folder.", "Give the path of a file, not a folder.");
                    case FileKind.SymbolicLink:
                        var next = hop < MaxLinkHops ? FileKindProbe.ResolveLink(target) : null;
                        if (next == null)
                            throw new OutputPathException(OutputPathProblem.NotRegularFile, full, $"'{full}' is a symbolic link that cannot be followed here.", "Give the path of the file the link points to.");
                        target = next;
                        continue;
                    default:
                        throw new OutputPathException(OutputPathProblem.NotRegularFile, full,
                            $"'{full}'{(target == full ? "" : " (through a link, '" + target + "')")} is a {Describe(kind)}, not a file; RealtimeOps does not write to it.",
                            "Give the path of a regular file.");
                }
            }
        }

        private static string Describe(FileKind kind)
        {
            switch (kind)
            {
                case FileKind.Fifo: return "named pipe (FIFO)";
                case FileKind.CharacterDevice: return "character device";
                case FileKind.BlockDevice: return "block device";
                case FileKind.Socket: return "socket";
                default: return "special file";
            }
        }
    }
}
