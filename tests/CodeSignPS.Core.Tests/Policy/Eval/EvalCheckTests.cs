using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Policy.Eval;

public sealed class EvalCheckTests
{
    private static readonly X509Certificate2 Signer = TestPki.CreateSelfSigned("CN=Eval Signer");

    // ---- integrity ----

    [Fact]
    public void CheckIntegrity_Valid_Passes()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckIntegrity(EvalFakes.Valid(Signer));

        Assert.True(result.Passed);
        Assert.Equal(CheckAction.Enforce, result.Action);
    }

    [Fact]
    public void CheckIntegrity_HashMismatch_FailsWithDigestMessage()
    {
        VerificationResult tampered = EvalFakes.WithStatus(SignatureStatus.HashMismatch, "changed", false, Signer,
            new CheckOutcome(CheckNames.Integrity, false, "the content's SHA256 digest is AA but the signed digest is BB."));

        PolicyCheckResult result = PolicyEvaluator.CheckIntegrity(tampered);

        Assert.False(result.Passed);
        Assert.Contains("changed after signing", result.Message);
        Assert.Contains("signed digest is BB", result.Message);
    }

    [Fact]
    public void CheckIntegrity_Malformed_FailsWithStatusMessage()
    {
        VerificationResult malformed = EvalFakes.WithStatus(SignatureStatus.Malformed, "The signature of 'a.ps1' is malformed: bad DER.", null, null);

        PolicyCheckResult result = PolicyEvaluator.CheckIntegrity(malformed);

        Assert.False(result.Passed);
        Assert.Contains("bad DER", result.Message);
    }

    // ---- trust ----

    [Fact]
    public void CheckTrust_AcceptedPublisher_PassesNamingPublisherAndStore()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckTrust(EvalFakes.Valid(Signer), CheckAction.Enforce, EvalFakes.Rule(), EvalFakes.Accepted());

        Assert.True(result.Passed);
        Assert.Contains("contoso-release", result.Message);
        Assert.Contains("contoso-root", result.Message);
    }

    [Fact]
    public void CheckTrust_NoPublisherMatches_FailsListingMismatches()
    {
        var finding = new PolicyEvaluator.TrustFinding("contoso-root", null, ValidationLevel.Internal, ValidationLevel.Internal,
            ["The publisher 'contoso-release' requires O=Contoso Ltd, but the signer has none."]);

        PolicyCheckResult result = PolicyEvaluator.CheckTrust(EvalFakes.Valid(Signer), CheckAction.Enforce, EvalFakes.Rule("our-scripts", "contoso-release"), finding);

        Assert.False(result.Passed);
        Assert.Contains("none of the publishers of rule 'our-scripts' (contoso-release)", result.Message);
        Assert.Contains("requires O=Contoso Ltd", result.Message);
    }

    [Fact]
    public void CheckTrust_LevelBelowMinimum_FailsNamingBothLevels()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckTrust(EvalFakes.Valid(Signer), CheckAction.Warn, EvalFakes.Rule(),
            EvalFakes.Accepted(ValidationLevel.Internal, ValidationLevel.EV));

        Assert.False(result.Passed);
        Assert.Equal(CheckAction.Warn, result.Action);
        Assert.Contains("level is Internal, below the minimum EV", result.Message);
    }

    [Fact]
    public void CheckTrust_ChainNotTrusted_FailsWithChainMessage()
    {
        VerificationResult untrusted = EvalFakes.WithStatus(SignatureStatus.NotTrusted, "not trusted", true, Signer,
            new CheckOutcome(CheckNames.Integrity, true, "ok"),
            new CheckOutcome(CheckNames.Trust, false, "The chain ends in 'CN=Other Root', which is not a trust anchor."));

        PolicyCheckResult result = PolicyEvaluator.CheckTrust(untrusted, CheckAction.Enforce, EvalFakes.Rule(), EvalFakes.Accepted());

        Assert.False(result.Passed);
        Assert.Contains("CN=Other Root", result.Message);
    }

    [Fact]
    public void CheckTrust_VerificationStoppedBeforeTrust_Fails()
    {
        VerificationResult weak = EvalFakes.WithStatus(SignatureStatus.WeakAlgorithm, "SHA1 is weak.", true, Signer,
            new CheckOutcome(CheckNames.Integrity, true, "ok"),
            new CheckOutcome(CheckNames.Algorithms, false, "SHA1 is weak."));

        PolicyCheckResult result = PolicyEvaluator.CheckTrust(weak, CheckAction.Enforce, EvalFakes.Rule(), EvalFakes.Accepted());

        Assert.False(result.Passed);
        Assert.Contains("not checked", result.Message);
    }

    [Fact]
    public void CheckTrust_Off_PassedIsNull()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckTrust(EvalFakes.Valid(Signer), CheckAction.Off, EvalFakes.Rule(), EvalFakes.Accepted());

        Assert.Null(result.Passed);
        Assert.Contains("checks.trust is off", result.Message);
    }

    // ---- timestamp ----

    [Fact]
    public void CheckTimestamp_Verified_Passes()
    {
        var timestamp = new TimestampInfo { Kind = TimestampKind.Rfc3161, Time = EvalFakes.RunTime, IsVerified = true };

        Assert.True(PolicyEvaluator.CheckTimestamp(EvalFakes.Valid(Signer, timestamp: timestamp), CheckAction.Enforce).Passed);
    }

    [Fact]
    public void CheckTimestamp_Missing_Fails()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckTimestamp(EvalFakes.Valid(Signer), CheckAction.Warn);

        Assert.False(result.Passed);
        Assert.Contains("no timestamp", result.Message);
    }

    [Fact]
    public void CheckTimestamp_NotVerified_FailsWithItsMessage()
    {
        var timestamp = new TimestampInfo { Kind = TimestampKind.Rfc3161, Time = EvalFakes.RunTime, IsVerified = false, Message = "The TSA is not trusted." };

        PolicyCheckResult result = PolicyEvaluator.CheckTimestamp(EvalFakes.Valid(Signer, timestamp: timestamp), CheckAction.Enforce);

        Assert.False(result.Passed);
        Assert.Contains("The TSA is not trusted.", result.Message);
    }

    // ---- expiry ----

    [Fact]
    public void CheckExpiry_TimeOutcomeFailed_Fails()
    {
        VerificationResult expired = EvalFakes.WithStatus(SignatureStatus.Expired, "expired", true, Signer,
            new CheckOutcome(CheckNames.Trust, true, "ok"),
            new CheckOutcome(CheckNames.Time, false, "The certificate 'CN=Eval Signer' expired."));

        PolicyCheckResult result = PolicyEvaluator.CheckExpiry(expired, CheckAction.Enforce, EvalFakes.RunTime);

        Assert.False(result.Passed);
        Assert.Contains("expired", result.Message);
    }

    [Fact]
    public void CheckExpiry_NoTimeOutcomeAndSignerExpired_FailsOnSignerAlone()
    {
        VerificationResult untrusted = EvalFakes.WithStatus(SignatureStatus.NotTrusted, "not trusted", true, Signer,
            new CheckOutcome(CheckNames.Trust, false, "untrusted"));

        PolicyCheckResult result = PolicyEvaluator.CheckExpiry(untrusted, CheckAction.Enforce, DateTimeOffset.UtcNow.AddYears(5));

        Assert.False(result.Passed);
        Assert.Contains("does not include the verification time", result.Message);
    }

    [Fact]
    public void CheckExpiry_NoTimeOutcomeAndSignerValid_Passes()
    {
        VerificationResult untrusted = EvalFakes.WithStatus(SignatureStatus.NotTrusted, "not trusted", true, Signer,
            new CheckOutcome(CheckNames.Trust, false, "untrusted"));

        Assert.True(PolicyEvaluator.CheckExpiry(untrusted, CheckAction.Enforce, DateTimeOffset.UtcNow).Passed);
    }

    // ---- revocation ----

    [Theory]
    [InlineData(CheckAction.Off, PolicyRevocationMode.Offline)]
    [InlineData(CheckAction.Enforce, PolicyRevocationMode.Off)]
    public void CheckRevocation_OffByActionOrMode_PassedIsNull(CheckAction action, PolicyRevocationMode mode)
        => Assert.Null(PolicyEvaluator.CheckRevocation(EvalFakes.Valid(Signer), action, mode).Passed);

    [Fact]
    public void CheckRevocation_CheckedGood_Passes()
    {
        VerificationResult good = EvalFakes.WithStatus(SignatureStatus.Valid, "ok", true, Signer,
            new CheckOutcome(CheckNames.Revocation, true, "No revocation applies."));

        Assert.True(PolicyEvaluator.CheckRevocation(good, CheckAction.Enforce, PolicyRevocationMode.Offline).Passed);
    }

    [Theory]
    [InlineData(SignatureStatus.Revoked, "was revoked on")]
    [InlineData(SignatureStatus.RevocationUnknown, "is unknown")]
    public void CheckRevocation_RevokedOrUnknown_Fails(SignatureStatus status, string message)
    {
        VerificationResult result = EvalFakes.WithStatus(status, message, true, Signer,
            new CheckOutcome(CheckNames.Revocation, false, $"The certificate {message}."));

        PolicyCheckResult check = PolicyEvaluator.CheckRevocation(result, CheckAction.Enforce, PolicyRevocationMode.Offline);

        Assert.False(check.Passed);
        Assert.Contains(message, check.Message);
    }

    [Fact]
    public void CheckRevocation_NotReachedByVerification_Fails()
    {
        VerificationResult expired = EvalFakes.WithStatus(SignatureStatus.Expired, "The signer expired.", true, Signer,
            new CheckOutcome(CheckNames.Time, false, "expired"));

        PolicyCheckResult check = PolicyEvaluator.CheckRevocation(expired, CheckAction.Enforce, PolicyRevocationMode.Offline);

        Assert.False(check.Passed);
        Assert.Contains("could not be checked", check.Message);
    }

    // ---- algorithms ----

    [Theory]
    [InlineData("SHA256", "RSA", 2048, true)]
    [InlineData("SHA384", "EC", 256, true)]
    [InlineData("SHA1", "RSA", 2048, false)]
    [InlineData("SHA256", "RSA", 1024, false)]
    [InlineData("SHA256", "EC", 224, false)]
    [InlineData("SHA256", "DSA", 2048, false)]
    public void CheckAlgorithms_DefaultFloors_JudgesDigestAndKey(string digest, string algorithm, int bits, bool expected)
    {
        PolicyCheckResult result = PolicyEvaluator.CheckAlgorithms(EvalFakes.Valid(Signer, digest), CheckAction.Enforce, EvalFakes.Policy(), new PolicyEvaluator.SignerKey(algorithm, bits));

        Assert.Equal(expected, result.Passed);
    }

    [Fact]
    public void CheckAlgorithms_RsaBelowPolicyFloor_FailsNamingSetting()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckAlgorithms(EvalFakes.Valid(Signer), CheckAction.Enforce, EvalFakes.Policy(minRsaBits: 3072), new PolicyEvaluator.SignerKey("RSA", 2048));

        Assert.False(result.Passed);
        Assert.Contains("algorithms.minRsaBits", result.Message);
    }

    [Fact]
    public void CheckAlgorithms_DigestNotListed_FailsNamingAccepted()
    {
        PolicyCheckResult result = PolicyEvaluator.CheckAlgorithms(EvalFakes.Valid(Signer, "SHA256"), CheckAction.Enforce, EvalFakes.Policy(digests: "sha384"), new PolicyEvaluator.SignerKey("RSA", 3072));

        Assert.False(result.Passed);
        Assert.Contains("accepts only sha384", result.Message);
    }

    [Fact]
    public void DescribeKey_EcdsaP256_ReturnsEc256()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSignedEcdsa();

        Assert.Equal(new PolicyEvaluator.SignerKey("EC", 256), PolicyEvaluator.DescribeKey(certificate));
    }

    [Fact]
    public void DescribeKey_Rsa3072_ReturnsRsa3072()
    {
        using X509Certificate2 certificate = TestPki.CreateSelfSigned(rsaBits: 3072);

        Assert.Equal(new PolicyEvaluator.SignerKey("RSA", 3072), PolicyEvaluator.DescribeKey(certificate));
    }
}
