using System.Security;

namespace CodeSignPS.Core.Tests.Keys;

/// <summary>Builds SecureString passwords for tests.</summary>
internal static class Passwords
{
    public static SecureString Secure(string password)
    {
        var secure = new SecureString();
        foreach (char character in password)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
