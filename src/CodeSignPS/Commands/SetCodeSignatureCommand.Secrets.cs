using System.Management.Automation;
using CodeSignPS.Core.Keys;

namespace CodeSignPS.Commands;

public sealed partial class SetCodeSignatureCommand
{
    private PipelineSecrets? _secrets;

    /// <summary>
    /// The name of an environment variable holding a base64 PFX, as a Key Vault secret arrives in a
    /// pipeline. The name, never the value, is given, so the value stays off the command line.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateBase64VariablePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateBase64VariableLiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? CertificateBase64Variable { get; set; }

    /// <summary>The name of an environment variable holding the password of the PFX or of the encrypted PEM key; excludes -Password.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateFilePasswordVariablePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateFilePasswordVariableLiteralPathSet)]
    [Parameter(ParameterSetName = CertificateBase64VariablePathSet)]
    [Parameter(ParameterSetName = CertificateBase64VariableLiteralPathSet)]
    [ValidateNotNullOrEmpty]
    public string? PasswordVariable { get; set; }

    /// <summary>
    /// Reads the secrets named by -CertificateBase64Variable and -PasswordVariable and has the runner
    /// mask them. It runs first in BeginProcessing, so no line reaches the log before the masks do.
    /// </summary>
    private void ReadSecretVariables() =>
        _secrets = SecretMasking.ReadAndMask(this, CiProvider, CertificateBase64Variable, PasswordVariable);

    private void ReleaseSecrets()
    {
        _secrets?.Dispose();
        _secrets = null;
    }
}
