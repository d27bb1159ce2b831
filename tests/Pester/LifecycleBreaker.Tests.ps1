#Requires -Version 7.4

# Hostile input for the certificate lifecycle cmdlets: empty files, colliding output paths, empty
# passwords, certificate bundles in chain order and CAs that share a name. Each case states what the
# command should do; nothing here needs the network.

Describe 'Certificate lifecycle under hostile input' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        function New-TestFolder {
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName())
            return (New-Item -ItemType Directory -Path $folder).FullName
        }

        # Runs the script block and returns the error record it stops with, or $null when it succeeds.
        function Get-StoppingError([scriptblock] $Action) {
            try {
                & $Action | Out-Null
                return $null
            }
            catch {
                return $_
            }
        }

        # A specific error names the file and carries a stable id of this module, not a .NET type.
        function Assert-SpecificError($ErrorRecord, [string] $Path) {
            $ErrorRecord | Should -Not -BeNullOrEmpty
            $ErrorRecord.FullyQualifiedErrorId | Should -Not -Match '^System\.'
            $ErrorRecord.FullyQualifiedErrorId | Should -Not -Match '^SigningFailed,'
            $ErrorRecord.Exception.Message | Should -BeLike "*$Path*"
        }

        $password = ConvertTo-SecureString 'Br3ak-Pass' -AsPlainText -Force
        $emptyPassword = [securestring]::new()
        $signer = New-CodeSigningCertificate -Subject "CN=Lifecycle breaker $([guid]::NewGuid())" -KeyAlgorithm ECDsaP256
    }

    Context 'Zero-byte certificate files' {
        It 'reports a specific error naming the empty file <_> on import' -ForEach @('empty.pfx', 'empty.pem', 'empty.cer') {
            $path = Join-Path (New-TestFolder) $_
            [IO.File]::WriteAllBytes($path, [byte[]]@())

            $failure = Get-StoppingError { Import-CodeSigningCertificate -Path $path -Password $password -ErrorAction Stop }

            Assert-SpecificError $failure $path
        }

        It 'reports a specific error naming an empty file in an inventory' {
            $path = Join-Path (New-TestFolder) 'empty.cer'
            [IO.File]::WriteAllBytes($path, [byte[]]@())

            $failure = Get-StoppingError { Get-CodeSigningCertificate -Path $path -ErrorAction Stop }

            Assert-SpecificError $failure $path
        }

        It 'reports a specific error naming an empty file in a fitness test' {
            $path = Join-Path (New-TestFolder) 'empty.cer'
            [IO.File]::WriteAllBytes($path, [byte[]]@())

            $failure = Get-StoppingError { Test-CodeSigningCertificate -Path $path -ErrorAction Stop }

            Assert-SpecificError $failure $path
        }
    }

    Context 'Damaged files get the id of their kind' {
        It 'reports PfxUnreadable for a truncated PFX in an inventory, as the import does' {
            $folder = New-TestFolder
            $whole = Join-Path $folder 'whole.pfx'
            $path = Join-Path $folder 'truncated.pfx'
            Export-CodeSigningCertificate -Certificate $signer -FilePath $whole -Password $password | Out-Null
            [IO.File]::WriteAllBytes($path, [IO.File]::ReadAllBytes($whole)[0..299])

            $failure = Get-StoppingError { Get-CodeSigningCertificate -Path $path -Password $password -ErrorAction Stop }

            $failure.FullyQualifiedErrorId | Should -BeLike 'PfxUnreadable,*'
        }

        It 'does not claim a PEM file has no CERTIFICATE block when its block is damaged' {
            $path = Join-Path (New-TestFolder) 'damaged.pem'
            Set-Content -LiteralPath $path -Value "-----BEGIN CERTIFICATE-----`nnot base64 at all!`n-----END CERTIFICATE-----"

            $failure = Get-StoppingError { Import-CodeSigningCertificate -Path $path -ErrorAction Stop }

            Assert-SpecificError $failure $path
            $failure.Exception.Message | Should -Not -Match 'contains no PEM block labelled CERTIFICATE'
        }
    }

    Context 'PEM files saved with a UTF-8 byte order mark' {
        BeforeAll {
            $bomFolder = New-TestFolder
            $plainCert = Join-Path $bomFolder 'plain.pem'
            $plainKey = Join-Path $bomFolder 'plain.key'
            Export-CodeSigningCertificate -Certificate $signer -FilePath $plainCert -Format Pem -IncludePrivateKey -KeyPath $plainKey -UnprotectedKey | Out-Null
            $bom = [byte[]](0xEF, 0xBB, 0xBF)
            $bomCert = Join-Path $bomFolder 'bom-cert.pem'
            $bomKey = Join-Path $bomFolder 'bom-key.pem'
            $bomBoth = Join-Path $bomFolder 'bom-both.pem'
            [IO.File]::WriteAllBytes($bomCert, $bom + [IO.File]::ReadAllBytes($plainCert))
            [IO.File]::WriteAllBytes($bomKey, $bom + [IO.File]::ReadAllBytes($plainKey))
            [IO.File]::WriteAllBytes($bomBoth, $bom + [IO.File]::ReadAllBytes($plainCert) + [IO.File]::ReadAllBytes($plainKey))
        }

        It 'imports a certificate and key from a PEM file that starts with a byte order mark' {
            $imported = Import-CodeSigningCertificate -Path $bomBoth -ErrorAction Stop

            $imported.Thumbprint | Should -Be $signer.Thumbprint
            $imported.HasPrivateKey | Should -BeTrue
        }

        It 'joins a certificate and a key file that both start with a byte order mark' {
            $imported = Import-CodeSigningCertificate -CertificatePath $bomCert -KeyPath $bomKey -ErrorAction Stop

            $imported.Thumbprint | Should -Be $signer.Thumbprint
            $imported.HasPrivateKey | Should -BeTrue
        }

        It 'lists a PEM certificate that starts with a byte order mark in an inventory' {
            $item = Get-CodeSigningCertificate -Path $bomCert -ErrorAction Stop

            $item.Thumbprint | Should -Be $signer.Thumbprint
        }
    }

    Context 'One path given for both the key and another output' {
        It 'refuses New-CodeSigningRequest with -Path equal to -KeyPath and writes nothing' {
            $path = Join-Path (New-TestFolder) 'request.pem'

            $failure = Get-StoppingError {
                New-CodeSigningRequest -Subject 'CN=Same path' -KeyAlgorithm ECDsaP256 -Path $path -KeyPath $path -Password $password -ErrorAction Stop
            }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'refuses Export-CodeSigningCertificate with -FilePath equal to -KeyPath and writes nothing' {
            $path = Join-Path (New-TestFolder) 'signer.pem'

            $failure = Get-StoppingError {
                Export-CodeSigningCertificate -Certificate $signer -FilePath $path -Format Pem -IncludePrivateKey -KeyPath $path -Password $password -ErrorAction Stop
            }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }
        It 'writes no key when New-CodeSigningRequest -Path is a folder' {
            $folder = New-TestFolder
            $keyPath = Join-Path $folder 'request.key'
            $requestFolder = (New-Item -ItemType Directory -Path (Join-Path $folder 'request.csr')).FullName

            $failure = Get-StoppingError {
                New-CodeSigningRequest -Subject 'CN=Folder as request' -KeyAlgorithm ECDsaP256 -Path $requestFolder -KeyPath $keyPath -Password $password -ErrorAction Stop
            }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $keyPath | Should -BeFalse
        }
    }

    Context 'An empty password is no protection' {
        It 'refuses to export a PFX under an empty password without -UnprotectedKey' {
            $path = Join-Path (New-TestFolder) 'signer.pfx'

            $failure = Get-StoppingError { Export-CodeSigningCertificate -Certificate $signer -FilePath $path -Password $emptyPassword -ErrorAction Stop }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'refuses to export a PEM key under an empty password without -UnprotectedKey' {
            $path = Join-Path (New-TestFolder) 'signer.pem'

            $failure = Get-StoppingError {
                Export-CodeSigningCertificate -Certificate $signer -FilePath $path -Format Pem -IncludePrivateKey -Password $emptyPassword -ErrorAction Stop
            }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'refuses New-CodeSigningCertificate -ExportPath with an empty password' {
            $path = Join-Path (New-TestFolder) 'new.pfx'

            $failure = Get-StoppingError {
                New-CodeSigningCertificate -Subject 'CN=Empty password' -KeyAlgorithm ECDsaP256 -ExportPath $path -Password $emptyPassword -ErrorAction Stop
            }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $path | Should -BeFalse
        }

        It 'refuses New-CodeSigningRequest with an empty password without -UnprotectedKey' {
            $folder = New-TestFolder
            $keyPath = Join-Path $folder 'request.key'

            $failure = Get-StoppingError {
                New-CodeSigningRequest -Subject 'CN=Empty password' -KeyAlgorithm ECDsaP256 -Path (Join-Path $folder 'request.csr') -KeyPath $keyPath -Password $emptyPassword -ErrorAction Stop
            }

            $failure | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $keyPath | Should -BeFalse
        }
    }

    Context 'PEM bundles in chain order' {
        BeforeAll {
            $root = New-CodeSigningCertificate -Subject "CN=Bundle root $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
            $leaf = New-CodeSigningCertificate -Subject 'CN=Bundle leaf' -Issuer $root -KeyAlgorithm ECDsaP256
            $bundleFolder = New-TestFolder
            $rootPem = Join-Path $bundleFolder 'root.pem'
            $leafPem = Join-Path $bundleFolder 'leaf.pem'
            $leafKey = Join-Path $bundleFolder 'leaf.key'
            Export-CodeSigningCertificate -Certificate $root -FilePath $rootPem -Format Pem | Out-Null
            Export-CodeSigningCertificate -Certificate $leaf -FilePath $leafPem -Format Pem | Out-Null
            Export-CodeSigningCertificate -Certificate $leaf -FilePath (Join-Path $bundleFolder 'unused.pem') -Format Pem `
                -IncludePrivateKey -KeyPath $leafKey -UnprotectedKey | Out-Null
        }

        It 'imports the certificate that matches the key from a bundle with the CA first' {
            $path = Join-Path $bundleFolder 'ca-first.pem'
            Set-Content -LiteralPath $path -Value ((Get-Content -Raw $rootPem) + (Get-Content -Raw $leafPem) + (Get-Content -Raw $leafKey)) -NoNewline

            $imported = Import-CodeSigningCertificate -Path $path -ErrorAction Stop

            $imported.Thumbprint | Should -Be $leaf.Thumbprint
            $imported.HasPrivateKey | Should -BeTrue
        }

        It 'joins a key with the matching certificate of a CA answer that lists the CA first' {
            $path = Join-Path $bundleFolder 'answer.pem'
            Set-Content -LiteralPath $path -Value ((Get-Content -Raw $rootPem) + (Get-Content -Raw $leafPem)) -NoNewline

            $imported = Import-CodeSigningCertificate -CertificatePath $path -KeyPath $leafKey -ErrorAction Stop

            $imported.Thumbprint | Should -Be $leaf.Thumbprint
            $imported.HasPrivateKey | Should -BeTrue
        }
    }

    Context 'CA certificates that are unusual but valid' {
        It 'issues from a CA without a subject key identifier, or names the problem with a specific id' {
            $key = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
            $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=CA without SKI', $key, 'SHA256')
            $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
            $ca = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))

            $failure = Get-StoppingError { $script:issued = New-CodeSigningCertificate -Subject 'CN=Leaf' -Issuer $ca -ValidityDays 5 -ErrorAction Stop }

            if ($null -eq $failure) {
                $script:issued.Issuer | Should -Be $ca.Subject
            }
            else {
                $failure.FullyQualifiedErrorId | Should -Not -Match '^System\.'
            }
        }
    }

    Context 'An internal CA with an intermediate' {
        It 'writes a PFX for a certificate issued by an intermediate that signs scripts verifying against the root' {
            $root = New-CodeSigningCertificate -Subject "CN=Two tier root $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
            $intermediate = New-CodeSigningCertificate -Subject 'CN=Two tier intermediate' -Issuer $root -CertificateAuthority -KeyAlgorithm ECDsaP256 -ValidityDays 365
            $folder = New-TestFolder
            $pfxPath = Join-Path $folder 'signer.pfx'
            New-CodeSigningCertificate -Subject 'CN=Two tier signer' -Issuer $intermediate -KeyAlgorithm ECDsaP256 -ValidityDays 30 `
                -ExportPath $pfxPath -Password $password | Out-Null
            $rootPath = Join-Path $folder 'root.cer'
            [IO.File]::WriteAllBytes($rootPath, $root.RawData)
            $script = (New-TestScript -Path (Join-Path $folder 'signed.ps1')).FullName

            Set-CodeSignature -LiteralPath $script -CertificatePath $pfxPath -Password $password -ErrorAction Stop | Out-Null
            $result = Get-CodeSignature -LiteralPath $script -TrustStore $rootPath

            $result.Status | Should -Be 'Valid'
        }
    }

    Context 'Revocation against the right CA' {
        It 'refuses to revoke a certificate of another CA that has the same name, and leaves the CRL' {
            $name = "CN=Same name CA $([guid]::NewGuid())"
            $ours = New-CodeSigningCertificate -Subject $name -CertificateAuthority -KeyAlgorithm ECDsaP256
            $theirs = New-CodeSigningCertificate -Subject $name -CertificateAuthority -KeyAlgorithm ECDsaP256
            $ourLeaf = New-CodeSigningCertificate -Subject 'CN=Our leaf' -Issuer $ours -KeyAlgorithm ECDsaP256
            $theirLeaf = New-CodeSigningCertificate -Subject 'CN=Their leaf' -Issuer $theirs -KeyAlgorithm ECDsaP256
            $crlPath = Join-Path (New-TestFolder) 'ours.crl'
            Revoke-CodeSigningCertificate -Certificate $ourLeaf -Issuer $ours -CrlPath $crlPath -Reason Superseded -Confirm:$false
            $before = Get-FileSha256 $crlPath

            Revoke-CodeSigningCertificate -Certificate $theirLeaf -Issuer $ours -CrlPath $crlPath -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotIssuedByIssuer,*'
            Get-FileSha256 $crlPath | Should -Be $before
        }

        It 'does not report Valid without a word when a given CRL lists the certificate but cannot be verified' {
            $ca = New-CodeSigningCertificate -Subject "CN=Unverified CRL CA $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
            $leaf = New-CodeSigningCertificate -Subject 'CN=Listed leaf' -Issuer $ca -KeyAlgorithm ECDsaP256
            $crlPath = Join-Path (New-TestFolder) 'ca.crl'
            Revoke-CodeSigningCertificate -Certificate $leaf -Issuer $ca -CrlPath $crlPath -Reason KeyCompromise -Confirm:$false

            $item = Get-CodeSigningCertificate -Certificate $leaf -CrlPath $crlPath -WarningVariable warnings -WarningAction SilentlyContinue

            $explained = ($item.Status -ne 'Valid') -or ($item.StatusMessage -like "*$crlPath*") -or (@($warnings) -like "*$crlPath*")
            $explained | Should -BeTrue -Because 'a monitoring job that passes a CRL must learn that the CRL was not used'
        }

        It 'keeps every revocation when the CRL file holds an older and a newer CRL, or refuses the file' {
            $ca = New-CodeSigningCertificate -Subject "CN=Two CRL CA $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
            $folder = New-TestFolder
            $crlPath = Join-Path $folder 'ca.pem'
            $olderPath = Join-Path $folder 'older.pem'
            Revoke-CodeSigningCertificate -SerialNumber 'A1' -Issuer $ca -CrlPath $crlPath -Confirm:$false
            Copy-Item -LiteralPath $crlPath -Destination $olderPath
            Revoke-CodeSigningCertificate -SerialNumber 'A2' -Issuer $ca -CrlPath $crlPath -Confirm:$false
            $bundlePath = Join-Path $folder 'bundle.pem'
            Set-Content -LiteralPath $bundlePath -Value ((Get-Content -Raw $olderPath) + (Get-Content -Raw $crlPath)) -NoNewline
            $before = Get-FileSha256 $bundlePath

            $failure = Get-StoppingError {
                $script:written = Revoke-CodeSigningCertificate -SerialNumber 'A3' -Issuer $ca -CrlPath $bundlePath -Confirm:$false -PassThru -ErrorAction Stop
            }

            if ($null -eq $failure) {
                $script:written.Entries.SerialNumber | Should -Contain 'A2'
                $script:written.CrlNumber | Should -BeGreaterThan 2
            }
            else {
                $failure.Exception.Message | Should -BeLike "*$bundlePath*"
                Get-FileSha256 $bundlePath | Should -Be $before
            }
        }

        Context 'A PEM file with several CRLs' {
            BeforeAll {
                $bundleCa = New-CodeSigningCertificate -Subject "CN=CRL bundle CA $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
                $bundleLeaf = New-CodeSigningCertificate -Subject 'CN=CRL bundle leaf' -Issuer $bundleCa -KeyAlgorithm ECDsaP256
                $bundleFolder = New-TestFolder
                $bundleRoot = Join-Path $bundleFolder 'root.cer'
                [IO.File]::WriteAllBytes($bundleRoot, $bundleCa.RawData)
                $bundleScript = (New-TestScript -Path (Join-Path $bundleFolder 'signed.ps1')).FullName
                Set-CodeSignature -LiteralPath $bundleScript -Certificate $bundleLeaf -ErrorAction Stop | Out-Null
                $current = Join-Path $bundleFolder 'current.pem'
                $older = Join-Path $bundleFolder 'older.pem'
                Revoke-CodeSigningCertificate -SerialNumber 'A1' -Issuer $bundleCa -CrlPath $current -Confirm:$false
                Copy-Item -LiteralPath $current -Destination $older
                Revoke-CodeSigningCertificate -Certificate $bundleLeaf -Issuer $bundleCa -CrlPath $current -Reason KeyCompromise -Confirm:$false
                $crlBundle = Join-Path $bundleFolder 'crls.pem'
                Set-Content -LiteralPath $crlBundle -Value ((Get-Content -Raw $older) + (Get-Content -Raw $current)) -NoNewline
            }

            It 'reports Revoked when the revoking CRL is the second block of the -CrlPath file' {
                $result = Get-CodeSignature -LiteralPath $bundleScript -TrustStore $bundleRoot -RevocationMode Offline -CrlPath $crlBundle

                $result.Status | Should -Be 'Revoked'
            }

            It 'reports Revoked in an inventory when the revoking CRL is the second block of the -CrlPath file' {
                $item = Get-CodeSigningCertificate -Certificate $bundleLeaf -TrustStore $bundleRoot -CrlPath $crlBundle

                $item.Status | Should -Be 'Revoked'
            }
        }

        It 'reports OutputFolderNotFound naming the folder when the CRL folder does not exist' {
            $ca = New-CodeSigningCertificate -Subject "CN=Folderless CA $([guid]::NewGuid())" -CertificateAuthority -KeyAlgorithm ECDsaP256
            $folder = Join-Path (New-TestFolder) 'missing'
            $crlPath = Join-Path $folder 'ca.crl'

            $failure = Get-StoppingError { Revoke-CodeSigningCertificate -SerialNumber 'A1' -Issuer $ca -CrlPath $crlPath -Confirm:$false -ErrorAction Stop }

            $failure.FullyQualifiedErrorId | Should -BeLike 'OutputFolderNotFound,*'
            $failure.Exception.Message | Should -BeLike "*$folder*"
            $failure.Exception.Message | Should -Not -Match '\.tmp'
        }
    }
}
