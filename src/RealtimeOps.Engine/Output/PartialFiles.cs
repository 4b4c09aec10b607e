#nullable enable
using System;
using System.Collections.Generic;
using System.Linq.Expressions;

namespace RealtimeOps.Engine.Output
{
    /// <summary>
    /// Temporary files being written (a bundle's .partial, a report's .tmp). Each writer deletes its own in a finally;
    /// <see cref="Process"/> also deletes them when the process ends without running those: at ProcessExit, and on SIGTERM
    /// (a CI runner cancelling a job, an Automation sandbox stopping) through PosixSignalRegistration where the runtime has
    /// it (.NET 6+; found by reflection, as the assembly targets netstandard2.0), because pwsh ends on SIGTERM without
    /// raising ProcessExit. A hard kill (SIGKILL) runs nothing, so nothing can clean up then.
    /// </summary>
    internal sealed class PartialFiles
    {
        private static readonly Lazy<PartialFiles> s_process = new Lazy<PartialFiles>(() =>
        {
            var files = new PartialFiles();
            AppDomain.CurrentDomain.ProcessExit += (s, e) => files.DeleteAll();
            s_sigterm = RegisterSigterm();
            return files;
        });

        // Kept alive for the life of the process: disposing it would unregister the handler.
        private static object? s_sigterm;

        private static void OnSigterm() => Process.DeleteAll();

        /// <summary>PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => OnSigterm()), or null where the runtime has none.</summary>
        private static object? RegisterSigterm()
        {
            try
            {
                var coreLib = typeof(object).Assembly;
                var registration = coreLib.GetType("System.Runtime.InteropServices.PosixSignalRegistration");
                var signal = coreLib.GetType("System.Runtime.InteropServices.PosixSignal");
                var context = coreLib.GetType("System.Runtime.InteropServices.PosixSignalContext");
                if (registration == null || signal == null || context == null) return null;
                var handlerType = typeof(Action<>).MakeGenericType(context);
                var create = registration.GetMethod("Create", new[] { signal, handlerType });
                if (create == null) return null;
                var parameter = Expression.Parameter(context, "context");
                var handler = Expression.Lambda(handlerType, Expression.Call(typeof(PartialFiles).GetMethod(nameof(OnSigterm),
                    System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!), parameter).Compile();
                // The context is not cancelled: the process still ends as SIGTERM asks, only the files go first.
                return create.Invoke(null, new object[] { Enum.Parse(signal, "SIGTERM"), handler });
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException || ex is System.Reflection.TargetInvocationException || ex is InvalidOperationException || ex is ArgumentException)
            {
                return null;
            }
        }

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
