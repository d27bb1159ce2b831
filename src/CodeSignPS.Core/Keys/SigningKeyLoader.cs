using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// Opens signing keys from their sources and checks, before any file is touched, that the
/// certificate has a usable private key and the code signing EKU.
/// </summary>
public static class SigningKeyLoader
{
    public static SigningKey FromCertificate(X509Certificate2 certificate) => throw new NotImplementedException();

    public static SigningKey FromPfx(string path, SecureString? password) => throw new NotImplementedException();

    public static SigningKey FromPem(string certificatePath, string keyPath, SecureString? password) => throw new NotImplementedException();

    public static SigningKey FromStore(string thumbprint, StoreLocation location) => throw new NotImplementedException();
}
