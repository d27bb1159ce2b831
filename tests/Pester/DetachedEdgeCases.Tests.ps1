#Requires -Version 7.4

Describe 'Detached signature edge cases' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $authority = New-TestCertificateAuthority -Name 'Detached Edge Cases'
        $rootPem = Join-Path $TestDrive 'root.pem'
        [IO.File]::WriteAllText($rootPem, $authority.Root.ExportCertificatePem())
        $signing = @{ Certificate = $authority.Leaf; Detached = $true }

        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }
    }

    Context 'The file being signed is never changed' {
        # A -SignaturePath that reaches the signed file through a linked folder is another string
        # for the same file; the signature must not replace it.
        It 'rejects a -SignaturePath that names the file through a linked folder' {
            $folder = New-TestFolder linkedfolder
            $path = Join-Path $folder 'release.zip'
            [IO.File]::WriteAllBytes($path, [Text.Encoding]::UTF8.GetBytes('precious release bytes'))
            $before = Get-FileSha256 -Path $path
            $link = Join-Path $folder 'same'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target $folder

            Set-CodeSignature -LiteralPath $path @signing -SignaturePath (Join-Path $link 'release.zip') `
                -ErrorAction SilentlyContinue -ErrorVariable failures

            Get-FileSha256 -Path $path | Should -Be $before
            $failures.FullyQualifiedErrorId | Should -Match '^SignaturePathIsSignedFile,'
        }

        It 'rejects a file named through a linked folder whose -SignaturePath is the file itself' {
            $folder = New-TestFolder linkedcontent
            $path = Join-Path $folder 'release.zip'
            [IO.File]::WriteAllBytes($path, [Text.Encoding]::UTF8.GetBytes('precious release bytes'))
            $before = Get-FileSha256 -Path $path
            $link = Join-Path $folder 'same'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target $folder

            Set-CodeSignature -LiteralPath (Join-Path $link 'release.zip') @signing -SignaturePath $path `
                -ErrorAction SilentlyContinue -ErrorVariable failures

            Get-FileSha256 -Path $path | Should -Be $before
            $failures.FullyQualifiedErrorId | Should -Match '^SignaturePathIsSignedFile,'
        }
    }

    Context 'Errors about -SignaturePath' {
        It 'reports two files for one -SignaturePath before the path that does not exist' {
            $folder = New-TestFolder twofiles
            $first = Join-Path $folder 'a.bin'
            $second = Join-Path $folder 'b.bin'
            Set-Content -LiteralPath $first, $second -Value 'x'

            { Get-CodeSignature -LiteralPath $first, $second -SignaturePath (Join-Path $folder 'missing.p7s') -ErrorAction Stop } |
                Should -Throw -ErrorId 'SignaturePathWithManyFiles,CodeSignPS.Commands.GetCodeSignatureCommand'
            { Set-CodeSignature -LiteralPath $first, $second @signing -SignaturePath (Join-Path $folder 'missing/sig.p7s') -ErrorAction Stop } |
                Should -Throw -ErrorId 'SignaturePathWithManyFiles,CodeSignPS.Commands.SetCodeSignatureCommand'
        }

        It 'reports a -SignaturePath that is a folder as a folder' {
            $folder = New-TestFolder sigfolder
            $path = Join-Path $folder 'a.bin'
            Set-Content -LiteralPath $path -Value 'x'
            $null = New-Item -ItemType Directory -Path (Join-Path $folder 'a.bin.p7s')

            { Get-CodeSignature -LiteralPath $path -SignaturePath (Join-Path $folder 'a.bin.p7s') -ErrorAction Stop } |
                Should -Throw -ErrorId 'SignaturePathIsFolder,CodeSignPS.Commands.GetCodeSignatureCommand'
            $result = Get-CodeSignature -LiteralPath $path
            $result.Status | Should -Be 'NotSigned'
            $result.StatusMessage | Should -BeLike '*a.bin.p7s'' is a folder*'
        }

        It 'takes -SignaturePath literally, without wildcards' {
            $folder = New-TestFolder literal
            $path = Join-Path $folder 'a.bin'
            Set-Content -LiteralPath $path -Value 'x'

            Set-CodeSignature -LiteralPath $path @signing -SignaturePath (Join-Path $folder 'sig[1].p7s') -ErrorAction Stop

            Test-Path -LiteralPath (Join-Path $folder 'sig[1].p7s') | Should -BeTrue
        }

        It 'names the folder, not a temporary file, when the folder is not writable' -Skip:$IsWindows {
            $folder = New-TestFolder readonly
            $path = Join-Path $folder 'a.bin'
            Set-Content -LiteralPath $path -Value 'x'
            $locked = (New-Item -ItemType Directory -Path (Join-Path $folder 'locked')).FullName
            # Root ignores mode bits, so as root the folder is made immutable instead (ext4 and most
            # Linux file systems); elsewhere mode 555 is enough.
            $isRoot = (id -u) -eq '0'
            if ($isRoot) { chattr +i $locked } else { chmod 555 $locked }
            $LASTEXITCODE | Should -Be 0 -Because 'the test needs a folder it cannot write to'
            try {
                Set-CodeSignature -LiteralPath $path @signing -SignaturePath (Join-Path $locked 'a.bin.p7s') `
                    -ErrorAction SilentlyContinue -ErrorVariable failures
            }
            finally {
                if ($isRoot) { chattr -i $locked } else { chmod 755 $locked }
            }

            $failures.FullyQualifiedErrorId | Should -Match '^FileWriteFailed,'
            $failures[0].Exception.Message | Should -BeLike "*the folder '$locked'*"
            $failures[0].Exception.Message | Should -Not -BeLike '*.codesignps-*'
        }
    }

    Context 'Verification reports every file of a tree' {
        # Get-CodeSignature -Recurse gives a result for every file it is pointed at, so an unsigned
        # hidden file cannot pass a gate that fails unless every result is Valid.
        It 'reports an unsigned hidden file under -Recurse' {
            $folder = New-TestFolder hidden
            Set-Content -LiteralPath (Join-Path $folder 'release.zip') -Value 'release'
            Set-CodeSignature -LiteralPath (Join-Path $folder 'release.zip') @signing -ErrorAction Stop
            Set-Content -LiteralPath (Join-Path $folder '.payload.ps1') -Value 'Write-Output 1'

            $results = Get-CodeSignature -Path $folder -Recurse -TrustStore $rootPem

            $hidden = $results | Where-Object { (Split-Path -Leaf $_.Path) -eq '.payload.ps1' }
            $hidden | Should -Not -BeNullOrEmpty
            $hidden.Status | Should -Be 'NotSigned'
        }

        It 'reports files in a hidden folder under -Recurse' {
            $folder = New-TestFolder hiddenfolder
            $inner = (New-Item -ItemType Directory -Path (Join-Path $folder '.config')).FullName
            Set-Content -LiteralPath (Join-Path $inner 'hook.ps1') -Value 'Write-Output 1'

            $results = Get-CodeSignature -Path $folder -Recurse -TrustStore $rootPem

            ($results | Where-Object Path -EQ (Join-Path $inner 'hook.ps1')).Status | Should -Be 'NotSigned'
        }

        It 'signs hidden files and files in hidden folders with -Detached -Recurse, but no .p7s' {
            $folder = New-TestFolder signhidden
            $inner = (New-Item -ItemType Directory -Path (Join-Path $folder '.data')).FullName
            Set-Content -LiteralPath (Join-Path $folder '.env') -Value 'x'
            Set-Content -LiteralPath (Join-Path $inner 'blob.bin') -Value 'y'

            $null = Set-CodeSignature -Path $folder -Recurse @signing -ErrorAction Stop
            $null = Set-CodeSignature -Path $folder -Recurse @signing -ErrorAction Stop

            Test-Path -LiteralPath (Join-Path $folder '.env.p7s') | Should -BeTrue
            Test-Path -LiteralPath (Join-Path $inner 'blob.bin.p7s') | Should -BeTrue
            Get-ChildItem -LiteralPath $folder -Recurse -Force -Filter '*.p7s.p7s' | Should -BeNullOrEmpty
            (Get-CodeSignature -Path $folder -Recurse -TrustStore $rootPem).Status | Should -Not -Contain 'NotSigned'
        }

        # PowerShell's wildcard resolution does not match hidden files; the docs say so.
        It 'matches no hidden file with a -Path wildcard' -Skip:$IsWindows {
            $folder = New-TestFolder wildcard
            Set-Content -LiteralPath (Join-Path $folder '.hidden.ps1'), (Join-Path $folder 'shown.ps1') -Value 'x'

            $results = Get-CodeSignature -Path (Join-Path $folder '*') -TrustStore $rootPem

            $results.Path | Should -Be (Join-Path $folder 'shown.ps1')
        }
    }

    Context 'Display' {
        It 'shows the signatures of a result in Format-List by status and path' {
            $folder = New-TestFolder display
            $path = Join-Path $folder 'release.zip'
            Set-Content -LiteralPath $path -Value 'release'
            $null = Set-CodeSignature -LiteralPath $path @signing -ErrorAction Stop

            $text = Get-CodeSignature -LiteralPath $path -TrustStore $rootPem | Format-List Signatures | Out-String

            $text | Should -BeLike "*Signatures : {Valid: $path ($path.p7s)}*"
        }
    }
}
