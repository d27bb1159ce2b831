<#
.SYNOPSIS
    Signs and verifies sample scripts with a throwaway certificate; run by build.ps1 -Task Demo.
.DESCRIPTION
    Runs in a fresh pwsh that imports the built module from CODESIGNPS_MODULE_PATH. The scripts are
    timestamped by a throwaway timestamp authority on 127.0.0.1 (CODESIGNPS_TEST_SERVERS, started
    for the demo and stopped at the end), and a release archive gets a detached signature.
    Everything the demo makes (certificates, keys, sample files) lives in a temporary folder that is
    deleted at the end, whether the demo succeeds or not.
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

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
            @{ Label = 'Timestamp (UTC)'; Expression = { if ($_.Timestamp -and $_.Timestamp.IsVerified) { $_.Timestamp.Time.UtcDateTime.ToString('u') } } }
        ) | Out-String -Width 140 | Write-Host
    }
}

function Start-DemoTimestampAuthority {
    # Starts the local timestamp authority in .NET mode (it needs no openssl) and returns its URL.
    # It mints its own root and TSA certificate in $PkiFolder and exits when this process does.
    param([string] $WorkFolder, [string] $PkiFolder)

    $portFile = Join-Path $WorkFolder 'tsa.port'
    $arguments = @($env:CODESIGNPS_TEST_SERVERS, '--mode', 'dotnet', '--port-file', $portFile, '--pki', $PkiFolder,
        '--work', (Join-Path $WorkFolder 'tsa-work'), '--parent-pid', $PID)
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput "$portFile.out" -RedirectStandardError "$portFile.err"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path -LiteralPath $portFile)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            throw "The demo timestamp authority did not start: $(Get-Content -Raw -LiteralPath "$portFile.err" -ErrorAction Ignore)"
        }
        Start-Sleep -Milliseconds 100
    }
    $port = (Get-Content -Raw -LiteralPath $portFile).Trim()
    return [pscustomobject]@{ Process = $process; Url = "http://127.0.0.1:$port/tsa" }
}

function Show-DemoPolicyGate {
    # Writes a two-environment policy beside the demo's trust files and runs it over the signed
    # scripts, one of which was changed after signing: dev audits, prod denies and fails the gate.
    param([string] $WorkFolder, [string] $Scripts)

    $policyPath = Join-Path $WorkFolder 'policy.yaml'
    Set-Content -LiteralPath $policyPath -Value @'
version: 1
trustStores:
  demo-root: { role: codeSigning, class: enterprise, certificates: [demo-root.cer] }
  demo-tsa: { role: timestamping, class: enterprise, certificates: [tsa-pki/tsa-root.pem] }
publishers:
  demo-signer: { trustStores: [demo-root], subject: { O: CodeSignPS Demo } }
rules:
  - name: scripts
    include: ["scripts/*"]
    publishers: [demo-signer]
    minimumLevel: Internal
environments:
  dev: { mode: audit }
  prod: { extends: dev, mode: enforce, checks: { timestamp: enforce } }
'@
    Write-Host "`n== A YAML policy: Get-CodeSigningPolicy -Path policy.yaml -Environment prod -Explain (excerpt)"
    Get-CodeSigningPolicy -Path $policyPath -Environment prod -Explain |
        Where-Object Origin -NE 'BuiltIn' | Format-Table Setting, Value, Origin, SourceName -AutoSize | Out-String | Write-Host

    Write-Host '== The deployment gate in dev (audit mode): Assert-CodeSigningPolicy -Environment dev -Path scripts -Root <work>'
    $dev = Assert-CodeSigningPolicy -Policy $policyPath -Environment dev -Path $Scripts -Root $WorkFolder
    $dev | Format-Table Outcome, RelativePath, Rule, Publisher, ValidationLevel -AutoSize | Out-String | Write-Host

    Write-Host '== The same gate in prod (enforce mode), with reports and the log commands of a GitHub Actions runner'
    $reports = Join-Path $WorkFolder 'reports'
    $prod = $null
    try {
        $prod = Assert-CodeSigningPolicy -Policy $policyPath -Environment prod -Path $Scripts -Root $WorkFolder `
            -ReportPath $reports -ReportFormat JUnit, Sarif, Markdown, Json -CiProvider GitHubActions -ErrorAction Stop
    }
    catch {
        Write-Host "The gate failed, as it should: $($_.FullyQualifiedErrorId): $($_.Exception.Message)"
    }

    Write-Host "== The reports in $reports"
    Get-ChildItem -LiteralPath $reports | Format-Table Name, Length -AutoSize | Out-String | Write-Host
    Get-Content -LiteralPath (Join-Path $reports 'Assert-CodeSigningPolicy.md') -Raw | Write-Host

    $devDeploy = $dev | Where-Object RelativePath -EQ 'scripts/Deploy.ps1'
    $devOthers = @($dev | Where-Object RelativePath -NE 'scripts/Deploy.ps1' | Where-Object { "$($_.Outcome)" -ne 'Allow' })
    if ("$($devDeploy.Outcome)" -ne 'Audit' -or $devOthers.Count -gt 0 -or $null -ne $prod) {
        throw 'The demo did not show what it should: in dev every signed script Allow and the changed one Audit, and the prod gate failing.'
    }
}

Import-Module -Name (Join-Path $env:CODESIGNPS_MODULE_PATH 'CodeSignPS.psd1')
$work = Join-Path ([System.IO.Path]::GetTempPath()) "CodeSignPS-demo-$([guid]::NewGuid().ToString('N'))"
$null = New-Item -ItemType Directory -Path $work
$authority = $null
try {
    Write-Host "Working in $work"
    $tsaPki = Join-Path $work 'tsa-pki'
    $authority = Start-DemoTimestampAuthority -WorkFolder $work -PkiFolder $tsaPki
    $tsaRoot = Join-Path $tsaPki 'tsa-root.pem'
    Write-Host "Started a throwaway timestamp authority at $($authority.Url)"
    $password = [System.Security.SecureString]::new()
    foreach ($character in [guid]::NewGuid().ToString('N').ToCharArray()) { $password.AppendChar($character) }
    $pfxPath = Join-Path $work 'demo-signer.pfx'
    $cerPath = Join-Path $work 'demo-root.cer'
    $crlPath = Join-Path $work 'demo-root.crl'

    Write-Host '== An internal CA: New-CodeSigningCertificate -CertificateAuthority, then a signing certificate it issues'
    $root = New-CodeSigningCertificate -Subject 'CN=CodeSignPS Demo Root CA, O=CodeSignPS Demo' -CertificateAuthority -ValidityDays 30
    $certificate = New-CodeSigningCertificate -Subject 'CN=CodeSignPS Demo Signer, O=CodeSignPS Demo' -Issuer $root -ValidityDays 1 `
        -ExportPath $pfxPath -Password $password
    $null = Export-CodeSigningCertificate -Certificate $root -FilePath $cerPath -Format Der
    $fitness = Test-CodeSigningCertificate -Certificate $certificate -TrustStore $cerPath
    Write-Host "Root CA: $($root.Subject); signer: $($certificate.Subject), thumbprint $($certificate.Thumbprint)"
    Write-Host "Test-CodeSigningCertificate: IsFit $($fitness.IsFit) $($fitness.Reasons -join '; ')"
    if (-not $fitness.IsFit) { throw 'The demo signing certificate is not fit to sign.' }

    $scripts = Join-Path $work 'scripts'
    $null = New-Item -ItemType Directory -Path $scripts
    New-DemoScripts -Folder $scripts
    $files = Get-ChildItem -LiteralPath $scripts -File | Sort-Object Name

    Write-Host "`n== Before signing: Get-CodeSignature -Path $scripts/* -TrustStore demo-root.cer"
    Get-CodeSignature -Path (Join-Path $scripts '*') -TrustStore $cerPath | Format-DemoTable

    Write-Host "== Signing: `$files | Set-CodeSignature -CertificatePath demo-signer.pfx -Password <SecureString> -HashAlgorithm SHA256 -TimestampServer $($authority.Url)"
    $files | Set-CodeSignature -CertificatePath $pfxPath -Password $password -HashAlgorithm SHA256 -TimestampServer $authority.Url

    Write-Host '== Verifying: Get-CodeSignature -TrustStore demo-root.cer -TimestampTrustStore tsa-root.pem'
    $verified = Get-CodeSignature -Path (Join-Path $scripts '*') -TrustStore $cerPath -TimestampTrustStore $tsaRoot
    $verified | Format-DemoTable
    $sample = $verified | Where-Object { (Split-Path -Leaf $_.Path) -eq 'Deploy.ps1' }
    Write-Host "Deploy.ps1 timestamp: $($sample.Timestamp.Kind), $($sample.Timestamp.Time.UtcDateTime.ToString('u')), by '$($sample.Timestamp.Certificate.Subject)'"

    $tampered = Join-Path $scripts 'Deploy.ps1'
    $bytes = [System.IO.File]::ReadAllBytes($tampered)
    $bytes[0] = [byte][char]'P'
    [System.IO.File]::WriteAllBytes($tampered, $bytes)
    Write-Host "== Changed the first byte of Deploy.ps1 ('p' to 'P') and verified again"
    $after = Get-CodeSignature -Path (Join-Path $scripts '*') -TrustStore $cerPath
    $after | Format-DemoTable
    $tamperedResult = $after | Where-Object { (Split-Path -Leaf $_.Path) -eq 'Deploy.ps1' }
    Write-Host "Deploy.ps1: $($tamperedResult.Status): $($tamperedResult.StatusMessage)"

    $notValid = @($verified | Where-Object { "$($_.Status)" -ne 'Valid' -or -not $_.Timestamp.IsVerified })
    if ($notValid.Count -gt 0 -or "$($tamperedResult.Status)" -ne 'HashMismatch') {
        throw 'The demo did not show what it should: every signed file Valid with a verified timestamp, then Deploy.ps1 HashMismatch after the change.'
    }

    Show-DemoPolicyGate -WorkFolder $work -Scripts $scripts

    $release = Join-Path $work 'release'
    $null = New-Item -ItemType Directory -Path $release
    $archive = Join-Path $release 'tools-1.0.0.zip'
    Compress-Archive -Path (Join-Path $scripts 'Tools.*') -DestinationPath $archive
    Write-Host "`n== Detached signature for any file: Set-CodeSignature -Detached -LiteralPath tools-1.0.0.zip -TimestampServer $($authority.Url)"
    Set-CodeSignature -Detached -LiteralPath $archive -CertificatePath $pfxPath -Password $password -TimestampServer $authority.Url
    Get-ChildItem -LiteralPath $release | Format-Table Name, Length -AutoSize | Out-String | Write-Host
    $detached = Get-CodeSignature -LiteralPath $archive -TrustStore $cerPath -TimestampTrustStore $tsaRoot
    $detached | Format-DemoTable
    Write-Host "tools-1.0.0.zip: $($detached.Status): $($detached.StatusMessage)"

    if ("$($detached.Status)" -ne 'Valid' -or -not $detached.Timestamp.IsVerified) {
        throw 'The demo did not show what it should: the archive Valid with a verified timestamp through its .p7s.'
    }
    Write-Host "`n== Revoking the signing certificate for key compromise: Revoke-CodeSigningCertificate -Issuer <root> -CrlPath demo-root.crl -Reason KeyCompromise"
    Revoke-CodeSigningCertificate -Certificate $certificate -Issuer $root -CrlPath $crlPath -Reason KeyCompromise
    $revoked = Get-CodeSignature -LiteralPath (Join-Path $scripts 'Tools.psm1') -TrustStore $cerPath -TimestampTrustStore $tsaRoot `
        -RevocationMode Offline -CrlPath $crlPath
    $revoked | Format-DemoTable
    Write-Host "Tools.psm1: $($revoked.Status): $($revoked.StatusMessage)"
    if ("$($revoked.Status)" -ne 'Revoked') {
        throw 'The demo did not show what it should: Tools.psm1 Revoked once its certificate is on the CRL.'
    }

    Write-Host "`nDemo finished: $($files.Count) scripts signed and timestamped, the changed one reports HashMismatch and the prod policy gate denies it; an archive signed with a detached, timestamped signature; the signer revoked and reported Revoked."
}
finally {
    if ($authority) { Stop-Process -Id $authority.Process.Id -Force -ErrorAction SilentlyContinue }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    Write-Host "Removed $work"
}
