#nullable enable
using System;
using System.IO;
using System.Text;

namespace RealtimeOps.Engine.Output
{
    /// <summary>
    /// Writes a file through a temporary sibling and a rename, so it is either whole or untouched. The target is checked
    /// by <see cref="OutputPath"/> first (links followed, devices and FIFOs refused, overwrite only when asked) and again
    /// just before the rename.
    /// </summary>
    internal static class AtomicFile
    {
        public static void WriteAllText(string path, string content, bool overwrite)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var target = OutputPath.Check(path, overwrite);
            var temp = TempBeside(target, ".tmp");
            using (PartialFiles.Track(temp))
            {
                try
                {
                    File.WriteAllText(temp, content, new UTF8Encoding(false));
                    Commit(temp, target, path, overwrite);
                }
                finally
                {
                    TryDelete(temp);
                }
            }
        }

        /// <summary>A hidden, unique name in the target's folder (same file system, so the rename is atomic).</summary>
        internal static string TempBeside(string target, string suffix) =>
            System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target) ?? ".",
                "." + System.IO.Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + suffix);

        /// <summary>Moves the finished temporary file onto the target, checking the target once more right before.</summary>
        internal static void Commit(string temp, string target, string? requested, bool overwrite)
        {
            var now = OutputPath.Check(requested, overwrite);
            if (!string.Equals(now, target, StringComparison.Ordinal))
                throw new IOException($"'{requested}' changed while the file was written; it was left untouched.");
            if (File.Exists(target)) File.Replace(temp, target, null);
            else File.Move(temp, target);
        }

        internal static void TryDelete(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
