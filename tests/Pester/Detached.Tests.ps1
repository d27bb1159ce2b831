#Requires -Version 7.4

BeforeDiscovery {
    # Decided at discovery, where -Skip is evaluated. Under CI=true nothing is skipped, so a missing
    # openssl fails the interop tests.
    $skipOpenSsl = -not (Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue) -and $env:CI -ne 'true'
}

Describe 'Detached signatures' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $setCommand = 'CodeSignPS.Commands.SetCodeSignatureCommand'
        $getCommand = 'CodeSignPS.Commands.GetCodeSignatureCommand'
        $authority = New-TestCertificateAuthority -Name 'Detached Test'
        $leafFiles = Export-TestCertificate -Certificate $authority.Leaf -Directory $TestDrive -Name leaf
        $rootPem = Join-Path $TestDrive 'root.pem'
        [IO.File]::WriteAllText($rootPem, $authority.Root.ExportCertificatePem())
        $trust = @{ TrustStore = $rootPem }
        $signing = @{ Certificate = $authority.Leaf; Detached = $true }

        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }

        function New-TestFile {
            param([string] $Path, [byte[]] $Bytes = [Text.Encoding]::UTF8.GetBytes("line one`r`nline two`r`n"))
            [IO.File]::WriteAllBytes($Path, $Bytes)
            return $Path
        }
    }

    Context 'Signing' {
        It 'writes file.p7s and leaves the file byte for byte as it was' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder sign) 'release.zip')
            $before = Get-FileSha256 -Path $path

            $result = Set-CodeSignature -LiteralPath $path @signing -TrustStore $rootPem -PassThru -ErrorAction Stop

            Get-FileSha256 -Path $path | Should -Be $before
            "$path.p7s" | Should -Exist
            $result.Status | Should -Be 'Valid'
            $result.SignaturePath | Should -Be "$path.p7s"
        }

        It 'writes to -SignaturePath and verifies from there' {
            $folder = New-TestFolder signaturepath
            $path = New-TestFile -Path (Join-Path $folder 'policy.yaml')
            $signaturePath = Join-Path $folder 'policy.sig'

            Set-CodeSignature -LiteralPath $path @signing -SignaturePath $signaturePath -ErrorAction Stop

            $signaturePath | Should -Exist
            "$path.p7s" | Should -Not -Exist
            (Get-CodeSignature -LiteralPath $path -SignaturePath $signaturePath @trust).Status | Should -Be 'Valid'
        }

        It 'rejects -SignaturePath with two files before signing either' {
            $folder = New-TestFolder twofiles
            $first = New-TestFile -Path (Join-Path $folder 'a.bin')
            $second = New-TestFile -Path (Join-Path $folder 'b.bin')

            { Set-CodeSignature -LiteralPath $first, $second @signing -SignaturePath (Join-Path $folder 'x.p7s') } |
                Should -Throw -ErrorId "SignaturePathWithManyFiles,$setCommand"
            Get-ChildItem -LiteralPath $folder -Filter '*.p7s' | Should -BeNullOrEmpty
        }

        It 'rejects -SignaturePath without -Detached' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder nodetached) 'a.bin')

            { Set-CodeSignature -LiteralPath $path -Certificate $authority.Leaf -SignaturePath "$path.sig" } |
                Should -Throw -ErrorId "SignaturePathRequiresDetached,$setCommand"
        }

        It 'writes nothing with -WhatIf' {
            $folder = New-TestFolder whatif
            $path = New-TestFile -Path (Join-Path $folder 'a.bin')

            Set-CodeSignature -LiteralPath $path @signing -WhatIf

            Get-ChildItem -LiteralPath $folder | ForEach-Object Name | Should -Be @('a.bin')
        }

        It 'refuses to sign a .p7s named explicitly' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder p7s) 'a.bin.p7s')

            Set-CodeSignature -LiteralPath $path @signing -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors[0].FullyQualifiedErrorId | Should -Be "SignatureFileNotSignable,$setCommand"
            "$path.p7s" | Should -Not -Exist
        }

        It 'signs every regular file under a folder with -Recurse, but no .p7s and no temporary file' {
            $folder = New-TestFolder recurse
            $null = New-Item -ItemType Directory -Path (Join-Path $folder 'sub')
            $files = @(
                New-TestFile -Path (Join-Path $folder 'a.bin')
                New-TestFile -Path (Join-Path $folder 'sub/b.txt') -Bytes @()
                New-TestFile -Path (Join-Path $folder 'script.ps1')
            )
            $null = New-TestFile -Path (Join-Path $folder 'old.p7s')
            $null = New-TestFile -Path (Join-Path $folder '.codesignps-0123456789abcdef0123456789abcdef.tmp')

            Set-CodeSignature -LiteralPath $folder -Recurse @signing -ErrorAction Stop
            Set-CodeSignature -LiteralPath $folder -Recurse @signing -ErrorAction Stop

            foreach ($file in $files) { "$file.p7s" | Should -Exist }
            Join-Path $folder 'old.p7s.p7s' | Should -Not -Exist
            Join-Path $folder 'a.bin.p7s.p7s' | Should -Not -Exist
            @(Get-ChildItem -LiteralPath $folder -Recurse -Force -Filter '*.tmp.p7s').Count | Should -Be 0
        }
    }

    Context 'Verifying' {
        It 'round-trips an empty file, a file of NUL bytes and a CRLF text file' {
            $folder = New-TestFolder roundtrip
            $paths = @(
                New-TestFile -Path (Join-Path $folder 'empty.bin') -Bytes @()
                New-TestFile -Path (Join-Path $folder 'zeros.bin') -Bytes ([byte[]]::new(65536))
                New-TestFile -Path (Join-Path $folder 'crlf.txt')
            )
            Set-CodeSignature -LiteralPath $paths @signing -ErrorAction Stop

            $results = Get-CodeSignature -LiteralPath $paths @trust

            $results.Status | Should -Be @('Valid', 'Valid', 'Valid')
        }

        It 'reports HashMismatch when one byte changed' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder changed) 'a.bin') -Bytes ([byte[]](1, 2, 3, 4))
            Set-CodeSignature -LiteralPath $path @signing -ErrorAction Stop
            [IO.File]::WriteAllBytes($path, [byte[]](1, 2, 3, 5))

            $result = Get-CodeSignature -LiteralPath $path @trust

            $result.Status | Should -Be 'HashMismatch'
            $result.IsIntegrityValid | Should -BeFalse
        }

        It 'reports Malformed for a .p7s that is not CMS' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder garbage) 'a.bin')
            [IO.File]::WriteAllText("$path.p7s", 'not a signature')

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Malformed'
        }

        It 'reports NotSigned naming the .p7s it looked for' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder unsigned) 'a.bin')

            $result = Get-CodeSignature -LiteralPath $path @trust

            $result.Status | Should -Be 'NotSigned'
            $result.StatusMessage | Should -BeLike "*$path.p7s*"
        }

        It 'verifies both signatures of a signed script with a .p7s, and fails when one fails' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder both) 'both.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $authority.Leaf -ErrorAction Stop
            Set-CodeSignature -LiteralPath $path @signing -ErrorAction Stop

            $valid = Get-CodeSignature -LiteralPath $path @trust
            [IO.File]::WriteAllText("$path.p7s", 'damaged')
            $damaged = Get-CodeSignature -LiteralPath $path @trust

            $valid.Status | Should -Be 'Valid'
            $valid.Signatures.SignaturePath | Should -Be @($path, "$path.p7s")
            $damaged.Status | Should -Be 'Malformed'
            $damaged.Signatures.Status | Should -Be @('Valid', 'Malformed')
            $damaged.SignaturePath | Should -Be "$path.p7s"
        }

        It 'pairs .p7s files with their files under -Recurse and reports a .p7s without its file' {
            $folder = New-TestFolder pairing
            $path = New-TestFile -Path (Join-Path $folder 'a.bin')
            Set-CodeSignature -LiteralPath $path @signing -ErrorAction Stop
            $orphan = New-TestFile -Path (Join-Path $folder 'gone.bin')
            Set-CodeSignature -LiteralPath $orphan @signing -ErrorAction Stop
            Remove-Item -LiteralPath $orphan

            $results = Get-CodeSignature -LiteralPath $folder -Recurse @trust -ErrorVariable errors -ErrorAction SilentlyContinue

            @($results).Count | Should -Be 1
            $results.Path | Should -Be $path
            $results.Status | Should -Be 'Valid'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "SignedFileNotFound,$getCommand"
            $errors[0].TargetObject | Should -Be "$orphan.p7s"
        }

        It 'verifies the file that a .p7s named explicitly signs' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder named) 'a.bin')
            Set-CodeSignature -LiteralPath $path @signing -ErrorAction Stop

            $result = Get-CodeSignature -LiteralPath "$path.p7s", $path @trust

            @($result).Count | Should -Be 1
            $result.Path | Should -Be $path
            $result.Status | Should -Be 'Valid'
        }

        It 'stops with SignatureFileNotFound for a missing -SignaturePath' {
            $path = New-TestFile -Path (Join-Path (New-TestFolder missing) 'a.bin')

            { Get-CodeSignature -LiteralPath $path -SignaturePath "$path.sig" @trust } |
                Should -Throw -ErrorId "SignatureFileNotFound,$getCommand"
        }
    }

    Context 'openssl cms' {
        BeforeAll {
            if (-not (Get-Command openssl -CommandType Application -ErrorAction SilentlyContinue)) {
                throw 'openssl is not on PATH, and CI=true requires it for the interop tests.'
            }
        }

        It 'openssl cms -verify accepts what Set-CodeSignature -Detached writes' -Skip:$skipOpenSsl {
            $folder = New-TestFolder ours
            $paths = @(
                New-TestFile -Path (Join-Path $folder 'empty.bin') -Bytes @()
                New-TestFile -Path (Join-Path $folder 'data.bin') -Bytes ([byte[]](0..255))
            )
            Set-CodeSignature -LiteralPath $paths @signing -HashAlgorithm SHA384 -ErrorAction Stop

            foreach ($path in $paths) {
                $output = & openssl cms -verify -binary -inform DER -purpose any -in "$path.p7s" -content $path -CAfile $rootPem -out (Join-Path $folder 'out.bin') 2>&1
                $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            }
        }

        It 'Get-CodeSignature verifies what openssl cms -sign writes, with and without -noattr' -Skip:$skipOpenSsl {
            $folder = New-TestFolder theirs
            $path = New-TestFile -Path (Join-Path $folder 'data.bin')
            foreach ($noattr in @($false, $true)) {
                $arguments = @('cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha384', '-signer', $leafFiles.CertificatePemPath,
                    '-inkey', $leafFiles.KeyPemPath, '-in', $path, '-out', "$path.p7s")
                if ($noattr) { $arguments += '-noattr' }
                $output = & openssl @arguments 2>&1
                $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")

                $result = Get-CodeSignature -LiteralPath $path @trust

                $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
                $result.HashAlgorithm | Should -Be 'SHA384'
            }
        }
    }
}
