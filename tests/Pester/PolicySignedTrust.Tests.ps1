#Requires -Version 7.4

# A signed policy vouches for the trust store files it names only when each of them is signed too, and
# the gate counts every input it could not judge. All certificates are minted here and stay in $TestDrive.

Describe 'Signed policy trust files and inputs the gate cannot judge' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $ca = New-CodeSigningCertificate -Subject 'CN=Signed Trust Root CA, O=Contoso' -CertificateAuthority -ValidityDays 30
        $release = New-CodeSigningCertificate -Subject 'CN=Signed Trust Release, O=Contoso' -Issuer $ca -ValidityDays 10
        $policyCa = New-CodeSigningCertificate -Subject 'CN=Signed Trust Policy CA' -CertificateAuthority -ValidityDays 30
        $policySigner = New-CodeSigningCertificate -Subject 'CN=Signed Trust Policy Signer' -Issuer $policyCa -ValidityDays 10
        $outsiderCa = New-CodeSigningCertificate -Subject 'CN=Signed Trust Outsider CA' -CertificateAuthority -ValidityDays 30
        $outsider = New-CodeSigningCertificate -Subject 'CN=Signed Trust Outsider' -Issuer $outsiderCa -ValidityDays 10

        function New-SignedTrustSetup {
            # A signed policy trusting $ca through trust/ca.pem, with one script signed by $release.
            param([Parameter(Mandatory)] [string] $Name, [object] $TrustFileSigner)

            $directory = Join-Path $TestDrive $Name
            $root = Join-Path $directory 'artifacts'
            $null = New-Item -ItemType Directory -Path $root, (Join-Path $directory 'trust') -Force
            $trustFile = Join-Path $directory 'trust/ca.pem'
            [IO.File]::WriteAllText($trustFile, $ca.ExportCertificatePem())
            if ($TrustFileSigner) {
                Set-CodeSignature -LiteralPath $trustFile -Certificate $TrustFileSigner -Detached -ErrorAction Stop | Out-Null
            }

            $policyPath = Join-Path $directory 'policy.yaml'
            [IO.File]::WriteAllText($policyPath, @'
version: 1
trustStores:
  ca: { role: codeSigning, class: enterprise, certificates: [trust/ca.pem] }
publishers:
  release: { trustStores: [ca], subject: { CN: Signed Trust Release } }
defaults:
  checks: { timestamp: off }
rules:
  - { name: everything, include: ["**"], publishers: [release] }
environments:
  prod: {}
'@)
            Set-CodeSignature -LiteralPath $policyPath -Certificate $policySigner -Detached -ErrorAction Stop | Out-Null
            $policyTrust = Join-Path $directory 'policy-ca.pem'
            [IO.File]::WriteAllText($policyTrust, $policyCa.ExportCertificatePem())

            $script = Join-Path $root 'Good.ps1'
            [IO.File]::WriteAllText($script, "Write-Output 'signed trust'`n")
            Set-CodeSignature -LiteralPath $script -Certificate $release -ErrorAction Stop | Out-Null
            return @{
                Script = $script
                TrustFile = $trustFile
                Signed = @{ Policy = $policyPath; Environment = 'prod'; Root = $root; RequireSignedPolicy = $true; PolicyTrustStore = $policyTrust }
            }
        }
    }

    Context '-RequireSignedPolicy' {
        It 'evaluates when the policy and every trust store file are signed by a policy signer' {
            $setup = New-SignedTrustSetup -Name 'all-signed' -TrustFileSigner $policySigner
            $signed = $setup.Signed

            "$((Test-CodeSigningPolicy @signed -LiteralPath $setup.Script -ErrorAction Stop).Outcome)" | Should -Be 'Allow'
        }

        It 'evaluates nothing when a trust store file has no signature' {
            $setup = New-SignedTrustSetup -Name 'trust-unsigned'
            $signed = $setup.Signed

            { Test-CodeSigningPolicy @signed -LiteralPath $setup.Script -ErrorAction Stop } |
                Should -Throw -ErrorId 'PolicyTrustFileNotSigned,*'
        }

        It 'names the policy, the trust store and the file in the error' {
            $setup = New-SignedTrustSetup -Name 'trust-unsigned-message'
            $signed = $setup.Signed

            $message = try { Assert-CodeSigningPolicy @signed -LiteralPath $setup.Script -ErrorAction Stop | Out-Null } catch { $_.Exception.Message }

            $message | Should -BeLike "*$($signed.Policy)*"
            $message | Should -BeLike "*trust store 'ca'*"
            $message | Should -BeLike "*$($setup.TrustFile)*"
        }

        It 'evaluates nothing when a trust store file is signed by someone outside the policy trust stores' {
            $setup = New-SignedTrustSetup -Name 'trust-outsider' -TrustFileSigner $outsider
            $signed = $setup.Signed

            { Test-CodeSigningPolicy @signed -LiteralPath $setup.Script -ErrorAction Stop } |
                Should -Throw -ErrorId 'PolicyTrustFileNotTrusted,*'
        }

        It 'evaluates nothing when a trust store file changed after it was signed' {
            $setup = New-SignedTrustSetup -Name 'trust-changed' -TrustFileSigner $policySigner
            $signed = $setup.Signed
            [IO.File]::AppendAllText($setup.TrustFile, $outsiderCa.ExportCertificatePem())

            { Test-CodeSigningPolicy @signed -LiteralPath $setup.Script -ErrorAction Stop } |
                Should -Throw -ErrorId 'PolicyTrustFileSignatureInvalid,*'
        }

        It 'refuses the policy in Test-CodeSigningCertificate when a trust store file has no signature' {
            $setup = New-SignedTrustSetup -Name 'certificate-unsigned'
            $signed = $setup.Signed
            $signed.Remove('Root')

            { Test-CodeSigningCertificate -Certificate $release @signed -ErrorAction Stop } |
                Should -Throw -ErrorId 'PolicyTrustFileNotSigned,*'
        }

        It 'accepts the certificate in Test-CodeSigningCertificate when the trust store file is signed' {
            $setup = New-SignedTrustSetup -Name 'certificate-signed' -TrustFileSigner $policySigner
            $signed = $setup.Signed
            $signed.Remove('Root')

            Test-CodeSigningCertificate -Certificate $release @signed -Quiet -ErrorAction Stop | Should -BeTrue
        }
    }

    Context 'Inputs that were not evaluated' {
        It 'returns false from Test-CodeSigningPolicy -Quiet when a path does not exist' {
            $setup = New-SignedTrustSetup -Name 'quiet-missing' -TrustFileSigner $policySigner
            $signed = $setup.Signed

            Test-CodeSigningPolicy @signed -LiteralPath (Join-Path $signed.Root 'Gone.ps1') -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        }

        It 'judges the files of a linked folder inside the root under the path of the link' -Skip:$IsWindows {
            $setup = New-SignedTrustSetup -Name 'linked-inside' -TrustFileSigner $policySigner
            $signed = $setup.Signed
            $null = New-Item -ItemType Directory -Path (Join-Path $signed.Root 'real') -Force
            [IO.File]::WriteAllText((Join-Path $signed.Root 'real/Unsigned.ps1'), "Write-Output 'unsigned'`n")
            $linked = Join-Path $signed.Root 'linked'
            $loop = Join-Path $signed.Root 'real/loop'
            $null = New-Item -ItemType SymbolicLink -Path $linked -Target (Join-Path $signed.Root 'real')
            $null = New-Item -ItemType SymbolicLink -Path $loop -Target $signed.Root

            try {
                $decisions = @(Test-CodeSigningPolicy @signed -Path $signed.Root -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop)
            }
            finally {
                # The loop would make the removal of the test drive endless; deleting a link leaves its target.
                [IO.Directory]::Delete($loop)
                [IO.Directory]::Delete($linked)
            }

            ($warnings | Out-String) | Should -BeLike '*leads back to*'

            $decisions.RelativePath | Should -Contain 'linked/Unsigned.ps1'
            $decisions.RelativePath | Should -Contain 'real/Unsigned.ps1'
            "$(($decisions | Where-Object RelativePath -eq 'linked/Unsigned.ps1').Outcome)" | Should -Be 'Deny'
        }
    }
}
