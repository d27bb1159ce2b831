#Requires -Version 7.4

# Hostile inputs for the policy gate: artifact trees, paths and trust material that a deployment could
# meet. Each test states what the gate must do; all certificates are minted here and stay in $TestDrive.

Describe 'Policy gate under hostile inputs' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $ca = New-CodeSigningCertificate -Subject 'CN=Breaker Root CA, O=Contoso' -CertificateAuthority -ValidityDays 30
        $release = New-CodeSigningCertificate -Subject 'CN=Breaker Release, O=Contoso' -Issuer $ca -ValidityDays 10
        $policySigningCa = New-CodeSigningCertificate -Subject 'CN=Breaker Policy CA' -CertificateAuthority -ValidityDays 30
        $policySigner = New-CodeSigningCertificate -Subject 'CN=Breaker Policy Signer' -Issuer $policySigningCa -ValidityDays 10

        function New-BreakerPolicy {
            # A policy trusting only $ca, covering every file below the root, in a fresh folder.
            param([Parameter(Mandatory)] [string] $Name)

            $directory = Join-Path $TestDrive $Name
            $root = Join-Path $directory 'artifacts'
            $trust = Join-Path $directory 'trust'
            $null = New-Item -ItemType Directory -Path $root, $trust -Force
            [IO.File]::WriteAllText((Join-Path $trust 'ca.pem'), $ca.ExportCertificatePem())
            $policy = @'
version: 1
trustStores:
  ca: { role: codeSigning, class: enterprise, certificates: [trust/ca.pem] }
publishers:
  release: { trustStores: [ca], subject: { CN: Breaker Release } }
defaults:
  checks: { timestamp: off }
rules:
  - { name: everything, include: ["**"], publishers: [release] }
environments:
  prod: { uncovered: deny }
'@
            $policyPath = Join-Path $directory 'policy.yaml'
            [IO.File]::WriteAllText($policyPath, $policy)
            return @{ Directory = $directory; Root = $root; Trust = $trust; PolicyPath = $policyPath }
        }

        function New-BreakerScript {
            param([Parameter(Mandatory)] [string] $Path, [object] $Certificate)

            $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($Path)) -Force
            [IO.File]::WriteAllText($Path, "Write-Output 'breaker'`n")
            if ($Certificate) {
                Set-CodeSignature -LiteralPath $Path -Certificate $Certificate -ErrorAction Stop | Out-Null
            }
        }
    }

    Context 'Folder walks' {
        It 'fails the gate when a linked folder below the root holds an unsigned script' -Skip:$IsWindows {
            $setup = New-BreakerPolicy -Name 'linked-folder'
            New-BreakerScript -Path (Join-Path $setup.Root 'scripts/Good.ps1') -Certificate $release
            $elsewhere = Join-Path $setup.Directory 'elsewhere'
            New-BreakerScript -Path (Join-Path $elsewhere 'Evil.ps1')
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $setup.Root 'scripts/linked') -Target $elsewhere

            # The folder is deployed with the root (an archiver or copy that follows links takes
            # Evil.ps1 along), so the gate must not pass while never having looked at it.
            { Assert-CodeSigningPolicy -Policy $setup.PolicyPath -Environment prod -Root $setup.Root -Path $setup.Root -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null } |
                Should -Throw -ErrorId 'PolicyGateFailed*'
        }

        It 'does not drop a signature with an upper-case .P7S extension while judging its file unsigned' {
            $setup = New-BreakerPolicy -Name 'upper-case-p7s'
            $file = Join-Path $setup.Root 'release/app.bin'
            $null = New-Item -ItemType Directory -Path ([IO.Path]::GetDirectoryName($file)) -Force
            [IO.File]::WriteAllBytes($file, [byte[]] (1..32))
            Set-CodeSignature -LiteralPath $file -Certificate $release -Detached -ErrorAction Stop | Out-Null
            Rename-Item -LiteralPath "$file.p7s" -NewName 'app.bin.P7S'

            $decisions = @(Test-CodeSigningPolicy -Policy $setup.PolicyPath -Environment prod -Root $setup.Root -Path $setup.Root -WarningAction SilentlyContinue)

            # Either the .P7S is the file's signature (and the file is allowed), or it is not a
            # signature and is judged as an artifact of its own; never both ignored and missing.
            $app = @($decisions | Where-Object RelativePath -eq 'release/app.bin')
            $signatureJudged = @($decisions | Where-Object RelativePath -eq 'release/app.bin.P7S').Count -eq 1
            ("$($app[0].Outcome)" -eq 'Allow') -or $signatureJudged | Should -BeTrue -Because "decisions were: $(($decisions | ForEach-Object { "$($_.RelativePath)=$($_.Outcome)" }) -join ', ')"
        }
    }

    Context 'Inputs the gate cannot find' {
        It 'fails the gate when a path given to it does not exist' {
            $setup = New-BreakerPolicy -Name 'missing-path'
            New-BreakerScript -Path (Join-Path $setup.Root 'Good.ps1') -Certificate $release

            # A typo in the pipeline's path must not turn the gate into a no-op that passes.
            { Assert-CodeSigningPolicy -Policy $setup.PolicyPath -Environment prod -Root $setup.Root -LiteralPath (Join-Path $setup.Root 'Gone.ps1') -ErrorAction SilentlyContinue | Out-Null } |
                Should -Throw -ErrorId 'PolicyGateFailed*'
        }
    }

    Context 'Signed policies' {
        It 'does not trust a trust store file replaced after the policy was signed' {
            $setup = New-BreakerPolicy -Name 'swapped-trust'
            $policyTrust = Join-Path $setup.Directory 'policy-ca.pem'
            [IO.File]::WriteAllText($policyTrust, $policySigningCa.ExportCertificatePem())
            Set-CodeSignature -LiteralPath $setup.PolicyPath -Certificate $policySigner -Detached -ErrorAction Stop | Out-Null

            # Whoever can write next to the policy mints a look-alike CA and swaps the trust store file
            # the signed policy names; the policy's signature still verifies.
            $rogueCa = New-CodeSigningCertificate -Subject 'CN=Breaker Root CA, O=Contoso' -CertificateAuthority -ValidityDays 30
            $rogue = New-CodeSigningCertificate -Subject 'CN=Breaker Release, O=Contoso' -Issuer $rogueCa -ValidityDays 10
            $script = Join-Path $setup.Root 'Payload.ps1'
            New-BreakerScript -Path $script -Certificate $rogue
            [IO.File]::WriteAllText((Join-Path $setup.Trust 'ca.pem'), $rogueCa.ExportCertificatePem())

            $signed = @{ Policy = $setup.PolicyPath; Environment = 'prod'; Root = $setup.Root; RequireSignedPolicy = $true; PolicyTrustStore = $policyTrust }
            $outcome = try { "$((Test-CodeSigningPolicy @signed -LiteralPath $script -ErrorAction Stop).Outcome)" } catch { 'Refused' }

            $outcome | Should -Not -Be 'Allow'
        }
    }
}
