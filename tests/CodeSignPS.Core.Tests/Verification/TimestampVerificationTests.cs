using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Authenticode;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Verification;

/// <summary>
/// Timestamps on signed scripts, end to end through <see cref="SignatureVerifier"/>. The signer
/// certificate expires an hour after the test starts and verification runs a day later, so only a
/// verified timestamp can make a signature Valid.
/// </summary>
public sealed class TimestampVerificationTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateTimeOffset Later = Now.AddDays(1);

    private readonly TestPki _pki = TestPki.Create("Timestamped", leafNotAfter: Now.AddHours(1));
    private readonly TestTimestampAuthority _tsa = TestTimestampAuthority.Create();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _tsa.Dispose();
        _folder.Dispose();
    }

    private VerificationOptions Options(TrustStore? timestampStore, DateTimeOffset? verificationTime = null) => new()
    {
        TrustStores = [new TrustStore("signer roots", new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(_pki.Root.RawData)))],
        TimestampTrustStores = timestampStore is null ? [] : [timestampStore],
        VerificationTime = verificationTime ?? Later,
    };

    private string SignedScript(string name = "script.ps1", TestPki? pki = null)
    {
        pki ??= _pki;
        string path = _folder.Write(name, System.Text.Encoding.ASCII.GetBytes($"Write-Output '{name}'\r\n"));
        pki.SignFile(path);
        return path;
    }

    private string TimestampedScript(string name = "script.ps1", DateTimeOffset? time = null, TestTimestampAuthority? tsa = null)
    {
        string path = SignedScript(name);
        byte[] token = (tsa ?? _tsa).CreateToken(SignatureTimestamps.SignatureValueOf(path), time ?? Now);
        SignatureTimestamps.AttachToken(path, token);
        return path;
    }

    private static CheckOutcome CheckNamed(VerificationResult result, string name) => Assert.Single(result.Checks, check => check.Name == name);

    // ---- verified timestamps ----

    [Fact]
    public void Verify_ValidToken_IsVerifiedAndGivesTheTime()
    {
        DateTimeOffset time = new(Now.Year, Now.Month, Now.Day, Now.Hour, Now.Minute, Now.Second, TimeSpan.Zero);
        string path = TimestampedScript(time: time);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.True(Rfc3161TimestampToken.TryDecode(SignatureTimestamps.ReadToken(path), out _, out _));
        Assert.NotNull(result.Timestamp);
        Assert.True(result.Timestamp.IsVerified, result.Timestamp.Message);
        Assert.Null(result.Timestamp.Message);
        Assert.Equal(TimestampKind.Rfc3161, result.Timestamp.Kind);
        Assert.Equal(time, result.Timestamp.Time);
        Assert.Equal("SHA256", result.Timestamp.HashAlgorithm);
        Assert.Equal(_tsa.Tsa.Thumbprint, result.Timestamp.Certificate!.Thumbprint);
        Assert.Equal(2, result.Timestamp.Chain.Count);
        Assert.True(CheckNamed(result, CheckNames.Timestamp).Passed);
        Assert.Contains($"{time:u}", CheckNamed(result, CheckNames.Time).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WithoutTimestampStore_IsExpiredAndSaysWhy()
    {
        string path = TimestampedScript();

        VerificationResult result = new SignatureVerifier(Options(timestampStore: null)).Verify(path);

        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("-TimestampTrustStore", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Contains("the timestamp on the signature did not count", result.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("Test TSA Root", result.StatusMessage, StringComparison.Ordinal);
        Assert.False(CheckNamed(result, CheckNames.Timestamp).Passed);
        Assert.Contains("The timestamp was not used", CheckNamed(result, CheckNames.Time).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoTimestamp_HasNullTimestampOutcome()
    {
        string path = SignedScript();

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store, Now)).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Null(result.Timestamp);
        Assert.Null(CheckNamed(result, CheckNames.Timestamp).Passed);
    }

    [Fact]
    public void Verify_NonCriticalTsaUsage_IsVerifiedThoughDotNetRejectsIt()
    {
        using TestTimestampAuthority tsa = TestTimestampAuthority.Create("Lenient TSA", TestTsaUsage.NonCriticalTimeStamping);
        string path = TimestampedScript(tsa: tsa);

        VerificationResult result = new SignatureVerifier(Options(tsa.Store)).Verify(path);

        // The case the own decoding exists for: real Microsoft TSA certificates look like this one.
        Assert.False(Rfc3161TimestampToken.TryDecode(SignatureTimestamps.ReadToken(path), out _, out _));
        Assert.True(result.Timestamp!.IsVerified, result.Timestamp.Message);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [OpenSslFact]
    public void Verify_OpenSslToken_IsVerified()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, _tsa.CreateTokenWithOpenSsl(SignatureTimestamps.SignatureValueOf(path), _folder.Path));

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.True(result.Timestamp!.IsVerified, result.Timestamp.Message);
        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.InRange(result.Timestamp.Time!.Value, Now.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [OpenSslFact]
    public void Verify_SignerExpiredAfterOpenSslTimestamp_IsValid()
    {
        // A signer valid for a few seconds, signed and stamped at once, verified after it expired.
        // On a loaded machine key generation, signing and openssl can outlast the validity, so the
        // next attempt gives the signer a longer one.
        TestPki? shortLived = null;
        string path = "";
        DateTimeOffset notAfter = default;
        foreach (int seconds in new[] { 12, 40, 120 })
        {
            shortLived?.Dispose();
            notAfter = DateTimeOffset.UtcNow.AddSeconds(seconds);
            shortLived = TestPki.Create("Short Lived", leafNotBefore: DateTimeOffset.UtcNow.AddMinutes(-1), leafNotAfter: notAfter);
            path = SignedScript($"short{seconds}.ps1", shortLived);
            SignatureTimestamps.AttachToken(path, _tsa.CreateTokenWithOpenSsl(SignatureTimestamps.SignatureValueOf(path), _folder.Path));
            if (DateTimeOffset.UtcNow < notAfter.AddSeconds(-1))
            {
                break;
            }
        }

        using TestPki signerPki = shortLived!;
        while (DateTimeOffset.UtcNow <= notAfter.AddSeconds(1))
        {
            Thread.Sleep(250);
        }

        TrustStore signerRoots = new("short-lived roots", new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(signerPki.Root.RawData)));
        VerificationResult stamped = new SignatureVerifier(new VerificationOptions { TrustStores = [signerRoots], TimestampTrustStores = [_tsa.Store] }).Verify(path);
        VerificationResult unstamped = new SignatureVerifier(new VerificationOptions { TrustStores = [signerRoots] }).Verify(path);

        Assert.Equal(SignatureStatus.Valid, stamped.Status);
        Assert.True(stamped.Timestamp!.IsVerified);
        Assert.Equal(SignatureStatus.Expired, unstamped.Status);
        Assert.Contains("the timestamp on the signature did not count", unstamped.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TimestampAfterSignerExpiry_IsExpired()
    {
        DateTimeOffset afterExpiry = Now.AddHours(2);
        string path = TimestampedScript(time: afterExpiry);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.True(result.Timestamp!.IsVerified);
        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.Contains("the time of its verified timestamp", result.StatusMessage, StringComparison.Ordinal);
    }

    // ---- timestamps that do not count ----

    [Fact]
    public void Verify_TokenSplicedFromAnotherFile_IsIgnoredAsCopied()
    {
        string donor = TimestampedScript("donor.ps1");
        string target = SignedScript("target.ps1");
        SignatureTimestamps.AttachToken(target, SignatureTimestamps.ReadToken(donor));

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(target);

        Assert.Equal(SignatureStatus.Valid, new SignatureVerifier(Options(_tsa.Store)).Verify(donor).Status);
        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("copied from another signature", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Contains("copied from another signature", result.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UntrustedTsa_IsIgnoredAndNamesTheRoot()
    {
        using TestTimestampAuthority other = TestTimestampAuthority.Create("Other TSA");
        string path = TimestampedScript(tsa: other);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("'CN=Other TSA Root'", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Contains("-TimestampTrustStore", result.Timestamp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TsaRootInCodeSigningStore_IsNotTrusted()
    {
        string path = TimestampedScript();

        // Code signing trust stores do not vouch for timestamps.
        VerificationOptions options = Options(timestampStore: null) with { TrustStores = [_tsa.Store, .. Options(null).TrustStores] };
        VerificationResult result = new SignatureVerifier(options).Verify(path);

        Assert.False(result.Timestamp!.IsVerified);
        Assert.Equal(SignatureStatus.Expired, result.Status);
    }

    [Fact]
    public void Verify_TsaWithoutTimeStampingUsage_IsIgnored()
    {
        using TestTimestampAuthority tsa = TestTimestampAuthority.Create("Code Signing Not TSA", TestTsaUsage.CodeSigning);
        string path = TimestampedScript(tsa: tsa);

        VerificationResult result = new SignatureVerifier(Options(tsa.Store)).Verify(path);

        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("does not have the time stamping extended key usage (1.3.6.1.5.5.7.3.8)", result.Timestamp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TsaExpiredAtTokenTime_IsIgnored()
    {
        using TestTimestampAuthority tsa = TestTimestampAuthority.Create("Expired TSA", tsaNotAfter: Now.AddMinutes(-10));
        string path = TimestampedScript(tsa: tsa);

        VerificationResult result = new SignatureVerifier(Options(tsa.Store)).Verify(path);

        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("had expired", result.Timestamp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TamperedTokenSignature_IsIgnored()
    {
        string path = TimestampedScript();
        SignatureTimestamps.ChangeToken(path, token =>
        {
            byte[] copy = (byte[])token.Clone();
            copy[^1] ^= 0x01; // the last byte of the TSA's RSA signature value
            return copy;
        });

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.Equal(SignatureStatus.Expired, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("does not verify", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.True(result.IsIntegrityValid);
    }

    [Fact]
    public void Verify_TamperedGenTime_IsIgnored()
    {
        DateTimeOffset time = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
        string path = TimestampedScript(time: time);
        SignatureTimestamps.ChangeToken(path, token => Replace(token, "20300102030405Z"u8.ToArray(), "20300102030406Z"u8.ToArray()));

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("does not verify", result.Timestamp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_GarbageToken_IsReportedAsUndecodable()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, [0x30, 0x03, 0x02, 0x01, 0x01]);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store, Now)).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Null(result.Timestamp.Time);
        Assert.Contains("could not be decoded", result.Timestamp.Message, StringComparison.Ordinal);
    }

    // ---- PKCS#9 countersignatures ----

    [Fact]
    public void Verify_Countersignature_IsVerifiedAndGivesTheTime()
    {
        DateTimeOffset time = new(Now.Year, Now.Month, Now.Day, Now.Hour, Now.Minute, Now.Second, TimeSpan.Zero);
        string path = SignedScript();
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, time);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.True(result.Timestamp!.IsVerified, result.Timestamp.Message);
        Assert.Equal(TimestampKind.Authenticode, result.Timestamp.Kind);
        Assert.Equal(time, result.Timestamp.Time);
        Assert.Equal(_tsa.Tsa.Thumbprint, result.Timestamp.Certificate!.Thumbprint);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_TamperedCountersignature_IsIgnored()
    {
        DateTimeOffset time = new(Now.Year, Now.Month, Now.Day, Now.Hour, Now.Minute, 10, TimeSpan.Zero);
        string path = SignedScript();
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, time);
        ReplaceInSignature(path, new Pkcs9SigningTime(time.UtcDateTime).RawData, new Pkcs9SigningTime(time.UtcDateTime.AddSeconds(1)).RawData);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(path);

        Assert.True(result.IsIntegrityValid);
        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("does not verify", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Expired, result.Status);
    }

    [Fact]
    public void Verify_CountersignatureOfAnotherSignature_IsIgnoredAsCopied()
    {
        string donor = SignedScript("donor.ps1");
        SignatureTimestamps.AttachCountersignature(donor, _tsa.Tsa, Now);
        string target = SignedScript("target.ps1");
        TransplantCountersignature(donor, target);

        VerificationResult result = new SignatureVerifier(Options(_tsa.Store)).Verify(target);

        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("copied from another signature", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Expired, result.Status);
    }

    private static byte[] Replace(byte[] data, byte[] find, byte[] replacement)
    {
        int index = data.AsSpan().IndexOf(find);
        Assert.True(index >= 0, "The bytes to tamper with were not found.");
        byte[] copy = (byte[])data.Clone();
        replacement.CopyTo(copy, index);
        return copy;
    }

    private static void ReplaceInSignature(string path, byte[] find, byte[] replacement)
    {
        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(path)!;
        ParsedArtifact parsed = format.Parse(File.ReadAllBytes(path), FormatOptions.Default);
        byte[] signature = Replace(parsed.Signature!, find, replacement);
        File.WriteAllBytes(path, format.Embed(parsed.Content, signature, FormatOptions.Default));
    }

    // Moves the whole countersignature attribute of one signature onto another, as an attacker would.
    private static void TransplantCountersignature(string donor, string target)
    {
        ArtifactFormat format = ArtifactFormatFactory.TryGetFormat(donor)!;
        SignedCms donorCms = new();
        donorCms.Decode(format.Parse(File.ReadAllBytes(donor), FormatOptions.Default).Signature!);
        System.Security.Cryptography.CryptographicAttributeObject countersignature =
            Assert.Single(donorCms.SignerInfos[0].UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>());
        SignatureTimestamps.AttachToken(target, countersignature.Values[0].RawData, countersignature.Oid.Value!);

        // The countersigner's certificate travels in the signature's certificate set.
        ParsedArtifact parsed = format.Parse(File.ReadAllBytes(target), FormatOptions.Default);
        SignedCms targetCms = new();
        targetCms.Decode(parsed.Signature!);
        foreach (X509Certificate2 certificate in donorCms.Certificates)
        {
            if (!targetCms.Certificates.Contains(certificate))
            {
                targetCms.AddCertificate(certificate);
            }
        }

        byte[] reshaped = Pkcs7Reshaper.Attach(targetCms.Encode(), AuthenticodeOids.SpcIndirectData, targetCms.ContentInfo.Content);
        File.WriteAllBytes(target, format.Embed(parsed.Content, reshaped, FormatOptions.Default));
    }
}
