#Requires -Version 7.4

# The example policies in policies/examples, each copied into the test folder with the trust files
# it names, and judged on files signed at test time or on the signed scripts of the packages the
# build restores. Certificates and keys are minted here; third-party files are found, not copied in.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-CodeSignPSModulePath) -Force

    $script:examplesFolder = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../policies/examples'))
    $script:repositoryRoot = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))

    function Copy-ExamplePolicy {
        # Copies one example into a folder of its own, so that its trust/ and crl/ paths resolve there.
        param([Parameter(Mandatory)] [string] $Name)

        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([IO.Path]::GetFileNameWithoutExtension($Name)))
        Copy-Item -LiteralPath (Join-Path $script:examplesFolder $Name) -Destination $folder.FullName
        return Join-Path $folder.FullName $Name
    }

    function Write-Pem {
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [object[]] $Certificate)

        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $Path) -Force
        [IO.File]::WriteAllText($Path, (($Certificate | ForEach-Object { $_.ExportCertificatePem() }) -join "`n") + "`n")
    }

    function New-SignedScript {
        # Writes a small script under -Root and signs it (unless -Certificate is omitted).
        param(
            [Parameter(Mandatory)] [string] $Root,
            [Parameter(Mandatory)] [string] $RelativePath,
            [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
            [string] $TimestampServer
        )

        $path = Join-Path $Root $RelativePath
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $path) -Force
        $text = if ($path.EndsWith('.psd1')) { "@{ ModuleVersion = '1.0.0' }`n" } else { "Write-Output '$RelativePath'`n" }
        [IO.File]::WriteAllText($path, $text)
        if ($Certificate) {
            $signing = @{ LiteralPath = $path; Certificate = $Certificate; ErrorAction = 'Stop' }
            if ($TimestampServer) { $signing.TimestampServer = $TimestampServer }
            Set-CodeSignature @signing | Out-Null
        }
        return $path
    }

    function Get-Decision {
        param([object[]] $Decisions, [Parameter(Mandatory)] [string] $RelativePath)

        $found = @($Decisions | Where-Object RelativePath -eq $RelativePath)
        if ($found.Count -ne 1) { throw "Expected one decision for '$RelativePath'; found $($found.Count)." }
        return $found[0]
    }
}

Describe 'Committed example policies' {
    It '<Name> loads without errors or warnings' -ForEach @(
        @{ Name = 'small-team.yaml'; Environments = @('dev', 'prod') }
        @{ Name = 'company-vendor-modules.yaml'; Environments = @('dev', 'staging', 'prod') }
        @{ Name = 'restored-packages.yaml'; Environments = @('build') }
    ) {
        $path = Join-Path $examplesFolder $Name

        $null = Get-CodeSigningPolicy -Path $path -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
        $warnings | Should -BeNullOrEmpty
        foreach ($environment in $Environments) {
            $effective = Get-CodeSigningPolicy -Path $path -Environment $environment -WarningAction SilentlyContinue -ErrorAction Stop
            $effective | Should -Not -BeNullOrEmpty -Because "environment '$environment' resolves"
        }
    }

    It '<Name> points editors at the schema' -ForEach @(
        @{ Name = 'small-team.yaml' }
        @{ Name = 'company-vendor-modules.yaml' }
        @{ Name = 'restored-packages.yaml' }
    ) {
        $firstLine = (Get-Content -LiteralPath (Join-Path $examplesFolder $Name) -TotalCount 1)

        $firstLine | Should -Be '# yaml-language-server: $schema=../codesignps-policy.schema.json'
        Join-Path $examplesFolder '../codesignps-policy.schema.json' | Should -Exist
    }
}

Describe 'Example: small team' {
    BeforeAll {
        $policy = Copy-ExamplePolicy -Name 'small-team.yaml'
        $policyFolder = Split-Path -Parent $policy
        $root = Join-Path $TestDrive 'small-team-artifacts'

        $teamRoot = New-CodeSigningCertificate -Subject 'CN=Example Team Root CA, O=Example Team' -CertificateAuthority -ValidityDays 30
        $release = New-CodeSigningCertificate -Subject 'CN=Example Team Release Signing, O=Example Team' -Issuer $teamRoot -ValidityDays 10
        $retired = New-CodeSigningCertificate -Subject 'CN=Example Team Release Signing, O=Example Team' -Issuer $teamRoot -ValidityDays 10
        $alice = New-CodeSigningCertificate -Subject 'CN=Alice, O=Example Team' -ValidityDays 10
        $mallory = New-CodeSigningCertificate -Subject 'CN=Mallory, O=Example Team' -ValidityDays 10

        Write-Pem -Path (Join-Path $policyFolder 'trust/team-root.pem') -Certificate $teamRoot
        Write-Pem -Path (Join-Path $policyFolder 'trust/developers/alice.pem') -Certificate $alice
        $null = New-Item -ItemType Directory -Path (Join-Path $policyFolder 'crl')
        Revoke-CodeSigningCertificate -Certificate $retired -Issuer $teamRoot -CrlPath (Join-Path $policyFolder 'crl/team-root.crl') `
            -Reason Superseded -RevocationTime ([DateTime]::UtcNow.AddMinutes(-1)) -Confirm:$false

        $null = New-SignedScript -Root $root -RelativePath 'deploy/Release.ps1' -Certificate $release
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Tools.psm1' -Certificate $release
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Alice.ps1' -Certificate $alice
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Retired.ps1' -Certificate $retired
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Mallory.ps1' -Certificate $mallory
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Unsigned.ps1'
        $null = New-SignedScript -Root $root -RelativePath 'tests/Release.Tests.ps1'
        [IO.File]::WriteAllText((Join-Path $root 'deploy/run.cmd'), "@echo off`n")

        $common = @{ Policy = $policy; LiteralPath = $root; Root = $root; ErrorAction = 'Stop' }
        $decisions = @{
            dev  = @(Test-CodeSigningPolicy @common -Environment dev)
            prod = @(Test-CodeSigningPolicy @common -Environment prod)
        }
    }

    It 'gives <Path> <Dev> in dev and <Prod> in prod' -ForEach @(
        @{ Path = 'deploy/Release.ps1'; Dev = 'Allow'; Prod = 'Allow' }
        @{ Path = 'deploy/Tools.psm1'; Dev = 'Allow'; Prod = 'Allow' }
        @{ Path = 'deploy/Alice.ps1'; Dev = 'Allow'; Prod = 'Deny' }
        @{ Path = 'deploy/Retired.ps1'; Dev = 'Allow'; Prod = 'Deny' }
        @{ Path = 'deploy/Mallory.ps1'; Dev = 'Deny'; Prod = 'Deny' }
        @{ Path = 'deploy/Unsigned.ps1'; Dev = 'Deny'; Prod = 'Deny' }
        @{ Path = 'tests/Release.Tests.ps1'; Dev = 'Skipped'; Prod = 'Deny' }
        @{ Path = 'deploy/run.cmd'; Dev = 'Skipped'; Prod = 'Deny' }
    ) {
        "$((Get-Decision -Decisions $decisions.dev -RelativePath $Path).Outcome)" | Should -Be $Dev
        "$((Get-Decision -Decisions $decisions.prod -RelativePath $Path).Outcome)" | Should -Be $Prod
    }

    It 'refuses the self-signed developer signature in prod for its level' {
        $alice = Get-Decision -Decisions $decisions.prod -RelativePath 'deploy/Alice.ps1'

        $alice.Publisher | Should -Be 'developers'
        "$($alice.ValidationLevel)" | Should -Be 'SelfSigned'
        "$($alice.RequiredLevel)" | Should -Be 'Internal'
        ($alice.Reasons -join ' ') | Should -Match 'SelfSigned, below the minimum Internal'
    }

    It 'accepts the release signature in prod as Internal' {
        $release = Get-Decision -Decisions $decisions.prod -RelativePath 'deploy/Release.ps1'

        $release.Publisher | Should -Be 'release'
        "$($release.ValidationLevel)" | Should -Be 'Internal'
        ($release.Checks | Where-Object Check -eq 'Revocation').Passed | Should -BeTrue
    }

    It 'denies the revoked release certificate in prod by its CRL' {
        $retired = Get-Decision -Decisions $decisions.prod -RelativePath 'deploy/Retired.ps1'

        ($retired.Checks | Where-Object Check -eq 'Revocation').Passed | Should -BeFalse
    }

    It 'denies a self-signed certificate that the team did not collect' {
        $mallory = Get-Decision -Decisions $decisions.dev -RelativePath 'deploy/Mallory.ps1'

        ($mallory.Checks | Where-Object Check -eq 'Trust').Passed | Should -BeFalse
        $mallory.Publisher | Should -BeNullOrEmpty
    }

    It 'passes the prod gate for the released files alone' {
        $released = @((Join-Path $root 'deploy/Release.ps1'), (Join-Path $root 'deploy/Tools.psm1'))

        { Assert-CodeSigningPolicy -Policy $policy -Environment prod -LiteralPath $released -Root $root -InformationAction SilentlyContinue | Out-Null } |
            Should -Not -Throw
    }
}
