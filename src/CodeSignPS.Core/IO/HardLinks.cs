using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CodeSignPS.Core.IO;

/// <summary>
/// Counts the hard links of a file. .NET has no API for it, so this asks the operating system:
/// statx on Linux, stat on macOS, GetFileInformationByHandle on Windows.
/// </summary>
internal static partial class HardLinks
{
    private const int AtFdCwd = -100;
    private const uint StatxNlink = 0x4;

    /// <summary>Returns the number of hard links to <paramref name="path"/>, or null when it cannot be told.</summary>
    public static int? Count(string path)
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
            // NOTE: a C library without statx (glibc before 2.28) gives no count; the signer then
            // cannot warn about hard links, and the rename splits them silently.
            return null;
        }

        return null;
    }

    // struct statx (linux/stat.h) has the same layout on every architecture:
    // stx_mask u32 @0, stx_blksize u32 @4, stx_attributes u64 @8, stx_nlink u32 @16; 256 bytes in all.
    private static int? CountLinux(string path)
    {
        byte[] buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxNlink, buffer) != 0)
        {
            return null;
        }

        return (int)BitConverter.ToUInt32(buffer, 16);
    }

    // struct stat with 64-bit inodes (sys/stat.h): st_dev i32 @0, st_mode u16 @4, st_nlink u16 @6.
    private static int? CountMacOS(string path)
    {
        byte[] buffer = new byte[256];
        int status = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? StatInode64(path, buffer) : Stat(path, buffer);
        return status == 0 ? BitConverter.ToUInt16(buffer, 6) : null;
    }

    // BY_HANDLE_FILE_INFORMATION: nNumberOfLinks is the DWORD at offset 40 of 52 bytes.
    private static int? CountWindows(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        byte[] buffer = new byte[52];
        return GetFileInformationByHandle(handle, buffer) ? (int)BitConverter.ToUInt32(buffer, 40) : null;
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
