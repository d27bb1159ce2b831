using System.Security.Cryptography.X509Certificates;
using System.Text;
using CodeSignPS.Core.Certificates;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Core.Tests.Keys;

public class PipelineSecretsTests
{
    private const string PfxVariable = "SIGNING_PFX";
    private const string PasswordVariable = "SIGNING_PFX_PASSWORD";

    // Reading and masking

    [Fact]
    public void Read_PasswordVariable_MasksValueAndItsBase64()
    {
        using PipelineSecrets secrets = Read(new() { [PasswordVariable] = "pa%ss;w]rd" }, null, PasswordVariable);

        Assert.Equal(["pa%ss;w]rd", Convert.ToBase64String(Encoding.UTF8.GetBytes("pa%ss;w]rd"))], secrets.MaskValues);
        Assert.Equal(10, secrets.Password!.Length);
    }

    [Fact]
    public void Read_WrappedBase64_MasksEveryForm()
    {
        string wrapped = "QUJD\r\nREVG\r\nR0g=";

        using PipelineSecrets secrets = Read(new() { [PfxVariable] = wrapped }, PfxVariable, null);

        Assert.Contains(wrapped, secrets.MaskValues);
        Assert.Contains("QUJD", secrets.MaskValues);
        Assert.Contains("REVG", secrets.MaskValues);
        Assert.Contains("R0g=", secrets.MaskValues);
        Assert.Contains("QUJDREVGR0g=", secrets.MaskValues);
    }

    [Fact]
    public void Read_NoVariable_MasksNothing()
    {
        using PipelineSecrets secrets = Read([], null, null);

        Assert.Empty(secrets.MaskValues);
        Assert.Null(secrets.Password);
    }

    [Fact]
    public void Read_UnsetVariable_DefersErrorUntilUse()
    {
        // The password that was read must still be masked before the missing PFX is reported.
        using PipelineSecrets secrets = Read(new() { [PasswordVariable] = "kept" }, PfxVariable, PasswordVariable);

        Assert.Contains("kept", secrets.MaskValues);
        var exception = Assert.Throws<CodeSignException>(secrets.ThrowIfUnreadable);
        Assert.Equal(SigningKeyErrorIds.SecretVariableNotSet, exception.ErrorId);
        Assert.Equal(PfxVariable, exception.Target);
    }

    // Variable names

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "not set")]
    public void ThrowIfUnreadable_UnsetOrEmpty_NamesVariableAndMapping(string? value, string state)
    {
        var variables = new Dictionary<string, string?> { [PasswordVariable] = value };
        using PipelineSecrets secrets = Read(variables, null, PasswordVariable);

        var exception = Assert.Throws<CodeSignException>(secrets.ThrowIfUnreadable);

        Assert.Equal(SigningKeyErrorIds.SecretVariableNotSet, exception.ErrorId);
        Assert.Contains($"'{PasswordVariable}'", exception.Message);
        Assert.Contains(state, exception.Message);
        Assert.Contains($"{PasswordVariable}: $({PasswordVariable})", exception.Message);
        Assert.Contains($"secrets.{PasswordVariable}", exception.Message);
    }

    [Theory]
    [InlineData(PfxVariable, "codesign-pfx")]
    [InlineData(PasswordVariable, "codesign.pfx_password")]
    public void ThrowIfUnreadable_UndefinedAzureMacro_NamesPipelineVariable(string variable, string pipelineVariable)
    {
        // The agent leaves '$(name)' as it is when no variable 'name' is defined for the step.
        var variables = new Dictionary<string, string?> { [variable] = $"$({pipelineVariable})" };
        using PipelineSecrets secrets = Read(variables, variable == PfxVariable ? variable : null, variable == PasswordVariable ? variable : null);

        var exception = Assert.Throws<CodeSignException>(secrets.ThrowIfUnreadable);

        Assert.Equal(SigningKeyErrorIds.SecretVariableNotSet, exception.ErrorId);
        Assert.Equal(variable, exception.Target);
        Assert.Contains($"pipeline variable '{pipelineVariable}' is not defined for this step", exception.Message);
        Assert.Contains($"{variable}: $({pipelineVariable})", exception.Message);
        Assert.Empty(secrets.MaskValues);
    }

    [Theory]
    [InlineData("$(a) $(b)")]
    [InlineData("x$(name)")]
    [InlineData("$(na me)")]
    public void ThrowIfUnreadable_TextAroundMacro_NotTakenForUndefinedMacro(string value)
    {
        using PipelineSecrets secrets = Read(new() { [PasswordVariable] = value }, null, PasswordVariable);

        secrets.ThrowIfUnreadable();

        Assert.Equal(value.Length, secrets.Password!.Length);
    }

    [Theory]
    [InlineData("MIIJ+base64/like=")]
    [InlineData("pass word")]
    [InlineData("$env:SECRET")]
    [InlineData("a=b")]
    public void ThrowIfUnreadable_ValueGivenAsName_MasksItAndNeverQuotesIt(string name)
    {
        using PipelineSecrets secrets = Read([], null, name);

        var exception = Assert.Throws<CodeSignException>(secrets.ThrowIfUnreadable);

        Assert.Equal(SigningKeyErrorIds.SecretVariableNameInvalid, exception.ErrorId);
        Assert.DoesNotContain(name, exception.Message);
        Assert.Null(exception.Target);
        Assert.Contains(name, secrets.MaskValues);
    }

    [Fact]
    public void ThrowIfUnreadable_OtherVariableValue_NotQuoted()
    {
        // As when a script passes $env:SIGNING_PFX_PASSWORD where the name belongs.
        var variables = new Dictionary<string, string?> { [PasswordVariable] = "Hunter2Hunter2" };
        using PipelineSecrets secrets = PipelineSecrets.Read(null, "Hunter2Hunter2", name => variables.GetValueOrDefault(name), () => variables.Values!);

        var exception = Assert.Throws<CodeSignException>(secrets.ThrowIfUnreadable);

        Assert.Equal(SigningKeyErrorIds.SecretVariableNameInvalid, exception.ErrorId);
        Assert.DoesNotContain("Hunter2Hunter2", exception.Message);
        Assert.Null(exception.Target);
        Assert.Contains("Hunter2Hunter2", secrets.MaskValues);
    }

    [Theory]
    [InlineData("SIGNING_PFX")]
    [InlineData("signing.pfx")]
    [InlineData("ProgramFiles(x86)")]
    [InlineData("my-secret")]
    public void Read_VariableName_IsAccepted(string name)
    {
        using PipelineSecrets secrets = Read(new() { [name] = "value" }, null, name);

        secrets.ThrowIfUnreadable();
        Assert.Equal(name, secrets.PasswordVariable);
    }

    // Decoding the PFX

    [Fact]
    public void FromPfxVariable_WrappedBase64_Signs()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        string base64 = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, "s3cret"), Base64FormattingOptions.InsertLineBreaks);
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = "  " + base64 + "\n", [PasswordVariable] = "s3cret" }, PfxVariable, PasswordVariable);

        using SigningKey key = SigningKeyLoader.FromPfxVariable(secrets);

        SignatureAssert.SignsVerifiably(key);
        Assert.Equal($"PFX in environment variable '{PfxVariable}'", key.Source);
    }

    [Fact]
    public void FromPfxVariable_NoPassword_SignsVerifiably()
    {
        // A Key Vault certificate read as a secret is a PFX without password.
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.EcdsaP256);
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12)) }, PfxVariable, null);

        using SigningKey key = SigningKeyLoader.FromPfxVariable(secrets);

        SignatureAssert.SignsVerifiably(key);
    }

    [Theory]
    [InlineData("not base64!", SigningKeyErrorIds.SecretVariableNotBase64)]
    [InlineData("\"TUlJ\"", SigningKeyErrorIds.SecretVariableNotBase64)]
    [InlineData("SGVsbG8gd29ybGQ=", SigningKeyErrorIds.PfxUnreadable)]
    public void FromPfxVariable_NotAPfx_NamesVariableNotValue(string value, string errorId)
    {
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = value }, PfxVariable, null);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfxVariable(secrets));

        Assert.Equal(errorId, exception.ErrorId);
        Assert.Equal(PfxVariable, exception.Target);
        Assert.Contains($"'{PfxVariable}'", exception.Message);
        Assert.DoesNotContain(value, exception.ToString());
    }

    [Fact]
    public void FromPfxVariable_WrongPassword_NamesVariables()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        string base64 = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, "right"));
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = base64, [PasswordVariable] = "Wr0ng-Passw0rd" }, PfxVariable, PasswordVariable);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfxVariable(secrets));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordInvalid, exception.ErrorId);
        Assert.Contains($"'{PasswordVariable}'", exception.Message);
        Assert.Contains($"'{PfxVariable}'", exception.Message);
        Assert.DoesNotContain("Wr0ng-Passw0rd", exception.ToString());
        Assert.DoesNotContain(base64[..40], exception.ToString());
    }

    [Fact]
    public void FromPfxVariable_PasswordMissing_PfxPasswordRequired()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, "right")) }, PfxVariable, null);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfxVariable(secrets));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordRequired, exception.ErrorId);
        Assert.Contains("environment variable that holds its password", exception.Message);
    }

    [Fact]
    public void FromPfxVariable_NoPrivateKey_PrivateKeyMissing()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = Convert.ToBase64String(publicOnly.Export(X509ContentType.Pkcs12)) }, PfxVariable, null);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfxVariable(secrets));

        Assert.Equal(SigningKeyErrorIds.PrivateKeyMissing, exception.ErrorId);
        Assert.Contains($"environment variable '{PfxVariable}'", exception.Message);
    }

    [Fact]
    public void FromPfxVariable_ServerCertificate_CodeSigningEkuMissing()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048, [TestCertificates.ServerAuthenticationOid]);
        using PipelineSecrets secrets = Read(new() { [PfxVariable] = Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12)) }, PfxVariable, null);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfxVariable(secrets));

        Assert.Equal(SigningKeyErrorIds.CodeSigningEkuMissing, exception.ErrorId);
        Assert.Equal(PfxVariable, exception.Target);
    }

    // Secure files with a password variable

    [Fact]
    public void FromPfxFile_WrongPassword_NamesVariable()
    {
        using X509Certificate2 certificate = TestCertificates.Create(KeyKind.Rsa2048);
        using var folder = new TemporaryFolder();
        string path = folder.Write("signer.pfx", certificate.Export(X509ContentType.Pkcs12, "right"));
        using PipelineSecrets secrets = Read(new() { [PasswordVariable] = "Wr0ng-Passw0rd" }, null, PasswordVariable);

        var exception = Assert.Throws<CodeSignException>(() => SigningKeyLoader.FromPfxWithPasswordVariable(path, secrets));

        Assert.Equal(SigningKeyErrorIds.PfxPasswordInvalid, exception.ErrorId);
        Assert.Equal(path, exception.Target);
        Assert.Contains($"'{PasswordVariable}'", exception.Message);
        Assert.DoesNotContain("Wr0ng-Passw0rd", exception.ToString());
    }

    [Fact]
    public void ImportVariable_AuthorityPfx_KeepsPrivateKey()
    {
        (X509Certificate2 authority, X509Certificate2 leaf) = TestCertificates.CreateIssuedChain(KeyKind.Rsa2048);
        using (authority)
        using (leaf)
        {
            using PipelineSecrets secrets = Read(
                new() { [PfxVariable] = Convert.ToBase64String(authority.Export(X509ContentType.Pkcs12, "ca")), [PasswordVariable] = "ca" },
                PfxVariable,
                PasswordVariable);

            using X509Certificate2 imported = CertificateImporter.ImportVariable(secrets);

            Assert.True(imported.HasPrivateKey);
            Assert.Equal(authority.Thumbprint, imported.Thumbprint);
        }
    }

    private static PipelineSecrets Read(Dictionary<string, string?> variables, string? pfxVariable, string? passwordVariable) =>
        PipelineSecrets.Read(pfxVariable, passwordVariable, name => variables.GetValueOrDefault(name), () => variables.Values.OfType<string>());
}
