using System.IO;
using System.Reflection;

namespace RealtimeOps
{
    /// <summary>
    /// Resolves RealtimeOps.Engine and every package it depends on from the module's dependencies folder,
    /// so that RealtimeOps loads beside Az.Accounts or Microsoft.Graph whatever Azure.Core/Azure.Identity
    /// versions they brought.
    /// On PowerShell 7 the engine and its packages live in their own AssemblyLoadContext (reached by
    /// reflection: this assembly is netstandard2.0 and also loads on .NET Framework). On Windows
    /// PowerShell 5.1 a scoped AppDomain.AssemblyResolve handler answers only RealtimeOps' own requests.
    /// Nothing is loaded here: assemblies load on first use.
    /// </summary>
    internal static class DependencyIsolation
    {
        internal const string EngineAssemblyName = "RealtimeOps.Engine";
        private static readonly object s_gate = new object();
        private static string? s_dependencyDirectory;
        private static object? s_loadContext;                 // System.Runtime.Loader.AssemblyLoadContext on Core
        private static MethodInfo? s_loadFromAssemblyPath;
        private static EventInfo? s_defaultResolvingEvent;
        private static Delegate? s_defaultResolvingHandler;
        private static ResolveEventHandler? s_appDomainHandler;
        private static HashSet<string>? s_platformAssemblies;

        internal static void Register()
        {
            lock (s_gate)
            {
                if (s_dependencyDirectory != null) return;
                var moduleDirectory = Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location);
                s_dependencyDirectory = Path.Combine(moduleDirectory, "dependencies");

                var alcType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
                              ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
                if (alcType != null && alcType.GetConstructor(new[] { typeof(string), typeof(bool) }) != null)
                {
                    RegisterLoadContext(alcType);
                }
                else
                {
                    s_appDomainHandler = ResolveForFramework;
                    AppDomain.CurrentDomain.AssemblyResolve += s_appDomainHandler;
                }
            }
        }

        internal static void Unregister()
        {
            lock (s_gate)
            {
                if (s_defaultResolvingEvent != null)
                {
                    var defaultContext = s_defaultResolvingEvent.DeclaringType.GetProperty("Default").GetValue(null);
                    s_defaultResolvingEvent.RemoveEventHandler(defaultContext, s_defaultResolvingHandler);
                    s_defaultResolvingEvent = null;
                    s_defaultResolvingHandler = null;
                }
                if (s_appDomainHandler != null)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= s_appDomainHandler;
                    s_appDomainHandler = null;
                }
                // The load context itself stays: types already handed to the session keep working.
                s_dependencyDirectory = null;
            }
        }

        private static void RegisterLoadContext(Type alcType)
        {
            s_loadContext = Activator.CreateInstance(alcType, "RealtimeOps", false);
            s_loadFromAssemblyPath = alcType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
            s_platformAssemblies = ReadPlatformAssemblyNames();

            // The isolated context answers for the packages in dependencies/ ...
            var resolving = alcType.GetEvent("Resolving");
            var contextHandler = Delegate.CreateDelegate(resolving.EventHandlerType,
                typeof(DependencyIsolation).GetMethod(nameof(ResolveInLoadContext), BindingFlags.NonPublic | BindingFlags.Static));
            resolving.AddEventHandler(s_loadContext, contextHandler);

            // ... and the default context hands the engine, and only the engine, over to it.
            var defaultContext = alcType.GetProperty("Default").GetValue(null);
            s_defaultResolvingEvent = resolving;
            s_defaultResolvingHandler = Delegate.CreateDelegate(resolving.EventHandlerType,
                typeof(DependencyIsolation).GetMethod(nameof(ResolveEngineFromDefault), BindingFlags.NonPublic | BindingFlags.Static));
            resolving.AddEventHandler(defaultContext, s_defaultResolvingHandler);
        }

        private static Assembly? ResolveEngineFromDefault(object context, AssemblyName name)
        {
            if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.OrdinalIgnoreCase)) return null;
            return LoadIntoContext(name.Name);
        }

        private static Assembly? ResolveInLoadContext(object context, AssemblyName name)
        {
            // Framework assemblies come from the platform (higher versions unify); everything else we ship.
            // This handler is attached only after Initialize has set the load context fields.
            if (s_platformAssemblies!.Contains(name.Name)) return null;
            return LoadIntoContext(name.Name);
        }

        private static Assembly? LoadIntoContext(string simpleName)
        {
            var directory = s_dependencyDirectory;
            if (directory == null) return null;
            var path = Path.Combine(directory, simpleName + ".dll");
            if (!File.Exists(path)) return null;
            return (Assembly?)s_loadFromAssemblyPath!.Invoke(s_loadContext, new object[] { path });
        }

        private static Assembly? ResolveForFramework(object sender, ResolveEventArgs args)
        {
            var directory = s_dependencyDirectory;
            if (directory == null) return null;
            // Scoped: only requests made by RealtimeOps' own assemblies (or with no requester, as the
            // loader reports for some binding-redirect cases) for a file we ship.
            var requester = args.RequestingAssembly;
            if (requester != null && !IsOurs(requester)) return null;
            var name = new AssemblyName(args.Name);
            var path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        private static bool IsOurs(Assembly assembly)
        {
            if (assembly.IsDynamic) return false;
            var moduleDirectory = Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location);
            var location = assembly.Location;
            return !string.IsNullOrEmpty(location) && location.StartsWith(moduleDirectory, StringComparison.OrdinalIgnoreCase);
        }

        private static HashSet<string> ReadPlatformAssemblyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppDomain.CurrentDomain.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
            {
                foreach (var path in tpa.Split(Path.PathSeparator))
                {
                    if (path.Length > 0) names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
            return names;
        }
    }
}
