using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Revocation;
using CodeSignPS.Core.Trust;
using CodeSignPS.Core.Verification;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// Decides, for each artifact, whether one environment of a policy allows it: selects the covering
/// rule, verifies the signature with the policy's trust stores, runs the six checks with their
/// actions, and applies the policy's exceptions. One evaluator serves one run: it fixes the
/// verification time and shares chains, signer keys and online revocation answers across files.
/// </summary>
public sealed partial class PolicyEvaluator : IDisposable
{
    private readonly EffectivePolicy _policy;
    private readonly PolicyTrustMaterial _trustMaterial;
    private readonly PolicyEvaluationOptions _options;
    private readonly RuleSelector _selector;
    private readonly ExceptionMatcher _exceptions;
    private readonly SignatureVerifier _verifier;
    private readonly RevocationHttp? _revocationHttp;
    private readonly DateTimeOffset _runTime;
    private readonly ConcurrentDictionary<string, SignerKey> _signerKeys = new(StringComparer.Ordinal);

    /// <param name="policy">The effective settings of the environment to evaluate.</param>
    /// <param name="trustMaterial">The trust stores and CRLs of <paramref name="policy"/>.</param>
    /// <param name="runCancellation">Stops online revocation requests when the run is cancelled.</param>
    public PolicyEvaluator(EffectivePolicy policy, PolicyTrustMaterial trustMaterial, PolicyEvaluationOptions? options = null, CancellationToken runCancellation = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trustMaterial);

        _policy = policy;
        _trustMaterial = trustMaterial;
        _options = options ?? new PolicyEvaluationOptions();
        _runTime = _options.VerificationTime ?? DateTimeOffset.UtcNow;
        _selector = new RuleSelector(policy.Document.Rules);
        _exceptions = new ExceptionMatcher(policy.Document.Exceptions, policy.Environment, DateOnly.FromDateTime(_runTime.UtcDateTime));

        VerificationOptions verification = CreateVerificationOptions(policy, trustMaterial, _options, _runTime);
        if (policy.RevocationMode == PolicyRevocationMode.Online)
        {
            // One checker per run, so that each OCSP response and CRL is fetched once for all files.
            OnlineRevocationChecker checker = OnlineRevocationChecker.Create(trustMaterial.Crls, _options.OnlineRevocation, out _revocationHttp, runCancellation);
            verification = verification with { OnlineRevocation = checker };
        }

        _verifier = new SignatureVerifier(verification);
    }

    /// <summary>The environment evaluated, or null for the defaults.</summary>
    public string? Environment => _policy.Environment;

    public PolicyMode Mode => _policy.Mode;

    /// <summary>
    /// Evaluates <paramref name="artifacts"/> in parallel and yields their decisions in input order, each
    /// as soon as it and every earlier one are done.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IEnumerable<PolicyDecision> Evaluate(IReadOnlyList<Artifact> artifacts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        return RunInOrder(artifacts, Evaluate, _options.MaxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>Evaluates one artifact. A bad file or an unexpected failure becomes a Deny (Audit in audit mode); only cancellation throws.</summary>
    public PolicyDecision Evaluate(Artifact artifact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        try
        {
            return Decide(artifact, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or an unexpected I/O failure on one file must not pass that file or stop the run.
            return new PolicyDecision
            {
                Path = artifact.Path,
                RelativePath = artifact.RelativePath,
                Outcome = Denied(_policy.Mode),
                Environment = _policy.Environment,
                Mode = _policy.Mode,
                Reasons = [$"Evaluating '{artifact.RelativePath}' failed: {exception.Message}"],
            };
        }
    }

    public void Dispose() => _revocationHttp?.Dispose();

    internal static VerificationOptions CreateVerificationOptions(EffectivePolicy policy, PolicyTrustMaterial trustMaterial, PolicyEvaluationOptions options, DateTimeOffset runTime) => new()
    {
        TrustStores = trustMaterial.CodeSigningStores,
        TimestampTrustStores = trustMaterial.TimestampStores,
        UseSystemTrust = false,
        RevocationMode = policy.RevocationMode switch
        {
            PolicyRevocationMode.Offline => RevocationMode.Offline,
            PolicyRevocationMode.Online => RevocationMode.Online,
            _ => RevocationMode.NoCheck,
        },
        Crls = policy.RevocationMode == PolicyRevocationMode.Off ? [] : trustMaterial.Crls,
        Format = options.Format,
        VerificationTime = runTime,

        // The policy's algorithms check applies the policy's floors with its own action (warn, enforce
        // or off), so verification must not stop at a floor of its own before judging the chain.
        AlgorithmFloors = AlgorithmFloors.None,
    };

    private SignerKey KeyOf(X509Certificate2 signer)
        => _signerKeys.GetOrAdd(signer.Thumbprint, _ => DescribeKey(signer));

    internal static SignerKey DescribeKey(X509Certificate2 certificate)
    {
        using (System.Security.Cryptography.RSA? rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return new SignerKey("RSA", rsa.KeySize);
            }
        }

        using (System.Security.Cryptography.ECDsa? ec = certificate.GetECDsaPublicKey())
        {
            if (ec is not null)
            {
                return new SignerKey("EC", ec.KeySize);
            }
        }

        return new SignerKey(certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown", 0);
    }
}
