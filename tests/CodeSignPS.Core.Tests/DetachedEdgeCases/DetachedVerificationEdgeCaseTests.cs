using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.Detached;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.DetachedEdgeCases;

/// <summary>
/// Detached signatures that are wrong in one field, made by hand so that the signature value is
/// genuine: each must be Malformed, blaming the .p7s and not the file, with a message that says
/// what is wrong.
/// </summary>
public sealed class DetachedVerificationEdgeCaseTests : IDisposable
{
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    private const string Sha256WithRsaOid = "1.2.840.113549.1.1.11";
    private const string Sha512WithRsaOid = "1.2.840.113549.1.1.13";

    private readonly DetachedPki _rsa = DetachedPki.Create(LeafKey.Rsa2048);
    private readonly DetachedPki _ecdsa = DetachedPki.Create(LeafKey.EcdsaP256);
    private readonly TempFolder _folder = new();
    private readonly byte[] _content = "payload"u8.ToArray();

    public void Dispose()
    {
        _rsa.Dispose();
        _ecdsa.Dispose();
        _folder.Dispose();
    }

    private string ContentPath => Path.Combine(_folder.Path, "data.bin");

    private VerificationResult Verify(byte[] p7s)
    {
        _folder.Write("data.bin", _content);
        _folder.Write("data.bin.p7s", p7s);
        VerificationOptions options = new()
        {
            TrustStores = [new TrustStore("test roots", new X509Certificate2Collection { _rsa.Root, _ecdsa.Root })],
        };
        return new SignatureVerifier(options).Verify(ContentPath);
    }

    private byte[] HandMade(DetachedPki pki, HandMadeCmsShape shape)
        => HandMadeDetachedCms.Build(pki.Leaf, pki.Intermediate, HashContent(shape.Hash), shape);

    private byte[] HashContent(HashAlgorithmName hash) => CryptographicOperations.HashData(hash, _content);

    private static void AssertMalformed(VerificationResult result, params string[] phrases)
    {
        Assert.Equal(SignatureStatus.Malformed, result.Status);
        Assert.Contains("data.bin.p7s", result.StatusMessage, StringComparison.Ordinal);
        foreach (string phrase in phrases)
        {
            Assert.Contains(phrase, result.StatusMessage, StringComparison.Ordinal);
        }
    }

    // ---- controls: the hand-made signatures verify when nothing is wrong ----

    [Fact]
    public void Verify_HandMadeSignatureWithRightDigest_IsValid()
    {
        Assert.Equal(SignatureStatus.Valid, Verify(HandMade(_rsa, new HandMadeCmsShape())).Status);
    }

    [Fact]
    public void Verify_HandMadeSignaturesWithMatchingAlgorithms_AreValid()
    {
        HandMadeCmsShape ecdsaSha512 = new() { Hash = HashAlgorithmName.SHA512 };
        HandMadeCmsShape rsaSha512 = new() { Hash = HashAlgorithmName.SHA512, SignatureAlgorithm = Sha512WithRsaOid };

        Assert.Equal(SignatureStatus.Valid, Verify(HandMade(_ecdsa, ecdsaSha512)).Status);
        Assert.Equal(SignatureStatus.Valid, Verify(HandMade(_rsa, rsaSha512)).Status);
    }

    // ---- a message digest that cannot be a digest ----

    public static TheoryData<string, int> WrongLengthDigests => new()
    {
        { "empty", 0 },
        { "half a SHA-256 digest", 16 },
        { "one byte too long", 33 },
        { "a SHA-512 length under SHA-256", 64 },
    };

    // A digest of the wrong length can never match, so HashMismatch ("the file was changed after
    // signing") would blame the file for what is wrong with the .p7s.
    [Theory]
    [MemberData(nameof(WrongLengthDigests))]
    public void Verify_MessageDigestOfWrongLength_IsMalformedNamingLengths(string name, int length)
    {
        Assert.NotNull(name);
        byte[] digest = SHA256.HashData(_content);
        byte[] attribute = length <= digest.Length ? digest[..length] : [.. digest, .. new byte[length - digest.Length]];

        VerificationResult result = Verify(HandMadeDetachedCms.Build(_rsa.Leaf, _rsa.Intermediate, attribute));

        AssertMalformed(result, $"has {length} bytes", "SHA256 digest has 32");
    }

    [Fact]
    public void Verify_MessageDigestNotOctetString_IsMalformedNamingAttribute()
    {
        AsnWriter integer = new(AsnEncodingRules.DER);
        integer.WriteInteger(42);

        VerificationResult result = Verify(HandMade(_rsa, new HandMadeCmsShape { EncodedMessageDigestValue = integer.Encode() }));

        AssertMalformed(result, "message-digest attribute, an OCTET STRING");
    }

    // ---- algorithm fields that disagree ----

    public static TheoryData<string, string[]> DigestAlgorithmSets => new()
    {
        { "is empty", [] },
        { "lists only 2.16.840.1.101.3.4.2.2", [Sha384Oid] },
    };

    // openssl cms -verify rejects a SignedData whose digestAlgorithms set lacks the signer's algorithm.
    [Theory]
    [MemberData(nameof(DigestAlgorithmSets))]
    public void Verify_DigestAlgorithmsSetWithoutSignerAlgorithm_IsMalformed(string expected, string[] set)
    {
        VerificationResult result = Verify(HandMade(_rsa, new HandMadeCmsShape { DigestAlgorithmsSet = set }));

        AssertMalformed(result, $"digestAlgorithms set {expected}", Sha256Oid);
    }

    [Fact]
    public void Verify_DigestAlgorithmsSetListingMore_IsValid()
    {
        VerificationResult result = Verify(HandMade(_rsa, new HandMadeCmsShape { DigestAlgorithmsSet = [Sha384Oid, Sha256Oid] }));

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    // The signature value is made with SHA-512, the signer's digest algorithm, so only the
    // signatureAlgorithm field naming SHA-256 is wrong.
    [Fact]
    public void Verify_EcdsaSignatureAlgorithmHashDiffersFromDigest_IsMalformed()
    {
        HandMadeCmsShape shape = new() { Hash = HashAlgorithmName.SHA512, SignatureAlgorithm = HandMadeDetachedCms.EcdsaOidOf(HashAlgorithmName.SHA256) };

        AssertMalformed(Verify(HandMade(_ecdsa, shape)), "signs a SHA256 hash", "digest algorithm is SHA512");
    }

    [Fact]
    public void Verify_RsaSignatureAlgorithmHashDiffersFromDigest_IsMalformed()
    {
        HandMadeCmsShape shape = new() { Hash = HashAlgorithmName.SHA512, SignatureAlgorithm = Sha256WithRsaOid };

        AssertMalformed(Verify(HandMade(_rsa, shape)), "signs a SHA256 hash", "digest algorithm is SHA512");
    }

    // ---- .p7s files that are no signature ----

    [Fact]
    public void Verify_NoSigner_IsMalformedSayingSo()
    {
        AssertMalformed(Verify(HandMade(_rsa, new HandMadeCmsShape { WithoutSigner = true })), "has no signer");
    }

    [Fact]
    public void Verify_EmptySignatureFile_IsMalformedSayingEmpty()
    {
        AssertMalformed(Verify([]), "is empty (0 bytes)");
    }

    [Fact]
    public void Verify_PemSignatureFile_IsMalformedGivingOpenSslCommand()
    {
        byte[] der = HandMade(_rsa, new HandMadeCmsShape());
        byte[] pem = System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("CMS", der));

        VerificationResult result = Verify(pem);

        AssertMalformed(result, "is PEM", "openssl cms -cmsout -in data.bin.p7s -inform PEM -outform DER -out data.bin.der");
    }

    [Fact]
    public void Verify_SignaturePathIsFolder_IsNotSignedNamingFolder()
    {
        _folder.Write("data.bin", _content);
        Directory.CreateDirectory(ContentPath + ".p7s");

        VerificationResult result = new SignatureVerifier(new VerificationOptions()).Verify(ContentPath);

        Assert.Equal(SignatureStatus.NotSigned, result.Status);
        Assert.Contains($"'{ContentPath}.p7s' is a folder", result.StatusMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("there is no detached signature", result.StatusMessage, StringComparison.Ordinal);
    }

    // ---- how a result reads ----

    [Fact]
    public void ToString_DetachedResult_NamesStatusFileAndSignature()
    {
        VerificationResult result = Verify(HandMade(_rsa, new HandMadeCmsShape()));

        Assert.Equal($"Valid: {ContentPath} ({ContentPath}.p7s)", result.ToString());
        Assert.Equal($"Valid: {ContentPath} ({ContentPath}.p7s)", Assert.Single(result.Signatures).ToString());
    }
}
