using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Timestamping;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Signs files in place: digest, signature, embed, verify, then an atomic replace. A file is either
/// fully signed or left byte for byte as it was.
/// </summary>
public sealed partial class FileSigner : IDisposable
{
    private readonly SignatureVerifier _verifier;
    private readonly Lazy<AuthenticodeSignatureBuilder> _builder;

    public FileSigner(SigningKey key, SigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        if (!IsAllowedForSigning(options.HashAlgorithm))
        {
            throw new CodeSignException(
                "HashAlgorithmNotAllowed",
                FailureCategory.InvalidArgument,
                $"Signing with {options.HashAlgorithm.Name} is not allowed because it is no longer collision resistant; use SHA256, SHA384 or SHA512.",
                options.HashAlgorithm.Name);
        }

        CheckCertificateCanSign(key.Certificate, DateTime.UtcNow);
        Key = key;
        Options = options;
        _verifier = new SignatureVerifier(options.Verification with { Format = options.Format });
        _builder = new Lazy<AuthenticodeSignatureBuilder>(
            () => new AuthenticodeSignatureBuilder(key, options.HashAlgorithm, AuthenticodeSignatureBuilder.SelectCertificates(key, options.IncludeChain)));

        // One client for the batch, so that its bound on requests per server covers every file.
        TimestampClient = options.Timestamp is null ? null : new TimestampClient(options.Timestamp, key.Certificate);
    }

    /// <summary>
    /// The client that timestamps every signature of this signer, or null without timestamps.
    /// Subscribe to its AttemptCompleted event to report each request to a server.
    /// </summary>
    public TimestampClient? TimestampClient { get; }

    public SigningKey Key { get; }

    /// <summary>Whether new signatures may use <paramref name="name"/>: SHA-256 and stronger only.</summary>
    public static bool IsAllowedForSigning(HashAlgorithmName name)
        => name == HashAlgorithmName.SHA256 || name == HashAlgorithmName.SHA384 || name == HashAlgorithmName.SHA512;

    public SigningOptions Options { get; }

    /// <summary>
    /// Runs the checks that need no key and no write: the format is supported, the file exists, and
    /// it has no other hard links unless Force is set. This is all that -WhatIf does.
    /// </summary>
    /// <returns>The file to write: the target of a symbolic link, else the full path.</returns>
    public string Prepare(string path)
    {
        _ = ArtifactFormatFactory.GetFormat(path);
        string target = RewritableFile.ResolveTarget(path);
        RewritableFile.CheckHardLinks(target, Options.Force, "the unsigned content");
        return target;
    }

    /// <summary>Signs <paramref name="path"/>, following a symbolic link to the file it names.</summary>
    public SignOutcome Sign(string path, CancellationToken cancellationToken = default)
    {
        ArtifactFormat format = ArtifactFormatFactory.GetFormat(path);
        string target = Prepare(path);

        byte[] original = RewritableFile.Read(target);
        List<string> warnings = new();
        ParsedArtifact parsed = ParseExisting(format, target, original, warnings);
        if (Options.SkipIfSigned && IsSignedBySameCertificate(path, original, parsed))
        {
            return new SignOutcome { Path = path, Skipped = true, Result = _verifier.Verify(path, original) };
        }

        ReadOnlyMemory<byte> content = PrepareContent(format, target, parsed.Content, warnings);

        cancellationToken.ThrowIfCancellationRequested();
        byte[] digest = format.ComputeDigest(content, Options.HashAlgorithm, Options.Format);
        byte[] indirectData = format.CreateIndirectData(digest, Options.HashAlgorithm);
        byte[] signature = CreateSignature(path, indirectData, cancellationToken);
        byte[] signed = EmbedSignature(format, path, content, signature);

        VerificationResult result = _verifier.Verify(path, signed);
        if (result.IsIntegrityValid != true)
        {
            throw new CodeSignException(
                "SignedFileVerificationFailed",
                FailureCategory.InvalidOperation,
                $"The newly signed content of '{path}' did not verify ({result.StatusMessage}); the file was left unchanged.",
                path);
        }

        cancellationToken.ThrowIfCancellationRequested();
        WriteFile(target, signed);
        return new SignOutcome { Path = path, Result = result, Warnings = warnings };
    }

    /// <summary>
    /// Rejects a certificate whose signatures could never verify: one outside its validity period
    /// (without a timestamp the signature is judged at verification time) or with a key weaker
    /// than verification accepts.
    /// </summary>
    internal static void CheckCertificateCanSign(X509Certificate2 certificate, DateTime now)
    {
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            throw new CodeSignException(
                "CertificateNotTimeValid",
                FailureCategory.InvalidArgument,
                $"The certificate '{certificate.Subject}' ({certificate.Thumbprint}) is valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}, not now; signatures made with it would not verify. Renew the certificate.",
                certificate.Thumbprint);
        }

        string? weakness = Verification.SignerKeyFacts.Of(certificate).Weakness;
        if (weakness is not null)
        {
            throw new CodeSignException("KeyTooWeak", FailureCategory.InvalidArgument, weakness + " Signatures made with it would report WeakAlgorithm.", certificate.Thumbprint);
        }
    }

    /// <summary>Releases the key adapter and the timestamp client; the signing key itself belongs to the caller.</summary>
    public void Dispose()
    {
        TimestampClient?.Dispose();
        if (_builder.IsValueCreated)
        {
            _builder.Value.Dispose();
        }
    }

    /// <summary>
    /// Signs many files with bounded parallelism, yielding each outcome on the calling thread as it completes.
    /// A failing file yields its exception and the others go on.
    /// </summary>
    public IEnumerable<BatchItem<SignOutcome>> SignMany(IReadOnlyList<string> paths, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
        => BatchRunner.Run(paths, path => Sign(path, cancellationToken), maxDegreeOfParallelism, cancellationToken);
}
