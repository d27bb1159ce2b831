#Requires -Version 7.4

BeforeDiscovery {
    $contentVariants = @(
        @{ Encoding = 'Utf8Bom'; LineEnding = 'LF' }
        @{ Encoding = 'Utf8Bom'; LineEnding = 'CRLF' }
        @{ Encoding = 'Utf8'; LineEnding = 'LF' }
        @{ Encoding = 'Utf8'; LineEnding = 'CRLF' }
        @{ Encoding = 'Utf16LE'; LineEnding = 'LF' }
        @{ Encoding = 'Utf16LE'; LineEnding = 'CRLF' }
    )
    $scriptKinds = @('.ps1', '.psm1', '.psd1', '.ps1xml', '.psc1', '.cdxml', '.mof')
}

Describe 'Remove-CodeSignature' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.RemoveCodeSignatureCommand'
        $signer = New-TestSigningCertificate

        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }
    }

    Context 'Restoring content' {
        It 'restores the exact bytes of <Encoding> with <LineEnding>' -ForEach $contentVariants {
            $path = Join-Path (New-TestFolder restore) 'a.ps1'
            $null = New-TestScript -Path $path -Encoding $Encoding -LineEnding $LineEnding
            $original = Get-FileSha256 -Path $path
            Set-CodeSignature -LiteralPath $path -Certificate $signer -WarningAction SilentlyContinue -ErrorAction Stop
            Get-FileSha256 -Path $path | Should -Not -Be $original

            Remove-CodeSignature -LiteralPath $path -ErrorAction Stop

            Get-FileSha256 -Path $path | Should -Be $original
        }

        It 'restores the exact bytes of a <_> file' -ForEach $scriptKinds {
            $path = Join-Path (New-TestFolder kinds) "sample$_"
            $null = New-TestScript -Path $path -LineEnding CRLF
            $original = Get-FileSha256 -Path $path
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            Remove-CodeSignature -LiteralPath $path -ErrorAction Stop

            Get-FileSha256 -Path $path | Should -Be $original
            (Get-CodeSignature -LiteralPath $path).Status | Should -Be 'NotSigned'
        }

        It 'leaves an unsigned script alone and says so in a verbose line' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder unsigned) 'a.ps1')).FullName
            $original = Get-FileSha256 -Path $path

            $output = Remove-CodeSignature -LiteralPath $path -Verbose -ErrorVariable errors 4>&1

            $errors | Should -BeNullOrEmpty
            Get-FileSha256 -Path $path | Should -Be $original
            ($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
                Should -Contain "'$path' has no signature; left it unchanged."
        }
    }

    Context 'Side effects' {
        It 'changes nothing with -WhatIf' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder whatif) 'a.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop
            $signed = Get-FileSha256 -Path $path

            Remove-CodeSignature -LiteralPath $path -WhatIf

            Get-FileSha256 -Path $path | Should -Be $signed
        }

        It 'returns the file with -PassThru' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder passthru) 'a.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            $output = Remove-CodeSignature -LiteralPath $path -PassThru -ErrorAction Stop

            $output | Should -BeOfType ([IO.FileInfo])
            $output.FullName | Should -Be $path
        }

        It 'writes nothing to the pipeline without -PassThru' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder quiet) 'a.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            Remove-CodeSignature -LiteralPath $path -ErrorAction Stop | Should -BeNullOrEmpty
        }
    }

    Context 'Input' {
        It 'reports a file type no format handles when it is named' {
            $path = Join-Path (New-TestFolder unsupported) 'notes.txt'
            Set-Content -LiteralPath $path -Value 'plain text'

            Remove-CodeSignature -LiteralPath $path -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "UnsupportedFormat,$command"
            $errors[0].TargetObject | Should -Be $path
        }

        It 'skips other file types quietly with -Recurse' {
            $folder = New-TestFolder recurse
            $scripts = 'a.ps1', 'sub/b.psd1' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            $originals = $scripts | ForEach-Object { Get-FileSha256 -Path $_ }
            Set-CodeSignature -LiteralPath $scripts -Certificate $signer -ErrorAction Stop
            Set-Content -LiteralPath (Join-Path $folder 'sub/notes.txt') -Value 'plain text'

            Remove-CodeSignature -LiteralPath $folder -Recurse -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors | Should -BeNullOrEmpty
            $scripts | ForEach-Object { Get-FileSha256 -Path $_ } | Should -Be $originals
        }

        It 'takes files piped from Get-ChildItem' {
            $folder = New-TestFolder pipeline
            $scripts = 'a.ps1', 'b.psm1' | ForEach-Object { (New-TestScript -Path (Join-Path $folder $_)).FullName }
            $originals = $scripts | ForEach-Object { Get-FileSha256 -Path $_ }
            Set-CodeSignature -LiteralPath $scripts -Certificate $signer -ErrorAction Stop

            Get-ChildItem -LiteralPath $folder -File | Remove-CodeSignature -ErrorAction Stop

            $scripts | ForEach-Object { Get-FileSha256 -Path $_ } | Should -Be $originals
        }

        It 'reports a missing path with its path as target' {
            $missing = Join-Path (New-TestFolder missing) 'missing.ps1'

            Remove-CodeSignature -Path $missing -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "PathNotFound,$command"
            $errors[0].TargetObject | Should -Be $missing
        }
    }
}
