using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Timestamping;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Signs any file without changing it: streams the file through the digest, signs the digest into
/// a detached CMS SignedData, checks what it built, and writes the .p7s atomically, so that the
/// signature file appears complete or not at all.
/// </summary>
public sealed partial class DetachedSigner : IDisposable
{
    private readonly DetachedSignatureBuilder _builder;
    private readonly SignatureVerifier _verifier;

    /// <exception cref="CodeSignException">The hash algorithm, the certificate or its key cannot make signatures that verify.</exception>
    public DetachedSigner(SigningKey key, SigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        if (!FileSigner.IsAllowedForSigning(options.HashAlgorithm))
        {
            throw new CodeSignException(
                "HashAlgorithmNotAllowed",
                FailureCategory.InvalidArgument,
                $"Signing with {options.HashAlgorithm.Name} is not allowed because it is no longer collision resistant; use SHA256, SHA384 or SHA512.",
                options.HashAlgorithm.Name);
        }

        FileSigner.CheckCertificateCanSign(key.Certificate, DateTime.UtcNow);
        Options = options;
        _builder = new DetachedSignatureBuilder(key, options.HashAlgorithm, AuthenticodeSignatureBuilder.SelectCertificates(key, options.IncludeChain));
        _verifier = new SignatureVerifier(options.Verification);

        // One client for the batch, so that its bound on requests per server covers every file.
        TimestampClient = options.Timestamp is null ? null : new TimestampClient(options.Timestamp, key.Certificate);
    }

    public SigningOptions Options { get; }

    /// <summary>
    /// The client that timestamps every signature of this signer, or null without timestamps.
    /// Subscribe to its AttemptCompleted event to report each request to a server.
    /// </summary>
    public TimestampClient? TimestampClient { get; }

    /// <summary>
    /// Runs the checks that need no key and no write: the file exists and is a regular file, it is
    /// not itself a signature file, and the signature would not overwrite it. This is all that
    /// -WhatIf does.
    /// </summary>
    /// <param name="signaturePath">Where to write the signature; null for <c>path.p7s</c>.</param>
    /// <returns>The full path of the signature file to write.</returns>
    public string Prepare(string path, string? signaturePath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (DetachedSignatureFiles.IsSignatureFile(path))
        {
            throw new CodeSignException(
                "SignatureFileNotSignable",
                FailureCategory.InvalidArgument,
                $"'{path}' is a detached signature file ({DetachedSignatureFiles.Extension}); signature files are not signed themselves. Sign the file it belongs to.",
                path);
        }

        string content = RewritableFile.ResolveTarget(path);
        string target = Path.GetFullPath(signaturePath ?? DetachedSignatureFiles.SignaturePathFor(path));
        if (Directory.Exists(target))
        {
            throw new CodeSignException("SignaturePathIsFolder", FailureCategory.InvalidArgument, $"The signature path '{target}' is a folder; name a file, such as '{Path.GetFileName(path)}{DetachedSignatureFiles.Extension}'.", target);
        }

        if (IsSameFile(content, target))
        {
            throw new CodeSignException("SignaturePathIsSignedFile", FailureCategory.InvalidArgument, $"The signature path '{target}' names the file being signed ('{path}'), directly or through a link; the signature would overwrite it. Name another file.", target);
        }

        string folder = Path.GetDirectoryName(target) ?? target;
        if (!Directory.Exists(folder))
        {
            throw new CodeSignException("SignatureFolderNotFound", FailureCategory.ObjectNotFound, $"The folder '{folder}' of the signature path '{target}' does not exist. Create it, or name a signature path in an existing folder.", target);
        }

        return target;
    }

    /// <summary>Signs <paramref name="path"/> and writes its detached signature.</summary>
    /// <param name="signaturePath">Where to write the signature; null for <c>path.p7s</c>.</param>
    public SignOutcome Sign(string path, string? signaturePath = null, CancellationToken cancellationToken = default)
    {
        string target = Prepare(path, signaturePath);
        byte[] digest = ComputeUnchangingDigest(path, cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        byte[] encoded = _builder.Sign(digest, DateTimeOffset.UtcNow, RequestTimestamp(path, cancellationToken));

        // Check the encoding and the signature value before anything is written. The file is not
        // read again, because its digest is what the signature was made over.
        VerificationResult result = _verifier.VerifyDetached(path, target, encoded, Options.HashAlgorithm, digest);
        if (result.IsIntegrityValid != true)
        {
            throw new CodeSignException(
                "SignedFileVerificationFailed",
                FailureCategory.InvalidOperation,
                $"The detached signature built for '{path}' did not verify ({result.StatusMessage}); '{target}' was not written.",
                path);
        }

        cancellationToken.ThrowIfCancellationRequested();
        WriteSignature(target, encoded);
        return new SignOutcome { Path = path, Result = result };
    }

    /// <summary>
    /// Signs many files with bounded parallelism, yielding each outcome on the calling thread as it
    /// completes. A failing file yields its exception and the others go on.
    /// </summary>
    /// <param name="signaturePath">Where to write the signature of the one file in <paramref name="paths"/>; null writes each file's <c>.p7s</c>.</param>
    public IEnumerable<BatchItem<SignOutcome>> SignMany(IReadOnlyList<string> paths, int maxDegreeOfParallelism, CancellationToken cancellationToken = default, string? signaturePath = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (signaturePath is not null && paths.Count > 1)
        {
            throw new ArgumentException($"One signature path was given for {paths.Count} files; each file needs its own signature file.", nameof(signaturePath));
        }

        return BatchRunner.Run(paths, path => Sign(path, signaturePath, cancellationToken), maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>Releases the timestamp client; the signing key belongs to the caller.</summary>
    public void Dispose() => TimestampClient?.Dispose();

    // The token's imprint is the hash of the signature value, and it goes into the SignerInfo as the
    // id-aa-timeStampToken unsigned attribute (RFC 3161 Appendix A).
    private Func<byte[], byte[]>? RequestTimestamp(string path, CancellationToken cancellationToken)
    {
        TimestampClient? client = TimestampClient;
        if (client is null)
        {
            return null;
        }

        return signatureValue =>
        {
            try
            {
                return client.RequestToken(signatureValue, cancellationToken);
            }
            catch (CodeSignException ex) when (ex.ErrorId == TimestampClient.FailedErrorId)
            {
                throw new CodeSignException(ex.ErrorId, ex.Category, $"No detached signature was written for '{path}'. {ex.Message}", path, ex);
            }
        };
    }

    // With the target present, only the file identity is certain: links in any folder of either
    // path, hard links and case-insensitive names all lead to the same device and inode. A target
    // not yet created cannot be the signed file, but both paths are still compared with every
    // link resolved, which also covers a system where the identity is not available.
    private static bool IsSameFile(string content, string target)
    {
        if (File.Exists(target) && FileStatus.GetIdentity(content) is { } contentIdentity && FileStatus.GetIdentity(target) is { } targetIdentity)
        {
            return contentIdentity == targetIdentity;
        }

        StringComparison comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(LinkResolver.ResolveAll(content), LinkResolver.ResolveAll(target), comparison);
    }

    // A file written while it is read gives a digest of bytes that never existed together on disk,
    // so the signature would fail the next verification. The file's identity, length and last
    // write time are compared before and after the read, and the bytes read with the length.
    private byte[] ComputeUnchangingDigest(string path, CancellationToken cancellationToken)
    {
        FileSnapshot before = FileSnapshot.Take(path);
        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        byte[] digest = StreamedDigest.Compute(stream, Options.HashAlgorithm, out long bytesRead, cancellationToken);
        FileSnapshot after = FileSnapshot.Take(path);

        if (before != after || bytesRead != before.Length)
        {
            string found = before.Identity != after.Identity
                ? "another file replaced it during the read"
                : $"before the read it had {before.Length} bytes, last written {before.LastWriteTimeUtc:O}. The read got {bytesRead} bytes, and afterwards it had {after.Length} bytes, last written {after.LastWriteTimeUtc:O}";
            throw new CodeSignException(
                "FileChangedWhileSigning",
                FailureCategory.InvalidOperation,
                $"'{path}' changed while it was being signed, so no detached signature was written: {found}. Sign it once it is no longer being written.",
                path);
        }

        return digest;
    }

    [GeneratedRegex(@"[^'""]*\.codesignps-[0-9a-fA-F]{32}\.tmp")]
    private static partial Regex TemporaryFilePath();

    // The write goes through a temporary file in the target's folder, so the exception names that
    // file; the message names the folder and the signature instead, which the user can act on.
    private static void WriteSignature(string target, byte[] encoded)
    {
        string folder = Path.GetDirectoryName(target) ?? target;
        try
        {
            AtomicFileWriter.CreateOrReplace(target, encoded);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CodeSignException("FileWriteFailed", FailureCategory.WriteError, $"The signature '{target}' could not be written: the folder '{folder}' does not allow this user to create files in it. Grant write access to the folder, or write the signature elsewhere with -SignaturePath.", target, ex);
        }
        catch (IOException ex)
        {
            throw new CodeSignException("FileWriteFailed", FailureCategory.WriteError, $"The signature '{target}' could not be written to the folder '{folder}': {TemporaryFilePath().Replace(ex.Message, folder)} Check that the folder is writable and its disk has space, or write the signature elsewhere with -SignaturePath.", target, ex);
        }
    }
}
