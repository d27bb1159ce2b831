namespace CodeSignPS.Core.Policy;

/// <summary>How a policy checks revocation, weakest first: off is looser than either way of checking.</summary>
public enum PolicyRevocationMode
{
    Off,

    /// <summary>Only the CRL files the policy names; no network I/O.</summary>
    Offline,

    /// <summary>CRLs and OCSP from the certificates' own URLs.</summary>
    Online,
}
