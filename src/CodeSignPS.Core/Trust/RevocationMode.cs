namespace CodeSignPS.Core.Trust;

/// <summary>Whether and how revocation is checked.</summary>
public enum RevocationMode
{
    NoCheck,
    Offline,
    Online,
}
