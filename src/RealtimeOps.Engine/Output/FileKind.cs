#nullable enable
using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace RealtimeOps.Engine.Output
{
    /// <summary>What a path names, found without opening it (opening a FIFO blocks until a writer comes).</summary>
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        SymbolicLink,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        Other,
    }

    /// <summary>
    /// Finds the kind of a path without opening it, for input (<see cref="Of"/>: stat, following links, so a session file
    /// may be a link to a file) and for output (<see cref="Probe"/>: lstat, so a link is seen as a link and a device is
    /// never replaced). On Unix it calls the shims .NET itself uses (SystemNative_Stat / SystemNative_LStat in
    /// libSystem.Native, whose FileStatus starts with Flags and Mode on every .NET version that has them); on Windows,
    /// and where the shim is missing, it reads the file attributes and the reserved device names.
    /// </summary>
    internal static class FileKindProbe
    {
        private const int TypeMask = 0xF000;
        private static readonly MethodInfo? s_resolveLinkTarget = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
        private static bool s_nativeMissing;

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
        private static extern int SystemNativeLStat(byte[] path, [Out] byte[] status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
        private static extern int SystemNativeStat(byte[] path, [Out] byte[] status);

        /// <summary>The kind of what the path names, not following a final symbolic link (for outputs).</summary>
        internal static FileKind Probe(string fullPath) => Find(fullPath, followLinks: false);

        /// <summary>The kind of what the path finally names, following symbolic links (for inputs).</summary>
        internal static FileKind Of(string path) => Find(path ?? throw new ArgumentNullException(nameof(path)), followLinks: true);

        private static FileKind Find(string fullPath, bool followLinks)
        {
            if (IsWindows()) return ProbeWindows(fullPath);
            if (!s_nativeMissing)
            {
                try
                {
                    var status = new byte[512];
                    var path = Encoding.UTF8.GetBytes(fullPath + "\0");
                    var failed = followLinks ? SystemNativeStat(path, status) != 0 : SystemNativeLStat(path, status) != 0;
                    if (failed) return File.Exists(fullPath) || Directory.Exists(fullPath) ? FileKind.Other : FileKind.Missing;
                    switch (BitConverter.ToInt32(status, 4) & TypeMask)
                    {
                        case 0x8000: return FileKind.Regular;
                        case 0x4000: return FileKind.Directory;
                        case 0xA000: return FileKind.SymbolicLink;
                        case 0x1000: return FileKind.Fifo;
                        case 0x2000: return FileKind.CharacterDevice;
                        case 0x6000: return FileKind.BlockDevice;
                        case 0xC000: return FileKind.Socket;
                        default: return FileKind.Other;
                    }
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
                {
                    s_nativeMissing = true;
                }
            }
            return ProbeAttributes(fullPath);
        }

        /// <summary>The final target of a symbolic link (following a chain), or null where the runtime cannot tell.</summary>
        internal static string? ResolveLink(string fullPath)
        {
            if (s_resolveLinkTarget == null) return null;
            try
            {
                var target = s_resolveLinkTarget.Invoke(new FileInfo(fullPath), new object[] { true }) as FileSystemInfo;
                return target?.FullName;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is IOException || ex.InnerException is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static FileKind ProbeWindows(string fullPath)
        {
            // \\.\ and \\?\GLOBALROOT name devices; NUL, CON, COM1... are devices in any folder.
            if (fullPath.StartsWith(@"\\.\", StringComparison.Ordinal) || fullPath.StartsWith(@"\\?\GLOBALROOT", StringComparison.OrdinalIgnoreCase)) return FileKind.CharacterDevice;
            var stem = Path.GetFileNameWithoutExtension(fullPath).TrimEnd(' ', '.').ToUpperInvariant();
            if (stem == "NUL" || stem == "CON" || stem == "PRN" || stem == "AUX" || stem == "CONIN$" || stem == "CONOUT$" ||
                ((stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal)) && stem.Length == 4 && char.IsDigit(stem[3])))
                return FileKind.CharacterDevice;
            return ProbeAttributes(fullPath);
        }

        private static FileKind ProbeAttributes(string fullPath)
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists && !Directory.Exists(fullPath))
            {
                // A dangling link exists although its target does not.
                return (info.Attributes != (FileAttributes)(-1) && (info.Attributes & FileAttributes.ReparsePoint) != 0) ? FileKind.SymbolicLink : FileKind.Missing;
            }
            var attributes = info.Attributes;
            if ((attributes & FileAttributes.ReparsePoint) != 0) return FileKind.SymbolicLink;
            if ((attributes & FileAttributes.Directory) != 0) return FileKind.Directory;
            if ((attributes & FileAttributes.Device) != 0) return FileKind.CharacterDevice;
            return FileKind.Regular;
        }

        private static bool IsWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    }
}
