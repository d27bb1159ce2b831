using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CodeSignPS.Core;
using CodeSignPS.Core.Certificates;

namespace CodeSignPS.Commands;

/// <summary>Creates a key pair and a PKCS#10 signing request for a code signing certificate.</summary>
[Cmdlet(VerbsCommon.New, "CodeSigningRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = NewKeyFileSet)]
[OutputType(typeof(SigningRequest))]
public sealed class NewCodeSigningRequestCommand : CodeSignCmdletBase
{
    // The subject source (new or renewed) crossed with the key destination (file or store).
    private const string NewKeyFileSet = "NewKeyFile";
    private const string NewStoreSet = "NewStore";
    private const string RenewKeyFileSet = "RenewKeyFile";
    private const string RenewStoreSet = "RenewStore";

    /// <summary>Distinguished name to ask for.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NewKeyFileSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NewStoreSet)]
    [ValidateNotNullOrEmpty]
    public string Subject { get; set; } = string.Empty;

    /// <summary>Certificate whose subject and extensions the request repeats, with a new key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RenewKeyFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = RenewStoreSet)]
    [ValidateNotNull]
    public X509Certificate2 RenewFrom { get; set; } = null!;

    /// <summary>Key algorithm and size of the new key.</summary>
    [Parameter]
    public CertificateKeyAlgorithm? KeyAlgorithm { get; set; }

    /// <summary>File for the PEM signing request.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>File for the private key (PKCS#8 PEM).</summary>
    [Parameter(Mandatory = true, ParameterSetName = NewKeyFileSet)]
    [Parameter(Mandatory = true, ParameterSetName = RenewKeyFileSet)]
    [ValidateNotNullOrEmpty]
    public string KeyPath { get; set; } = string.Empty;

    /// <summary>Password that encrypts the key file.</summary>
    [Parameter(ParameterSetName = NewKeyFileSet)]
    [Parameter(ParameterSetName = RenewKeyFileSet)]
    public SecureString? Password { get; set; }

    /// <summary>Write the key file unencrypted when no password is given.</summary>
    [Parameter(ParameterSetName = NewKeyFileSet)]
    [Parameter(ParameterSetName = RenewKeyFileSet)]
    public SwitchParameter UnprotectedKey { get; set; }

    /// <summary>Keep the key in this location's "My" store instead of a file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = NewStoreSet)]
    [Parameter(Mandatory = true, ParameterSetName = RenewStoreSet)]
    public StoreLocation StoreLocation { get; set; }

    /// <summary>Replace existing files at -Path and -KeyPath.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        bool renew = ParameterSetName is RenewKeyFileSet or RenewStoreSet;
        bool toStore = ParameterSetName is NewStoreSet or RenewStoreSet;
        var profile = new CertificateProfile
        {
            Subject = renew ? null : Subject,
            RenewFrom = renew ? RenewFrom : null,
            KeyAlgorithm = KeyAlgorithm,
        };
        var options = new SigningRequestOptions
        {
            RequestPath = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
            KeyPath = toStore ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyPath),
            Password = Password,
            UnprotectedKey = UnprotectedKey,
            StoreLocation = toStore ? StoreLocation : null,
            Overwrite = Force,
        };

        try
        {
            SigningRequestFactory.Validate(profile, options);
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }

        string keyDestination = toStore ? $@"the key in {StoreLocation}\My" : $"the key to '{options.KeyPath}'";
        string action = $"Create a key pair and signing request, writing {keyDestination}" +
            (options.RequestPath is null ? string.Empty : $" and the request to '{options.RequestPath}'");
        if (!ShouldProcess(profile.Subject ?? RenewFrom.Subject, action))
        {
            return;
        }

        WriteObject(Create(profile, options));
    }

    private SigningRequest Create(CertificateProfile profile, SigningRequestOptions options)
    {
        string target = options.KeyPath ?? options.RequestPath ?? string.Empty;
        try
        {
            SigningRequest request = SigningRequestFactory.Create(profile, options);
            WriteVerbose($"Created a {request.KeyAlgorithm} key and a signing request for '{request.Subject}'" +
                (request.KeyPath is null ? $"; the key is in {request.Store} beside placeholder {request.PlaceholderThumbprint}." : $"; key in '{request.KeyPath}'."));
            return request;
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, target, FileAccessKind.Write, out ErrorRecord record))
        {
            ThrowTerminatingError(record);
            throw;
        }
    }
}
