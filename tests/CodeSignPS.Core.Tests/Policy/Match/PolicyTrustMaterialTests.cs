using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.Trust;
using static CodeSignPS.Core.Tests.Policy.Match.PolicyFactory;

namespace CodeSignPS.Core.Tests.Policy.Match;

public sealed class PolicyTrustMaterialTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly X509Certificate2 _rootA = MatchPki.Root("CN=Root A");
    private readonly X509Certificate2 _rootB = MatchPki.Root("CN=Root B");

    public void Dispose()
    {
        _rootA.Dispose();
        _rootB.Dispose();
        _folder.Dispose();
    }

    private string PolicyPath => _folder.File("policy.yaml");

    // ---- certificate entries: PEM bundles, DER, folders, wildcards ----
    [Theory]
    [InlineData("trust/bundle.pem", 2)]
    [InlineData("trust/a.cer", 1)]
    [InlineData("trust", 3)]
    [InlineData("trust/*.pem", 2)]
    [InlineData("trust/*.cer", 1)]
    [InlineData("trust/[ab].*", 1)]
    [InlineData("**/*.pem", 3)]
    [InlineData("trust/deep/**", 1)]
    public void Load_CertificateEntry_ReadsRelativeToPolicy(string entry, int expected)
    {
        WriteTrustFiles();
        PolicyDocument document = Document(PolicyPath, stores: [Store("roots", TrustStoreClass.Public, TrustStoreRole.CodeSigning, entry)]);

        PolicyTrustMaterial material = PolicyTrustMaterial.Load(Effective(document));

        PolicyTrustStore store = Assert.Single(material.Stores);
        Assert.Equal(expected, store.Store.Certificates.Count);
        Assert.Equal("roots", store.Store.Name);
    }

    [Fact]
    public void Load_StoresByRole_SplitsCodeSigningAndTimestamping()
    {
        WriteTrustFiles();
        PolicyDocument document = Document(PolicyPath, stores:
        [
            Store("code", TrustStoreClass.Enterprise, TrustStoreRole.CodeSigning, "trust/a.cer"),
            Store("tsa", TrustStoreClass.Public, TrustStoreRole.Timestamping, "trust/bundle.pem"),
        ]);

        PolicyTrustMaterial material = PolicyTrustMaterial.Load(Effective(document));

        Assert.Equal("code", Assert.Single(material.CodeSigningStores).Name);
        Assert.Equal("tsa", Assert.Single(material.TimestampStores).Name);
        Assert.Empty(material.Crls);
    }

    // ---- unreadable entries name the policy, the store, the line and the file ----
    [Theory]
    [InlineData("trust/missing.pem", "missing.pem")]
    [InlineData("trust/*.crt", "matched no file")]
    [InlineData("nowhere/*.pem", "does not exist")]
    [InlineData("trust/broken.pem", "broken.pem")]
    [InlineData("trust/[x", "not closed")]
    public void Load_UnreadableCertificateEntry_ThrowsNamingEntry(string entry, string fragment)
    {
        WriteTrustFiles();
        _folder.Write("trust/broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n");
        PolicyDocument document = Document(PolicyPath, stores: [Store("roots", TrustStoreClass.Public, TrustStoreRole.CodeSigning, entry)]);

        CodeSignException exception = Assert.Throws<CodeSignException>(() => PolicyTrustMaterial.Load(Effective(document)));

        Assert.Equal("PolicyTrustStoreUnreadable", exception.ErrorId);
        Assert.Contains(PolicyPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("trust store 'roots' (line 5, column 3)", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"'{entry}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, exception.Message, StringComparison.Ordinal);
    }

    // ---- CRLs for offline revocation ----
    [Fact]
    public void Load_OfflineMode_ReadsCrlPatterns()
    {
        WriteCrls();
        PolicyDocument document = Document(PolicyPath);

        PolicyTrustMaterial material = PolicyTrustMaterial.Load(Effective(document, revocationMode: PolicyRevocationMode.Offline, crlPatterns: ["crl/*.crl"]));

        Assert.Equal(2, material.Crls.Count);
    }

    [Theory]
    [InlineData(PolicyRevocationMode.Off)]
    [InlineData(PolicyRevocationMode.Online)]
    public void Load_NotOffline_IgnoresCrlPatterns(PolicyRevocationMode mode)
        => Assert.Empty(PolicyTrustMaterial.Load(Effective(Document(PolicyPath), revocationMode: mode, crlPatterns: ["crl/missing.crl"])).Crls);

    [Theory]
    [InlineData("crl/missing.crl", "missing.crl")]
    [InlineData("crl/*.pem", "matched no file")]
    [InlineData("crl/bad.crl", "bad.crl")]
    public void Load_UnreadableCrl_ThrowsNamingEntryAndLine(string pattern, string fragment)
    {
        WriteCrls();
        _folder.Write("crl/bad.crl", "not a CRL");
        var defaults = new PolicySettings { Crls = [Value(pattern, 7)] };
        PolicyDocument document = Document(PolicyPath, defaults: defaults);

        CodeSignException exception = Assert.Throws<CodeSignException>(
            () => PolicyTrustMaterial.Load(Effective(document, revocationMode: PolicyRevocationMode.Offline, crlPatterns: [pattern])));

        Assert.Equal("PolicyCrlUnreadable", exception.ErrorId);
        Assert.Contains(PolicyPath, exception.Message, StringComparison.Ordinal);
        Assert.Contains("revocation.crls of defaults (line 7, column 3)", exception.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, exception.Message, StringComparison.Ordinal);
    }

    // ---- anchor store lookup ----
    [Fact]
    public void FindAnchorStore_ChainEndingInStoreRoot_ReturnsFirstCodeSigningStore()
    {
        WriteTrustFiles();
        PolicyDocument document = Document(PolicyPath, stores:
        [
            Store("tsa", TrustStoreClass.Public, TrustStoreRole.Timestamping, "trust/a.cer"),
            Store("first", TrustStoreClass.Enterprise, TrustStoreRole.CodeSigning, "trust/a.cer"),
            Store("second", TrustStoreClass.Public, TrustStoreRole.CodeSigning, "trust"),
        ]);
        PolicyTrustMaterial material = PolicyTrustMaterial.Load(Effective(document));
        using X509Certificate2 leafA = MatchPki.Leaf(_rootA);
        using X509Certificate2 leafB = MatchPki.Leaf(_rootB);

        Assert.Equal("first", material.FindAnchorStore([leafA, TestPki.PublicOnly(_rootA)[0]])?.Definition.Name);
        Assert.Equal("second", material.FindAnchorStore([leafB, TestPki.PublicOnly(_rootB)[0]])?.Definition.Name);
        Assert.Null(material.FindAnchorStore([leafA]));
        Assert.Null(material.FindAnchorStore([]));
    }

    [Fact]
    public void FindAnchorStore_SameNameDifferentKey_ReturnsNull()
    {
        WriteTrustFiles();
        PolicyDocument document = Document(PolicyPath, stores: [Store("roots", TrustStoreClass.Public, TrustStoreRole.CodeSigning, "trust/a.cer")]);
        PolicyTrustMaterial material = PolicyTrustMaterial.Load(Effective(document));
        using X509Certificate2 impostor = MatchPki.Root("CN=Root A");

        Assert.Null(material.FindAnchorStore([impostor]));
    }

    /// <summary>trust/a.cer (DER of root A), trust/bundle.pem (roots A and B), trust/deep/c.pem (root B).</summary>
    private void WriteTrustFiles()
    {
        Directory.CreateDirectory(_folder.File("trust/deep"));
        _folder.Write("trust/a.cer", _rootA.RawData);
        _folder.Write("trust/bundle.pem", _rootA.ExportCertificatePem() + "\n" + _rootB.ExportCertificatePem() + "\n");
        _folder.Write("trust/deep/c.pem", _rootB.ExportCertificatePem() + "\n");
    }

    private void WriteCrls()
    {
        Directory.CreateDirectory(_folder.File("crl"));
        using X509Certificate2 rsaRoot = CrlTestCa.CreateRoot("CN=CRL Root");
        _folder.Write("crl/one.crl", CrlTestCa.BuildCrl(rsaRoot, []));
        _folder.Write("crl/two.crl", CrlTestCa.BuildCrl(rsaRoot, []));
    }
}
