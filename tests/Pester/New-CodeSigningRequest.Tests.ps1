#Requires -Version 7.4

# With CI=true a missing openssl fails the interop tests here; elsewhere they skip.

Describe 'New-CodeSigningRequest' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $PSNativeCommandUseErrorActionPreference = $false

        $password = ConvertTo-SecureString 'request-password' -AsPlainText -Force
        $command = 'CodeSignPS.Commands.NewCodeSigningRequestCommand'

        function New-TestFolder([string] $Name) {
            return (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name"))).FullName
        }

        function Invoke-Tool {
            # Runs a native tool with the other arguments; returns its exit code and combined output.
            $name = $args[0]
            [string[]] $arguments = @($args | Select-Object -Skip 1)
            $output = & $name @arguments 2>&1 | Out-String
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }

        function Test-OpenSslPresent {
            if (Get-Command openssl -CommandType Application -ErrorAction Ignore) { return $true }
            if ($env:CI -eq 'true') { throw 'CI=true, so the openssl interoperability tests cannot be skipped: openssl is not on PATH.' }
            Set-ItResult -Skipped -Because 'openssl is not on PATH'
            return $false
        }
    }

    Context 'Key files' {
        It 'writes an encrypted key and a request' {
            $folder = New-TestFolder keys

            $request = New-CodeSigningRequest -Subject 'CN=Request, O=CodeSignPS Tests' -Path "$folder/req.pem" -KeyPath "$folder/key.pem" -Password $password

            $request.KeyEncrypted | Should -BeTrue
            $request.KeyAlgorithm | Should -Be 'RSA 3072'
            Get-Content -Raw "$folder/req.pem" | Should -Match '-----BEGIN CERTIFICATE REQUEST-----'
            Get-Content -Raw "$folder/key.pem" | Should -Match '-----BEGIN ENCRYPTED PRIVATE KEY-----'
            if (-not $IsWindows) {
                [IO.File]::GetUnixFileMode("$folder/key.pem") | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            }
        }

        It 'writes an unencrypted key only with -UnprotectedKey' {
            $folder = New-TestFolder plain

            { New-CodeSigningRequest -Subject 'CN=Plain' -KeyPath "$folder/key.pem" -ErrorAction Stop } |
                Should -Throw -ErrorId "KeyPasswordMissing,$command"
            Test-Path "$folder/key.pem" | Should -BeFalse

            $request = New-CodeSigningRequest -Subject 'CN=Plain' -KeyAlgorithm ECDsaP256 -KeyPath "$folder/key.pem" -UnprotectedKey
            $request.KeyEncrypted | Should -BeFalse
            Get-Content -Raw "$folder/key.pem" | Should -Match '-----BEGIN PRIVATE KEY-----'
        }

        It 'keeps an existing key file without -Force' {
            $folder = New-TestFolder existing
            Set-Content "$folder/key.pem" 'keep'

            { New-CodeSigningRequest -Subject 'CN=X' -KeyPath "$folder/key.pem" -Password $password -ErrorAction Stop } |
                Should -Throw -ErrorId "OutputFileExists,$command"
            Get-Content "$folder/key.pem" | Should -Be 'keep'
        }

        It 'writes nothing with -WhatIf' {
            $folder = New-TestFolder whatif

            New-CodeSigningRequest -Subject 'CN=X' -Path "$folder/req.pem" -KeyPath "$folder/key.pem" -Password $password -WhatIf

            @(Get-ChildItem $folder -Force) | Should -HaveCount 0
        }

        It 'creates the key with mode 0600 under umask 000' -Skip:$IsWindows {
            $folder = New-TestFolder umask
            $pwsh = [Environment]::ProcessPath
            $prefix = if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { "'$(Join-Path $PSHOME 'pwsh.dll')'" } else { '' }
            $script = "Import-Module '$(Get-CodeSignPSModulePath)'; " +
                "`$null = New-CodeSigningRequest -Subject 'CN=Umask' -KeyAlgorithm ECDsaP256 -KeyPath '$folder/key.pem' -Path '$folder/req.pem' " +
                "-Password (ConvertTo-SecureString 'p' -AsPlainText -Force) -ErrorAction Stop"
            $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))

            & bash -c "umask 000; '$pwsh' $prefix -NoProfile -NonInteractive -EncodedCommand $encoded"

            $LASTEXITCODE | Should -Be 0
            [IO.File]::GetUnixFileMode("$folder/key.pem") | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }

        It 'gives a key that signs once the issued certificate is joined to it' {
            $folder = New-TestFolder joined
            $request = New-CodeSigningRequest -Subject 'CN=Joined Signer' -KeyAlgorithm ECDsaP256 -KeyPath "$folder/key.pem" -Password $password
            $root = New-CodeSigningCertificate -Subject 'CN=Joining Root' -CertificateAuthority -KeyAlgorithm ECDsaP256
            $csr = [System.Security.Cryptography.X509Certificates.CertificateRequest]::LoadSigningRequestPem($request.Pem, 'SHA256',
                [System.Security.Cryptography.X509Certificates.CertificateRequestLoadOptions]::UnsafeLoadCertificateExtensions)
            $generator = [System.Security.Cryptography.X509Certificates.X509SignatureGenerator]::CreateForECDsa(
                [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($root))
            $issued = $csr.Create($root.SubjectName, $generator, [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(10), [byte[]](1..16))
            Set-Content "$folder/issued.pem" $issued.ExportCertificatePem()
            Set-Content "$folder/root.pem" $root.ExportCertificatePem()
            $script = New-TestScript -Path "$folder/a.ps1"

            Set-CodeSignature -LiteralPath $script.FullName -CertificatePath "$folder/issued.pem" -KeyPath "$folder/key.pem" -Password $password -ErrorAction Stop -WarningAction SilentlyContinue

            (Get-CodeSignature -LiteralPath $script.FullName -TrustStore "$folder/root.pem").Status | Should -Be 'Valid'
        }
    }

    Context 'Renewal and stores' {
        It 'repeats the subject and extensions of -RenewFrom' {
            $folder = New-TestFolder renew
            $old = New-CodeSigningCertificate -Subject 'CN=Old Signer, O=CodeSignPS Tests' -CrlDistributionPoint 'http://127.0.0.1/root.crl'

            $request = New-CodeSigningRequest -RenewFrom $old -KeyPath "$folder/key.pem" -Password $password

            $request.Subject | Should -Be $old.Subject
            $csr = [System.Security.Cryptography.X509Certificates.CertificateRequest]::LoadSigningRequestPem($request.Pem, 'SHA256',
                [System.Security.Cryptography.X509Certificates.CertificateRequestLoadOptions]::UnsafeLoadCertificateExtensions)
            ($csr.CertificateExtensions | Where-Object { $_.Oid.Value -eq '2.5.29.31' }).RawData | Should -Be $old.Extensions['2.5.29.31'].RawData
        }

        It 'rejects LocalMachine on Linux with StoreLocationNotSupported' -Skip:(-not $IsLinux) {
            { New-CodeSigningRequest -Subject 'CN=X' -StoreLocation LocalMachine -ErrorAction Stop } |
                Should -Throw -ErrorId "StoreLocationNotSupported,$command"
        }
    }

    Context 'Interop' {
        It 'openssl verifies the request and reads the encrypted key' {
            if (-not (Test-OpenSslPresent)) { return }
            $folder = New-TestFolder openssl
            $null = New-CodeSigningRequest -Subject 'CN=OpenSSL Request' -Path "$folder/req.pem" -KeyPath "$folder/key.pem" -Password $password

            $verify = Invoke-Tool openssl req -verify -in "$folder/req.pem" -noout -text
            $key = Invoke-Tool openssl pkey -in "$folder/key.pem" -passin pass:request-password -noout

            $verify.ExitCode | Should -Be 0 -Because $verify.Output
            $verify.Output | Should -Match 'Code Signing'
            $key.ExitCode | Should -Be 0 -Because $key.Output
        }
    }
}
