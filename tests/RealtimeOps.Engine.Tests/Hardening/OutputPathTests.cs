#nullable enable
using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using RealtimeOps.Engine.Bundles;
using RealtimeOps.Engine.Output;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public sealed class OutputPathTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "ro-out-" + Guid.NewGuid().ToString("N"));

        public OutputPathTests() => Directory.CreateDirectory(_folder);

        public void Dispose()
        {
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private string In(string name) => Path.Combine(_folder, name);

        private static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private string MakeFifo(string name)
        {
            var path = In(name);
            using (var p = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false }))
            {
                Assert.True(p!.WaitForExit(10_000));
                Assert.Equal(0, p.ExitCode);
            }
            return path;
        }

        /// <summary>Runs <paramref name="action"/> with a bound: opening a FIFO would block, and that must fail the test, not hang it.</summary>
        private static Exception? Bounded(Action action)
        {
            var task = Task.Run(() => { try { action(); return null; } catch (Exception ex) { return ex; } });
            Assert.True(task.Wait(TimeSpan.FromSeconds(10)), "the write blocked: the path was opened");
            return task.Result;
        }

        [Fact]
        public void AnExistingFileNeedsOverwriteAndKeepsItsContentOtherwise()
        {
            File.WriteAllText(In("report.xml"), "keep me");
            var ex = Assert.Throws<OutputPathException>(() => AtomicFile.WriteAllText(In("report.xml"), "new", overwrite: false));
            Assert.Equal(OutputPathProblem.FileExists, ex.Problem);
            Assert.Equal("JUnitReportFileExists", ex.ErrorId("JUnitReport"));
            Assert.Contains("-Force", ex.Message);
            Assert.Equal("keep me", File.ReadAllText(In("report.xml")));
            AtomicFile.WriteAllText(In("report.xml"), "new", overwrite: true);
            Assert.Equal("new", File.ReadAllText(In("report.xml")));
            Assert.Single(Directory.GetFiles(_folder));
        }

        [Fact]
        public void ASymbolicLinkIsWrittenThroughAndStaysALink()
        {
            if (!IsUnix) return;
            File.WriteAllText(In("real.json"), "old");
            File.CreateSymbolicLink(In("link.json"), In("real.json"));
            AtomicFile.WriteAllText(In("link.json"), "new", overwrite: true);
            Assert.Equal("new", File.ReadAllText(In("real.json")));
            Assert.NotNull(new FileInfo(In("link.json")).LinkTarget);
            Assert.Equal(2, Directory.GetFiles(_folder).Length);
        }

        [Fact]
        public void AFifoIsRefusedWithoutBeingOpenedAndStaysAFifo()
        {
            if (!IsUnix) return;
            var fifo = MakeFifo("pipe.xml");
            var ex = Bounded(() => AtomicFile.WriteAllText(fifo, "x", overwrite: true));
            var refused = Assert.IsType<OutputPathException>(ex);
            Assert.Equal(OutputPathProblem.NotRegularFile, refused.Problem);
            Assert.Contains("FIFO", refused.Message);
            Assert.Equal(FileKind.Fifo, FileKindProbe.Probe(fifo));
            // Through a link, too.
            File.CreateSymbolicLink(In("to-pipe.zip"), fifo);
            Assert.IsType<OutputPathException>(Bounded(() => SupportBundleWriter.CheckTarget(In("to-pipe.zip"), true)));
            Assert.Equal(FileKind.Fifo, FileKindProbe.Probe(fifo));
            Assert.Equal(2, Directory.GetFileSystemEntries(_folder).Length);
        }

        [Fact]
        public void ADeviceIsRefusedBeforeAnythingIsWritten()
        {
            if (!IsUnix || !File.Exists("/dev/null")) return;
            // Only the check runs against /dev/null: the writers refuse before creating anything.
            var ex = Assert.Throws<OutputPathException>(() => OutputPath.Check("/dev/null", overwrite: true));
            Assert.Equal(OutputPathProblem.NotRegularFile, ex.Problem);
            Assert.Contains("character device", ex.Message);
            File.CreateSymbolicLink(In("null.json"), "/dev/null");
            Assert.Throws<OutputPathException>(() => AtomicFile.WriteAllText(In("null.json"), "x", overwrite: true));
            Assert.Equal(FileKind.CharacterDevice, FileKindProbe.Probe("/dev/null"));
        }

        [Fact]
        public void FoldersAndMissingFoldersAreRefused()
        {
            Assert.Equal(OutputPathProblem.Invalid, Assert.Throws<OutputPathException>(() => OutputPath.Check(_folder, true)).Problem);
            var missing = Assert.Throws<OutputPathException>(() => OutputPath.Check(In("no/such/r.xml"), true));
            Assert.Equal(OutputPathProblem.FolderNotFound, missing.Problem);
            Assert.Equal("SupportBundlePathInvalid", missing.ErrorId("SupportBundle"));
            Assert.Equal(OutputPathProblem.Invalid, Assert.Throws<OutputPathException>(() => SupportBundleWriter.CheckTarget(In("b.txt"), true)).Problem);
        }
    }
}
