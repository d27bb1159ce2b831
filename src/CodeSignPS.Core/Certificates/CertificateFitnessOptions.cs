using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Certificates;

/// <summary>What <see cref="CertificateFitness"/> checks against.</summary>
public sealed class CertificateFitnessOptions
{
    /// <summary>Smallest RSA key accepted, in bits.</summary>
    public int MinimumRsaKeySize { get; init; } = 3072;

    /// <summary>Smallest EC key accepted, in bits.</summary>
    public int MinimumEcKeySize { get; init; } = 256;

    /// <summary>The time the validity period is checked at, in UTC.</summary>
    public DateTime Now { get; init; } = DateTime.UtcNow;

    /// <summary>Checks the chain when given; without it the chain is not checked.</summary>
    public ChainValidator? ChainValidator { get; init; }
}
