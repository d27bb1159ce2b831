using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;

namespace CodeSignPS.Core.Keys;

/// <summary>
/// Reads an RSA or ECDSA private key from a PEM file: PKCS#8 "PRIVATE KEY" (RFC 5208), encrypted
/// PKCS#8 "ENCRYPTED PRIVATE KEY" (RFC 5958), PKCS#1 "RSA PRIVATE KEY" (RFC 8017) or SEC1
/// "EC PRIVATE KEY" (RFC 5915). Copies of the key bytes and text are zeroed before returning.
/// </summary>
internal static class PemPrivateKeyReader
{
    private const string Pkcs8Label = "PRIVATE KEY";
    private const string EncryptedPkcs8Label = "ENCRYPTED PRIVATE KEY";
    private const string RsaLabel = "RSA PRIVATE KEY";
    private const string EcLabel = "EC PRIVATE KEY";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>Returns a new <see cref="RSA"/> or <see cref="ECDsa"/> object that the caller disposes.</summary>
    public static AsymmetricAlgorithm Read(string path, PasswordBuffer password)
    {
        byte[] bytes = KeyFile.ReadAllBytes(path, "key file");
        char[] text = [];
        try
        {
            ReadOnlySpan<byte> body = KeyFile.SkipByteOrderMark(bytes);
            text = new char[Encoding.UTF8.GetCharCount(body)];
            Encoding.UTF8.GetChars(body, text);
            RejectLegacyEncryption(text, path);
            return ReadFirstKeyBlock(text, path, password);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            Array.Clear(text);
        }
    }

    // OpenSSL's traditional format puts "Proc-Type: 4,ENCRYPTED" and "DEK-Info" headers inside an
    // RSA or EC PRIVATE KEY block. RFC 7468 has no headers, and .NET cannot decrypt this format.
    private static void RejectLegacyEncryption(ReadOnlySpan<char> text, string path)
    {
        if (!text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) && !text.Contains("DEK-Info:", StringComparison.Ordinal))
        {
            return;
        }

        throw new CodeSignException(
            SigningKeyErrorIds.PemKeyLegacyEncryption,
            FailureCategory.InvalidData,
            $"The key file '{path}' uses OpenSSL's legacy encryption (Proc-Type and DEK-Info headers), which cannot be read. " +
            $"Convert it to encrypted PKCS#8 with: openssl pkcs8 -topk8 -in '{path}' -out NEW.key",
            path);
    }

    private static AsymmetricAlgorithm ReadFirstKeyBlock(ReadOnlySpan<char> text, string path, PasswordBuffer password)
    {
        var labels = new List<string>();
        ReadOnlySpan<char> remaining = text;
        while (PemEncoding.TryFind(remaining, out PemFields fields))
        {
            string label = remaining[fields.Label].ToString();
            if (label is Pkcs8Label or EncryptedPkcs8Label or RsaLabel or EcLabel)
            {
                byte[] der = new byte[fields.DecodedDataLength];
                try
                {
                    Convert.TryFromBase64Chars(remaining[fields.Base64Data], der, out _);
                    return Import(label, der, path, password);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(der);
                }
            }

            labels.Add(label);
            remaining = remaining[fields.Location.End..];
        }

        string found = labels.Count == 0 ? "no PEM block at all" : "blocks labelled " + string.Join(", ", labels);
        throw Unreadable(
            path,
            $"expected a PEM block labelled {Pkcs8Label}, {EncryptedPkcs8Label}, {RsaLabel} or {EcLabel}, found {found}",
            null);
    }

    private static AsymmetricAlgorithm Import(string label, byte[] der, string path, PasswordBuffer password)
    {
        try
        {
            return label switch
            {
                RsaLabel => ImportInto(RSA.Create(), key => key.ImportRSAPrivateKey(der, out _)),
                EcLabel => ImportInto(ECDsa.Create(), key => key.ImportECPrivateKey(der, out _)),
                Pkcs8Label => ImportPkcs8(der, path),
                _ => ImportEncryptedPkcs8(der, path, password),
            };
        }
        catch (CryptographicException exception)
        {
            throw Unreadable(path, $"its {label} block cannot be decoded: {exception.Message}", exception);
        }
    }

    private static AsymmetricAlgorithm ImportPkcs8(byte[] der, string path)
    {
        Pkcs8PrivateKeyInfo info = Pkcs8PrivateKeyInfo.Decode(der, out _, skipCopy: true);
        return CreateFor(info.AlgorithmId.Value, path) switch
        {
            RSA rsa => ImportInto(rsa, key => key.ImportPkcs8PrivateKey(der, out _)),
            ECDsa ecdsa => ImportInto(ecdsa, key => key.ImportPkcs8PrivateKey(der, out _)),
            _ => throw new InvalidOperationException("CreateFor returns RSA or ECDsa only."),
        };
    }

    private static AsymmetricAlgorithm ImportEncryptedPkcs8(byte[] der, string path, PasswordBuffer password)
    {
        if (!password.IsPresent)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PemKeyPasswordRequired,
                FailureCategory.InvalidArgument,
                $"The key file '{path}' holds an encrypted private key and no password was given. Pass the key's password.",
                path);
        }

        Pkcs8PrivateKeyInfo info;
        try
        {
            info = Pkcs8PrivateKeyInfo.DecryptAndDecode(password.Characters, der, out _);
        }
        catch (CryptographicException exception)
        {
            throw new CodeSignException(
                SigningKeyErrorIds.PemKeyPasswordInvalid,
                FailureCategory.SecurityError,
                $"The encrypted private key in '{path}' cannot be decrypted with the given password. " +
                "Check the password; if it is right, the file is damaged or uses an encryption scheme .NET does not support " +
                "(PBES2 with PBKDF2 and AES or 3DES works).",
                path,
                exception);
        }

        byte[] pkcs8 = info.Encode();
        try
        {
            return ImportPkcs8(pkcs8, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);

            // DecryptAndDecode hands back its own copy of the decrypted key, so clearing it is safe.
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsMemory(info.PrivateKeyBytes).Span);
        }
    }

    private static AsymmetricAlgorithm CreateFor(string? algorithmOid, string path) => algorithmOid switch
    {
        RsaOid => RSA.Create(),
        EcPublicKeyOid => ECDsa.Create(),
        _ => throw new CodeSignException(
            SigningKeyErrorIds.UnsupportedKeyAlgorithm,
            FailureCategory.InvalidArgument,
            $"The key file '{path}' holds a key of algorithm {algorithmOid}; code signing supports RSA and ECDSA keys only.",
            path),
    };

    private static T ImportInto<T>(T key, Action<T> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            import(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static CodeSignException Unreadable(string path, string reason, Exception? inner) =>
        new(
            SigningKeyErrorIds.PemKeyUnreadable,
            FailureCategory.InvalidData,
            $"The key file '{path}' holds no readable private key: {reason}.",
            path,
            inner);
}
