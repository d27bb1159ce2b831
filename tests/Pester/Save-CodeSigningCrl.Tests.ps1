#Requires -Version 7.4

# Save-CodeSigningCrl against a CRL server on 127.0.0.1, then offline verification with the server stopped.

Describe 'Save-CodeSigningCrl' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'OnlineRevocationHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.SaveCodeSigningCrlCommand'
        $script:processes = [System.Collections.Generic.List[object]]::new()
        $assembly = Get-TestServersAssembly -BuildFolder (Join-Path $TestDrive 'test-servers')
        $authority = New-OnlineTestAuthority -Name 'Save CRL Test'
        $rootPath = Join-Path $TestDrive 'root.cer'
        [IO.File]::WriteAllBytes($rootPath, $authority.Root.RawData)

        $crlFolder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'served')
        $crlServer = Start-TestCrlServer -Assembly $assembly -Folder $crlFolder
        $script:processes.Add($crlServer.Process)
        $errorServer = Start-TestCrlServer -Assembly $assembly -Folder $crlFolder -Mode crl-error
        $script:processes.Add($errorServer.Process)

        $revoked = New-OnlineTestLeaf -Authority $authority -Subject 'CN=Saved Revoked Signer' -CrlUrl "$($crlServer.Url)ca.crl"
        $good = New-OnlineTestLeaf -Authority $authority -Subject 'CN=Saved Good Signer' -CrlUrl "$($crlServer.Url)ca.crl"
        $broken = New-OnlineTestLeaf -Authority $authority -Subject 'CN=Broken Server Signer' -CrlUrl "$($errorServer.Url)ca.crl"
        New-OnlineTestCrl -Authority $authority -Path (Join-Path $crlFolder 'ca.crl') -Revoked $revoked -CrlNumber 4

        function New-SignedScript {
            param([Parameter(Mandatory)] $Certificate, [Parameter(Mandatory)] [string] $Name)
            $path = Join-Path $TestDrive "$Name.ps1"
            Set-Content -LiteralPath $path -Value "Write-Output '$Name'"
            Set-CodeSignature -LiteralPath $path -Certificate $Certificate -ErrorAction Stop | Out-Null
            return $path
        }

        $revokedScript = New-SignedScript $revoked revoked
        $goodScript = New-SignedScript $good good
    }

    AfterAll {
        foreach ($process in $script:processes) {
            Stop-Process -Id $process.Id -Force -ErrorAction Ignore
        }
    }

    It 'downloads nothing with -WhatIf' {
        $destination = Join-Path $TestDrive 'whatif'

        Save-CodeSigningCrl -LiteralPath $revokedScript -Destination $destination -TrustStore $rootPath -WhatIf

        Test-Path -LiteralPath $destination | Should -BeFalse
    }

    It 'saves the CRL of a signed file under a stable name, once for two files' {
        $destination = Join-Path $TestDrive 'crls'

        $saved = Save-CodeSigningCrl -LiteralPath $revokedScript, $goodScript -Destination $destination -TrustStore $rootPath
        $again = Save-CodeSigningCrl -LiteralPath $goodScript -Destination $destination -TrustStore $rootPath

        @($saved).Count | Should -Be 1
        $saved.CrlNumber | Should -Be 4
        $saved.RevokedCount | Should -Be 1
        $again.Path | Should -Be $saved.Path
        (Get-ChildItem -LiteralPath $destination).Count | Should -Be 1
    }

    It 'takes -Certificate' {
        $destination = Join-Path $TestDrive 'from-certificate'

        $saved = $good | Save-CodeSigningCrl -Destination $destination -TrustStore $rootPath

        Test-Path -LiteralPath $saved.Path | Should -BeTrue
    }

    It 'writes CrlDownloadFailed for a server that answers HTTP 500 and writes no file' {
        $destination = Join-Path $TestDrive 'broken'

        $saved = Save-CodeSigningCrl -Certificate $broken -Destination $destination -TrustStore $rootPath -ErrorVariable failures -ErrorAction SilentlyContinue

        $saved | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be "CrlDownloadFailed,$command"
        $failures[0].Exception.Message | Should -BeLike '*HTTP 500*'
        @(Get-ChildItem -LiteralPath $destination -Filter *.crl -ErrorAction Ignore).Count | Should -Be 0
    }

    It 'rejects a file as -Destination' {
        $file = Join-Path $TestDrive 'not-a-folder.txt'
        Set-Content -LiteralPath $file -Value 'x'

        { Save-CodeSigningCrl -Certificate $good -Destination $file -ErrorAction Stop } |
            Should -Throw -ErrorId "CrlDestinationNotFolder,$command"
    }

    It 'lets Offline verification find the revocation with the server stopped' {
        $destination = Join-Path $TestDrive 'offline'
        Save-CodeSigningCrl -LiteralPath $revokedScript -Destination $destination -TrustStore $rootPath | Out-Null
        Stop-Process -Id $crlServer.Process.Id -Force
        $crlServer.Process.WaitForExit()

        $revokedResult = Get-CodeSignature -LiteralPath $revokedScript -TrustStore $rootPath -RevocationMode Offline -CrlPath $destination
        $goodResult = Get-CodeSignature -LiteralPath $goodScript -TrustStore $rootPath -RevocationMode Offline -CrlPath $destination

        $revokedResult.Status | Should -Be 'Revoked'
        $goodResult.Status | Should -Be 'Valid'
    }
}
