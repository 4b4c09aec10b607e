#nullable enable
using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RealtimeOps.Engine.Configuration
{
    /// <summary>What a path names, found without opening it (opening a FIFO blocks until a writer comes).</summary>
    internal enum FileKind
    {
        Missing,
        Regular,
        Directory,
        Fifo,
        CharacterDevice,
        BlockDevice,
        Socket,
        /// <summary>The type could not be determined; the caller reads with its byte cap.</summary>
        Unknown,
    }

    /// <summary>
    /// Finds the kind of a path with stat(2) (following symbolic links). On Unix it calls SystemNative_Stat of
    /// libSystem.Native, the shim every .NET runtime ships and System.IO itself uses: its FileStatus starts with
    /// two 32-bit fields, Flags and Mode, with the POSIX S_IFMT bits. On Windows, and if the shim is missing,
    /// the kind comes from the file attributes (a device or FIFO then reads as Unknown or Regular, and the byte
    /// cap of the reader still bounds what is read).
    /// </summary>
    internal static class FileKindProbe
    {
        private const int S_IFMT = 0xF000;
        private const int S_IFIFO = 0x1000;
        private const int S_IFCHR = 0x2000;
        private const int S_IFDIR = 0x4000;
        private const int S_IFBLK = 0x6000;
        private const int S_IFREG = 0x8000;
        private const int S_IFSOCK = 0xC000;

        private static bool s_nativeUnavailable;

        public static FileKind Of(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && !s_nativeUnavailable)
            {
                try
                {
                    var status = new byte[256];
                    if (SystemNativeStat(path, status) != 0)
                    {
                        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Unknown : FileKind.Missing;
                    }
                    var mode = BitConverter.ToInt32(status, 4) & S_IFMT;
                    switch (mode)
                    {
                        case S_IFREG: return FileKind.Regular;
                        case S_IFDIR: return FileKind.Directory;
                        case S_IFIFO: return FileKind.Fifo;
                        case S_IFCHR: return FileKind.CharacterDevice;
                        case S_IFBLK: return FileKind.BlockDevice;
                        case S_IFSOCK: return FileKind.Socket;
                        default: return FileKind.Unknown;
                    }
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    s_nativeUnavailable = true;
                }
            }
            if (Directory.Exists(path)) return FileKind.Directory;
            if (!File.Exists(path)) return FileKind.Missing;
            var attributes = File.GetAttributes(path);
            return (attributes & FileAttributes.Device) != 0 ? FileKind.CharacterDevice : FileKind.Regular;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, SetLastError = true)]
        private static extern int SystemNativeStat(string path, byte[] output);
    }
}
