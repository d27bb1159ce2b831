# A folder of artifacts signed at test time and a policy with dev, staging and prod environments,
# shared by the Test-CodeSigningPolicy, Assert-CodeSigningPolicy and end-to-end policy tests. The
# certificates come from New-CodeSigningCertificate and live only in memory and in the test folder.

Set-StrictMode -Version Latest

function New-PolicyFixture {
    <#
    .SYNOPSIS
    Writes trust/, artifacts/ and policy.yaml under -Directory and returns their paths.
    .DESCRIPTION
    The artifacts (relative to Root):
      scripts/Good.ps1       signed by the internal CA's release signer
      scripts/DevOnly.ps1    signed by a self-signed developer certificate (level SelfSigned)
      scripts/Tampered.ps1   signed by the release signer, then changed
      scripts/Unsigned.ps1   not signed
      scripts/Stranger.ps1   signed by a certificate of another CA that no trust store holds
      scripts/Legacy.ps1     not signed; a valid exception in prod
      scripts/Expired.ps1    not signed; an expired exception in prod
      scripts/Changed.ps1    not signed; an exception in prod whose SHA-256 is of other content
      release/app.zip        with a detached signature release/app.zip.p7s by the release signer
      release/orphan.zip.p7s a detached signature whose file is missing
      docs/readme.md         covered by no rule
    #>
    param([Parameter(Mandatory)] [string] $Directory)

    $root = Join-Path $Directory 'artifacts'
    $trust = Join-Path $Directory 'trust'
    foreach ($folder in $root, $trust, (Join-Path $root 'scripts'), (Join-Path $root 'release'), (Join-Path $root 'docs')) {
        $null = New-Item -ItemType Directory -Path $folder -Force
    }

    $ca = New-CodeSigningCertificate -Subject 'CN=Contoso Test Root CA, O=Contoso' -CertificateAuthority -ValidityDays 30
    $release = New-CodeSigningCertificate -Subject 'CN=Contoso Release Signing, O=Contoso' -Issuer $ca -ValidityDays 10
    $developer = New-CodeSigningCertificate -Subject 'CN=Dev Signing, O=Contoso' -ValidityDays 10
    $strangerCa = New-CodeSigningCertificate -Subject 'CN=Stranger Root CA, O=Contoso' -CertificateAuthority -ValidityDays 30
    $stranger = New-CodeSigningCertificate -Subject 'CN=Contoso Release Signing, O=Contoso' -Issuer $strangerCa -ValidityDays 10
    [IO.File]::WriteAllText((Join-Path $trust 'contoso-root.pem'), $ca.ExportCertificatePem())
    [IO.File]::WriteAllText((Join-Path $trust 'dev-signer.pem'), $developer.ExportCertificatePem())

    $paths = @{}
    foreach ($name in 'Good', 'DevOnly', 'Tampered', 'Unsigned', 'Stranger', 'Legacy', 'Expired', 'Changed') {
        $path = Join-Path $root "scripts/$name.ps1"
        [IO.File]::WriteAllText($path, "Write-Output '$name'`n")
        $paths[$name] = $path
    }

    Set-CodeSignature -LiteralPath $paths.Good, $paths.Tampered -Certificate $release -ErrorAction Stop | Out-Null
    Set-CodeSignature -LiteralPath $paths.DevOnly -Certificate $developer -ErrorAction Stop | Out-Null
    Set-CodeSignature -LiteralPath $paths.Stranger -Certificate $stranger -ErrorAction Stop | Out-Null
    $tampered = [IO.File]::ReadAllText($paths.Tampered).Replace("'Tampered'", "'Tamperex'")
    [IO.File]::WriteAllText($paths.Tampered, $tampered)

    $paths.App = Join-Path $root 'release/app.zip'
    [IO.File]::WriteAllBytes($paths.App, [byte[]] (1..64))
    Set-CodeSignature -LiteralPath $paths.App -Certificate $release -Detached -ErrorAction Stop | Out-Null
    $paths.Orphan = Join-Path $root 'release/orphan.zip.p7s'
    Copy-Item -LiteralPath "$($paths.App).p7s" -Destination $paths.Orphan
    $paths.Readme = Join-Path $root 'docs/readme.md'
    [IO.File]::WriteAllText($paths.Readme, "# Readme`n")

    $legacyHash = (Get-FileHash -LiteralPath $paths.Legacy -Algorithm SHA256).Hash.ToLowerInvariant()
    $expiredHash = (Get-FileHash -LiteralPath $paths.Expired -Algorithm SHA256).Hash.ToLowerInvariant()
    $future = [DateTime]::UtcNow.AddDays(30).ToString('yyyy-MM-dd')
    $past = [DateTime]::UtcNow.AddDays(-2).ToString('yyyy-MM-dd')
    $otherHash = 'ab' * 32

    $policyPath = Join-Path $Directory 'policy.yaml'
    $policy = @"
version: 1
trustStores:
  contoso-root: { role: codeSigning, class: enterprise, certificates: [trust/contoso-root.pem] }
  dev-self:     { role: codeSigning, class: selfSigned, certificates: [trust/dev-signer.pem] }
publishers:
  contoso-release:
    trustStores: [contoso-root]
    subject: { CN: Contoso Release Signing, O: Contoso }
  dev-signer:
    trustStores: [dev-self]
    subject: { CN: Dev Signing }
defaults:
  checks: { timestamp: off }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [contoso-release, dev-signer]
    minimumLevel: SelfSigned
  - name: release
    include: ["release/**"]
    publishers: [contoso-release]
environments:
  dev: { mode: audit }
  staging: { extends: dev, mode: enforce }
  prod: { extends: staging, minimumLevel: Internal, uncovered: deny }
exceptions:
  - path: scripts/Legacy.ps1
    sha256: $legacyHash
    environments: [prod]
    reason: the vendor ships it unsigned until the next release
    ticket: OPS-1001
    expires: $future
  - path: scripts/Expired.ps1
    sha256: $expiredHash
    environments: [prod]
    reason: an old waiver
    ticket: OPS-1002
    expires: $past
  - path: scripts/Changed.ps1
    sha256: $otherHash
    environments: [prod]
    reason: reviewed content
    ticket: OPS-1003
    expires: $future
"@
    [IO.File]::WriteAllText($policyPath, $policy)

    return @{
        Directory  = $Directory
        Root       = $root
        PolicyPath = $policyPath
        Paths      = $paths
        Release    = $release
        Developer  = $developer
    }
}

function Get-DecisionOutcome {
    <#
    .SYNOPSIS
    Returns the outcome of the decision on -RelativePath as a string, or $null when there is none.
    #>
    param([object[]] $Decisions, [Parameter(Mandatory)] [string] $RelativePath)

    $decision = @($Decisions | Where-Object RelativePath -eq $RelativePath)
    if ($decision.Count -ne 1) { return $null }
    return "$($decision[0].Outcome)"
}

Export-ModuleMember -Function New-PolicyFixture, Get-DecisionOutcome
