using System;
using System.IO;

namespace RealtimeOps.Engine.Tests.Validation
{
    internal static class TestPaths
    {
        public static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "RealtimeOps.psd1"))) dir = dir.Parent;
                if (dir == null) throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
                return dir.FullName;
            }
        }

        public static string Corpus => Path.Combine(RepoRoot, "tests", "corpus");
    }
}
