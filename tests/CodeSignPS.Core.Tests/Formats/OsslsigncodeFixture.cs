namespace CodeSignPS.Core.Tests.Formats;

/// <summary>A temporary folder with a self-signed RSA code signing certificate made by openssl.</summary>
public sealed class OsslsigncodeFixture : IDisposable
{
    public OsslsigncodeFixture()
    {
        Folder = Directory.CreateTempSubdirectory("codesignps-osslsigncode-").FullName;
        CertificatePath = Path.Combine(Folder, "cert.pem");
        KeyPath = Path.Combine(Folder, "key.pem");
        if (ExternalTools.Find("openssl") is null)
        {
            return;
        }

        (int exitCode, string output) = ExternalTools.Run(
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", KeyPath, "-out", CertificatePath,
            "-subj", "/CN=CodeSignPS Test Signer", "-addext", "extendedKeyUsage=codeSigning");
        IsReady = exitCode == 0;
        Error = output;
    }

    public string Folder { get; }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    /// <summary>Whether the certificate and key were made.</summary>
    public bool IsReady { get; }

    /// <summary>openssl's output when making the certificate failed.</summary>
    public string Error { get; } = "";

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
