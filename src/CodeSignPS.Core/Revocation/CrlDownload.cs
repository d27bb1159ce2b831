namespace CodeSignPS.Core.Revocation;

/// <summary>The outcome of one CRL download: the DER bytes, or the reason there are none.</summary>
/// <param name="Url">The distribution point the CRL came from.</param>
/// <param name="Crl">The CRL in DER, or null when the download failed.</param>
/// <param name="Failure">Why the download failed, as the end of a sentence that names the URL; null on success.</param>
public sealed record CrlDownload(Uri Url, byte[]? Crl, string? Failure)
{
    public bool Succeeded => Crl is not null;
}
