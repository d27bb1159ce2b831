#Requires -Version 7.4

Describe 'Get-CodeSigningCertificate' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        # Longer than the 30-day ExpiringSoon threshold, so that a fresh certificate is Valid.
        $root = New-TestSigningCertificate -Subject 'CN=Inventory Test Root CA' -CertificateAuthority -ValidFor ([TimeSpan]::FromDays(365))
        $ca = [pscustomobject]@{
            Root = $root
            Leaf = New-TestSigningCertificate -Subject 'CN=Inventory Test Publisher' -Issuer $root -ValidFor ([TimeSpan]::FromDays(200))
        }
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'certificates')).FullName
        $leafFiles = Export-TestCertificate -Certificate $ca.Leaf -Directory $folder -Name 'leaf'
        $rootPath = Join-Path $TestDrive 'root.pem'
        [IO.File]::WriteAllText($rootPath, $ca.Root.ExportCertificatePem())

        function New-DatedCertificate {
            param([DateTimeOffset] $NotBefore, [DateTimeOffset] $NotAfter)
            $rsa = [System.Security.Cryptography.RSA]::Create(3072)
            $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=Dated', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $usages = [System.Security.Cryptography.OidCollection]::new()
            $null = $usages.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
            $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
            return $request.CreateSelfSigned($NotBefore, $NotAfter)
        }

        function New-TestCrl {
            param($Issuer, $Revoked)
            $builder = [System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder]::new()
            $builder.AddEntry($Revoked, [DateTimeOffset]::UtcNow.AddMinutes(-1), [System.Security.Cryptography.X509Certificates.X509RevocationReason]::KeyCompromise)
            return $builder.Build($Issuer, [System.Numerics.BigInteger]::One, [DateTimeOffset]::UtcNow.AddDays(7), 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        }

        function Invoke-OpenSsl {
            $output = & openssl @args 2>&1
            if ($LASTEXITCODE -ne 0) { throw "openssl $($args -join ' ') failed: $output" }
        }
    }

    Context 'Status per certificate' {
        It 'reports a code signing PFX with its key as Valid' {
            $item = Get-CodeSigningCertificate -LiteralPath $leafFiles.PfxPath -Password $leafFiles.Password -ErrorAction Stop

            $item.Status | Should -Be 'Valid'
            $item.HasPrivateKey | Should -BeTrue
            $item.KeyAlgorithm | Should -Be 'RSA'
            $item.KeySize | Should -Be 3072
            $item.Thumbprint | Should -Be $ca.Leaf.Thumbprint
            $item.Source | Should -Be $leafFiles.PfxPath
            $item.NotAfter.Kind | Should -Be 'Utc'
            $item.ValidationLevel | Should -BeNullOrEmpty
        }

        It 'reports a DER certificate without key as NoPrivateKey' {
            (Get-CodeSigningCertificate -LiteralPath $leafFiles.CerPath -ErrorAction Stop).Status | Should -Be 'NoPrivateKey'
        }

        It 'counts a PEM key block that matches as the private key' {
            $pair = Join-Path $TestDrive 'pair.pem'
            Set-Content -LiteralPath $pair -Value ((Get-Content -Raw $leafFiles.CertificatePemPath) + "`n" + (Get-Content -Raw $leafFiles.KeyPemPath))

            $item = Get-CodeSigningCertificate -LiteralPath $pair -ErrorAction Stop

            $item.HasPrivateKey | Should -BeTrue
            $item.Status | Should -Be 'Valid'
        }

        It 'reports a certificate that expires within 30 days as ExpiringSoon' {
            $soon = New-TestSigningCertificate -ValidFor ([TimeSpan]::FromDays(10))
            $item = Get-CodeSigningCertificate -Certificate $soon

            $item.Status | Should -Be 'ExpiringSoon'
            $item.DaysLeft | Should -BeIn 9, 10
            $item.Source | Should -Be 'Pipeline'
        }

        It 'reports a certificate without the code signing EKU as NotForCodeSigning' {
            $server = New-TestSigningCertificate -ExtendedKeyUsage '1.3.6.1.5.5.7.3.1'
            (Get-CodeSigningCertificate -Certificate $server).Status | Should -Be 'NotForCodeSigning'
        }

        It 'reports a certificate without any EKU, made by openssl, as NotForCodeSigning' {
            $key = Join-Path $TestDrive 'noeku.key'
            $cert = Join-Path $TestDrive 'noeku.pem'
            Invoke-OpenSsl req -x509 -newkey rsa:3072 -nodes -keyout $key -out $cert -subj '/CN=No EKU' -days 30

            (Get-CodeSigningCertificate -LiteralPath $cert -ErrorAction Stop).Status | Should -Be 'NotForCodeSigning'
        }

        It 'reports an expired certificate as Expired' {
            $expired = New-DatedCertificate -NotBefore '2020-01-01Z' -NotAfter '2021-01-01Z'

            $item = Get-CodeSigningCertificate -Certificate $expired -ErrorAction Stop

            $item.Status | Should -Be 'Expired'
            $item.DaysLeft | Should -BeLessThan 0
        }

        It 'reports a certificate valid only from next year as NotYetValid' {
            $future = New-DatedCertificate -NotBefore ([DateTimeOffset]::UtcNow.AddYears(1)) -NotAfter ([DateTimeOffset]::UtcNow.AddYears(2))

            (Get-CodeSigningCertificate -Certificate $future -ErrorAction Stop).Status | Should -Be 'NotYetValid'
        }

        It 'reports a certificate that a CRL of its issuer lists as Revoked' {
            $crl = New-TestCrl -Issuer $ca.Root -Revoked $ca.Leaf
            $crlPath = Join-Path $TestDrive 'root.crl'
            [IO.File]::WriteAllBytes($crlPath, $crl)

            $item = Get-CodeSigningCertificate -Certificate $ca.Leaf -TrustStore $rootPath -CrlPath $crlPath -ErrorAction Stop

            $item.Status | Should -Be 'Revoked'
            $item.StatusMessage | Should -BeLike '*root.crl*'
            $item.Revocation.Entry.Reason | Should -Be 'KeyCompromise'
        }

        It 'reports RevocationUnknown and warns for a CRL that another key signed under the issuer name' {
            $impostor = New-TestSigningCertificate -Subject $ca.Root.Subject -CertificateAuthority
            $crl = New-TestCrl -Issuer $impostor -Revoked $ca.Leaf
            $crlPath = Join-Path $TestDrive 'impostor.crl'
            [IO.File]::WriteAllBytes($crlPath, $crl)

            $item = Get-CodeSigningCertificate -Certificate $ca.Leaf -TrustStore $rootPath -CrlPath $crlPath -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop

            $item.Status | Should -Be 'RevocationUnknown'
            $item.RevocationStatus | Should -Be 'Unknown'
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*$crlPath*does not verify with the key of*"
        }

        It 'reports RevocationUnknown and warns for a CRL that covers none of the certificates' {
            $other = New-TestSigningCertificate -Subject 'CN=Inventory Unrelated CA' -CertificateAuthority
            $crlPath = Join-Path $TestDrive 'unrelated.crl'
            [IO.File]::WriteAllBytes($crlPath, (New-TestCrl -Issuer $other -Revoked $other))

            $item = Get-CodeSigningCertificate -Certificate $ca.Leaf -TrustStore $rootPath -CrlPath $crlPath -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop

            $item.Status | Should -Be 'RevocationUnknown'
            $warnings.Count | Should -Be 1
            $warnings[0].Message | Should -BeLike "*$crlPath*covers none of the 1 certificate(s)*"
        }

        It 'reports RevocationUnknown and warns when the issuer of the CRL is not given' {
            $crlPath = Join-Path $TestDrive 'no-issuer.crl'
            [IO.File]::WriteAllBytes($crlPath, (New-TestCrl -Issuer $ca.Root -Revoked $ca.Leaf))

            $item = Get-CodeSigningCertificate -Certificate $ca.Leaf -CrlPath $crlPath -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop

            $item.Status | Should -Be 'RevocationUnknown'
            $item.StatusMessage | Should -BeLike '*-TrustStore*'
            $warnings[0].Message | Should -BeLike "*$crlPath*could not be verified*"
        }

        It 'reports Valid without warning when the CRL of its issuer does not list it' {
            $other = New-TestSigningCertificate -Subject 'CN=Inventory Other Publisher' -Issuer $ca.Root
            $crlPath = Join-Path $TestDrive 'other-revoked.crl'
            [IO.File]::WriteAllBytes($crlPath, (New-TestCrl -Issuer $ca.Root -Revoked $other))

            $item = Get-CodeSigningCertificate -Certificate $ca.Leaf -TrustStore $rootPath -CrlPath $crlPath -WarningVariable warnings -ErrorAction Stop

            $item.Status | Should -Be 'Valid'
            $item.RevocationStatus | Should -Be 'Good'
            $warnings | Should -BeNullOrEmpty
        }
    }

    Context 'Files and folders' {
        It 'reads every certificate file of a folder with -Recurse' {
            $items = Get-CodeSigningCertificate -LiteralPath $folder -Recurse -Password $leafFiles.Password -ErrorAction Stop

            # The .pfx, .cer and .crt.pem files; the key files hold no certificate and are not listed.
            ($items | Where-Object Thumbprint -eq $ca.Leaf.Thumbprint).Count | Should -Be 3
        }

        It 'fills ValidationLevel from the chain with -TrustStore' {
            $item = Get-CodeSigningCertificate -LiteralPath $leafFiles.CerPath -TrustStore $rootPath -ErrorAction Stop

            $item.IsTrusted | Should -BeTrue
            $item.ValidationLevel | Should -Be 'Unknown'
        }

        It 'gives PfxPasswordInvalid for a wrong password and goes on' {
            $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force
            $items = Get-CodeSigningCertificate -LiteralPath $leafFiles.PfxPath, $leafFiles.CerPath -Password $wrong -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PfxPasswordInvalid*'
            $items.Thumbprint | Should -Be $ca.Leaf.Thumbprint
        }

        It 'gives CertificateNotInFile for a key file named explicitly' {
            Get-CodeSigningCertificate -LiteralPath $leafFiles.KeyPemPath -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotInFile*'
        }
    }

    Context 'Monitoring' {
        It 'writes only certificates expiring within the days given, expired ones included' {
            $soon = New-TestSigningCertificate -ValidFor ([TimeSpan]::FromDays(5))
            $later = New-TestSigningCertificate -ValidFor ([TimeSpan]::FromDays(200))

            $items = @($soon, $later) | Get-CodeSigningCertificate -ExpiringWithinDays 30

            $items.Thumbprint | Should -Be $soon.Thumbprint
        }

        It 'takes the ExpiringSoon threshold from -ExpiringWithinDays' {
            $later = New-TestSigningCertificate -ValidFor ([TimeSpan]::FromDays(200))
            (Get-CodeSigningCertificate -Certificate $later -ExpiringWithinDays 365).Status | Should -Be 'ExpiringSoon'
        }
    }

    Context 'Stores' {
        BeforeAll {
            $stored = New-TestSigningCertificate -Subject 'CN=CodeSignPS Inventory Store Test' -ValidFor ([TimeSpan]::FromDays(90))
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
            $store.Open('ReadWrite')
            $store.Add($stored)
            $store.Close()
        }

        AfterAll {
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
            $store.Open('ReadWrite')
            $store.Remove($stored)
            $store.Close()
        }

        It 'lists the CurrentUser My store by default' {
            $item = Get-CodeSigningCertificate -ErrorAction Stop | Where-Object Thumbprint -eq $stored.Thumbprint

            $item.Source | Should -Be 'Cert:\CurrentUser\My'
            $item.HasPrivateKey | Should -BeTrue
            $item.Status | Should -Be 'Valid'
        }

        It 'gives StoreLocationNotSupported for LocalMachine on Linux' -Skip:(-not $IsLinux) {
            { Get-CodeSigningCertificate -StoreLocation LocalMachine -ErrorAction Stop } |
                Should -Throw -ErrorId 'StoreLocationNotSupported*'
        }
    }
}
