#Requires -Version 7.4

# Regression tests for hostile file system input: symbolic link loops, links to device nodes,
# named pipes in a folder, names at the file system's length limit, and damaged UTF-16 files.
# Each one states the behaviour the documentation promises for a single bad file: a
# non-terminating error or a result for that file, and every other file still processed.

Describe 'Hostile file system input' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $signer = New-TestSigningCertificate
        $signerFiles = Export-TestCertificate -Certificate $signer -Directory $TestDrive -Name signer
        $trust = @{ TrustStore = $signerFiles.CerPath }
        $isLinuxRoot = $IsLinux -and ((& id -u) -eq '0')

        # Started through 'dotnet pwsh', this process is dotnet itself and needs pwsh.dll first.
        $pwshPath = [Environment]::ProcessPath
        $pwshPrefix = if ([IO.Path]::GetFileNameWithoutExtension($pwshPath) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

        # Runs a command in a fresh pwsh that imports the module; returns $false when it does not end
        # within the timeout, after killing it. A hang in the module cannot block the test run.
        function Test-CommandFinishes {
            param([string] $Command, [int] $TimeoutMilliseconds = 30000)
            $commandLine = "Import-Module '$(Get-CodeSignPSModulePath)'; $Command"
            $arguments = @($pwshPrefix) + @('-NoProfile', '-NonInteractive', '-Command', "`"$commandLine`"")
            $process = Start-Process -FilePath $pwshPath -ArgumentList $arguments -PassThru
            if ($process.WaitForExit($TimeoutMilliseconds)) {
                return $true
            }
            $process.Kill()
            $process.WaitForExit()
            return $false
        }

        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }
    }

    Context 'Symbolic link loops' {
        BeforeEach {
            $folder = New-TestFolder loop
            $good = (New-TestScript -Path (Join-Path $folder 'good.ps1')).FullName
            $loopA = Join-Path $folder 'loop-a.ps1'
            $loopB = Join-Path $folder 'loop-b.ps1'
            $null = New-Item -ItemType SymbolicLink -Path $loopA -Target $loopB
            $null = New-Item -ItemType SymbolicLink -Path $loopB -Target $loopA
        }

        It 'signs the other files named with a link loop, and reports the loop as a file error' {
            $errors = $null
            Set-CodeSignature -LiteralPath $loopA, $good -Certificate $signer -ErrorAction SilentlyContinue -ErrorVariable errors

            (Get-CodeSignature -LiteralPath $good @trust).Status | Should -Be 'Valid'
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -Not -Match '^System\.' -Because 'a file error carries one of the documented ids'
            $errors[0].Exception.Message | Should -Match 'loop-a\.ps1'
        }

        It 'signs the other files of a folder with -Recurse when it holds a link loop' {
            { Set-CodeSignature -LiteralPath $folder -Recurse -Certificate $signer -ErrorAction SilentlyContinue } |
                Should -Not -Throw

            (Get-CodeSignature -LiteralPath $good @trust).Status | Should -Be 'Valid'
        }
    }

    # The links are made with ln, which Windows lacks.
    Context 'Folder links' -Skip:$IsWindows {
        BeforeEach {
            $folder = New-TestFolder dirloop
            $sub = (New-Item -ItemType Directory -Path (Join-Path $folder 'sub')).FullName
            $null = New-TestScript -Path (Join-Path $sub 'good.ps1')
            & ln -s .. (Join-Path $sub 'up')
        }

        AfterEach {
            # Pester clears TestDrive with a recursive listing that follows these links without end.
            & rm -f (Join-Path $sub 'up') (Join-Path $sub 'again')
        }

        AfterEach {
            # Pester's TestDrive cleanup enumerates the folder recursively and would follow the links.
            & rm -f (Join-Path $sub 'up') (Join-Path $sub 'again')
        }

        It 'reports a file once when a folder link points back up the tree' {
            $results = @(Get-CodeSignature -LiteralPath $folder -Recurse)

            $results | Should -HaveCount 1 -Because 'Get-ChildItem -Recurse does not follow folder links either'
        }

        It 'finishes a recursive verification when two folder links point back up the tree' {
            & ln -s .. (Join-Path $sub 'again')

            $finished = Test-CommandFinishes -Command "Get-CodeSignature -LiteralPath '$folder' -Recurse | Out-Null"

            $finished | Should -BeTrue -Because 'folder links that point back up the tree must not make -Recurse endless'
        }
    }

    Context 'Files that are not regular files' {
        It 'leaves a character device in place when a script link points to it' {
            if (-not $isLinuxRoot) {
                Set-ItResult -Skipped -Because 'making a device node needs root on Linux'
                return
            }
            $folder = New-TestFolder device
            $node = Join-Path $folder 'null-device'
            & mknod $node c 1 3
            $link = Join-Path $folder 'placeholder.ps1'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target $node

            Set-CodeSignature -LiteralPath $link -Certificate $signer -ErrorAction SilentlyContinue

            & test -c $node
            $LASTEXITCODE | Should -Be 0 -Because 'signing must never replace a device node with a regular file'
        }

        It 'finishes a recursive verification of a folder that holds a named pipe with no writer' {
            if (-not $IsLinux -and -not $IsMacOS) {
                Set-ItResult -Skipped -Because 'named pipes in the file system exist on Linux and macOS'
                return
            }
            $folder = New-TestFolder fifo
            $null = New-TestScript -Path (Join-Path $folder 'good.ps1')
            & mkfifo (Join-Path $folder 'pipe.ps1')
            $finished = Test-CommandFinishes -Command "Get-CodeSignature -LiteralPath '$folder' -Recurse | Out-Null"

            $finished | Should -BeTrue -Because 'a named pipe in the folder must not block the batch'
        }
    }

    Context 'Hard links' {
        It 'keeps the hard links of a file together when Remove-CodeSignature strips its block' {
            if ($IsWindows) {
                Set-ItResult -Skipped -Because 'the link count is read with stat'
                return
            }
            $folder = New-TestFolder hardlink
            $path = (New-TestScript -Path (Join-Path $folder 'linked.ps1')).FullName
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop
            $otherLink = Join-Path $folder 'other-link.ps1'
            $null = New-Item -ItemType HardLink -Path $otherLink -Target $path

            Remove-CodeSignature -LiteralPath $path -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'FileHasHardLinks*'
            (& stat -c '%h' $path) | Should -Be '2' -Because 'Set-CodeSignature rejects splitting hard links without -Force, and so should removal'
            (Get-FileHash -LiteralPath $otherLink).Hash | Should -Be (Get-FileHash -LiteralPath $path).Hash

            Remove-CodeSignature -LiteralPath $path -Force -ErrorAction Stop
            (Get-CodeSignature -LiteralPath $path).Status | Should -Be 'NotSigned'
        }
    }

    Context 'Names and encodings' {
        It 'signs a file whose name is 255 bytes long, the longest the file system allows' {
            $folder = New-TestFolder longname
            $path = Join-Path $folder (('L' * 251) + '.ps1')
            $null = New-TestScript -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Valid'
        }

        It 'names the file in the error for a UTF-16 script with an odd number of bytes' {
            $folder = New-TestFolder oddutf16
            $path = Join-Path $folder 'odd-length.ps1'
            [IO.File]::WriteAllBytes($path, [byte[]](0xFF, 0xFE, 0x57, 0x00, 0x72))
            $errors = $null

            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors | Should -HaveCount 1
            $errors[0].Exception.Message | Should -Match 'odd-length\.ps1'
        }
    }
}
