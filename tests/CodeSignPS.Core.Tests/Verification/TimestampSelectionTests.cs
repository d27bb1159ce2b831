using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Signing;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Verification;

/// <summary>
/// Timestamps that state a time after the verification time, and signers that carry several
/// timestamps, end to end through <see cref="SignatureVerifier"/>. The signer certificate expires an
/// hour after the test starts, so a result verified later is Valid only through a verified timestamp.
/// </summary>
public sealed class TimestampSelectionTests : IDisposable
{
    private static readonly DateTimeOffset Now = WholeSeconds(DateTimeOffset.UtcNow);
    private static readonly DateTimeOffset Later = Now.AddDays(1);

    private readonly TestPki _pki = TestPki.Create("Selected", leafNotAfter: Now.AddHours(1));
    private readonly TestTimestampAuthority _tsa = TestTimestampAuthority.Create("Selection TSA");
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _pki.Dispose();
        _tsa.Dispose();
        _folder.Dispose();
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero);

    private SignatureVerifier Verifier(DateTimeOffset? verificationTime) => new(new VerificationOptions
    {
        TrustStores = [new TrustStore("signer roots", new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(_pki.Root.RawData)))],
        TimestampTrustStores = [_tsa.Store],
        VerificationTime = verificationTime,
    });

    private string SignedScript(string name = "script.ps1")
    {
        string path = _folder.Write(name, System.Text.Encoding.ASCII.GetBytes($"Write-Output '{name}'\r\n"));
        _pki.SignFile(path);
        return path;
    }

    private byte[] Token(string path, DateTimeOffset time) => _tsa.CreateToken(SignatureTimestamps.SignatureValueOf(path), time);

    // A token that a trusted TSA made for another file's signature, as an attacker would splice it in.
    private byte[] CopiedToken(DateTimeOffset time) => Token(SignedScript($"donor-{Guid.NewGuid():N}.ps1"), time);

    private static CheckOutcome CheckNamed(VerificationResult result, string name) => Assert.Single(result.Checks, check => check.Name == name);

    // ---- timestamps later than the verification time ----

    [Fact]
    public void Verify_TokenAfterVerificationTime_IsNotVerified()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Later.AddDays(20)));

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("after the verification time", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Contains($"{Later.UtcDateTime:u}", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Expired, result.Status);
    }

    [Fact]
    public void Verify_CountersignatureAfterVerificationTime_IsNotVerified()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, Later.AddDays(20));

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(TimestampKind.Authenticode, result.Timestamp!.Kind);
        Assert.False(result.Timestamp.IsVerified);
        Assert.Contains("after the verification time", result.Timestamp.Message, StringComparison.Ordinal);
        Assert.Equal(SignatureStatus.Expired, result.Status);
    }

    [Fact]
    public void Verify_TokenAfterNowByDefault_IsNotVerified()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, DateTimeOffset.UtcNow.AddDays(20)));

        VerificationResult result = Verifier(verificationTime: null).Verify(path);

        Assert.False(result.Timestamp!.IsVerified);
        Assert.Contains("after the verification time", result.Timestamp.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    public void Verify_TokenMinutesAhead_VerifiedWithinClockSkew(int minutes, bool verified)
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Now.AddMinutes(minutes)));

        VerificationResult result = Verifier(Now).Verify(path);

        Assert.Equal(verified, result.Timestamp!.IsVerified);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_ValidWithIgnoredTimestamp_StatusMessageExplains()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Now.AddDays(20)));

        VerificationResult result = Verifier(Now).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Contains("The timestamp on the signature was not verified and did not count", result.StatusMessage, StringComparison.Ordinal);
        Assert.Contains("after the verification time", result.StatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ValidWithVerifiedTimestamp_StatusMessageUnchanged()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Now));

        VerificationResult result = Verifier(Now).Verify(path);

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.DoesNotContain("timestamp", result.StatusMessage, StringComparison.OrdinalIgnoreCase);
    }

    // ---- several timestamps on one signer ----

    [Fact]
    public void Verify_TwoTokenAttributes_UsesEarliest()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Now.AddMinutes(30)), TimestampVerifier.AuthenticodeTimestampTokenOid);
        SignatureTimestamps.AttachToken(path, Token(path, Now), TimestampVerifier.CmsTimestampTokenOid);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(2, result.Timestamps.Count);
        Assert.All(result.Timestamps, timestamp => Assert.True(timestamp.IsVerified, timestamp.Message));
        Assert.Equal(Now, result.Timestamp!.Time);
        Assert.Same(result.Timestamps[1], result.Timestamp);
        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.Contains("2 timestamps", CheckNamed(result, CheckNames.Timestamp).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LaterTokenFirst_EarliestGivesValid()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Now.AddHours(2)), TimestampVerifier.AuthenticodeTimestampTokenOid);
        SignatureTimestamps.AttachToken(path, Token(path, Now), TimestampVerifier.CmsTimestampTokenOid);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(Now, result.Timestamp!.Time);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_CopiedTokenFirst_GoodTokenCounts()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, CopiedToken(Now.AddMinutes(-10)), TimestampVerifier.AuthenticodeTimestampTokenOid);
        SignatureTimestamps.AttachToken(path, Token(path, Now), TimestampVerifier.CmsTimestampTokenOid);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(2, result.Timestamps.Count);
        Assert.False(result.Timestamps[0].IsVerified);
        Assert.Contains("copied from another signature", result.Timestamps[0].Message, StringComparison.Ordinal);
        Assert.Same(result.Timestamps[1], result.Timestamp);
        Assert.True(result.Timestamp!.IsVerified);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_AttributeWithTwoValues_ChecksEachValue()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, CopiedToken(Now));
        SignatureTimestamps.AttachToken(path, Token(path, Now.AddMinutes(1)));
        Assert.Equal(2, Assert.Single(UnsignedAttributes(path), attribute => attribute.Oid.Value == TimestampVerifier.AuthenticodeTimestampTokenOid).Values.Count);

        VerificationResult result = Verifier(Later).Verify(path);

        // DER sorts the values of a SET, so their order is not the order they were added in.
        Assert.Equal(2, result.Timestamps.Count);
        TimestampInfo copied = Assert.Single(result.Timestamps, timestamp => !timestamp.IsVerified);
        Assert.Contains("copied from another signature", copied.Message, StringComparison.Ordinal);
        Assert.Same(Assert.Single(result.Timestamps, timestamp => timestamp.IsVerified), result.Timestamp);
        Assert.Equal(Now.AddMinutes(1), result.Timestamp!.Time);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_MoreTimestampsThanCap_ChecksOnlyCap()
    {
        string path = SignedScript();
        byte[] copied = CopiedToken(Now);
        for (int i = 0; i < TimestampVerifier.MaxTimestamps + 2; i++)
        {
            SignatureTimestamps.AttachToken(path, Token(path, Now.AddSeconds(i)), TimestampVerifier.CmsTimestampTokenOid);
        }

        SignatureTimestamps.AttachToken(path, copied);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(TimestampVerifier.MaxTimestamps + 1, result.Timestamps.Count);
        Assert.Contains($"more than {TimestampVerifier.MaxTimestamps} timestamps", result.Timestamps[^1].Message, StringComparison.Ordinal);
        Assert.False(result.Timestamps[^1].IsVerified);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_OnlyCopiedTokens_IsNotValid()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, CopiedToken(Now), TimestampVerifier.AuthenticodeTimestampTokenOid);
        SignatureTimestamps.AttachToken(path, CopiedToken(Now), TimestampVerifier.CmsTimestampTokenOid);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(2, result.Timestamps.Count);
        Assert.All(result.Timestamps, timestamp => Assert.False(timestamp.IsVerified));
        Assert.Same(result.Timestamps[0], result.Timestamp);
        Assert.Equal(SignatureStatus.Expired, result.Status);
    }

    [Fact]
    public void Verify_CopiedTokenAndCountersignature_UsesCountersignature()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, CopiedToken(Now.AddMinutes(-10)));
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, Now);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal([TimestampKind.Rfc3161, TimestampKind.Authenticode], result.Timestamps.Select(timestamp => timestamp.Kind));
        Assert.Equal(TimestampKind.Authenticode, result.Timestamp!.Kind);
        Assert.True(result.Timestamp.IsVerified, result.Timestamp.Message);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_TokenAndFutureCountersignature_UsesToken()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachToken(path, Token(path, Now));
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, Later.AddDays(1));

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(2, result.Timestamps.Count);
        Assert.Contains("after the verification time", result.Timestamps[1].Message, StringComparison.Ordinal);
        Assert.Equal(TimestampKind.Rfc3161, result.Timestamp!.Kind);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_TwoCountersignatures_ChecksEach()
    {
        string path = SignedScript();
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, Now.AddMinutes(20));
        SignatureTimestamps.AttachCountersignature(path, _tsa.Tsa, Now);

        VerificationResult result = Verifier(Later).Verify(path);

        Assert.Equal(2, result.Timestamps.Count);
        Assert.All(result.Timestamps, timestamp => Assert.True(timestamp.IsVerified, timestamp.Message));
        Assert.Equal(Now, result.Timestamp!.Time);
        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public void Verify_NoTimestamp_HasEmptyTimestamps()
    {
        VerificationResult result = Verifier(Now).Verify(SignedScript());

        Assert.Null(result.Timestamp);
        Assert.Empty(result.Timestamps);
    }

    private static CryptographicAttributeObject[] UnsignedAttributes(string path)
    {
        ParsedArtifact parsed = ArtifactFormatFactory.TryGetFormat(path)!.Parse(File.ReadAllBytes(path), FormatOptions.Default);
        SignedCms cms = new();
        cms.Decode(parsed.Signature!);
        return cms.SignerInfos[0].UnsignedAttributes.Cast<CryptographicAttributeObject>().ToArray();
    }
}
