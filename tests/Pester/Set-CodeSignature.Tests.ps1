#Requires -Version 7.4

BeforeDiscovery {
    $scriptKinds = @('.ps1', '.psm1', '.psd1', '.ps1xml', '.psc1', '.cdxml', '.mof')
    $blockFraming = @(
        @{ Extension = '.ps1'; Pattern = '(?m)^# SIG # Begin signature block\r?$' }
        @{ Extension = '.psm1'; Pattern = '(?m)^# SIG # Begin signature block\r?$' }
        @{ Extension = '.psd1'; Pattern = '(?m)^# SIG # Begin signature block\r?$' }
        @{ Extension = '.ps1xml'; Pattern = '(?m)^<!-- SIG # Begin signature block -->\r?$' }
        @{ Extension = '.psc1'; Pattern = '(?m)^<!-- SIG # Begin signature block -->\r?$' }
        @{ Extension = '.cdxml'; Pattern = '(?m)^<!-- SIG # Begin signature block -->\r?$' }
        @{ Extension = '.mof'; Pattern = '(?m)^/\* SIG # Begin signature block \*/\r?$' }
    )
    $contentVariants = @(
        @{ Encoding = 'Utf8Bom'; LineEnding = 'LF' }
        @{ Encoding = 'Utf8Bom'; LineEnding = 'CRLF' }
        @{ Encoding = 'Utf8'; LineEnding = 'LF' }
        @{ Encoding = 'Utf16LE'; LineEnding = 'CRLF' }
        @{ Encoding = 'Utf16BE'; LineEnding = 'LF' }
    )
}

Describe 'Set-CodeSignature' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.SetCodeSignatureCommand'
        $signer = New-TestSigningCertificate
        $signerFiles = Export-TestCertificate -Certificate $signer -Directory $TestDrive -Name signer
        $trust = @{ TrustStore = $signerFiles.CerPath }

        # Opens a fresh folder under TestDrive for one test, so tests never see each other's files.
        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }
    }

    Context 'Key sources' {
        It 'signs a <_> file with -Certificate' -ForEach $scriptKinds {
            $path = Join-Path (New-TestFolder kinds) "sample$_"
            $null = New-TestScript -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            $result = Get-CodeSignature -LiteralPath $path @trust
            $result.Status | Should -Be 'Valid'
            $result.IsIntegrityValid | Should -BeTrue
            $result.SignerCertificate.Thumbprint | Should -Be $signer.Thumbprint
            Get-SignatureBlockCount -Path $path | Should -Be 1

            # For the Windows CI job, which checks the file with Get-AuthenticodeSignature.
            Save-SignedScriptForWindowsCheck -Path $path -Root $signer -Label "Set-CodeSignature: $_ kind"
        }

        It 'frames the block of a <Extension> file as its kind expects' -ForEach $blockFraming {
            $path = Join-Path (New-TestFolder framing) "sample$Extension"
            $null = New-TestScript -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            Get-Content -LiteralPath $path -Raw | Should -Match $Pattern
        }

        It 'signs with a PFX file and -Password' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder pfx) 'a.ps1')).FullName

            Set-CodeSignature -Path $path -CertificatePath $signerFiles.PfxPath -Password $signerFiles.Password -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }

        It 'signs with a PEM certificate and a PEM key' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder pem) 'a.ps1')).FullName

            Set-CodeSignature -Path $path -CertificatePath $signerFiles.CertificatePemPath -KeyPath $signerFiles.KeyPemPath -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }

        It 'signs with an encrypted PEM key and -Password' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder pem-encrypted) 'a.ps1')).FullName

            $parameters = @{
                CertificatePath = $signerFiles.CertificatePemPath
                KeyPath         = $signerFiles.EncryptedKeyPemPath
                Password        = $signerFiles.Password
            }
            Set-CodeSignature -Path $path @parameters -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }

        It 'resolves -CertificatePath against the current location' {
            $folder = New-TestFolder relative-key
            $path = (New-TestScript -Path (Join-Path $folder 'a.ps1')).FullName
            Copy-Item -LiteralPath $signerFiles.PfxPath -Destination (Join-Path $folder 'relative.pfx')

            Push-Location -LiteralPath $folder
            try {
                Set-CodeSignature -Path ./a.ps1 -CertificatePath ./relative.pfx -Password $signerFiles.Password -ErrorAction Stop
            }
            finally {
                Pop-Location
            }

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }

        It 'signs with a caller-owned -SigningKey and leaves it open' {
            $folder = New-TestFolder signing-key
            $first = (New-TestScript -Path (Join-Path $folder 'first.ps1')).FullName
            $second = (New-TestScript -Path (Join-Path $folder 'second.ps1')).FullName
            $key = [CodeSignPS.Core.Keys.SigningKeyLoader]::FromCertificate($signer)

            try {
                Set-CodeSignature -LiteralPath $first -SigningKey $key -ErrorAction Stop
                Set-CodeSignature -LiteralPath $second -SigningKey $key -ErrorAction Stop
            }
            finally {
                $key.Dispose()
            }

            (Get-CodeSignature -LiteralPath $first @trust).Status | Should -Be 'Valid'
            (Get-CodeSignature -LiteralPath $second @trust).Status | Should -Be 'Valid'
        }
    }

    Context 'Hash algorithms' {
        It 'signs with <_>' -ForEach @('SHA384', 'SHA512') {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder $_) 'a.ps1')).FullName

            Set-CodeSignature -LiteralPath $path -Certificate $signer -HashAlgorithm $_ -ErrorAction Stop

            $result = Get-CodeSignature -LiteralPath $path @trust
            $result.Status | Should -Be 'Valid'
            $result.HashAlgorithm | Should -Be $_

            Save-SignedScriptForWindowsCheck -Path $path -Root $signer -Label "Set-CodeSignature: $_"
        }

        It 'rejects <_> before any file changes' -ForEach @('SHA1', 'MD5', 'sha-1') {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder weak) 'a.ps1')).FullName
            $before = Get-FileSha256 -Path $path

            { Set-CodeSignature -LiteralPath $path -Certificate $signer -HashAlgorithm $_ -ErrorAction Stop } |
                Should -Throw -ErrorId "HashAlgorithmNotAllowed,$command"

            Get-FileSha256 -Path $path | Should -Be $before
        }

        It 'rejects an unknown algorithm name' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder unknown) 'a.ps1')).FullName
            $before = Get-FileSha256 -Path $path

            { Set-CodeSignature -LiteralPath $path -Certificate $signer -HashAlgorithm 'SHA3-256' -ErrorAction Stop } |
                Should -Throw -ErrorId "HashAlgorithmNotSupported,$command"

            Get-FileSha256 -Path $path | Should -Be $before
        }
    }

    Context 'Unusable keys' {
        # These error ids come from the core's key loader.
        It 'rejects a certificate without the code signing EKU before touching files' {
            $serverCertificate = New-TestSigningCertificate -Subject 'CN=Not For Code' -ExtendedKeyUsage '1.3.6.1.5.5.7.3.1'
            $folder = New-TestFolder no-eku
            $paths = 'a.ps1', 'b.psm1' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            $before = $paths | ForEach-Object { Get-FileSha256 -Path $_ }

            { Set-CodeSignature -LiteralPath $paths -Certificate $serverCertificate -ErrorAction Stop } |
                Should -Throw -ErrorId "CodeSigningEkuMissing,$command"

            $paths | ForEach-Object { Get-FileSha256 -Path $_ } | Should -Be $before
        }

        It 'rejects a certificate without a private key before touching files' {
            $publicOnly = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($signer.RawData)
            $path = (New-TestScript -Path (Join-Path (New-TestFolder no-key) 'a.ps1')).FullName
            $before = Get-FileSha256 -Path $path

            { Set-CodeSignature -LiteralPath $path -Certificate $publicOnly -ErrorAction Stop } |
                Should -Throw -ErrorId "PrivateKeyMissing,$command"

            Get-FileSha256 -Path $path | Should -Be $before
        }

        It 'rejects the LocalMachine store on Linux and macOS with its own error id' -Skip:$IsWindows {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder local-machine) 'a.ps1')).FullName
            $before = Get-FileSha256 -Path $path

            { Set-CodeSignature -LiteralPath $path -Thumbprint $signer.Thumbprint -StoreLocation LocalMachine -ErrorAction Stop } |
                Should -Throw -ErrorId "StoreLocationNotSupported,$command"

            Get-FileSha256 -Path $path | Should -Be $before
        }
    }

    Context 'Content and encodings' {
        It 'keeps the content bytes of <Encoding> with <LineEnding>' -ForEach $contentVariants {
            $path = Join-Path (New-TestFolder content) 'a.ps1'
            $null = New-TestScript -Path $path -Encoding $Encoding -LineEnding $LineEnding
            [byte[]] $original = [IO.File]::ReadAllBytes($path)

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            [byte[]] $signed = [IO.File]::ReadAllBytes($path)
            $signed.Length | Should -BeGreaterThan $original.Length
            [Convert]::ToHexString($signed, 0, $original.Length) | Should -Be ([Convert]::ToHexString($original))
            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'

            Save-SignedScriptForWindowsCheck -Path $path -Root $signer -Label "Set-CodeSignature: $Encoding $LineEnding"
        }

        It 'replaces the block when signing again' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder resign) 'a.ps1')).FullName

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop
            Set-CodeSignature -LiteralPath $path -Certificate $signer -HashAlgorithm SHA512 -ErrorAction Stop

            Get-SignatureBlockCount -Path $path | Should -Be 1
            (Get-CodeSignature -LiteralPath $path @trust).HashAlgorithm | Should -Be 'SHA512'
        }

        It 'warns about a BOM-less script with non-ASCII text and keeps its bytes' {
            $path = Join-Path (New-TestFolder bomless) 'a.ps1'
            $null = New-TestScript -Path $path -Encoding Utf8 -Text "Write-Output 'caf$([char]0xE9) na$([char]0xEF)ve'`n"
            [byte[]] $original = [IO.File]::ReadAllBytes($path)

            Set-CodeSignature -LiteralPath $path -Certificate $signer -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop

            $warnings.Count | Should -BeGreaterOrEqual 1
            [byte[]] $signed = [IO.File]::ReadAllBytes($path)
            [Convert]::ToHexString($signed, 0, $original.Length) | Should -Be ([Convert]::ToHexString($original))
        }

        It 'rewrites a BOM-less non-ASCII script as UTF-8 with BOM with -ConvertToUtf8Bom' {
            $path = Join-Path (New-TestFolder convert) 'a.ps1'
            $text = "Write-Output 'caf$([char]0xE9)'`n"
            $null = New-TestScript -Path $path -Encoding Utf8 -Text $text

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ConvertToUtf8Bom -WarningAction SilentlyContinue -ErrorAction Stop

            [byte[]] $signed = [IO.File]::ReadAllBytes($path)
            [Convert]::ToHexString($signed, 0, 3) | Should -Be 'EFBBBF'
            [Text.Encoding]::UTF8.GetString($signed, 3, $signed.Length - 3) | Should -BeLike "$text*"
            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }

        It 'hashes BOM-less text in the code page that -Encoding names' {
            $path = Join-Path (New-TestFolder encoding) 'a.ps1'
            $null = New-TestScript -Path $path -Encoding Utf8 -Text "Write-Output 'caf$([char]0xE9)'`n"

            Set-CodeSignature -LiteralPath $path -Certificate $signer -Encoding utf8 -WarningAction SilentlyContinue -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path -Encoding utf8 @trust).Status | Should -Be 'Valid'
            (Get-CodeSignature -LiteralPath $path -Encoding 65001 @trust).Status | Should -Be 'Valid'
            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'HashMismatch'
        }

        It 'rejects an encoding name .NET does not know' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder bad-encoding) 'a.ps1')).FullName

            { Set-CodeSignature -LiteralPath $path -Certificate $signer -Encoding 'no-such-encoding' -ErrorAction Stop } |
                Should -Throw -ErrorId "ParameterArgumentTransformationError,$command"
        }
    }

    Context 'Side effects' {
        It 'changes nothing with -WhatIf' {
            $folder = New-TestFolder whatif
            $paths = 'a.ps1', 'b.psd1' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            $before = $paths | ForEach-Object { Get-FileSha256 -Path $_ }

            $output = Set-CodeSignature -LiteralPath $paths -Certificate $signer -PassThru -WhatIf

            $output | Should -BeNullOrEmpty
            $paths | ForEach-Object { Get-FileSha256 -Path $_ } | Should -Be $before
        }

        It 'makes no signing call with -WhatIf, as a key that counts its calls shows' {
            if (-not ('CodeSignPSTests.CountingSigningKey' -as [type])) {
                $coreAssembly = [CodeSignPS.Core.Keys.SigningKey].Assembly.Location
                Add-Type -IgnoreWarnings -ReferencedAssemblies $coreAssembly, 'System.Security.Cryptography', 'System.Runtime', 'System.Memory', 'System.Threading' -TypeDefinition @'
namespace CodeSignPSTests
{
    using System;
    using System.Security.Cryptography;
    using System.Security.Cryptography.X509Certificates;

    public sealed class CountingSigningKey : CodeSignPS.Core.Keys.SigningKey
    {
        private readonly X509Certificate2 _certificate;
        public CountingSigningKey(X509Certificate2 certificate) { _certificate = certificate; }
        private int _calls;
        public int Calls => _calls;
        public override X509Certificate2 Certificate => _certificate;
        public override string Source => "counting test key";
        public override byte[] SignHash(ReadOnlySpan<byte> hash, HashAlgorithmName hashAlgorithm)
        {
            System.Threading.Interlocked.Increment(ref _calls);
            using RSA rsa = _certificate.GetRSAPrivateKey();
            return rsa.SignHash(hash.ToArray(), hashAlgorithm, RSASignaturePadding.Pkcs1);
        }
    }
}
'@
            }
            $folder = New-TestFolder whatif-key
            $paths = 'a.ps1', 'b.psm1' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            $key = [CodeSignPSTests.CountingSigningKey]::new($signer)

            Set-CodeSignature -LiteralPath $paths -SigningKey $key -WhatIf
            $key.Calls | Should -Be 0

            Set-CodeSignature -LiteralPath $paths -SigningKey $key -ErrorAction Stop
            $key.Calls | Should -Be 2 -Because 'the same key signs once per file without -WhatIf'
        }

        It 'returns one verification result per file with -PassThru' {
            $folder = New-TestFolder passthru
            $paths = 'a.ps1', 'b.psm1', 'c.ps1xml' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }

            $results = @(Set-CodeSignature -LiteralPath $paths -Certificate $signer -PassThru -ErrorAction Stop)

            $results.Count | Should -Be 3
            $results[0] | Should -BeOfType ([CodeSignPS.Core.Verification.VerificationResult])
            $results.IsIntegrityValid | Should -Not -Contain $false
            $results.SignerCertificate.Thumbprint | Should -Be (@($signer.Thumbprint) * 3)
            $results.Path | Sort-Object | Should -Be ($paths | Sort-Object)
            ($results | Get-CodeSignature @trust).Status | Should -Be (@('Valid') * 3)
        }
    }

    Context 'Batches' {
        It 'signs files piped from Get-ChildItem' {
            $folder = New-TestFolder pipeline
            'a.ps1', 'b.psm1', 'c.psd1' | ForEach-Object { $null = New-TestScript -Path (Join-Path $folder $_) }

            Get-ChildItem -LiteralPath $folder -File | Set-CodeSignature -Certificate $signer -ErrorAction Stop

            (Get-ChildItem -LiteralPath $folder -File | Get-CodeSignature @trust).Status | Should -Be (@('Valid') * 3)
        }

        It 'expands wildcards and leaves files of other types alone' {
            $folder = New-TestFolder wildcard
            'a.ps1', 'b.ps1' | ForEach-Object { $null = New-TestScript -Path (Join-Path $folder $_) }
            $notes = Join-Path $folder 'notes.txt'
            Set-Content -LiteralPath $notes -Value 'not a script'
            $notesBefore = Get-FileSha256 -Path $notes

            Set-CodeSignature -Path (Join-Path $folder '*') -Certificate $signer -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors | Should -BeNullOrEmpty
            (Get-CodeSignature -Path (Join-Path $folder '*.ps1') @trust).Status | Should -Be (@('Valid') * 2)
            Get-FileSha256 -Path $notes | Should -Be $notesBefore
        }

        It 'signs supported files in subfolders with -Recurse' {
            $folder = New-TestFolder recurse
            $scripts = 'a.ps1', 'sub/b.psm1', 'sub/deeper/c.ps1xml' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            Set-Content -LiteralPath (Join-Path $folder 'sub/readme.md') -Value '# not a script'

            Set-CodeSignature -LiteralPath $folder -Recurse -Certificate $signer -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors | Should -BeNullOrEmpty
            (Get-CodeSignature -LiteralPath $scripts @trust).Status | Should -Be (@('Valid') * 3)
        }

        It 'reports a folder without -Recurse' {
            $folder = New-TestFolder folder

            Set-CodeSignature -LiteralPath $folder -Certificate $signer -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "PathIsFolder,$command"
        }

        It 'reports bad files and signs the others' {
            $folder = New-TestFolder mixed
            $good = 'a.ps1', 'b.ps1' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            $notes = Join-Path $folder 'notes.txt'
            Set-Content -LiteralPath $notes -Value 'not a script'
            $missing = Join-Path $folder 'missing.ps1'

            Set-CodeSignature -LiteralPath $good[0], $missing, $notes, $good[1] -Certificate $signer -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 2
            $errors.FullyQualifiedErrorId | Should -Contain "PathNotFound,$command"
            $errors.FullyQualifiedErrorId | Should -Contain "UnsupportedFormat,$command"
            ($errors | Where-Object FullyQualifiedErrorId -Like 'PathNotFound,*').TargetObject | Should -Be $missing
            ($errors | Where-Object FullyQualifiedErrorId -Like 'UnsupportedFormat,*').TargetObject | Should -Be $notes
            (Get-CodeSignature -LiteralPath $good @trust).Status | Should -Be (@('Valid') * 2)
        }

        It 'signs a batch long enough to show progress' {
            $folder = New-TestFolder long-batch
            1..30 | ForEach-Object { $null = New-TestScript -Path (Join-Path $folder "script$_.ps1") }

            Set-CodeSignature -Path (Join-Path $folder '*.ps1') -Certificate $signer -ThrottleLimit 2 -ErrorAction Stop -ProgressAction SilentlyContinue

            $statuses = (Get-ChildItem -LiteralPath $folder | Get-CodeSignature @trust).Status
            $statuses.Count | Should -Be 30
            $statuses | Select-Object -Unique | Should -Be 'Valid'
        }

        It 'skips a file already signed by the same certificate with -SkipIfSigned' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder skip) 'a.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop
            $signedHash = Get-FileSha256 -Path $path

            $verbose = Set-CodeSignature -LiteralPath $path -Certificate $signer -SkipIfSigned -Verbose -ErrorAction Stop 4>&1

            Get-FileSha256 -Path $path | Should -Be $signedHash
            ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Skipped 'a.ps1', already signed by $($signer.Subject)."
        }

        It 'signs again with -SkipIfSigned when another certificate signed the file' {
            $other = New-TestSigningCertificate -Subject 'CN=Other Signer'
            $path = (New-TestScript -Path (Join-Path (New-TestFolder skip-other) 'a.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $other -ErrorAction Stop

            Set-CodeSignature -LiteralPath $path -Certificate $signer -SkipIfSigned -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path @trust).SignerCertificate.Thumbprint | Should -Be $signer.Thumbprint
        }
    }

    Context 'File system' {
        It 'follows a symbolic link and keeps it a link' -Skip:$IsWindows {
            $folder = New-TestFolder symlink
            $target = (New-TestScript -Path (Join-Path $folder 'target.ps1')).FullName
            $link = Join-Path $folder 'link.ps1'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target $target

            Set-CodeSignature -LiteralPath $link -Certificate $signer -ErrorAction Stop

            (Get-Item -LiteralPath $link).LinkType | Should -Be 'SymbolicLink'
            (Get-Item -LiteralPath $link).LinkTarget | Should -Be $target
            (Get-CodeSignature -LiteralPath $target @trust).Status | Should -Be 'Valid'
        }

        It 'keeps the file mode' -Skip:$IsWindows {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder mode) 'a.ps1')).FullName
            $mode = [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute'
            [IO.File]::SetUnixFileMode($path, $mode)

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            [IO.File]::GetUnixFileMode($path) | Should -Be $mode
        }

        It 'rejects a file with two hard links unless -Force' {
            $folder = New-TestFolder hardlink
            $path = (New-TestScript -Path (Join-Path $folder 'a.ps1')).FullName
            $secondName = Join-Path $folder 'b.ps1'
            $null = New-Item -ItemType HardLink -Path $secondName -Target $path
            $before = Get-FileSha256 -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "FileHasHardLinks,$command"
            $errors[0].TargetObject | Should -Be $path
            Get-FileSha256 -Path $path | Should -Be $before
            Get-FileSha256 -Path $secondName | Should -Be $before

            Set-CodeSignature -LiteralPath $path -Certificate $signer -Force -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }
    }
}
