using System.IO;
using System.Security;
using RealtimeOps.Cmdlets;
using RealtimeOps.Engine.Output;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// The one resolver for output paths (-OutFile, -JUnitPath, Export-SupportBundle -Path): a PowerShell path that must be
    /// on the FileSystem provider (Env:, Variable:, Function: are refused, never turned into a file in the working folder),
    /// then the engine's <see cref="OutputPath"/> check. Error ids are the writer's prefix + the reason
    /// (SupportBundleFileExists, JUnitReportPathNotRegularFile, SessionSchemaPathNotFileSystem...).
    /// </summary>
    internal static class OutputPaths
    {
        /// <summary>The file-system path to write, or null with <paramref name="error"/> set.</summary>
        internal static string? Resolve(PSCmdlet cmdlet, string path, bool force, string errorPrefix, string? requiredExtension, out ErrorRecord? error)
        {
            error = null;
            string provided;
            try
            {
                provided = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                if (!string.Equals(provider?.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                    throw new OutputPathException(OutputPathProblem.NotFileSystem, path,
                        $"'{path}' is on the {provider?.Name} provider; RealtimeOps writes files only.", "Give a file-system path, e.g. ./out/report.xml.");
                return OutputPath.Check(provided, force, requiredExtension);
            }
            catch (OutputPathException ex)
            {
                error = Record(ex, errorPrefix, path);
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is PSNotSupportedException ||
                                       ex is PSInvalidOperationException || ex is ArgumentException || ex is NotSupportedException)
            {
                error = Record(new OutputPathException(OutputPathProblem.Invalid, path, $"'{path}' is not a usable file path: {ex.Message}",
                    "Give the path of a file in an existing folder of the file system."), errorPrefix, path);
            }
            return null;
        }

        /// <summary>An ErrorRecord for a refused path (also when the writer itself refused it at the last moment).</summary>
        internal static ErrorRecord Record(OutputPathException ex, string errorPrefix, string? target)
        {
            var category = ex.Problem == OutputPathProblem.FileExists ? ErrorCategory.ResourceExists
                : ex.Problem == OutputPathProblem.FolderNotFound ? ErrorCategory.ObjectNotFound
                : ErrorCategory.InvalidArgument;
            var record = new ErrorRecord(new RealtimeOpsException(ex.Message, ex), ex.ErrorId(errorPrefix), category, target);
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction };
            return record;
        }

        /// <summary>True for the exceptions writing a file can raise that are the user's to fix (not a bug).</summary>
        internal static bool IsWriteFailure(Exception ex) =>
            ex is IOException || ex is UnauthorizedAccessException || ex is SecurityException || ex is ArgumentException || ex is NotSupportedException;
    }
}
