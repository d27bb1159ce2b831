namespace CodeSignPS.Core.IO;

/// <summary>
/// The device and file number (inode, or the NTFS file index) that name one file on a machine,
/// whichever path leads to it.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong FileNumber);
