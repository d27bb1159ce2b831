#Requires -Version 7.4

# Revoke-CodeSigningCertificate end to end: an internal CA revokes its signing certificate, and
# Get-CodeSignature -RevocationMode Offline -CrlPath reads the CRL. Timestamps come from the test
# timestamp authority in tests/CodeSignPS.TestServers on 127.0.0.1.

Describe 'Revoke-CodeSigningCertificate' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.RevokeCodeSigningCertificateCommand'
        $getCommand = 'CodeSignPS.Commands.GetCodeSignatureCommand'
        $pkiFolder = Join-Path $TestDrive 'tsa-pki'
        $script:servers = [System.Collections.Generic.List[object]]::new()

        # A fresh CA, its signing certificate, a signed script, and where the CA's CRL goes.
        function New-SignedCase {
            param([string] $Name, [string] $TimestampServer)

            $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name"))).FullName
            $ca = New-TestCertificateAuthority -Name "Revoke $Name"
            $rootPath = Join-Path $folder 'root.cer'
            [IO.File]::WriteAllBytes($rootPath, $ca.Root.RawData)
            $script = (New-TestScript -Path (Join-Path $folder 'signed.ps1')).FullName
            $stamp = if ($TimestampServer) { @{ TimestampServer = $TimestampServer } } else { @{} }
            Set-CodeSignature -LiteralPath $script -Certificate $ca.Leaf -IncludeChain All @stamp -ErrorAction Stop
            [pscustomobject]@{
                Root     = $ca.Root
                Leaf     = $ca.Leaf
                Script   = $script
                CrlPath  = Join-Path $folder 'root.crl'
                Verify   = @{ LiteralPath = $script; TrustStore = $rootPath; RevocationMode = 'Offline' }
                Folder   = $folder
            }
        }

        $assembly = Get-TestServersAssembly -BuildFolder (Join-Path $TestDrive 'test-servers')
        $tsa = Start-TestTimestampServer -Assembly $assembly -Mode openssl -PkiFolder $pkiFolder -WorkFolder $TestDrive
        $script:servers.Add($tsa.Process)
        $script:tsaUrl = $tsa.Url
        $tsaTrust = @{ TimestampTrustStore = (Join-Path $pkiFolder 'tsa-root.pem') }
    }

    AfterAll {
        foreach ($process in $script:servers) {
            Stop-Process -Id $process.Id -Force -ErrorAction Ignore
        }
    }

    Context 'Revoking and verifying offline' {
        It 'reports Revoked with the reason after the signing certificate is revoked' {
            $case = New-SignedCase -Name revoked
            $verify = $case.Verify

            Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Reason KeyCompromise -Confirm:$false -ErrorAction Stop
            $result = Get-CodeSignature @verify -CrlPath $case.CrlPath

            $result.Status | Should -Be 'Revoked'
            $result.IsRevocationChecked | Should -BeTrue
            $result.StatusMessage | Should -Match 'KeyCompromise'
            $result.StatusMessage | Should -Match $case.Leaf.SerialNumber
        }

        It 'reports Valid when the CRL covers the chain and does not list the signer' {
            $case = New-SignedCase -Name valid
            $verify = $case.Verify
            Revoke-CodeSigningCertificate -SerialNumber '0A0B0C' -Issuer $case.Root -CrlPath $case.CrlPath -Reason Superseded -Confirm:$false -ErrorAction Stop

            $result = Get-CodeSignature @verify -CrlPath $case.Folder

            $result.Status | Should -Be 'Valid'
            $result.IsRevocationChecked | Should -BeTrue
            ($result.Checks | Where-Object Name -EQ 'Revocation').Passed | Should -BeTrue
        }

        It 'reports RevocationUnknown when no CRL covers the signer' {
            $case = New-SignedCase -Name nocrl
            $verify = $case.Verify

            $result = Get-CodeSignature @verify

            $result.Status | Should -Be 'RevocationUnknown'
            $result.StatusMessage | Should -Match 'no CRL issued by'
        }

        It 'reports RevocationUnknown with the reason when the CRL is signed by another key' {
            $case = New-SignedCase -Name forged
            $verify = $case.Verify
            $impostor = New-TestSigningCertificate -Subject $case.Root.Subject -CertificateAuthority
            Revoke-CodeSigningCertificate -SerialNumber '01' -Issuer $impostor -CrlPath $case.CrlPath -Confirm:$false -ErrorAction Stop

            $result = Get-CodeSignature @verify -CrlPath $case.CrlPath

            $result.Status | Should -Be 'RevocationUnknown'
            $result.StatusMessage | Should -Match 'does not verify'
        }

        It 'keeps a signature timestamped before a superseded revocation Valid' {
            $case = New-SignedCase -Name superseded -TimestampServer $script:tsaUrl
            $verify = $case.Verify
            Start-Sleep -Seconds 2

            $case.Leaf | Revoke-CodeSigningCertificate -Issuer $case.Root -CrlPath $case.CrlPath -Reason Superseded -Confirm:$false -ErrorAction Stop
            $result = Get-CodeSignature @verify @tsaTrust -CrlPath $case.CrlPath

            $result.Timestamp.IsVerified | Should -BeTrue
            $result.Status | Should -Be 'Valid'
            ($result.Checks | Where-Object Name -EQ 'Revocation').Message | Should -Match 'stays valid'
        }

        It 'reports Revoked for a key compromise even with an earlier timestamp' {
            $case = New-SignedCase -Name compromise -TimestampServer $script:tsaUrl
            $verify = $case.Verify
            Start-Sleep -Seconds 2

            $case.Leaf | Revoke-CodeSigningCertificate -Issuer $case.Root -CrlPath $case.CrlPath -Reason KeyCompromise -Confirm:$false -ErrorAction Stop
            $result = Get-CodeSignature @verify @tsaTrust -CrlPath $case.CrlPath

            $result.Timestamp.IsVerified | Should -BeTrue
            $result.Status | Should -Be 'Revoked'
        }
    }

    Context 'The CRL file' {
        It 'numbers each reissued CRL and keeps earlier entries' {
            $case = New-SignedCase -Name numbering
            $verify = $case.Verify

            '01', '02' | ForEach-Object { [pscustomobject]@{ SerialNumber = $_ } } |
                Revoke-CodeSigningCertificate -Issuer $case.Root -CrlPath $case.CrlPath -Confirm:$false -ErrorAction Stop
            $crl = Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Reason CessationOfOperation -PassThru -Confirm:$false -ErrorAction Stop

            $crl.CrlNumber | Should -Be 3
            @($crl.Entries).Count | Should -Be 3
            $crl.NextUpdate.UtcDateTime | Should -BeGreaterThan ([DateTime]::UtcNow.AddDays(6))
        }

        It 'writes a CRL that openssl verifies with the CA certificate' {
            $case = New-SignedCase -Name openssl
            $verify = $case.Verify
            $rootPem = Join-Path $case.Folder 'root.pem'
            [IO.File]::WriteAllText($rootPem, $case.Root.ExportCertificatePem())
            Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Reason KeyCompromise -Confirm:$false -ErrorAction Stop

            $output = & openssl crl -in $case.CrlPath -inform DER -noout -text -CAfile $rootPem 2>&1

            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            ($output -join "`n") | Should -Match 'verify OK'
            ($output -join "`n") | Should -Match 'Key Compromise'
        }

        It 'writes nothing with -WhatIf' {
            $case = New-SignedCase -Name whatif
            $verify = $case.Verify

            Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -WhatIf

            Test-Path -LiteralPath $case.CrlPath | Should -BeFalse
        }
    }

    Context 'Bad input changes nothing' {
        It 'stops with IssuerPrivateKeyMissing for a CA certificate without its key' {
            $case = New-SignedCase -Name nokey
            $verify = $case.Verify
            $publicOnly = [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($case.Root.RawData)

            { Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $publicOnly -CrlPath $case.CrlPath -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId "IssuerPrivateKeyMissing,$command"
            Test-Path -LiteralPath $case.CrlPath | Should -BeFalse
        }

        It 'reports CertificateAlreadyRevoked for a second revocation and leaves the CRL' {
            $case = New-SignedCase -Name twice
            $verify = $case.Verify
            Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Reason Superseded -Confirm:$false -ErrorAction Stop
            $before = Get-FileSha256 -Path $case.CrlPath

            Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Reason KeyCompromise -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -Be "CertificateAlreadyRevoked,$command"
            Get-FileSha256 -Path $case.CrlPath | Should -Be $before
        }

        It 'reports CertificateNotIssuedByIssuer for a certificate of another CA' {
            $case = New-SignedCase -Name otherca
            $verify = $case.Verify
            $other = New-TestCertificateAuthority -Name 'Revoke Other'

            Revoke-CodeSigningCertificate -Certificate $other.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -Be "CertificateNotIssuedByIssuer,$command"
            Test-Path -LiteralPath $case.CrlPath | Should -BeFalse
        }

        It 'rejects -Reason CertificateHold' {
            $case = New-SignedCase -Name hold
            $verify = $case.Verify

            { Revoke-CodeSigningCertificate -Certificate $case.Leaf -Issuer $case.Root -CrlPath $case.CrlPath -Reason CertificateHold -Confirm:$false } |
                Should -Throw -ErrorId "ParameterArgumentValidationError,$command"
        }

        It 'stops Get-CodeSignature with CrlNotFound for a missing CRL path' {
            $case = New-SignedCase -Name missing
            $verify = $case.Verify

            { Get-CodeSignature @verify -CrlPath (Join-Path $case.Folder 'none.crl') -ErrorAction Stop } |
                Should -Throw -ErrorId "CrlNotFound,$getCommand"
        }
    }
}
