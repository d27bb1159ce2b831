using System.Security.Cryptography.X509Certificates;

namespace CodeSignPS.Core.Trust;

/// <summary>What revocation checking found for a chain.</summary>
/// <param name="Status">Revoked when any certificate's revocation applies, else Unknown when any is not covered, else Good.</param>
/// <param name="Message">Which certificate decided the status and why; for Good, a summary.</param>
/// <param name="Certificate">The certificate that decided a Revoked or Unknown status; null for Good.</param>
/// <param name="Entry">The CRL entry of the revoked certificate; null unless the status is Revoked.</param>
public sealed record RevocationOutcome(RevocationStatus Status, string Message, X509Certificate2? Certificate, RevokedCertificateEntry? Entry);
