using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Verification;

/// <summary><see cref="TimestampVerifier"/> on plain CMS signer infos, as detached signatures carry them.</summary>
public sealed class TimestampVerifierTests : IDisposable
{
    private readonly TestPki _pki = TestPki.Create("Cms Signer");
    private readonly TestTimestampAuthority _tsa = TestTimestampAuthority.Create("Cms TSA");

    public void Dispose()
    {
        _pki.Dispose();
        _tsa.Dispose();
    }

    private SignedCms SignedData()
    {
        SignedCms cms = new(new ContentInfo("artifact bytes"u8.ToArray()), detached: true);
        cms.ComputeSignature(new CmsSigner(_pki.Leaf));
        return cms;
    }

    [Fact]
    public void Verify_CmsTimestampTokenAttribute_IsVerified()
    {
        SignedCms cms = SignedData();
        DateTimeOffset yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        DateTimeOffset time = new(yesterday.Year, yesterday.Month, yesterday.Day, 3, 2, 1, TimeSpan.Zero);
        byte[] token = _tsa.CreateToken(cms.SignerInfos[0].GetSignature(), time, HashAlgorithmName.SHA384);
        cms.SignerInfos[0].AddUnsignedAttribute(new AsnEncodedData(TimestampVerifier.CmsTimestampTokenOid, token));

        TimestampInfo? info = new TimestampVerifier([_tsa.Store], useSystemTrust: false).Verify(cms.SignerInfos[0]);

        Assert.NotNull(info);
        Assert.True(info.IsVerified, info.Message);
        Assert.Equal(time, info.Time);
        Assert.Equal("SHA384", info.HashAlgorithm);
    }

    [Fact]
    public void Verify_NoTimestamp_ReturnsNull()
    {
        TimestampInfo? info = new TimestampVerifier([_tsa.Store], useSystemTrust: false).Verify(SignedData().SignerInfos[0]);

        Assert.Null(info);
    }

    [Fact]
    public void Verify_NoTimestampTrustStore_NamesTheMissingRoot()
    {
        SignedCms cms = SignedData();
        byte[] token = _tsa.CreateToken(cms.SignerInfos[0].GetSignature(), DateTimeOffset.UtcNow);
        cms.SignerInfos[0].AddUnsignedAttribute(new AsnEncodedData(TimestampVerifier.CmsTimestampTokenOid, token));

        TimestampInfo? info = new TimestampVerifier(Array.Empty<TrustStore>(), useSystemTrust: false).Verify(cms.SignerInfos[0]);

        Assert.False(info!.IsVerified);
        Assert.Contains("'CN=Cms TSA Root'", info.Message, StringComparison.Ordinal);
        Assert.Contains("-TimestampTrustStore", info.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimeStampingPurposeOnCodeSigner_ReportsMissingUsage()
    {
        ChainValidator validator = new([new TrustStore("roots", new(_pki.Root))], useSystemTrust: false, ChainPurpose.TimeStamping);

        ChainResult result = validator.Validate(_pki.Leaf, new(_pki.Intermediate), DateTime.UtcNow);

        Assert.False(result.IsTrusted);
        Assert.Contains("does not have the time stamping extended key usage", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyAll_TokenAfterVerificationTime_IsNotVerified()
    {
        SignedCms cms = SignedData();
        DateTimeOffset verificationTime = DateTimeOffset.UtcNow.AddDays(-1);
        cms.SignerInfos[0].AddUnsignedAttribute(new AsnEncodedData(TimestampVerifier.CmsTimestampTokenOid, _tsa.CreateToken(cms.SignerInfos[0].GetSignature(), DateTimeOffset.UtcNow)));

        TimestampInfo info = Assert.Single(new TimestampVerifier([_tsa.Store], useSystemTrust: false).VerifyAll(cms.SignerInfos[0], new(), verificationTime));

        Assert.False(info.IsVerified);
        Assert.Contains("after the verification time", info.Message, StringComparison.Ordinal);
        Assert.Contains("5 minutes", info.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChainPurpose.TimeStamping, "The timestamping authority's certificate 'CN=Cms TSA")]
    [InlineData(ChainPurpose.CodeSigning, "The signer certificate 'CN=Cms TSA")]
    public void Validate_IssuerNotFound_NamesTheCertificateByRole(ChainPurpose purpose, string expected)
    {
        ChainValidator validator = new(Array.Empty<TrustStore>(), useSystemTrust: false, purpose);

        ChainResult result = validator.Validate(_tsa.Tsa, new(), DateTime.UtcNow);

        Assert.False(result.IsTrusted);
        Assert.StartsWith(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
