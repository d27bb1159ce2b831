#Requires -Version 7.4

Describe 'Test-CodeSigningCertificate' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $ca = New-TestCertificateAuthority -Name 'Fitness Test'
        $files = Export-TestCertificate -Certificate $ca.Leaf -Directory $TestDrive -Name 'leaf'
        $rootPath = Join-Path $TestDrive 'root.pem'
        [IO.File]::WriteAllText($rootPath, $ca.Root.ExportCertificatePem())

        function Invoke-OpenSsl {
            $output = & openssl @args 2>&1
            if ($LASTEXITCODE -ne 0) { throw "openssl $($args -join ' ') failed: $output" }
        }
    }

    Context 'A fit certificate' {
        It 'passes every check for a PFX with its key and a trusted chain' {
            $result = Test-CodeSigningCertificate -LiteralPath $files.PfxPath -Password $files.Password -TrustStore $rootPath -ErrorAction Stop

            $result.IsFit | Should -BeTrue
            $result.Reasons | Should -BeNullOrEmpty
            $result.Thumbprint | Should -Be $ca.Leaf.Thumbprint
        }

        It 'passes a PEM certificate with its separate key file' {
            Test-CodeSigningCertificate -LiteralPath $files.CertificatePemPath -KeyPath $files.EncryptedKeyPemPath -Password $files.Password -Quiet |
                Should -BeTrue
        }

        It 'takes certificates from Get-CodeSigningCertificate by property name' {
            Get-CodeSigningCertificate -Certificate $ca.Leaf | Test-CodeSigningCertificate -Quiet | Should -BeTrue
        }
    }

    Context 'Failed reasons' {
        It 'reports PrivateKeyMissing for a certificate without its key' {
            $result = Test-CodeSigningCertificate -LiteralPath $files.CerPath

            $result.ReasonIds | Should -Be @('PrivateKeyMissing')
        }

        It 'reports PrivateKeyMismatch for a PEM pair whose key belongs to another certificate' {
            $other = Export-TestCertificate -Certificate (New-TestSigningCertificate) -Directory $TestDrive -Name 'other'

            $result = Test-CodeSigningCertificate -LiteralPath $files.CertificatePemPath -KeyPath $other.KeyPemPath

            $result.ReasonIds | Should -Be @('PrivateKeyMismatch')
        }

        It 'reports KeyTooWeak for a 2048-bit RSA key made by openssl, unless the minimum allows it' {
            $key = Join-Path $TestDrive 'weak.key'
            $cert = Join-Path $TestDrive 'weak.pem'
            Invoke-OpenSsl req -x509 -newkey rsa:2048 -nodes -keyout $key -out $cert -subj '/CN=Weak' -days 30 `
                -addext 'extendedKeyUsage=codeSigning' -addext 'keyUsage=critical,digitalSignature'

            (Test-CodeSigningCertificate -LiteralPath $cert -KeyPath $key).ReasonIds | Should -Be @('KeyTooWeak')
            Test-CodeSigningCertificate -LiteralPath $cert -KeyPath $key -MinimumRsaKeySize 2048 -Quiet | Should -BeTrue
        }

        It 'reports CodeSigningEkuMissing for a certificate without EKU made by openssl' {
            $key = Join-Path $TestDrive 'noeku.key'
            $cert = Join-Path $TestDrive 'noeku.pem'
            Invoke-OpenSsl req -x509 -newkey rsa:3072 -nodes -keyout $key -out $cert -subj '/CN=No EKU' -days 30

            (Test-CodeSigningCertificate -LiteralPath $cert -KeyPath $key).ReasonIds | Should -Be @('CodeSigningEkuMissing')
        }

        It 'reports KeyUsageMissingDigitalSignature for a key usage without digitalSignature' {
            $key = Join-Path $TestDrive 'nodigsig.key'
            $cert = Join-Path $TestDrive 'nodigsig.pem'
            Invoke-OpenSsl req -x509 -newkey rsa:3072 -nodes -keyout $key -out $cert -subj '/CN=No DigitalSignature' -days 30 `
                -addext 'extendedKeyUsage=codeSigning' -addext 'keyUsage=critical,keyEncipherment'

            (Test-CodeSigningCertificate -LiteralPath $cert -KeyPath $key).ReasonIds | Should -Be @('KeyUsageMissingDigitalSignature')
        }

        It 'reports Expired for a certificate past its NotAfter' {
            $rsa = [System.Security.Cryptography.RSA]::Create(3072)
            $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=Expired', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $expired = $request.CreateSelfSigned([DateTimeOffset]'2020-01-01Z', [DateTimeOffset]'2021-01-01Z')

            (Test-CodeSigningCertificate -Certificate $expired).ReasonIds | Should -Be @('CodeSigningEkuMissing', 'Expired')
        }

        It 'reports ChainNotTrusted for a certificate outside the trust store' {
            $stranger = New-TestSigningCertificate

            (Test-CodeSigningCertificate -Certificate $stranger -TrustStore $rootPath).ReasonIds | Should -Be @('ChainNotTrusted')
        }

        It 'lists every failed reason, not only the first' {
            $key = Join-Path $TestDrive 'many.key'
            $cert = Join-Path $TestDrive 'many.pem'
            Invoke-OpenSsl req -x509 -newkey rsa:2048 -nodes -keyout $key -out $cert -subj '/CN=Many' -days 30

            $result = Test-CodeSigningCertificate -LiteralPath $cert -TrustStore $rootPath

            $result.ReasonIds | Should -Be @('CodeSigningEkuMissing', 'KeyTooWeak', 'PrivateKeyMissing', 'ChainNotTrusted')
            Test-CodeSigningCertificate -LiteralPath $cert -Quiet | Should -BeFalse
        }
    }

    Context 'With a policy' {
        BeforeAll {
            $policyFolder = Join-Path $TestDrive 'policy'
            New-Item -ItemType Directory -Path (Join-Path $policyFolder 'trust') -Force | Out-Null
            [IO.File]::WriteAllText((Join-Path $policyFolder 'trust/root.pem'), $ca.Root.ExportCertificatePem())
            $policyPath = Join-Path $policyFolder 'policy.yaml'
            Set-Content -LiteralPath $policyPath -Value @'
version: 1
trustStores:
  test-root: { role: codeSigning, class: enterprise, certificates: [trust/root.pem] }
publishers:
  fitness:
    trustStores: [test-root]
    subject: { CN: Fitness Test Publisher }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [fitness]
    minimumLevel: Internal
environments:
  dev: {}
  prod:
    minimumLevel: EV
'@
        }

        It 'accepts the publisher in an environment whose level it reaches' {
            $result = Test-CodeSigningCertificate -Certificate $ca.Leaf -Policy $policyPath -Environment dev -ErrorAction Stop

            $result.Accepted | Should -BeTrue
            $result.TrustStore | Should -Be 'test-root'
            $result.Level | Should -Be 'Internal'
            $result.Rules[0].Publisher | Should -Be 'fitness'
        }

        It 'rejects it where the environment needs EV, and says why' {
            $result = Test-CodeSigningCertificate -Certificate $ca.Leaf -Policy $policyPath -Environment prod

            $result.Accepted | Should -BeFalse
            $result.Rules[0].MinimumLevel | Should -Be 'EV'
            $result.Reasons -join "`n" | Should -BeLike "*needs level EV or higher in environment 'prod'*"
        }

        It 'returns only the answer with -Quiet' {
            Test-CodeSigningCertificate -Certificate $ca.Leaf -Policy $policyPath -Environment dev -Quiet | Should -BeTrue
            Test-CodeSigningCertificate -Certificate (New-TestSigningCertificate) -Policy $policyPath -Environment dev -Quiet | Should -BeFalse
        }

        It 'judges the certificate of a file' {
            $result = Test-CodeSigningCertificate -LiteralPath $files.CerPath -Policy $policyPath -Environment dev

            $result.Accepted | Should -BeTrue
            $result.Source | Should -Be $files.CerPath
        }

        It 'gives PolicyEnvironmentNotFound for an environment the policy lacks' {
            { Test-CodeSigningCertificate -Certificate $ca.Leaf -Policy $policyPath -Environment qa } |
                Should -Throw -ErrorId 'PolicyEnvironmentNotFound*'
        }

        It 'gives TrustStoreWithPolicy when -TrustStore is given too' {
            { Test-CodeSigningCertificate -Certificate $ca.Leaf -Policy $policyPath -TrustStore $rootPath } |
                Should -Throw -ErrorId 'TrustStoreWithPolicy*'
        }

        It 'gives PolicyTrustStoreUnreadable for a store file that is missing' {
            $broken = Join-Path $policyFolder 'broken.yaml'
            (Get-Content -LiteralPath $policyPath -Raw).Replace('trust/root.pem', 'trust/missing.pem') | Set-Content -LiteralPath $broken

            { Test-CodeSigningCertificate -Certificate $ca.Leaf -Policy $broken -Environment dev } |
                Should -Throw -ErrorId 'PolicyTrustStoreUnreadable*'
        }
    }

    Context 'Bad input' {
        It 'gives PfxPasswordInvalid for a wrong password' {
            $wrong = ConvertTo-SecureString 'wrong' -AsPlainText -Force
            { Test-CodeSigningCertificate -LiteralPath $files.PfxPath -Password $wrong -ErrorAction Stop } |
                Should -Throw -ErrorId 'PfxPasswordInvalid*'
        }

        It 'gives TrustStoreNotFound for a missing trust store' {
            { Test-CodeSigningCertificate -Certificate $ca.Leaf -TrustStore (Join-Path $TestDrive 'missing.pem') } |
                Should -Throw -ErrorId 'TrustStoreNotFound*'
        }
    }
}
