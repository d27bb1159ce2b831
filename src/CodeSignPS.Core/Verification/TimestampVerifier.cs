using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Verification;

/// <summary>
/// Finds and verifies the timestamps on a signer: RFC 3161 tokens and PKCS#9 countersignatures.
/// A timestamp verifies when it stamps this signer's signature value and its own signature
/// verifies. The time it states must not be after the verification time, and its TSA certificate
/// must have the time stamping EKU and chain to a timestamping trust store at that stated time.
/// Safe to use from many threads; chains are cached per instance.
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

    /// <summary>
    /// How far a timestamp may lie after the verification time and still verify: the TSA's clock
    /// and this machine's clock may disagree by a few minutes. A timestamp further ahead states a
    /// time that has not come yet, so it cannot be true.
    /// </summary>
    public static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many timestamps of one signer are checked. Windows and signtool write one; a few more can
    /// come from re-timestamping, and a signature with more than this is checked no further.
    /// </summary>
    public const int MaxTimestamps = 8;

    /// <summary>
    /// Finds and verifies every timestamp on <paramref name="signer"/>, and returns the one that
    /// gives the verification time (see <see cref="SelectVerificationTimestamp"/>); null when it has none.
    /// </summary>
    public TimestampInfo? Verify(SignerInfo signer)
        => SelectVerificationTimestamp(VerifyAll(signer, new X509Certificate2Collection(), DateTimeOffset.UtcNow));

    /// <summary>
    /// Finds and verifies every timestamp on <paramref name="signer"/>: each value of each RFC 3161
    /// attribute, then each PKCS#9 countersignature. Empty when the signer has none.
    /// <paramref name="signatureCertificates"/> are the certificates of the signature that contains the
    /// signer, where a PKCS#9 countersigner's chain is found. A timestamp stating a time more than
    /// <see cref="ClockSkewTolerance"/> after <paramref name="verificationTime"/> does not verify.
    /// </summary>
    public IReadOnlyList<TimestampInfo> VerifyAll(SignerInfo signer, X509Certificate2Collection signatureCertificates, DateTimeOffset verificationTime)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(signatureCertificates);

        // Each timestamp costs a signature check and a chain build. A signature padded with many
        // tokens is therefore checked only up to the cap, and the rest are reported as not checked.
        List<Func<TimestampInfo>> checks = new();
        bool hasCountersignature = false;
        foreach (CryptographicAttributeObject attribute in signer.UnsignedAttributes)
        {
            if (attribute.Oid.Value is AuthenticodeTimestampTokenOid or CmsTimestampTokenOid)
            {
                if (attribute.Values.Count == 0)
                {
                    string oid = attribute.Oid.Value;
                    checks.Add(() => Undecodable(TimestampKind.Rfc3161, $"the attribute {oid} has no value"));
                }

                foreach (AsnEncodedData value in attribute.Values)
                {
                    checks.Add(() => Check(TimestampKind.Rfc3161, signer, verificationTime, () => ReadRfc3161(value)));
                }
            }

            hasCountersignature |= attribute.Oid.Value == CountersignatureOid;
        }

        if (hasCountersignature)
        {
            checks.AddRange(CountersignatureChecks(signer, signatureCertificates, verificationTime));
        }

        List<TimestampInfo> found = checks.Take(MaxTimestamps).Select(check => check()).ToList();
        if (checks.Count > MaxTimestamps)
        {
            found.Add(new TimestampInfo
            {
                Kind = TimestampKind.Rfc3161,
                Message = $"The signature carries more than {MaxTimestamps} timestamps; only the first {MaxTimestamps} were checked.",
            });
        }

        return found;
    }

    /// <summary>
    /// Returns the timestamp whose time is the verification time: the earliest verified one, or,
    /// when none verified, the first one found so that its message explains why; null when there is none.
    /// </summary>
    /// <remarks>
    /// Every verified timestamp proves, by a trusted TSA, that the signature existed at its time, so
    /// the earliest one is the closest to the moment of signing. A later one can only make a signer
    /// that was valid when it signed look expired. A timestamp that does not verify never counts,
    /// whatever its position, so an extra token spliced in cannot displace a verified one.
    /// </remarks>
    public static TimestampInfo? SelectVerificationTimestamp(IReadOnlyList<TimestampInfo> timestamps)
        => timestamps.Where(timestamp => timestamp.IsVerified).MinBy(timestamp => timestamp.Time) ?? timestamps.FirstOrDefault();

    /// <summary>Returns one deferred check per PKCS#9 countersigner, so that the cap bounds the work.</summary>
    private IEnumerable<Func<TimestampInfo>> CountersignatureChecks(SignerInfo signer, X509Certificate2Collection signatureCertificates, DateTimeOffset verificationTime)
    {
        SignerInfoCollection counterSigners;
        try
        {
            counterSigners = signer.CounterSignerInfos;
        }
        catch (CryptographicException ex)
        {
            return [() => Undecodable(TimestampKind.Authenticode, ex.Message)];
        }

        if (counterSigners.Count == 0)
        {
            return [() => Undecodable(TimestampKind.Authenticode, "the countersignature attribute holds no countersigner")];
        }

        return counterSigners.Cast<SignerInfo>()
            .Select(counterSigner => (Func<TimestampInfo>)(() => Check(TimestampKind.Authenticode, signer, verificationTime, () => ReadCountersignature(counterSigner, signatureCertificates))))
            .ToArray();
    }

    private TimestampInfo Check(TimestampKind kind, SignerInfo signer, DateTimeOffset verificationTime, Func<TimestampCandidate> read)
    {
        TimestampCandidate candidate;
        try
        {
            candidate = read();
        }
        catch (CryptographicException ex)
        {
            return Undecodable(kind, ex.Message);
        }

        try
        {
            return CheckCandidate(candidate, signer.GetSignature(), verificationTime);
        }
        catch (CryptographicException ex)
        {
            // Signer infos decode their attributes and certificates lazily, so damage can surface here.
            return Unverified(candidate, null, $"The {Describe(kind)} is damaged: {ex.Message}");
        }
    }

    private TimestampInfo CheckCandidate(TimestampCandidate candidate, byte[] signatureValue, DateTimeOffset verificationTime)
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

        if (candidate.Time > verificationTime + ClockSkewTolerance)
        {
            return Unverified(candidate, tsa,
                $"The {what} states the time {candidate.Time.UtcDateTime:u}, which is after the verification time {verificationTime.UtcDateTime:u} " +
                $"by more than the {ClockSkewTolerance.TotalMinutes} minutes allowed for clock differences. A timestamp cannot state a time in the future, so it was ignored.");
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

    private static TimestampCandidate ReadRfc3161(AsnEncodedData value)
    {
        (SignedCms token, Rfc3161TimestampTokenInfo info) = TimestampTokenDecoder.Decode(value.RawData);
        HashAlgorithmName algorithm = HashAlgorithmOf(info.HashAlgorithmId.Value, "token's message imprint");
        return new TimestampCandidate(TimestampKind.Rfc3161, info.Timestamp.ToUniversalTime(), algorithm, info.GetMessageHash().ToArray(), token.SignerInfos[0], token.Certificates);
    }

    private static TimestampCandidate ReadCountersignature(SignerInfo counterSigner, X509Certificate2Collection signatureCertificates)
    {
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

    private static TimestampInfo Undecodable(TimestampKind kind, string reason)
        => new() { Kind = kind, Message = $"The {Describe(kind)} could not be decoded: {reason.TrimEnd('.')}." };

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
