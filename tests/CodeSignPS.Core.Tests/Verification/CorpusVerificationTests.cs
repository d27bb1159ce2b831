using System.Security.Cryptography.Pkcs;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;
using Xunit.Abstractions;

namespace CodeSignPS.Core.Tests.Verification;

/// <summary>Real Microsoft- and Pester-signed scripts from the restored packages.</summary>
public sealed class CorpusVerificationTests
{
    private readonly ITestOutputHelper _output;

    public CorpusVerificationTests(ITestOutputHelper output) => _output = output;

    private static SignatureVerifier CodeSigningRootsVerifier() => new(new VerificationOptions
    {
        TrustStores = [TrustStoreLoader.Load(Corpus.SdkTrustedRoots("codesignctl.pem"))],
    });

    private static SignatureVerifier CodeSigningAndTimestampRootsVerifier() => new(new VerificationOptions
    {
        TrustStores = [TrustStoreLoader.Load(Corpus.SdkTrustedRoots("codesignctl.pem"))],
        TimestampTrustStores = [TrustStoreLoader.Load(Corpus.SdkTrustedRoots("timestampctl.pem"))],
    });

    [Fact]
    public void Verify_WithTimestampRoots_EverySignedScriptIsValid()
    {
        IReadOnlyList<string> files = Corpus.SignedScripts();
        SignatureVerifier verifier = CodeSigningAndTimestampRootsVerifier();
        List<string> failures = new();
        int expiredSigners = 0;

        foreach (string file in files)
        {
            VerificationResult result = verifier.Verify(file);
            if (result.Status != SignatureStatus.Valid)
            {
                failures.Add($"{file}: {result.Status} {result.StatusMessage}");
            }

            if (result.SignerCertificate is { } signer && signer.NotAfter.ToUniversalTime() < DateTime.UtcNow)
            {
                expiredSigners++;
            }
        }

        _output.WriteLine($"{files.Count} signed scripts are Valid with timestamps; {expiredSigners} of them have an expired signer certificate.");
        Assert.Empty(failures);
        Assert.True(expiredSigners > 0, "No script with an expired signer was found, so the timestamp rule was not exercised.");
    }

    [Fact]
    public void Verify_WithTimestampRoots_EveryTimestampVerifies()
    {
        SignatureVerifier verifier = CodeSigningAndTimestampRootsVerifier();
        Dictionary<TimestampKind, int> kinds = new();
        int rejectedByDotNet = 0;
        List<string> failures = new();

        foreach (string file in Corpus.SignedScripts())
        {
            VerificationResult result = verifier.Verify(file);
            TimestampInfo? timestamp = result.Timestamp;
            if (timestamp is not { IsVerified: true, Time: not null, Certificate: not null })
            {
                failures.Add($"{file}: {timestamp?.Message ?? "no timestamp"}");
                continue;
            }

            kinds[timestamp.Kind] = kinds.GetValueOrDefault(timestamp.Kind) + 1;
            Assert.Contains(result.Checks, check => check.Name == CheckNames.Timestamp && check.Passed == true);
            Assert.True(timestamp.Chain.Count > 1, $"{file}: the TSA chain has {timestamp.Chain.Count} certificate.");
            rejectedByDotNet += DotNetRejectsToken(file) ? 1 : 0;
        }

        _output.WriteLine($"verified timestamps: {string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}; " +
            $"RFC 3161 tokens that Rfc3161TimestampToken.TryDecode rejects: {rejectedByDotNet}");
        Assert.Empty(failures);
    }

    [Fact]
    public void Verify_WithoutTimestampRoots_ExpiredSignersSayWhy()
    {
        SignatureVerifier verifier = CodeSigningRootsVerifier();

        foreach (string file in Corpus.SignedScripts())
        {
            VerificationResult result = verifier.Verify(file);
            Assert.False(result.Timestamp!.IsVerified);
            Assert.Contains("-TimestampTrustStore", result.Timestamp.Message, StringComparison.Ordinal);
            if (result.Status == SignatureStatus.Expired)
            {
                Assert.Contains("the timestamp on the signature did not count", result.StatusMessage, StringComparison.Ordinal);
            }
        }
    }

    // Counts the tokens that need the verifier's own decoding, for the workaround in TimestampTokenDecoder.
    private static bool DotNetRejectsToken(string file)
    {
        ParsedArtifact parsed = ArtifactFormatFactory.TryGetFormat(file)!.Parse(File.ReadAllBytes(file), FormatOptions.Default);
        SignedCms cms = new();
        cms.Decode(parsed.Signature!);
        foreach (System.Security.Cryptography.CryptographicAttributeObject attribute in cms.SignerInfos[0].UnsignedAttributes)
        {
            if (attribute.Oid.Value == "1.3.6.1.4.1.311.3.3.1")
            {
                return !Rfc3161TimestampToken.TryDecode(attribute.Values[0].RawData, out _, out _);
            }
        }

        return false;
    }

    [Fact]
    public void Verify_EverySignedScript_IsValidOrExpiredWithRealSigner()
    {
        IReadOnlyList<string> files = Corpus.SignedScripts();
        SignatureVerifier verifier = CodeSigningRootsVerifier();

        Assert.True(files.Count >= 50, $"Only {files.Count} signed scripts were found.");
        List<string> failures = new();
        foreach (string file in files)
        {
            VerificationResult result = verifier.Verify(file);
            bool expected = result.Status is SignatureStatus.Valid or SignatureStatus.Expired
                && result.IsIntegrityValid == true
                && result.Chain.Count > 1
                && result.SignerCertificate!.Subject.Contains("O=", StringComparison.Ordinal);
            if (!expected)
            {
                failures.Add($"{file}: {result.Status} {result.StatusMessage}");
            }
        }

        _output.WriteLine($"{files.Count} signed scripts; kinds: {string.Join(", ", files.GroupBy(Path.GetExtension).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.Empty(failures);
    }

    [Fact]
    public void Verify_EverySignedScript_ReportsItsTimestamp()
    {
        SignatureVerifier verifier = CodeSigningRootsVerifier();

        foreach (string file in Corpus.SignedScripts())
        {
            VerificationResult result = verifier.Verify(file);
            Assert.True(result.Timestamp is not null, $"{file} has no timestamp in its result.");
            Assert.True(result.Timestamp.Time is not null, $"{file}: the time of its {result.Timestamp.Kind} timestamp was not read.");
        }
    }

    [Fact]
    public void Verify_OneChangedByte_ReturnsHashMismatchForEveryScript()
    {
        SignatureVerifier verifier = CodeSigningRootsVerifier();
        List<string> failures = new();

        foreach (string file in Corpus.SignedScripts())
        {
            byte[] bytes = File.ReadAllBytes(file);
            int index = FirstLetter(bytes);
            bytes[index] ^= 0x20;
            VerificationResult result = verifier.Verify(file, bytes);
            if (result.Status != SignatureStatus.HashMismatch)
            {
                failures.Add($"{file}: {result.Status} {result.StatusMessage}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Verify_SeededMutations_EveryResultIsAStatus()
    {
        // Damaged signature blocks must come back as a status, never as an exception. How long they
        // take is measured by the benchmarks, not here.
        IReadOnlyList<string> files = Corpus.SignedScripts();
        SignatureVerifier verifier = CodeSigningRootsVerifier();
        Random random = new(20261204);
        Dictionary<SignatureStatus, int> statuses = new();

        for (int i = 0; i < 1000; i++)
        {
            string file = files[random.Next(files.Count)];
            byte[] mutated = SignatureBlockMutator.Mutate(File.ReadAllBytes(file), random);
            VerificationResult result = verifier.Verify(file, mutated);

            Assert.False(string.IsNullOrWhiteSpace(result.StatusMessage), $"Mutation {i} of {file} gave {result.Status} without a message.");
            statuses[result.Status] = statuses.GetValueOrDefault(result.Status) + 1;
        }

        _output.WriteLine(string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}")));
        Assert.True(statuses.GetValueOrDefault(SignatureStatus.Malformed) > 0);
    }

    private static int FirstLetter(byte[] bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is >= (byte)'a' and <= (byte)'z')
            {
                return i;
            }
        }

        throw new InvalidOperationException("The file has no lowercase ASCII letter.");
    }
}
