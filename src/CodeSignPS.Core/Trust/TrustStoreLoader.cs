namespace CodeSignPS.Core.Trust;

/// <summary>Loads trust anchors from a PEM bundle, a DER file, or a folder of them.</summary>
public static class TrustStoreLoader
{
    public static TrustStore Load(string path) => throw new NotImplementedException();
}
