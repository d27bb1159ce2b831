#Requires -Version 7.4

Describe 'Detached signature edge cases' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $authority = New-TestCertificateAuthority -Name 'Detached Breaker'
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
        # Expected: a -SignaturePath that reaches the signed file through a linked folder is rejected
        # with SignaturePathIsSignedFile and the file keeps its bytes. Found: the signature
        # replaces the release file.
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
    }

    Context 'Verification reports every file of a tree' {
        # Expected: Get-CodeSignature -Recurse gives a result for every file it is pointed at, so an
        # unsigned hidden file in a release folder shows up as NotSigned. Found: hidden files are
        # skipped with no result and no warning (documented, as Get-ChildItem -Recurse does), so the
        # README's "fail unless every result is Valid" gate passes a tree with an unsigned hidden script.
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
    }
}
