using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// A short-lived copy of a <see cref="SecureString"/> password in a pinned character array, zeroed on
/// dispose. Pinning keeps the garbage collector from leaving stray copies of the password in memory.
/// </summary>
internal sealed class PasswordBuffer : IDisposable
{
    private readonly char[] characters;

    public PasswordBuffer(SecureString? password)
    {
        if (password is null)
        {
            characters = [];
            return;
        }

        IsPresent = true;
        characters = GC.AllocateUninitializedArray<char>(password.Length, pinned: true);
        IntPtr unmanaged = Marshal.SecureStringToGlobalAllocUnicode(password);
        try
        {
            Marshal.Copy(unmanaged, characters, 0, characters.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
        }
    }

    /// <summary>Whether a password was given at all; an empty password counts as given.</summary>
    public bool IsPresent { get; }

    public ReadOnlySpan<char> Characters => characters;

    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(characters.AsSpan()));
}
