#Requires -Version 7.4

# With CI=true a missing openssl or osslsigncode fails the interop tests here; elsewhere they skip.

Describe 'New-CodeSigningCertificate' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $PSNativeCommandUseErrorActionPreference = $false

        $password = ConvertTo-SecureString 'create-password' -AsPlainText -Force
        $root = New-CodeSigningCertificate -Subject 'CN=Pester Root, O=CodeSignPS Tests' -CertificateAuthority -KeyAlgorithm ECDsaP384
        $intermediate = New-CodeSigningCertificate -Subject 'CN=Pester Intermediate, O=CodeSignPS Tests' -CertificateAuthority -Issuer $root `
            -CrlDistributionPoint 'http://127.0.0.1/root.crl'
        $leaf = New-CodeSigningCertificate -Subject 'CN=Pester Signer, O=CodeSignPS Tests' -Issuer $intermediate `
            -OcspUri 'http://127.0.0.1/ocsp' -CAIssuersUri 'http://127.0.0.1/intermediate.cer'
        # Signing with a certificate object sends no intermediates, so signatures use a leaf of the root.
        $signer = New-CodeSigningCertificate -Subject 'CN=Pester Direct Signer, O=CodeSignPS Tests' -Issuer $root -KeyAlgorithm ECDsaP256
        $pemFolder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'pem')).FullName
        foreach ($entry in @(@('root', $root), @('intermediate', $intermediate), @('leaf', $leaf))) {
            Set-Content -LiteralPath (Join-Path $pemFolder "$($entry[0]).pem") -Value $entry[1].ExportCertificatePem()
        }

        function Invoke-Tool {
            # Runs a native tool with the other arguments; returns its exit code and combined output.
            $name = $args[0]
            [string[]] $arguments = @($args | Select-Object -Skip 1)
            $output = & $name @arguments 2>&1 | Out-String
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }

        function Test-ToolPresent([string] $Name) {
            if (Get-Command $Name -CommandType Application -ErrorAction Ignore) { return $true }
            if ($env:CI -eq 'true') { throw "CI=true, so the $Name interoperability tests cannot be skipped: $Name is not on PATH." }
            Set-ItResult -Skipped -Because "$Name is not on PATH"
            return $false
        }
    }

    Context 'Certificates' {
        It 'returns a self-signed code signing certificate with its key' {
            $cert = New-CodeSigningCertificate -Subject 'CN=Self Signed, O=CodeSignPS Tests'

            $cert.HasPrivateKey | Should -BeTrue
            $cert.Subject | Should -Be 'CN=Self Signed, O=CodeSignPS Tests'
            $cert.Issuer | Should -Be $cert.Subject
            $eku = $cert.Extensions | Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension] }
            $eku.EnhancedKeyUsages.Value | Should -Contain '1.3.6.1.5.5.7.3.3'
            $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPublicKey($cert)
            # The platform RSA class hides the getter from PowerShell, so the base property is read.
            [System.Security.Cryptography.AsymmetricAlgorithm].GetProperty('KeySize').GetValue($rsa) | Should -Be 3072
            ($cert.NotAfter - $cert.NotBefore).TotalDays | Should -BeGreaterThan 365
        }

        It 'makes <_> keys' -ForEach @('RSA4096', 'ECDsaP256', 'ECDsaP384') {
            $cert = New-CodeSigningCertificate -Subject "CN=$_" -KeyAlgorithm $_ -ValidityDays 10

            $cert.HasPrivateKey | Should -BeTrue
            [Math]::Round(($cert.NotAfter - $cert.NotBefore).TotalDays) | Should -Be 10
        }

        It 'renews a certificate with the same subject and a new key' {
            $renewed = New-CodeSigningCertificate -RenewFrom $leaf -Issuer $intermediate

            $renewed.Subject | Should -Be $leaf.Subject
            $renewed.Issuer | Should -Be $intermediate.Subject
            $renewed.GetPublicKeyString() | Should -Not -Be $leaf.GetPublicKeyString()
            $renewed.Extensions['1.3.6.1.5.5.7.1.1'].RawData | Should -Be $leaf.Extensions['1.3.6.1.5.5.7.1.1'].RawData
        }

        It 'signs a script that verifies as Valid against the root' {
            $script = New-TestScript -Path (Join-Path $TestDrive 'signed.ps1')
            Set-CodeSignature -LiteralPath $script.FullName -Certificate $signer -ErrorAction Stop -WarningAction SilentlyContinue

            $result = Get-CodeSignature -LiteralPath $script.FullName -TrustStore (Join-Path $pemFolder 'root.pem')

            $result.Status | Should -Be 'Valid'
        }
    }

    Context 'Errors' {
        It 'rejects <Name> as issuer with <Id>' -ForEach @(
            @{ Name = 'a CA without its key'; Id = 'IssuerPrivateKeyMissing' }
            @{ Name = 'a leaf'; Id = 'IssuerNotCertificateAuthority' }
        ) {
            $issuer = if ($Id -eq 'IssuerPrivateKeyMissing') { [System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadCertificate($root.RawData) } else { $leaf }
            $pfx = Join-Path $TestDrive "never-$Id.pfx"

            { New-CodeSigningCertificate -Subject 'CN=Never' -Issuer $issuer -ExportPath $pfx -Password $password -ErrorAction Stop } |
                Should -Throw -ErrorId "$Id,CodeSignPS.Commands.NewCodeSigningCertificateCommand"
            Test-Path $pfx | Should -BeFalse
        }

        It 'rejects an invalid subject with SubjectInvalid' {
            { New-CodeSigningCertificate -Subject 'not a name' -ErrorAction Stop } |
                Should -Throw -ErrorId 'SubjectInvalid,CodeSignPS.Commands.NewCodeSigningCertificateCommand'
        }

        It 'rejects -NotAfter with -ValidityDays' {
            { New-CodeSigningCertificate -Subject 'CN=X' -NotAfter (Get-Date).AddDays(3) -ValidityDays 3 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ValidityInvalid,CodeSignPS.Commands.NewCodeSigningCertificateCommand'
        }

        It 'rejects a validity beyond the issuer''s' {
            { New-CodeSigningCertificate -Subject 'CN=X' -Issuer $intermediate -ValidityDays 5000 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ValidityBeyondIssuer,CodeSignPS.Commands.NewCodeSigningCertificateCommand'
        }

        It 'rejects -ExportPath without -Password' {
            { New-CodeSigningCertificate -Subject 'CN=X' -ExportPath (Join-Path $TestDrive 'nopass.pfx') -ErrorAction Stop } |
                Should -Throw -ErrorId 'KeyPasswordMissing,CodeSignPS.Commands.NewCodeSigningCertificateCommand'
        }

        It 'leaves an existing PFX unchanged without -Force' {
            $path = Join-Path $TestDrive 'existing.pfx'
            Set-Content -LiteralPath $path -Value 'keep'

            { New-CodeSigningCertificate -Subject 'CN=X' -ExportPath $path -Password $password -ErrorAction Stop } |
                Should -Throw -ErrorId 'OutputFileExists,CodeSignPS.Commands.NewCodeSigningCertificateCommand'
            Get-Content -LiteralPath $path | Should -Be 'keep'
        }
    }

    Context 'Files' {
        It 'writes nothing and returns nothing with -WhatIf' {
            $path = Join-Path $TestDrive 'whatif.pfx'

            $output = New-CodeSigningCertificate -Subject 'CN=WhatIf' -ExportPath $path -Password $password -WhatIf

            $output | Should -BeNullOrEmpty
            Test-Path $path | Should -BeFalse
        }

        It 'writes a PFX that loads with the password' {
            $path = Join-Path $TestDrive 'export.pfx'

            $cert = New-CodeSigningCertificate -Subject 'CN=Export' -KeyAlgorithm ECDsaP256 -ExportPath $path -Password $password

            $loaded = Get-PfxCertificate -FilePath $path -Password $password
            $loaded.Thumbprint | Should -Be $cert.Thumbprint
            if (-not $IsWindows) {
                [IO.File]::GetUnixFileMode($path) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            }
        }

        It 'creates the PFX with mode 0600 under umask 000' -Skip:$IsWindows {
            $path = Join-Path $TestDrive 'umask.pfx'
            $pwsh = [Environment]::ProcessPath
            $prefix = if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { "'$(Join-Path $PSHOME 'pwsh.dll')'" } else { '' }
            $command = "Import-Module '$(Get-CodeSignPSModulePath)'; " +
                "`$null = New-CodeSigningCertificate -Subject 'CN=Umask' -KeyAlgorithm ECDsaP256 -ExportPath '$path' " +
                "-Password (ConvertTo-SecureString 'p' -AsPlainText -Force) -ErrorAction Stop"
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))

            & bash -c "umask 000; '$pwsh' $prefix -NoProfile -NonInteractive -EncodedCommand $encoded"

            $LASTEXITCODE | Should -Be 0
            [IO.File]::GetUnixFileMode($path) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }
    }

    Context 'Interop' {
        It 'openssl shows the extensions of an issued leaf' {
            if (-not (Test-ToolPresent openssl)) { return }

            $text = (Invoke-Tool openssl x509 -in (Join-Path $pemFolder 'leaf.pem') -noout -text).Output

            $text | Should -Match 'Code Signing'
            $text | Should -Match 'CA:FALSE'
            $text | Should -Match 'Digital Signature'
            $text | Should -Match 'OCSP - URI:http://127.0.0.1/ocsp'
            $text | Should -Match 'CA Issuers - URI:http://127.0.0.1/intermediate.cer'
            $text | Should -Match 'Authority Key Identifier'
        }

        It 'openssl verifies the chain root, intermediate, leaf' {
            if (-not (Test-ToolPresent openssl)) { return }

            $result = Invoke-Tool openssl verify -CAfile (Join-Path $pemFolder 'root.pem') -untrusted (Join-Path $pemFolder 'intermediate.pem') (Join-Path $pemFolder 'leaf.pem')

            $result.ExitCode | Should -Be 0 -Because $result.Output
        }

        It 'openssl reads the PFX' {
            if (-not (Test-ToolPresent openssl)) { return }
            $path = Join-Path $TestDrive 'openssl.pfx'
            $null = New-CodeSigningCertificate -Subject 'CN=OpenSSL Pfx' -ExportPath $path -Password $password

            $result = Invoke-Tool openssl pkcs12 -in $path -passin pass:create-password -nokeys

            $result.ExitCode | Should -Be 0 -Because $result.Output
            $result.Output | Should -Match 'CN\s*=\s*OpenSSL Pfx'
        }

        It 'osslsigncode verifies a script signed by the issued leaf' {
            if (-not (Test-ToolPresent osslsigncode)) { return }
            $script = New-TestScript -Path (Join-Path $TestDrive 'osslsigncode.ps1')
            Set-CodeSignature -LiteralPath $script.FullName -Certificate $signer -ErrorAction Stop -WarningAction SilentlyContinue

            $result = Invoke-Tool osslsigncode verify -CAfile (Join-Path $pemFolder 'root.pem') -ignore-crl -in $script.FullName

            $result.ExitCode | Should -Be 0 -Because $result.Output
        }
    }
}
