#Requires -Version 7.4

BeforeDiscovery {
    # Without openssl the interop cases are skipped locally; with CI=true the first one fails instead.
    $skipOpenSsl = -not (Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue) -and $env:CI -ne 'true'
    $pfxVariants = @(
        @{ Name = 'AES-256'; Options = @('-passout', 'pass:Pfx-Pass1'); Password = 'Pfx-Pass1' }
        @{ Name = 'legacy 3DES and RC2'; Options = @('-legacy', '-passout', 'pass:Pfx-Pass1'); Password = 'Pfx-Pass1' }
        @{ Name = 'no MAC'; Options = @('-nomac', '-passout', 'pass:Pfx-Pass1'); Password = 'Pfx-Pass1' }
        @{ Name = 'empty password'; Options = @('-passout', 'pass:'); Password = $null }
        @{ Name = 'no encryption'; Options = @('-keypbe', 'NONE', '-certpbe', 'NONE', '-nomac', '-passout', 'pass:'); Password = $null }
    )
}

Describe 'Import-CodeSigningCertificate' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        function New-TestFolder {
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName())
            return (New-Item -ItemType Directory -Path $folder).FullName
        }

        function Invoke-OpenSsl {
            if (-not (Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue)) {
                throw 'openssl is not on PATH, and CI=true requires it for the interop tests.'
            }

            $output = & openssl @args 2>&1
            if ($LASTEXITCODE -ne 0) { throw "openssl $args failed: $output" }
            return $output
        }

        function New-OpenSslPair {
            param([string] $Folder, [string] $Algorithm = 'RSA')
            $key = Join-Path $Folder "$Algorithm.key"
            $certificate = Join-Path $Folder "$Algorithm.crt"
            $option = if ($Algorithm -eq 'RSA') { 'rsa_keygen_bits:2048' } else { 'ec_paramgen_curve:P-256' }
            Invoke-OpenSsl genpkey -algorithm $Algorithm -pkeyopt $option -out $key | Out-Null
            Invoke-OpenSsl req -x509 -new -key $key -subj "/CN=CodeSignPS import $Algorithm" -days 2 -addext extendedKeyUsage=codeSigning -out $certificate | Out-Null
            return @{ Certificate = $certificate; Key = $key }
        }

        function Test-Signs {
            param($Certificate)
            $key = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
            if ($key) { return $null -ne $key.SignData([byte[]](1, 2), 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1) }
            $key = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($Certificate)
            return $null -ne $key.SignData([byte[]](1, 2), 'SHA256')
        }

        $secure = { param($text) ConvertTo-SecureString $text -AsPlainText -Force }
    }

    Context 'Files openssl writes' {
        It 'reads a PFX with <Name>' -ForEach $pfxVariants -Skip:$skipOpenSsl {
            $folder = New-TestFolder
            $pair = New-OpenSslPair -Folder $folder
            $pfx = Join-Path $folder 'x.pfx'
            Invoke-OpenSsl pkcs12 -export -in $pair.Certificate -inkey $pair.Key -out $pfx @Options | Out-Null
            $password = if ($Password) { & $secure $Password } else { $null }

            $certificate = Import-CodeSigningCertificate -Path $pfx -Password $password -ErrorAction Stop

            $certificate.HasPrivateKey | Should -BeTrue
            Test-Signs $certificate | Should -BeTrue
        }

        It 'reads a PEM file with the <Order> first' -ForEach @(@{ Order = 'certificate' }, @{ Order = 'key' }) -Skip:$skipOpenSsl {
            $folder = New-TestFolder
            $pair = New-OpenSslPair -Folder $folder -Algorithm EC
            $parts = @((Get-Content -Raw $pair.Certificate), (Get-Content -Raw $pair.Key))
            if ($Order -eq 'key') { [array]::Reverse($parts) }
            $bundle = Join-Path $folder 'bundle.pem'
            Set-Content -Path $bundle -Value ($parts -join '') -NoNewline

            $certificate = Import-CodeSigningCertificate -Path $bundle -ErrorAction Stop

            Test-Signs $certificate | Should -BeTrue
        }

        It 'joins a DER certificate with a PKCS#1 key' -Skip:$skipOpenSsl {
            $folder = New-TestFolder
            $pair = New-OpenSslPair -Folder $folder
            $der = Join-Path $folder 'issued.cer'
            $pkcs1 = Join-Path $folder 'pkcs1.key'
            Invoke-OpenSsl x509 -in $pair.Certificate -outform DER -out $der | Out-Null
            Invoke-OpenSsl rsa -in $pair.Key -traditional -out $pkcs1 | Out-Null

            $certificate = Import-CodeSigningCertificate -CertificatePath $der -KeyPath $pkcs1 -ErrorAction Stop

            Test-Signs $certificate | Should -BeTrue
        }

        It 'reads a DER certificate without a key' -Skip:$skipOpenSsl {
            $folder = New-TestFolder
            $pair = New-OpenSslPair -Folder $folder
            $der = Join-Path $folder 'c.der'
            Invoke-OpenSsl x509 -in $pair.Certificate -outform DER -out $der | Out-Null

            $certificate = Import-CodeSigningCertificate -Path $der -ErrorAction Stop

            $certificate.HasPrivateKey | Should -BeFalse
        }
    }

    Context 'Failures' {
        BeforeAll {
            $folder = New-TestFolder
            $signer = New-TestSigningCertificate -KeySize 2048
            $pfx = Join-Path $folder 'signer.pfx'
            [IO.File]::WriteAllBytes($pfx, $signer.Export('Pkcs12', 'right'))
        }

        It 'reports <Id> for <Case>' -ForEach @(
            @{ Case = 'a wrong password'; Id = 'PfxPasswordInvalid'; Build = { @{ Path = $pfx; Password = (& $secure 'wrong') } } }
            @{ Case = 'a missing file'; Id = 'FileNotFound'; Build = { @{ Path = (Join-Path $folder 'absent.pfx') } } }
            @{ Case = 'a truncated PFX'; Id = 'PfxUnreadable'; Build = {
                    $bytes = [IO.File]::ReadAllBytes($pfx)
                    $path = Join-Path $folder 'truncated.pfx'
                    [IO.File]::WriteAllBytes($path, $bytes[0..($bytes.Length / 2)])
                    @{ Path = $path; Password = (& $secure 'right') } } }
            @{ Case = 'a PEM without a certificate'; Id = 'PemCertificateUnreadable'; Build = {
                    $path = Join-Path $folder 'key-only.pem'
                    Set-Content -Path $path -Value ([System.Security.Cryptography.RSA]::Create(2048).ExportPkcs8PrivateKeyPem())
                    @{ Path = $path } } }
            @{ Case = 'a key of another certificate'; Id = 'PrivateKeyMismatch'; Build = {
                    $certificatePath = Join-Path $folder 'issued.pem'
                    $keyPath = Join-Path $folder 'other.key'
                    Set-Content -Path $certificatePath -Value $signer.ExportCertificatePem()
                    Set-Content -Path $keyPath -Value ([System.Security.Cryptography.RSA]::Create(2048).ExportPkcs8PrivateKeyPem())
                    @{ CertificatePath = $certificatePath; KeyPath = $keyPath } } }
        ) {
            $arguments = & $Build

            Import-CodeSigningCertificate @arguments -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

            $failures[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        }

        It 'never writes the -Base64 secret to any stream' {
            $secret = [Convert]::ToBase64String([IO.File]::ReadAllBytes($pfx))
            $garbled = $secret.Substring(0, 200) + '*'

            $wrongPassword = Import-CodeSigningCertificate -Base64 $secret -Password (& $secure 'wrong') -Verbose -ErrorAction Continue *>&1 | Out-String
            $invalid = Import-CodeSigningCertificate -Base64 $garbled -Verbose -ErrorAction Continue *>&1 | Out-String
            $valid = Import-CodeSigningCertificate -Base64 $secret -Password (& $secure 'right') -Verbose *>&1 | Out-String

            $wrongPassword | Should -Match 'PfxPasswordInvalid|password'
            $invalid | Should -Match 'not base64'
            foreach ($text in $wrongPassword, $invalid, $valid) {
                $text | Should -Not -Match ([regex]::Escape($secret.Substring(0, 24)))
                $text | Should -Not -Match ([regex]::Escape($secret.Substring($secret.Length - 24)))
            }
        }

        It 'keeps the store unchanged when the password is wrong' {
            $before = @(Get-ChildItem Cert:\CurrentUser\My -ErrorAction SilentlyContinue).Count

            Import-CodeSigningCertificate -Path $pfx -Password (& $secure 'wrong') -StoreLocation CurrentUser -ErrorAction SilentlyContinue

            @(Get-ChildItem Cert:\CurrentUser\My -ErrorAction SilentlyContinue).Count | Should -Be $before
        }
    }

    Context 'Stores' {
        BeforeAll {
            $signer = New-TestSigningCertificate -KeySize 2048 -Subject "CN=CodeSignPS import store $([guid]::NewGuid())"
            $pfx = Join-Path (New-TestFolder) 'store.pfx'
            [IO.File]::WriteAllBytes($pfx, $signer.Export('Pkcs12', 'right'))
            $password = & $secure 'right'

            function Test-InStore {
                $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
                $store.Open('ReadOnly')
                try { return @($store.Certificates.Find('FindByThumbprint', $signer.Thumbprint, $false)).Count -gt 0 } finally { $store.Dispose() }
            }
        }

        AfterAll {
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
            $store.Open('ReadWrite')
            $store.Remove($signer)
            $store.Dispose()
        }

        It 'adds nothing with -WhatIf' {
            Import-CodeSigningCertificate -Path $pfx -Password $password -StoreLocation CurrentUser -WhatIf | Should -BeNullOrEmpty

            Test-InStore | Should -BeFalse
        }

        It 'adds the certificate with its key to CurrentUser\My' {
            $stored = Import-CodeSigningCertificate -Path $pfx -Password $password -StoreLocation CurrentUser -ErrorAction Stop

            $stored.Thumbprint | Should -Be $signer.Thumbprint
            $stored.HasPrivateKey | Should -BeTrue
            Test-InStore | Should -BeTrue
        }

        It 'reports StoreLocationNotSupported for LocalMachine on Linux' -Skip:(-not $IsLinux) {
            Import-CodeSigningCertificate -Path $pfx -Password $password -StoreLocation LocalMachine -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'StoreLocationNotSupported,*'
        }
    }
}
