using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Tests.Trust;

/// <summary>Chains of the real signers of PowerShell's own module manifests, against the .NET SDK's code signing roots.</summary>
public class MicrosoftSignedScriptTests
{
    private static readonly Lazy<ChainValidator> SdkRootsValidator = new(() =>
        new ChainValidator(new[] { TrustStoreLoader.Load(ExternalTrustMaterial.SdkTrustedRoot("codesignctl.pem")) }, useSystemTrust: false));

    public static TheoryData<string> SignedManifests()
    {
        var data = new TheoryData<string>();
        foreach (string path in ExternalTrustMaterial.SignedPowerShellManifests())
        {
            data.Add(path);
        }

        return data;
    }

    [Fact]
    public void SignedManifests_Found_AtLeastTen()
    {
        Assert.True(ExternalTrustMaterial.SignedPowerShellManifests().Count >= 10);
    }

    [Theory]
    [MemberData(nameof(SignedManifests))]
    public void Validate_SignerAgainstSdkRoots_TrustedAndTimeValid(string path)
    {
        SignerInfo signer = ReadSigner(path, out X509Certificate2Collection carried);
        DateTime time = signer.Certificate!.NotBefore.ToUniversalTime().AddDays(1);

        ChainResult result = SdkRootsValidator.Value.Validate(signer.Certificate, carried, time);

        Assert.True(result.IsTrusted, result.FailureMessage);
        Assert.True(result.IsTimeValid, result.FailureMessage);
        Assert.Equal(signer.Certificate.Thumbprint, result.Chain[0].Thumbprint);
        Assert.EndsWith("codesignctl.pem", result.TrustAnchorStore);
    }

    [Theory]
    [MemberData(nameof(SignedManifests))]
    public void Validate_SignerWithoutStores_NotTrustedNamingRoot(string path)
    {
        SignerInfo signer = ReadSigner(path, out X509Certificate2Collection carried);
        DateTime time = signer.Certificate!.NotBefore.ToUniversalTime().AddDays(1);
        var validator = new ChainValidator(Array.Empty<TrustStore>(), useSystemTrust: false);

        ChainResult result = validator.Validate(signer.Certificate, carried, time);

        Assert.False(result.IsTrusted);
        Assert.True(result.Chain.Count >= 2, "the signature carries the intermediate, so the chain goes past the leaf");
        Assert.Contains($"'{result.Chain[^1].Issuer}'", result.FailureMessage);
        Assert.Contains("Microsoft Root Certificate Authority", result.FailureMessage);
        Assert.Contains("-TrustStore", result.FailureMessage);
    }

    private static SignerInfo ReadSigner(string path, out X509Certificate2Collection carried)
    {
        SignedCms cms = ExternalTrustMaterial.ReadSignature(path);
        carried = cms.Certificates;
        SignerInfo signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        Assert.NotNull(signer.Certificate);
        return signer;
    }
}
