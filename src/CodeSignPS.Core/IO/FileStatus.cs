using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodeSignPS.Core.IO;

/// <summary>
/// The file type, hard link count and identity (device and inode) of a path, following symbolic
/// links. .NET exposes none of them, so this class calls statx on Linux, stat on macOS and
/// GetFileInformationByHandle on Windows.
/// </summary>
public static class FileStatus
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxNlink = 0x4;
    private const uint StatxIno = 0x100;
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFileType = 0x8000; // S_IFREG

    /// <summary>
    /// Whether <paramref name="path"/> names a regular file, after following symbolic links: false
    /// for folders, named pipes, devices and sockets, and for paths that do not resolve.
    /// </summary>
    public static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(path);
        }

        int? mode = UnixMode(path);
        if (mode is null)
        {
            // No statx or stat to ask: fall back on .NET, which cannot tell a pipe from a file.
            return File.Exists(path);
        }

        return (mode.Value & FileTypeMask) == RegularFileType;
    }

    /// <summary>Returns the number of hard links to <paramref name="path"/>, or null when the system call fails.</summary>
    public static int? CountHardLinks(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return CountLinux(path);
            }

            if (OperatingSystem.IsMacOS())
            {
                return CountMacOS(path);
            }

            if (OperatingSystem.IsWindows())
            {
                return CountWindows(path);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // NOTE: a C library without statx (glibc before 2.28) gives no count. The signer then
            // cannot detect hard links, so the rename splits them silently.
            return null;
        }

        return null;
    }

    /// <summary>
    /// Returns the identity of the file that <paramref name="path"/> names after following symbolic
    /// links: two paths name the same file exactly when their identities are equal, whatever links,
    /// hard links or letter case lead to it. Returns null when the path does not resolve or the
    /// system call is not available.
    /// </summary>
    public static FileIdentity? GetIdentity(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return IdentityLinux(path);
            }

            if (OperatingSystem.IsMacOS())
            {
                byte[]? buffer = StatMacOS(path);
                return buffer is null ? null : new FileIdentity(BitConverter.ToUInt32(buffer, 0), BitConverter.ToUInt64(buffer, 8));
            }

            if (OperatingSystem.IsWindows())
            {
                return IdentityWindows(path);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }

    // Returns the st_mode of the path, or 0 when the path does not resolve (missing, a dangling
    // link, a link loop). Returns null when the C library has no statx or stat.
    private static int? UnixMode(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                byte[] buffer = new byte[256];
                return Statx(AtFdCwd, path, 0, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28) : 0;
            }

            if (OperatingSystem.IsMacOS())
            {
                byte[]? buffer = StatMacOS(path);
                return buffer is null ? 0 : BitConverter.ToUInt16(buffer, 4);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        return null;
    }

    // struct statx (linux/stat.h) has the same layout on every architecture: stx_mask u32 @0,
    // stx_blksize u32 @4, stx_attributes u64 @8, stx_nlink u32 @16, stx_uid u32 @20, stx_gid u32 @24,
    // stx_mode u16 @28; 256 bytes in all.
    private static int? CountLinux(string path)
    {
        byte[] buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxNlink, buffer) != 0)
        {
            return null;
        }

        return (int)BitConverter.ToUInt32(buffer, 16);
    }

    // stx_ino u64 @32, stx_dev_major u32 @136, stx_dev_minor u32 @140 (the device is always filled in).
    private static FileIdentity? IdentityLinux(string path)
    {
        byte[] buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxIno, buffer) != 0)
        {
            return null;
        }

        ulong device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return new FileIdentity(device, BitConverter.ToUInt64(buffer, 32));
    }

    // struct stat with 64-bit inodes (sys/stat.h): st_dev i32 @0, st_mode u16 @4, st_nlink u16 @6,
    // st_ino u64 @8.
    private static int? CountMacOS(string path)
    {
        byte[]? buffer = StatMacOS(path);
        return buffer is null ? null : BitConverter.ToUInt16(buffer, 6);
    }

    private static byte[]? StatMacOS(string path)
    {
        byte[] buffer = new byte[256];
        int status = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? StatInode64(path, buffer) : Stat(path, buffer);
        return status == 0 ? buffer : null;
    }

    // BY_HANDLE_FILE_INFORMATION: nNumberOfLinks is the DWORD at offset 40 of 52 bytes.
    private static int? CountWindows(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] buffer = new byte[52];
        return GetFileInformationByHandle(handle, buffer) ? (int)BitConverter.ToUInt32(buffer, 40) : null;
    }

    // dwVolumeSerialNumber is the DWORD at offset 28, nFileIndexHigh and nFileIndexLow those at 44 and 48.
    private static FileIdentity? IdentityWindows(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] buffer = new byte[52];
        if (!GetFileInformationByHandle(handle, buffer))
        {
            return null;
        }

        ulong index = ((ulong)BitConverter.ToUInt32(buffer, 44) << 32) | BitConverter.ToUInt32(buffer, 48);
        return new FileIdentity(BitConverter.ToUInt32(buffer, 28), index);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
    private static extern int StatInode64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("kernel32", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetFileInformationByHandle(SafeFileHandle handle, byte[] information);
}
