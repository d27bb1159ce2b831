using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;
using static CodeSignPS.Core.Tests.Policy.Match.PolicyFactory;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class PolicyLevelClassifierTests : IDisposable
{
    private const string CaEvOid = "1.3.6.1.4.1.99999.10.1";
    private const string CaOvOid = "1.3.6.1.4.1.99999.10.2";

    private static readonly LevelDefinitions CaLevels = new()
    {
        EvPolicyOids = Values(CaEvOid),
        OvPolicyOids = Values(CaOvOid),
    };

    private readonly X509Certificate2 _root = MatchPki.Root();

    public void Dispose() => _root.Dispose();

    // ---- the store class decides, and EV needs an EV OID under a public store ----
    [Theory]
    [InlineData(TrustStoreClass.SelfSigned, new string[0], ValidationLevel.SelfSigned)]
    [InlineData(TrustStoreClass.SelfSigned, new[] { MatchPki.EvOid }, ValidationLevel.SelfSigned)]
    [InlineData(TrustStoreClass.Enterprise, new string[0], ValidationLevel.Internal)]
    [InlineData(TrustStoreClass.Enterprise, new[] { MatchPki.EvOid }, ValidationLevel.Internal)]
    [InlineData(TrustStoreClass.Enterprise, new[] { CaEvOid }, ValidationLevel.Internal)]
    [InlineData(TrustStoreClass.Public, new string[0], ValidationLevel.OV)]
    [InlineData(TrustStoreClass.Public, new[] { MatchPki.OvOid }, ValidationLevel.OV)]
    [InlineData(TrustStoreClass.Public, new[] { CaOvOid }, ValidationLevel.OV)]
    [InlineData(TrustStoreClass.Public, new[] { MatchPki.EvOid }, ValidationLevel.EV)]
    [InlineData(TrustStoreClass.Public, new[] { MatchPki.OvOid, MatchPki.EvOid }, ValidationLevel.EV)]
    [InlineData(TrustStoreClass.Public, new[] { CaEvOid }, ValidationLevel.EV)]
    [InlineData(TrustStoreClass.Public, new[] { "1.3.6.1.4.1.99999.10.3" }, ValidationLevel.OV)]
    public void Classify_StoreClassAndOids_GivesLevel(TrustStoreClass storeClass, string[] oids, ValidationLevel expected)
    {
        using X509Certificate2 signer = MatchPki.Leaf(_root, "CN=Signer", oids);

        Assert.Equal(expected, PolicyLevelClassifier.Classify(signer, StoreOf(storeClass), CaLevels));
    }

    [Fact]
    public void Classify_CaEvOidNotInPolicy_IsOv()
    {
        using X509Certificate2 signer = MatchPki.Leaf(_root, "CN=Signer", CaEvOid);

        Assert.Equal(ValidationLevel.OV, PolicyLevelClassifier.Classify(signer, StoreOf(TrustStoreClass.Public), new LevelDefinitions()));
    }

    [Fact]
    public void Classify_NoAnchorStore_IsUnknown()
    {
        using X509Certificate2 signer = MatchPki.Leaf(_root, "CN=Signer", MatchPki.EvOid);

        Assert.Equal(ValidationLevel.Unknown, PolicyLevelClassifier.Classify(signer, null, CaLevels));
    }

    // ---- the description names the store and the deciding OID ----
    [Theory]
    [InlineData(TrustStoreClass.Public, CaEvOid, "EV: ", CaEvOid)]
    [InlineData(TrustStoreClass.Public, CaOvOid, "OV: ", CaOvOid)]
    [InlineData(TrustStoreClass.Public, "1.2.3.4", "OV: ", "no EV policy OID")]
    [InlineData(TrustStoreClass.Enterprise, MatchPki.EvOid, "Internal: ", "enterprise trust store 'store'")]
    [InlineData(TrustStoreClass.SelfSigned, "1.2.3.4", "SelfSigned: ", "self-signed trust store 'store'")]
    public void Describe_StoreAndOid_NamesWhatDecided(TrustStoreClass storeClass, string oid, string prefix, string fragment)
    {
        using X509Certificate2 signer = MatchPki.Leaf(_root, "CN=Signer", oid);

        string description = PolicyLevelClassifier.Describe(signer, StoreOf(storeClass), CaLevels);

        Assert.StartsWith(prefix, description, StringComparison.Ordinal);
        Assert.Contains(fragment, description, StringComparison.Ordinal);
    }

    private PolicyTrustStore StoreOf(TrustStoreClass storeClass)
        => new(Store("store", storeClass), new Core.Trust.TrustStore("store", [_root]));
}
