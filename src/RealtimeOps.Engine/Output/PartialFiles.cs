using System;
using System.Collections.Generic;

namespace RealtimeOps.Engine.Output
{
    /// <summary>
    /// Temporary files being written (a bundle's .partial, a report's .tmp). Each writer deletes its own in a finally;
    /// <see cref="Process"/> also deletes them when the process ends without running those (SIGTERM from a CI runner or an
    /// Automation sandbox: .NET raises ProcessExit for it). A hard kill (SIGKILL) runs nothing, so nothing can clean up then.
    /// </summary>
    internal sealed class PartialFiles
    {
        private static readonly Lazy<PartialFiles> s_process = new Lazy<PartialFiles>(() =>
        {
            var files = new PartialFiles();
            AppDomain.CurrentDomain.ProcessExit += (s, e) => files.DeleteAll();
            return files;
        });

        private readonly object _gate = new object();
        private readonly HashSet<string> _paths = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>The process-wide set, emptied (files deleted) at process exit.</summary>
        internal static PartialFiles Process => s_process.Value;

        /// <summary>Tracks <paramref name="path"/> in the process-wide set until the returned handle is disposed.</summary>
        internal static IDisposable Track(string path) => Process.Add(path);

        internal IDisposable Add(string path)
        {
            lock (_gate) _paths.Add(path);
            return new Handle(this, path);
        }

        internal void DeleteAll()
        {
            string[] paths;
            lock (_gate) { paths = new string[_paths.Count]; _paths.CopyTo(paths); _paths.Clear(); }
            foreach (var p in paths) AtomicFile.TryDelete(p);
        }

        private void Remove(string path) { lock (_gate) _paths.Remove(path); }

        private sealed class Handle : IDisposable
        {
            private PartialFiles? _owner;
            private readonly string _path;
            public Handle(PartialFiles owner, string path) { _owner = owner; _path = path; }

            public void Dispose()
            {
                _owner?.Remove(_path);
                _owner = null;
            }
        }
    }
}
