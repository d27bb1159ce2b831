using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Certificates;

/// <summary>Whether a certificate is fit to sign, with every reason it is not.</summary>
public sealed class CertificateFitnessResult
{
    public required string Subject { get; init; }

    public required string Thumbprint { get; init; }

    /// <summary>The file path, the store, or "Pipeline".</summary>
    public required string Source { get; init; }

    /// <summary>True when <see cref="Reasons"/> is empty.</summary>
    public bool IsFit => Reasons.Count == 0;

    /// <summary>Every failed check, in the order they were made.</summary>
    public required IReadOnlyList<CertificateFitnessReason> Reasons { get; init; }

    /// <summary>The ids of <see cref="Reasons"/>, for matching in scripts.</summary>
    public IReadOnlyList<string> ReasonIds => Reasons.Select(reason => reason.Id).ToArray();

    public required X509Certificate2 Certificate { get; init; }
}
