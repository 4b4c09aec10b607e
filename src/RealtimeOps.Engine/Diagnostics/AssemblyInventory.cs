using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace RealtimeOps.Engine.Diagnostics
{
    /// <summary>One assembly loaded in the process: the evidence for assembly-conflict cases.</summary>
    internal sealed class LoadedAssembly
    {
        public LoadedAssembly(string name, string? version, string? fileVersion, string location, string loadContext)
        {
            Name = name;
            Version = version;
            FileVersion = fileVersion;
            Location = location;
            LoadContext = loadContext;
        }

        public string Name { get; }
        public string? Version { get; }
        public string? FileVersion { get; }
        public string Location { get; }
        /// <summary>The AssemblyLoadContext name on PowerShell 7 ("Default", "RealtimeOps", ...); "AppDomain" on .NET Framework.</summary>
        public string LoadContext { get; }
    }

    /// <summary>Which Azure.*, MSAL, System.* and RealtimeOps assemblies are loaded, where from, and in which load context.</summary>
    internal static class AssemblyInventory
    {
        private static readonly string[] s_prefixes = { "Azure.", "Microsoft.Identity", "Microsoft.Bcl.", "System.", "RealtimeOps" };
        private static readonly Type s_loadContextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", false)
                                                         ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", false);

        /// <summary>The Azure.Core version this engine is bound to (loads Azure.Core on first call).</summary>
        public static string BoundAzureCoreVersion => typeof(Azure.Core.Pipeline.HttpPipeline).Assembly.GetName().Version.ToString();

        /// <summary>The Azure.Identity version this engine is bound to (loads Azure.Identity on first call).</summary>
        public static string BoundAzureIdentityVersion => typeof(Azure.Identity.ManagedIdentityCredential).Assembly.GetName().Version.ToString();

        public static IReadOnlyList<LoadedAssembly> Snapshot()
        {
            return AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic)
                .Select(a => new { Assembly = a, Name = a.GetName() })
                .Where(x => s_prefixes.Any(p => x.Name.Name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                .Select(x => new LoadedAssembly(x.Name.Name, x.Name.Version?.ToString(), FileVersionOf(x.Assembly), SafeLocation(x.Assembly), LoadContextOf(x.Assembly)))
                .OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.Version, StringComparer.Ordinal)
                .ToList();
        }

        public static string LoadContextOf(Assembly assembly)
        {
            if (s_loadContextType == null) return "AppDomain";
            try
            {
                var context = s_loadContextType.GetMethod("GetLoadContext", new[] { typeof(Assembly) })?.Invoke(null, new object[] { assembly });
                if (context == null) return "None";
                return s_loadContextType.GetProperty("Name")?.GetValue(context) as string ?? context.ToString();
            }
            catch (Exception) { return "Unknown"; }
        }

        private static string? FileVersionOf(Assembly assembly)
        {
            try { return assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version; }
            catch (Exception) { return null; }
        }

        private static string SafeLocation(Assembly assembly)
        {
            try { return assembly.Location; }
            catch (Exception) { return string.Empty; }
        }
    }
}
