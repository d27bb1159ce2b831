using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Policy;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Tests.Policy.Eval;

/// <summary>Verification results and effective policies built by hand, for the check logic alone.</summary>
internal static class EvalFakes
{
    public static readonly DateTimeOffset RunTime = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static VerificationResult Valid(X509Certificate2? signer = null, string hashAlgorithm = "SHA256", TimestampInfo? timestamp = null, params CheckOutcome[] extra) => new()
    {
        Path = "/artifacts/a.ps1",
        Format = "PowerShell script",
        Status = SignatureStatus.Valid,
        StatusMessage = "Signed.",
        IsIntegrityValid = true,
        SignerCertificate = signer,
        Chain = signer is null ? [] : [signer],
        HashAlgorithm = hashAlgorithm,
        Timestamp = timestamp,
        Checks =
        [
            new CheckOutcome(CheckNames.Format, true, "ok"),
            new CheckOutcome(CheckNames.Integrity, true, "ok"),
            new CheckOutcome(CheckNames.Algorithms, true, "ok"),
            new CheckOutcome(CheckNames.Trust, true, "Chains to 'CN=Root'."),
            new CheckOutcome(CheckNames.Time, true, "Valid at the verification time."),
            .. extra,
        ],
    };

    public static VerificationResult WithStatus(SignatureStatus status, string message, bool? integrity, X509Certificate2? signer, params CheckOutcome[] checks) => new()
    {
        Path = "/artifacts/a.ps1",
        Status = status,
        StatusMessage = message,
        IsIntegrityValid = integrity,
        SignerCertificate = signer,
        Chain = signer is null ? [] : [signer],
        HashAlgorithm = "SHA256",
        IsRevocationChecked = checks.Any(check => check.Name == CheckNames.Revocation && check.Passed is not null),
        Checks = checks,
    };

    public static EffectivePolicy Policy(PolicyMode mode = PolicyMode.Enforce, int minRsaBits = 2048, int minEcBits = 256, params string[] digests) => new()
    {
        Document = new PolicyDocument { FilePath = "/policies/policy.yaml", Version = new PolicyValue<int>(1, new SourcePosition(1, 1)) },
        Environment = "prod",
        Mode = mode,
        Checks = Enum.GetValues<PolicyCheck>().ToDictionary(check => check, _ => CheckAction.Enforce),
        Digests = digests.Length == 0 ? ["sha256", "sha384", "sha512"] : digests,
        MinRsaBits = minRsaBits,
        MinEcBits = minEcBits,
    };

    public static RuleDefinition Rule(string name = "our-scripts", params string[] publishers) => new(
        name,
        0,
        new SourcePosition(10, 5),
        [new PolicyValue<string>("**/*.ps1", new SourcePosition(11, 7))],
        [],
        publishers.Select(publisher => new PolicyValue<string>(publisher, new SourcePosition(12, 7))).ToArray(),
        null);

    public static PolicyEvaluator.TrustFinding Accepted(ValidationLevel level = ValidationLevel.Internal, ValidationLevel required = ValidationLevel.Internal)
        => new("contoso-root", "contoso-release", level, required, []);

    public static ExceptionDefinition Exception(string path, string sha256, DateOnly expires, params string[] environments)
    {
        SourcePosition at = new(40, 5);
        return new ExceptionDefinition(
            at,
            new PolicyValue<string>(path, at),
            new PolicyValue<string>(sha256, at),
            environments.Select(environment => new PolicyValue<string>(environment, at)).ToArray(),
            new PolicyValue<string>("vendor fix pending", at),
            new PolicyValue<string>("OPS-1234", at),
            new PolicyValue<DateOnly>(expires, at));
    }
}
