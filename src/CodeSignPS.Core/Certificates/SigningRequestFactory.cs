using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.IO;

namespace CodeSignPS.Core.Certificates;

/// <summary>
/// Makes a new key pair and a PKCS#10 request (RFC 2986) for a code signing
/// certificate. The key usage and extended key usage go into the request as requested extensions.
/// </summary>
public static partial class SigningRequestFactory
{
    /// <summary>Checks the profile and the destinations without generating a key.</summary>
    public static void Validate(CertificateProfile profile, SigningRequestOptions options)
    {
        CertificateFactory.ResolveSubject(profile);
        CertificateFactory.CheckUris(profile);
        CertificateFactory.CheckRenewable(profile);
        if (options.RequestPath is not null && options.KeyPath is not null)
        {
            OutputPaths.CheckDistinct(options.RequestPath, options.KeyPath, "-Path", "-KeyPath");
        }

        CheckKeyDestination(options);
        if (options.RequestPath is not null)
        {
            CertificateFactory.CheckOverwrite(options.RequestPath, options.Overwrite);
        }
    }

    /// <summary>Generates the key pair, stores the key at the destination in the options and writes the request.</summary>
    public static SigningRequest Create(CertificateProfile profile, SigningRequestOptions options)
    {
        Validate(profile, options);
        CertificateKeyAlgorithm algorithm = CertificateFactory.ResolveKeyAlgorithm(profile);
        using AsymmetricAlgorithm key = CertificateKeys.Generate(algorithm);
        X500DistinguishedName subject = CertificateFactory.ResolveSubject(profile);
        CertificateRequest request = CertificateKeys.NewRequest(subject, key);
        foreach (X509Extension extension in CertificateFactory.UsageExtensions(profile))
        {
            request.CertificateExtensions.Add(extension);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        string pem = request.CreateSigningRequestPem();

        // The key is stored before the request is written, so that no request exists whose key was lost.
        string? thumbprint = options.KeyPath is not null ? null : StorePlaceholder(request, key, options.StoreLocation!.Value);
        bool encrypted = options.KeyPath is not null && WriteKeyFile(key, options);
        if (options.RequestPath is not null)
        {
            AtomicFileWriter.CreateOrReplace(options.RequestPath, System.Text.Encoding.ASCII.GetBytes(pem + "\n"));
        }

        return new SigningRequest
        {
            Subject = subject.Name,
            KeyAlgorithm = CertificateKeys.Describe(algorithm),
            PublicKeySha256 = Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo())),
            Pem = pem,
            RequestPath = options.RequestPath,
            KeyPath = options.KeyPath,
            KeyEncrypted = encrypted,
            Store = options.StoreLocation is { } location ? $@"{location}\My" : null,
            PlaceholderThumbprint = thumbprint,
        };
    }
}
