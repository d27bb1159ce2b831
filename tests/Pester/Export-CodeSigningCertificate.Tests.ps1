#Requires -Version 7.4

BeforeDiscovery {
    # Without openssl the interop cases are skipped locally; with CI=true the first one fails instead.
    $skipOpenSsl = -not (Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue) -and $env:CI -ne 'true'
}

Describe 'Export-CodeSigningCertificate' {
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
            return ($output | Out-String)
        }

        $signer = New-TestSigningCertificate -KeySize 2048 -Subject "CN=CodeSignPS export $([guid]::NewGuid())"
        $password = ConvertTo-SecureString 'Exp0rt-Pass' -AsPlainText -Force
    }

    Context 'Files openssl reads' {
        It 'writes an AES-256 PFX with a SHA-256 MAC' -Skip:$skipOpenSsl {
            $path = Join-Path (New-TestFolder) 'signer.pfx'

            $signer | Export-CodeSigningCertificate -FilePath $path -Password $password -ErrorAction Stop

            Invoke-OpenSsl pkcs12 -in $path -passin pass:Exp0rt-Pass -noout | Out-Null
            $info = Invoke-OpenSsl pkcs12 -in $path -passin pass:Exp0rt-Pass -noout -info
            $info | Should -Match 'MAC: sha256'
            $info | Should -Match 'AES-256-CBC'
        }

        It 'writes a 3DES PFX with -Legacy' -Skip:$skipOpenSsl {
            $path = Join-Path (New-TestFolder) 'legacy.pfx'

            $signer | Export-CodeSigningCertificate -FilePath $path -Password $password -Legacy -ErrorAction Stop

            $info = Invoke-OpenSsl pkcs12 -in $path -passin pass:Exp0rt-Pass -noout -info -legacy
            $info | Should -Match 'MAC: sha1'
            $info | Should -Match '3-KeyTripleDES'
        }

        It 'writes a PEM certificate and an encrypted key' -Skip:$skipOpenSsl {
            $folder = New-TestFolder
            $path = Join-Path $folder 'signer.pem'
            $keyPath = Join-Path $folder 'signer.key'

            $files = $signer | Export-CodeSigningCertificate -FilePath $path -KeyPath $keyPath -IncludePrivateKey -Password $password -ErrorAction Stop

            $files.Count | Should -Be 2
            Invoke-OpenSsl x509 -in $path -noout -subject | Should -Match 'CodeSignPS export'
            Invoke-OpenSsl pkey -in $keyPath -passin pass:Exp0rt-Pass -noout | Out-Null
            Get-Content -Raw $keyPath | Should -Match 'BEGIN ENCRYPTED PRIVATE KEY'
        }

        It 'writes a PEM certificate without a key by default' -Skip:$skipOpenSsl {
            $path = Join-Path (New-TestFolder) 'public.pem'

            $signer | Export-CodeSigningCertificate -FilePath $path -ErrorAction Stop

            Get-Content -Raw $path | Should -Not -Match 'PRIVATE KEY'
            Invoke-OpenSsl x509 -in $path -noout | Out-Null
        }

        It 'writes a DER certificate' -Skip:$skipOpenSsl {
            $path = Join-Path (New-TestFolder) 'signer.cer'

            $signer | Export-CodeSigningCertificate -FilePath $path -ErrorAction Stop

            Invoke-OpenSsl x509 -inform DER -in $path -noout -subject | Should -Match 'CodeSignPS export'
        }
    }

    Context 'Protection' {
        It 'rejects a key without a password or -UnprotectedKey' {
            $path = Join-Path (New-TestFolder) 'nopass.pfx'

            $signer | Export-CodeSigningCertificate -FilePath $path -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PrivateKeyPasswordRequired,*'
            Test-Path $path | Should -BeFalse
        }

        It 'writes an unencrypted key only with -UnprotectedKey' {
            $path = Join-Path (New-TestFolder) 'plain.pem'

            $signer | Export-CodeSigningCertificate -FilePath $path -IncludePrivateKey -UnprotectedKey -ErrorAction Stop

            Get-Content -Raw $path | Should -Match 'BEGIN PRIVATE KEY'
        }

        It 'writes nothing with -WhatIf' {
            $folder = New-TestFolder

            $signer | Export-CodeSigningCertificate -FilePath (Join-Path $folder 'w.pfx') -Password $password -WhatIf

            Get-ChildItem -Force $folder | Should -BeNullOrEmpty
        }

        It 'creates <Name> with mode 0600 under umask 000' -Skip:$IsWindows -ForEach @(
            @{ Name = 'a PFX'; File = 'k.pfx'; Arguments = '-Password $p' }
            @{ Name = 'a PEM with the key'; File = 'k.pem'; Arguments = '-IncludePrivateKey -Password $p' }
            @{ Name = 'a separate key file'; File = 'k.key'; Arguments = '-IncludePrivateKey -Password $p -Format Pem -KeyPath KEYPATH' }
        ) {
            $folder = New-TestFolder
            $pfx = Join-Path $folder 'source.pfx'
            [IO.File]::WriteAllBytes($pfx, $signer.Export('Pkcs12', 'src'))
            $target = Join-Path $folder $File
            $exportPath = if ($File -eq 'k.key') { Join-Path $folder 'k.crt' } else { $target }
            $exportArguments = $Arguments.Replace('KEYPATH', "'$target'")
            $repository = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
            $command = "Import-Module '$(Get-CodeSignPSModulePath)'; `$p = ConvertTo-SecureString 'x' -AsPlainText -Force; " +
                "Import-CodeSigningCertificate -Path '$pfx' -Password (ConvertTo-SecureString 'src' -AsPlainText -Force) | " +
                "Export-CodeSigningCertificate -FilePath '$exportPath' $exportArguments -ErrorAction Stop | Out-Null"
            $script = "umask 000; cd '$repository'; dotnet pwsh -NoProfile -Command `"$($command.Replace('"', '\"').Replace('$', '\$'))`""

            & bash -c $script
            $LASTEXITCODE | Should -Be 0

            [IO.File]::GetUnixFileMode($target) | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }
    }

    Context 'Chain' {
        It 'writes the intermediate into the PFX, so a signature made from it verifies against the root' {
            $root = New-CodeSigningCertificate -Subject "CN=Export chain root $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
            $intermediate = New-CodeSigningCertificate -Subject 'CN=Export chain intermediate' -Issuer $root -CertificateAuthority -KeyAlgorithm ECDsaP256 -ValidityDays 90
            $leaf = New-CodeSigningCertificate -Subject 'CN=Export chain signer' -Issuer $intermediate -KeyAlgorithm ECDsaP256 -ValidityDays 30
            $folder = New-TestFolder
            $intermediatePath = Join-Path $folder 'intermediate.cer'
            $rootPath = Join-Path $folder 'root.cer'
            [IO.File]::WriteAllBytes($intermediatePath, $intermediate.RawData)
            [IO.File]::WriteAllBytes($rootPath, $root.RawData)
            $pfxPath = Join-Path $folder 'signer.pfx'
            $script = (New-TestScript -Path (Join-Path $folder 'signed.ps1')).FullName

            $leaf | Export-CodeSigningCertificate -FilePath $pfxPath -Password $password -IncludeChain -ChainPath $intermediatePath -ErrorAction Stop | Out-Null
            Set-CodeSignature -LiteralPath $script -CertificatePath $pfxPath -Password $password -ErrorAction Stop | Out-Null

            (Get-CodeSignature -LiteralPath $script -TrustStore $rootPath).Status | Should -Be 'Valid'
        }

        It 'refuses -IncludeChain for a DER file' {
            $path = Join-Path (New-TestFolder) 'signer.cer'

            { $signer | Export-CodeSigningCertificate -FilePath $path -IncludeChain -ErrorAction Stop } |
                Should -Throw -ErrorId 'ExportOptionsConflict,CodeSignPS.Commands.ExportCodeSigningCertificateCommand'
            Test-Path -LiteralPath $path | Should -BeFalse
        }
    }

    Context 'Store' {
        BeforeAll {
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
            $store.Open('ReadWrite')
            $store.Add($signer)
            $store.Dispose()
        }

        AfterAll {
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
            $store.Open('ReadWrite')
            $store.Remove($signer)
            $store.Dispose()
        }

        It 'exports a store certificate by thumbprint' {
            $path = Join-Path (New-TestFolder) 'from-store.pfx'

            Export-CodeSigningCertificate -Thumbprint $signer.Thumbprint -FilePath $path -Password $password -ErrorAction Stop

            $back = Import-CodeSigningCertificate -Path $path -Password $password -ErrorAction Stop
            $back.Thumbprint | Should -Be $signer.Thumbprint
            $back.HasPrivateKey | Should -BeTrue
        }

        It 'reports CertificateNotFound for an unknown thumbprint' {
            Export-CodeSigningCertificate -Thumbprint ('00' * 20) -FilePath (Join-Path (New-TestFolder) 'x.cer') -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotFound,*'
        }
    }
}
