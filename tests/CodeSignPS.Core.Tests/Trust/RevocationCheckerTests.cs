using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;
using Xunit;

namespace CodeSignPS.Core.Tests.Trust;

public sealed class RevocationCheckerTests
{
    private static readonly X509Certificate2 Root = CrlTestCa.CreateRoot("CN=Revocation Root, O=CodeSignPS Tests", "P256");
    private static readonly X509Certificate2 Intermediate = CrlTestCa.Issue(Root, "CN=Revocation Intermediate", isCertificateAuthority: true, algorithm: "P256");
    private static readonly X509Certificate2 Leaf = CrlTestCa.Issue(Intermediate, "CN=Revocation Leaf", algorithm: "P256");
    private static readonly X509Certificate2[] Chain = [Leaf, Intermediate, Root];
    private static readonly DateTimeOffset RevokedAt = CrlTestCa.Now.AddDays(-10);

    private static RevocationOutcome Check(DateTimeOffset? timestamp, params byte[][] crls)
        => new RevocationChecker(new CrlCollection(crls.Select(CertificateRevocationList.Decode).ToArray())).Check(Chain, CrlTestCa.Now, timestamp);

    private static byte[] EmptyCrl(X509Certificate2 issuer) => CrlTestCa.BuildCrl(issuer, []);

    // Covered or not

    [Fact]
    public void Check_EveryCertificateCoveredNoneListed_Good()
    {
        RevocationOutcome outcome = Check(null, EmptyCrl(Intermediate), EmptyCrl(Root));

        Assert.Equal(RevocationStatus.Good, outcome.Status);
        Assert.Contains("2 certificate(s)", outcome.Message);
    }

    [Fact]
    public void Check_LeafListed_RevokedWithReasonAndTime()
    {
        byte[] crl = CrlTestCa.BuildCrl(Intermediate, [(Leaf, RevokedAt, X509RevocationReason.KeyCompromise)]);

        RevocationOutcome outcome = Check(null, crl, EmptyCrl(Root));

        Assert.Equal(RevocationStatus.Revoked, outcome.Status);
        Assert.Same(Leaf, outcome.Certificate);
        Assert.Equal(X509RevocationReason.KeyCompromise, outcome.Entry!.Reason);
        Assert.Contains("KeyCompromise", outcome.Message);
        Assert.Contains($"{RevokedAt.UtcDateTime:u}", outcome.Message);
    }

    [Fact]
    public void Check_IntermediateListed_Revoked()
    {
        byte[] rootCrl = CrlTestCa.BuildCrl(Root, [(Intermediate, RevokedAt, X509RevocationReason.CACompromise)]);

        RevocationOutcome outcome = Check(null, EmptyCrl(Intermediate), rootCrl);

        Assert.Equal(RevocationStatus.Revoked, outcome.Status);
        Assert.Same(Intermediate, outcome.Certificate);
    }

    [Fact]
    public void Check_NoCrls_UnknownNamingTheIssuer()
    {
        RevocationOutcome outcome = Check(null);

        Assert.Equal(RevocationStatus.Unknown, outcome.Status);
        Assert.Same(Leaf, outcome.Certificate);
        Assert.Contains("no CRL issued by 'CN=Revocation Intermediate'", outcome.Message);
    }

    [Fact]
    public void Check_IntermediateNotCovered_Unknown()
    {
        RevocationOutcome outcome = Check(null, EmptyCrl(Intermediate));

        Assert.Equal(RevocationStatus.Unknown, outcome.Status);
        Assert.Same(Intermediate, outcome.Certificate);
    }

    [Fact]
    public void Check_SelfSignedLeafOnly_GoodWithNothingToCheck()
    {
        RevocationOutcome outcome = new RevocationChecker(new CrlCollection([])).Check([Root], CrlTestCa.Now, null);

        Assert.Equal(RevocationStatus.Good, outcome.Status);
    }

    // Unusable CRLs

    [Fact]
    public void Check_CrlSignedByAnotherKey_UnknownWithReason()
    {
        X509Certificate2 impostor = CrlTestCa.CreateRoot(Intermediate.Subject, "P256");
        byte[] forged = CrlTestCa.BuildCrl(impostor, []);

        RevocationOutcome outcome = Check(null, forged, EmptyCrl(Root));

        Assert.Equal(RevocationStatus.Unknown, outcome.Status);
        Assert.Contains("does not verify", outcome.Message);
    }

    [Fact]
    public void Check_ForgedCrlListsLeaf_NotRevoked()
    {
        X509Certificate2 impostor = CrlTestCa.CreateRoot(Intermediate.Subject, "P256");
        byte[] forged = CrlTestCa.BuildCrl(impostor, [(Leaf, RevokedAt, X509RevocationReason.KeyCompromise)]);

        Assert.Equal(RevocationStatus.Unknown, Check(null, forged, EmptyCrl(Root)).Status);
    }

    [Fact]
    public void Check_CrlDatedInTheFuture_Unknown()
    {
        byte[] future = CrlTestCa.BuildCrl(Intermediate, [], thisUpdate: CrlTestCa.Now.AddDays(1));

        RevocationOutcome outcome = Check(null, future, EmptyCrl(Root));

        Assert.Equal(RevocationStatus.Unknown, outcome.Status);
        Assert.Contains("dated after", outcome.Message);
    }

    [Fact]
    public void Check_ExpiredCrlNotListing_UnknownSayingExpired()
    {
        byte[] stale = CrlTestCa.BuildCrl(Intermediate, [], thisUpdate: CrlTestCa.Now.AddDays(-30), nextUpdate: CrlTestCa.Now.AddDays(-23));

        RevocationOutcome outcome = Check(null, stale, EmptyCrl(Root));

        Assert.Equal(RevocationStatus.Unknown, outcome.Status);
        Assert.Contains("expired", outcome.Message);
    }

    [Fact]
    public void Check_ExpiredCrlListing_Revoked()
    {
        byte[] stale = CrlTestCa.BuildCrl(Intermediate, [(Leaf, RevokedAt.AddDays(-30), X509RevocationReason.KeyCompromise)],
            thisUpdate: CrlTestCa.Now.AddDays(-30), nextUpdate: CrlTestCa.Now.AddDays(-23));

        Assert.Equal(RevocationStatus.Revoked, Check(null, stale, EmptyCrl(Root)).Status);
    }

    [Fact]
    public void Check_ExpiredAndCurrentCrls_CurrentCounts()
    {
        byte[] stale = CrlTestCa.BuildCrl(Intermediate, [], thisUpdate: CrlTestCa.Now.AddDays(-30), nextUpdate: CrlTestCa.Now.AddDays(-23));

        Assert.Equal(RevocationStatus.Good, Check(null, stale, EmptyCrl(Intermediate), EmptyCrl(Root)).Status);
    }

    // Reasons and timestamps

    [Theory]
    [InlineData(X509RevocationReason.Superseded, -1, RevocationStatus.Good)]
    [InlineData(X509RevocationReason.CessationOfOperation, -1, RevocationStatus.Good)]
    [InlineData(X509RevocationReason.AffiliationChanged, -1, RevocationStatus.Good)]
    [InlineData(X509RevocationReason.PrivilegeWithdrawn, -1, RevocationStatus.Good)]
    [InlineData(X509RevocationReason.Superseded, 1, RevocationStatus.Revoked)]
    [InlineData(X509RevocationReason.Superseded, null, RevocationStatus.Revoked)]
    [InlineData(X509RevocationReason.KeyCompromise, -1, RevocationStatus.Revoked)]
    [InlineData(X509RevocationReason.CACompromise, -1, RevocationStatus.Revoked)]
    [InlineData(X509RevocationReason.Unspecified, -1, RevocationStatus.Revoked)]
    [InlineData(X509RevocationReason.CertificateHold, -1, RevocationStatus.Revoked)]
    [InlineData(null, -1, RevocationStatus.Revoked)]
    public void Check_ReasonAndTimestampDays_Status(X509RevocationReason? reason, int? timestampDaysFromRevocation, RevocationStatus expected)
    {
        byte[] crl = CrlTestCa.BuildCrl(Intermediate, [(Leaf, RevokedAt, reason)]);
        DateTimeOffset? timestamp = timestampDaysFromRevocation is { } days ? RevokedAt.AddDays(days) : null;

        RevocationOutcome outcome = Check(timestamp, crl, EmptyCrl(Root));

        Assert.Equal(expected, outcome.Status);
        if (expected == RevocationStatus.Good)
        {
            Assert.Contains("stays valid", outcome.Message);
        }
    }

    [Fact]
    public void Check_SupersededSparedButCrlExpired_Unknown()
    {
        byte[] stale = CrlTestCa.BuildCrl(Intermediate, [(Leaf, RevokedAt.AddDays(-40), X509RevocationReason.Superseded)],
            thisUpdate: CrlTestCa.Now.AddDays(-30), nextUpdate: CrlTestCa.Now.AddDays(-23));

        Assert.Equal(RevocationStatus.Unknown, Check(RevokedAt.AddDays(-50), stale, EmptyCrl(Root)).Status);
    }
}
