# Module manifest for CodeSignPS.
# ModuleVersion is a placeholder here: build.ps1 writes the <Version> of Directory.Build.props into
# the copy it lays out in out/CodeSignPS.
@{
    RootModule           = 'CodeSignPS.dll'
    # Imported before RootModule: it loads CodeSignPS.Core and its libraries (dependencies/) into
    # the module's own assembly load context.
    NestedModules        = @('CodeSignPS.Loader.dll')
    ModuleVersion        = '0.0.0'
    GUID                 = '92a36c0f-4b63-48ba-8114-b7a0fdbc5da9'
    Author               = 'CodeSignPS contributors'
    CompanyName          = 'CodeSignPS contributors'
    Copyright            = '(c) CodeSignPS contributors'
    Description          = 'Authenticode signing and verification of PowerShell scripts on Windows, Linux and macOS, with signatures that Windows accepts and verification against explicit trust stores.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('CodeSignPS.format.ps1xml')
    CmdletsToExport      = @(
        'Set-CodeSignature', 'Get-CodeSignature', 'Remove-CodeSignature',
        'New-CodeSigningCertificate', 'New-CodeSigningRequest',
        'Import-CodeSigningCertificate', 'Export-CodeSigningCertificate',
        'Get-CodeSigningCertificate', 'Test-CodeSigningCertificate',
        'Revoke-CodeSigningCertificate', 'Save-CodeSigningCrl',
        'Get-CodeSigningPolicy', 'Test-CodeSigningPolicy', 'Assert-CodeSigningPolicy')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Authenticode', 'CodeSigning', 'Signature', 'Security', 'Linux', 'MacOS', 'Windows', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/license/mit'
            ReleaseNotes = 'First release: Set-CodeSignature, Get-CodeSignature and Remove-CodeSignature for PowerShell scripts (.ps1, .psm1, .psd1, .ps1xml, .psc1, .cdxml, .mof).'
        }
    }
}
