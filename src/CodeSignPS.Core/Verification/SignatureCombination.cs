namespace CodeSignPS.Core.Verification;

/// <summary>
/// Turns the results of a file's embedded and detached signatures into the file's one result:
/// Valid only when every signature present is, otherwise the earliest failing check of any of them.
/// </summary>
internal static class SignatureCombination
{
    /// <param name="formatName">The file's embedded format, or null when it has none.</param>
    /// <param name="embedded">The embedded signature's result, or null when the format has no embedded signature.</param>
    /// <param name="detached">The detached signature's result, or null when there is no .p7s.</param>
    /// <param name="detachedPath">The .p7s path that was looked for.</param>
    public static VerificationResult Combine(string path, string? formatName, VerificationResult? embedded, VerificationResult? detached, string detachedPath)
    {
        bool hasEmbedded = embedded is not null && embedded.Status != SignatureStatus.NotSigned;
        if (detached is null)
        {
            return hasEmbedded ? Single(embedded!, path, formatName) : NotSigned(path, formatName, embedded, detachedPath);
        }

        if (!hasEmbedded)
        {
            return Single(detached, detachedPath, formatName ?? detached.Format);
        }

        return Both(path, formatName, embedded!, detached, detachedPath);
    }

    private static VerificationResult Single(VerificationResult result, string signaturePath, string? formatName)
    {
        VerificationResult located = result.With(result.Format, result.StatusMessage, result.IsIntegrityValid, signaturePath, []);
        return result.With(formatName, result.StatusMessage, result.IsIntegrityValid, signaturePath, [located]);
    }

    private static VerificationResult NotSigned(string path, string? formatName, VerificationResult? embedded, string detachedPath)
    {
        // A folder where the .p7s belongs is worth naming: "there is no detached signature" would
        // send the user looking for a file that seems to be there.
        string detachedPart = Directory.Exists(detachedPath)
            ? $"'{detachedPath}' is a folder, not a detached signature file. Rename or remove the folder, and sign the file again with Set-CodeSignature -Detached"
            : $"there is no detached signature '{detachedPath}'";
        string message = formatName is null
            ? $"'{Path.GetFileName(path)}' is not signed: its format has no embedded signature, and {detachedPart}."
            : $"'{Path.GetFileName(path)}' is not signed: it has no embedded signature, and {detachedPart}.";
        if (embedded is not null)
        {
            return embedded.With(formatName, message, embedded.IsIntegrityValid, null, []);
        }

        return new VerificationResult
        {
            Path = path,
            Format = formatName,
            Status = SignatureStatus.NotSigned,
            StatusMessage = message,
            Checks = [new CheckOutcome(CheckNames.Format, false, Directory.Exists(detachedPath) ? $"'{detachedPath}' is a folder." : $"No detached signature '{detachedPath}'.")],
        };
    }

    private static VerificationResult Both(string path, string? formatName, VerificationResult embedded, VerificationResult detached, string detachedPath)
    {
        VerificationResult locatedEmbedded = embedded.With(embedded.Format, embedded.StatusMessage, embedded.IsIntegrityValid, path, []);
        VerificationResult locatedDetached = detached.With(detached.Format, detached.StatusMessage, detached.IsIntegrityValid, detachedPath, []);

        // The status enum lists the checks in the order they run, so the smallest failing status is
        // the earliest failing check across both signatures.
        VerificationResult deciding = locatedEmbedded;
        if (locatedDetached.Status != SignatureStatus.Valid && (deciding.Status == SignatureStatus.Valid || locatedDetached.Status < deciding.Status))
        {
            deciding = locatedDetached;
        }

        bool? integrity = (embedded.IsIntegrityValid, detached.IsIntegrityValid) switch
        {
            (false, _) or (_, false) => false,
            (true, true) => true,
            _ => null,
        };
        string message = $"Embedded signature: {embedded.StatusMessage} Detached signature '{Path.GetFileName(detachedPath)}': {detached.StatusMessage}";
        return deciding.With(formatName, message, integrity, deciding.SignaturePath, [locatedEmbedded, locatedDetached]);
    }
}
