using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Finds and verifies the timestamp on a signer: an RFC 3161 token or a PKCS#9 countersignature.
/// A timestamp verifies when it stamps this signer's signature value, its own signature verifies,
/// and its TSA certificate has the time stamping EKU and chains to a timestamping trust store at the
/// time the timestamp states. Safe to use from many threads; chains are cached per instance.
/// </summary>
internal sealed class TimestampVerifier
{
    /// <summary>Microsoft's RFC 3161 countersignature attribute (szOID_RFC3161_counterSign), as Authenticode carries it.</summary>
    public const string AuthenticodeTimestampTokenOid = "1.3.6.1.4.1.311.3.3.1";

    /// <summary>id-aa-timeStampToken (RFC 3161, appendix A), as CMS signatures carry it.</summary>
    public const string CmsTimestampTokenOid = "1.2.840.113549.1.9.16.2.14";

    /// <summary>PKCS#9 countersignature (RFC 2985, 5.3.6), the older Authenticode timestamp.</summary>
    public const string CountersignatureOid = "1.2.840.113549.1.9.6";

    private readonly ChainValidator _chainValidator;

    /// <param name="timestampTrustStores">The stores whose certificates are trust anchors for TSA certificates.</param>
    /// <param name="useSystemTrust">Whether the system root store's certificates are anchors too.</param>
    /// <exception cref="CodeSignException"><c>SystemTrustStoreUnavailable</c> when the system root store cannot be opened.</exception>
    public TimestampVerifier(IReadOnlyList<TrustStore> timestampTrustStores, bool useSystemTrust)
    {
        _chainValidator = new ChainValidator(timestampTrustStores, useSystemTrust, ChainPurpose.TimeStamping);
    }

    /// <summary>Finds and verifies the timestamp on <paramref name="signer"/>; null when it has none.</summary>
    public TimestampInfo? Verify(SignerInfo signer) => Verify(signer, new X509Certificate2Collection());

    /// <summary>
    /// Finds and verifies the timestamp on <paramref name="signer"/>; null when it has none.
    /// <paramref name="signatureCertificates"/> are the certificates of the signature that contains the
    /// signer, where a PKCS#9 countersigner's chain is found.
    /// </summary>
    public TimestampInfo? Verify(SignerInfo signer, X509Certificate2Collection signatureCertificates)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(signatureCertificates);

        foreach (CryptographicAttributeObject attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value is AuthenticodeTimestampTokenOid or CmsTimestampTokenOid)
            {
                return Check(TimestampKind.Rfc3161, signer, () => ReadRfc3161(attribute));
            }
        }

        foreach (CryptographicAttributeObject attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value == CountersignatureOid)
            {
                return Check(TimestampKind.Authenticode, signer, () => ReadCountersignature(signer, signatureCertificates));
            }
        }

        return null;
    }

    private TimestampInfo Check(TimestampKind kind, SignerInfo signer, Func<TimestampCandidate> read)
    {
        TimestampCandidate candidate;
        try
        {
            candidate = read();
        }
        catch (CryptographicException ex)
        {
            return new TimestampInfo { Kind = kind, Message = $"The {Describe(kind)} could not be decoded: {ex.Message}" };
        }

        try
        {
            return CheckCandidate(candidate, signer.GetSignature());
        }
        catch (CryptographicException ex)
        {
            // Signer infos decode their attributes and certificates lazily, so damage can surface here.
            return Unverified(candidate, null, $"The {Describe(kind)} is damaged: {ex.Message}");
        }
    }

    private TimestampInfo CheckCandidate(TimestampCandidate candidate, byte[] signatureValue)
    {
        string what = Describe(candidate.Kind);
        using IncrementalHash hash = IncrementalHash.CreateHash(candidate.HashAlgorithm);
        hash.AppendData(signatureValue);
        byte[] expected = hash.GetHashAndReset();
        if (!CryptographicOperations.FixedTimeEquals(expected, candidate.StampedDigest))
        {
            return Unverified(candidate, null,
                $"The {what} does not stamp this signature: it covers the {candidate.HashAlgorithm.Name} digest {Convert.ToHexString(candidate.StampedDigest)}, " +
                $"but this signature value's digest is {Convert.ToHexString(expected)}. It is a token copied from another signature, so it was ignored.");
        }

        X509Certificate2? tsa = candidate.TimestampSigner.Certificate;
        if (tsa is null)
        {
            return Unverified(candidate, null, $"The {what} does not carry the certificate of the timestamping authority that signed it, so its signature cannot be checked.");
        }

        string? signatureFailure = CheckSignature(candidate, tsa);
        if (signatureFailure is not null)
        {
            return Unverified(candidate, tsa, $"The {what} signed by '{tsa.Subject}' does not verify: {signatureFailure}.");
        }

        ChainResult chain = _chainValidator.Validate(tsa, candidate.Certificates, candidate.Time.UtcDateTime);
        if (!chain.IsTrusted || !chain.IsTimeValid)
        {
            return Unverified(candidate, tsa, $"The timestamping authority '{tsa.Subject}' is not trusted at the timestamp's time: {chain.FailureMessage}", chain.Chain);
        }

        return new TimestampInfo
        {
            Kind = candidate.Kind,
            Time = candidate.Time,
            Certificate = tsa,
            Chain = chain.Chain,
            HashAlgorithm = candidate.HashAlgorithm.Name,
            IsVerified = true,
        };
    }

    private static string? CheckSignature(TimestampCandidate candidate, X509Certificate2 tsa)
    {
        if (candidate.Kind == TimestampKind.Rfc3161)
        {
            string? mismatch = TimestampSigningCertificate.FindMismatch(candidate.TimestampSigner, tsa);
            if (mismatch is not null)
            {
                return mismatch;
            }
        }

        try
        {
            // Checks the message digest attribute over the content (the TSTInfo, or the parent
            // signer's signature value for a countersigner) and the signature over the attributes.
            // Chain and EKU are judged by the timestamp chain validator instead.
            candidate.TimestampSigner.CheckSignature(new X509Certificate2Collection(tsa), verifySignatureOnly: true);
            return null;
        }
        catch (CryptographicException ex)
        {
            return $"the signature value or the message digest does not match ({ex.Message.TrimEnd('.')})";
        }
    }

    private static TimestampCandidate ReadRfc3161(CryptographicAttributeObject attribute)
    {
        if (attribute.Values.Count != 1)
        {
            throw new CryptographicException($"The timestamp attribute has {attribute.Values.Count} values; expected exactly one token.");
        }

        (SignedCms token, Rfc3161TimestampTokenInfo info) = TimestampTokenDecoder.Decode(attribute.Values[0].RawData);
        HashAlgorithmName algorithm = HashAlgorithmOf(info.HashAlgorithmId.Value, "token's message imprint");
        return new TimestampCandidate(TimestampKind.Rfc3161, info.Timestamp.ToUniversalTime(), algorithm, info.GetMessageHash().ToArray(), token.SignerInfos[0], token.Certificates);
    }

    private static TimestampCandidate ReadCountersignature(SignerInfo signer, X509Certificate2Collection signatureCertificates)
    {
        SignerInfoCollection counterSigners = signer.CounterSignerInfos;
        if (counterSigners.Count != 1)
        {
            throw new CryptographicException($"The signer has {counterSigners.Count} countersignatures; expected exactly one.");
        }

        SignerInfo counterSigner = counterSigners[0];
        byte[]? digest = null;
        DateTimeOffset? time = null;
        foreach (CryptographicAttributeObject attribute in counterSigner.SignedAttributes)
        {
            if (attribute.Values.Count == 0)
            {
                continue;
            }

            if (attribute.Values[0] is Pkcs9MessageDigest messageDigest)
            {
                digest = messageDigest.MessageDigest;
            }
            else if (attribute.Values[0] is Pkcs9SigningTime signingTime)
            {
                time = new DateTimeOffset(signingTime.SigningTime.ToUniversalTime(), TimeSpan.Zero);
            }
        }

        HashAlgorithmName algorithm = HashAlgorithmOf(counterSigner.DigestAlgorithm.Value, "countersignature");
        return new TimestampCandidate(
            TimestampKind.Authenticode,
            time ?? throw new CryptographicException("The countersignature has no signing time attribute (1.2.840.113549.1.9.5)."),
            algorithm,
            digest ?? throw new CryptographicException("The countersignature has no message digest attribute (1.2.840.113549.1.9.4)."),
            counterSigner,
            signatureCertificates);
    }

    private static HashAlgorithmName HashAlgorithmOf(string? oid, string where)
        => (oid is null ? null : AuthenticodeOids.TryGetHashAlgorithm(oid))
            ?? throw new CryptographicException($"The {where} uses the unsupported digest algorithm {oid}.");

    private static TimestampInfo Unverified(TimestampCandidate candidate, X509Certificate2? tsa, string message, IReadOnlyList<X509Certificate2>? chain = null) => new()
    {
        Kind = candidate.Kind,
        Time = candidate.Time,
        Certificate = tsa,
        Chain = chain ?? (tsa is null ? Array.Empty<X509Certificate2>() : [tsa]),
        HashAlgorithm = candidate.HashAlgorithm.Name,
        IsVerified = false,
        Message = message,
    };

    private static string Describe(TimestampKind kind)
        => kind == TimestampKind.Rfc3161 ? "RFC 3161 timestamp token" : "Authenticode countersignature timestamp";
}
