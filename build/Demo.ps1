<#
.SYNOPSIS
    Signs and verifies sample scripts with a throwaway certificate; run by build.ps1 -Task Demo.
.DESCRIPTION
    Runs in a fresh pwsh that imports the built module from CODESIGNPS_MODULE_PATH. Everything it
    makes (the certificate, its PFX and the sample scripts) lives in a temporary folder that is
    deleted at the end, whether the demo succeeds or not.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function New-DemoCertificate {
    # A self-signed RSA-3072 certificate with the code signing EKU, valid for one day.
    $rsa = [System.Security.Cryptography.RSA]::Create(3072)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        'CN=CodeSignPS Demo Signer, O=CodeSignPS Demo',
        $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256,
        [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)

    $codeSigning = [System.Security.Cryptography.OidCollection]::new()
    $null = $codeSigning.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3', 'Code Signing'))
    $request.CertificateExtensions.Add(
        [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($codeSigning, $false))
    $request.CertificateExtensions.Add(
        [System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new('DigitalSignature', $true))
    $request.CertificateExtensions.Add(
        [System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($false, $false, 0, $true))

    $now = [DateTimeOffset]::UtcNow
    return $request.CreateSelfSigned($now.AddMinutes(-5), $now.AddDays(1))
}

function New-DemoScripts {
    # One sample of each common script kind; the module manifest has a BOM and CRLF line endings.
    param([string] $Folder)

    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $utf8Bom = [System.Text.UTF8Encoding]::new($true)
    $samples = @(
        @{ Name = 'Deploy.ps1'; Encoding = $utf8; Text = "param([string] `$Environment = 'staging')`nWrite-Output ""Deploying to `$Environment""`n" }
        @{ Name = 'Tools.psm1'; Encoding = $utf8; Text = "function Get-Greeting { param([string] `$Name) ""Hello, `$Name"" }`nExport-ModuleMember -Function Get-Greeting`n" }
        @{ Name = 'Tools.psd1'; Encoding = $utf8Bom; Text = "@{`r`n    RootModule = 'Tools.psm1'`r`n    ModuleVersion = '1.0.0'`r`n}`r`n" }
        @{ Name = 'Tools.format.ps1xml'; Encoding = $utf8; Text = "<?xml version=""1.0"" encoding=""utf-8""?>`n<Configuration>`n  <ViewDefinitions />`n</Configuration>`n" }
    )
    foreach ($sample in $samples) {
        [System.IO.File]::WriteAllText((Join-Path $Folder $sample.Name), $sample.Text, $sample.Encoding)
    }
}

function Format-DemoTable {
    param([Parameter(ValueFromPipeline)] [object] $Result)
    begin { $rows = [System.Collections.Generic.List[object]]::new() }
    process { $rows.Add($Result) }
    end {
        $rows | Sort-Object Path | Format-Table -AutoSize -Property @(
            @{ Label = 'File'; Expression = { Split-Path -Leaf $_.Path } }
            'Format'
            @{ Label = 'Status'; Expression = { [string] $_.Status } }
            @{ Label = 'Signer'; Expression = { if ($_.SignerCertificate) { $_.SignerCertificate.GetNameInfo('SimpleName', $false) } } }
            'HashAlgorithm'
        ) | Out-String -Width 120 | Write-Host
    }
}

Import-Module -Name (Join-Path $env:CODESIGNPS_MODULE_PATH 'CodeSignPS.psd1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) "CodeSignPS-demo-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory -Path $work
try {
    Write-Host "Working in $work"
    $certificate = New-DemoCertificate
    $password = [System.Security.SecureString]::new()
    foreach ($character in [guid]::NewGuid().ToString('N').ToCharArray()) { $password.AppendChar($character) }
    $pfxPath = Join-Path $work 'demo-signer.pfx'
    $cerPath = Join-Path $work 'demo-signer.cer'
    [System.IO.File]::WriteAllBytes($pfxPath, $certificate.Export('Pfx', $password))
    [System.IO.File]::WriteAllBytes($cerPath, $certificate.Export('Cert'))
    Write-Host "Made a throwaway code signing certificate: $($certificate.Subject), thumbprint $($certificate.Thumbprint)"

    $scripts = Join-Path $work 'scripts'
    $null = New-Item -ItemType Directory -Path $scripts
    New-DemoScripts -Folder $scripts
    $files = Get-ChildItem -LiteralPath $scripts -File | Sort-Object Name

    Write-Host "`n== Before signing: Get-CodeSignature -Path $scripts/* -TrustStore demo-signer.cer"
    Get-CodeSignature -Path (Join-Path $scripts '*') -TrustStore $cerPath | Format-DemoTable

    Write-Host '== Signing: $files | Set-CodeSignature -CertificatePath demo-signer.pfx -Password <SecureString> -HashAlgorithm SHA256 -PassThru -TrustStore demo-signer.cer'
    $files | Set-CodeSignature -CertificatePath $pfxPath -Password $password -HashAlgorithm SHA256 -PassThru -TrustStore $cerPath |
        Sort-Object Path | Format-DemoTable

    Write-Host '== Verifying against the certificate as the only trust anchor'
    $verified = Get-CodeSignature -Path (Join-Path $scripts '*') -TrustStore $cerPath
    $verified | Format-DemoTable

    $tampered = Join-Path $scripts 'Deploy.ps1'
    $bytes = [System.IO.File]::ReadAllBytes($tampered)
    $bytes[0] = [byte][char]'P'
    [System.IO.File]::WriteAllBytes($tampered, $bytes)
    Write-Host "== Changed the first byte of Deploy.ps1 ('p' to 'P') and verified again"
    $after = Get-CodeSignature -Path (Join-Path $scripts '*') -TrustStore $cerPath
    $after | Format-DemoTable
    $tamperedResult = $after | Where-Object { (Split-Path -Leaf $_.Path) -eq 'Deploy.ps1' }
    Write-Host "Deploy.ps1: $($tamperedResult.Status): $($tamperedResult.StatusMessage)"

    $intact = @($verified | Where-Object { "$($_.Status)" -ne 'Valid' })
    if ($intact.Count -gt 0 -or "$($tamperedResult.Status)" -ne 'HashMismatch') {
        throw 'The demo did not show what it should: every signed file Valid, then Deploy.ps1 HashMismatch after the change.'
    }
    Write-Host "`nDemo finished: $($files.Count) files signed and verified; the changed file reports HashMismatch."
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    Write-Host "Removed $work"
}
