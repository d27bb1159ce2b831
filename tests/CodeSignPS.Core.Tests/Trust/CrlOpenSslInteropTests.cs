using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core.Tests.Keys;
using CodeSignPS.Core.Tests.TestSupport;
using CodeSignPS.Core.Trust;
using Xunit;

namespace CodeSignPS.Core.Tests.Trust;

/// <summary>CRLs from `openssl ca` read by us, and ours read and verified by `openssl crl`.</summary>
public sealed class CrlOpenSslInteropTests : IDisposable
{
    private const string CaConfig = """
        [ ca ]
        default_ca = test_ca
        [ test_ca ]
        database = index.txt
        new_certs_dir = .
        certificate = ca.pem
        private_key = ca.key
        default_md = sha256
        default_crl_days = 7
        crlnumber = crlnumber
        policy = policy_any
        [ policy_any ]
        commonName = supplied
        [ ca_ext ]
        basicConstraints = critical,CA:TRUE
        keyUsage = critical,keyCertSign,cRLSign
        subjectKeyIdentifier = hash
        [ leaf_ext ]
        basicConstraints = CA:FALSE
        keyUsage = critical,digitalSignature
        extendedKeyUsage = codeSigning
        authorityKeyIdentifier = keyid
        """;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // CRLs openssl writes

    [OpenSslTheory]
    [InlineData("RSA", "keyCompromise", X509RevocationReason.KeyCompromise)]
    [InlineData("EC", "superseded", X509RevocationReason.Superseded)]
    [InlineData("RSA", "cessationOfOperation", X509RevocationReason.CessationOfOperation)]
    public void Decode_OpenSslCaCrl_ListsRevokedLeafAndVerifies(string algorithm, string opensslReason, X509RevocationReason expected)
    {
        (X509Certificate2 ca, X509Certificate2 leaf) = MintOpenSslCa(algorithm);
        Run("ca", "-config", "ca.cnf", "-revoke", "leaf.pem", "-crl_reason", opensslReason);
        Run("ca", "-config", "ca.cnf", "-gencrl", "-out", "ca.crl");

        CertificateRevocationList crl = CrlFileLoader.LoadFile(Path.Combine(_folder.Path, "ca.crl"));

        Assert.Null(crl.VerifySignature(ca));
        Assert.Equal(expected, crl.FindEntry(leaf)!.Reason);
        Assert.Equal(1, (int)crl.CrlNumber!.Value);
        RevocationOutcome outcome = new RevocationChecker(new CrlCollection([crl])).Check([leaf, ca], DateTimeOffset.UtcNow, null);
        Assert.Equal(RevocationStatus.Revoked, outcome.Status);
    }

    [OpenSslFact]
    public void Check_OpenSslCrlWithoutTheLeaf_Good()
    {
        (X509Certificate2 ca, X509Certificate2 leaf) = MintOpenSslCa("RSA");
        Run("ca", "-config", "ca.cnf", "-gencrl", "-out", "ca.crl");

        CertificateRevocationList crl = CrlFileLoader.LoadFile(Path.Combine(_folder.Path, "ca.crl"));

        Assert.Empty(crl.Entries);
        Assert.Equal(RevocationStatus.Good, new RevocationChecker(new CrlCollection([crl])).Check([leaf, ca], DateTimeOffset.UtcNow, null).Status);
    }

    // CRLs we write

    [OpenSslTheory]
    [InlineData("RSA")]
    [InlineData("P256")]
    [InlineData("P384")]
    public void Revoke_OurCrl_OpenSslVerifiesAndListsEntry(string algorithm)
    {
        X509Certificate2 ca = CrlTestCa.CreateRoot($"CN=CRL Interop {algorithm} CA", algorithm);
        X509Certificate2 leaf = CrlTestCa.Issue(ca, "CN=CRL Interop Leaf", algorithm: algorithm);
        File.WriteAllText(Path.Combine(_folder.Path, "ours-ca.pem"), ca.ExportCertificatePem());
        string crlPath = Path.Combine(_folder.Path, "ours.crl");
        CrlIssuer.Open(ca, crlPath).Revoke(leaf.SerialNumber, X509RevocationReason.KeyCompromise, DateTimeOffset.UtcNow, TimeSpan.FromDays(7));
        CrlIssuer.Open(ca, crlPath).Revoke("0123", X509RevocationReason.Superseded, DateTimeOffset.UtcNow, TimeSpan.FromDays(7));

        string text = Run("crl", "-in", "ours.crl", "-inform", "DER", "-noout", "-text", "-CAfile", "ours-ca.pem");

        Assert.Contains("verify OK", text);
        Assert.Contains(leaf.SerialNumber, text);
        Assert.Contains("Key Compromise", text);
        Assert.Contains("Superseded", text);
        Assert.Matches(@"X509v3 CRL Number:\s*\n\s*2", text);
    }

    [OpenSslFact]
    public void Revoke_OurCrlWithAnotherCaFile_OpenSslRejects()
    {
        X509Certificate2 ca = CrlTestCa.CreateRoot("CN=CRL Interop Signer");
        X509Certificate2 impostor = CrlTestCa.CreateRoot("CN=CRL Interop Signer");
        File.WriteAllText(Path.Combine(_folder.Path, "impostor.pem"), impostor.ExportCertificatePem());
        CrlIssuer.Open(ca, Path.Combine(_folder.Path, "ours.crl")).Revoke("01", null, DateTimeOffset.UtcNow, TimeSpan.FromDays(7));

        (int exitCode, string output) = TryRun("crl", "-in", "ours.crl", "-inform", "DER", "-noout", "-CAfile", "impostor.pem");

        Assert.True(exitCode != 0 || output.Contains("verify failure"), output);
    }

    private (X509Certificate2 Ca, X509Certificate2 Leaf) MintOpenSslCa(string algorithm)
    {
        File.WriteAllText(Path.Combine(_folder.Path, "ca.cnf"), CaConfig);
        File.WriteAllText(Path.Combine(_folder.Path, "index.txt"), "");
        File.WriteAllText(Path.Combine(_folder.Path, "crlnumber"), "01\n");
        string keyOption = algorithm == "RSA" ? "rsa_keygen_bits:3072" : "ec_paramgen_curve:P-256";
        Run("genpkey", "-algorithm", algorithm, "-pkeyopt", keyOption, "-out", "ca.key");
        Run("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=CodeSignPS OpenSSL CRL CA", "-days", "30",
            "-config", "ca.cnf", "-extensions", "ca_ext", "-out", "ca.pem");
        Run("genpkey", "-algorithm", algorithm, "-pkeyopt", keyOption, "-out", "leaf.key");
        Run("req", "-new", "-key", "leaf.key", "-subj", "/CN=CodeSignPS OpenSSL CRL Leaf", "-out", "leaf.csr");
        Run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
            "-extfile", "ca.cnf", "-extensions", "leaf_ext", "-out", "leaf.pem");
        return (X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_folder.Path, "ca.pem")),
            X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_folder.Path, "leaf.pem")));
    }

    private string Run(params string[] arguments)
    {
        (int exitCode, string output) = TryRun(arguments);
        Assert.True(exitCode == 0, $"openssl {string.Join(' ', arguments)} exited {exitCode}: {output}");
        return output;
    }

    private (int ExitCode, string Output) TryRun(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
