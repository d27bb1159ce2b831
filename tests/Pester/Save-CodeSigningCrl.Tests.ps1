#Requires -Version 7.4

# Save-CodeSigningCrl against a CRL server on 127.0.0.1, then offline verification with the server stopped.

Describe 'Save-CodeSigningCrl' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'OnlineRevocationHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.SaveCodeSigningCrlCommand'
        $fixture = New-OnlineTestFixture -Folder $TestDrive -SecondMode crl-error -Name 'Save CRL Test'
        $script:processes = $fixture.Processes

        $revoked = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Saved Revoked Signer' -CrlUrl "$($fixture.CrlServer.Url)ca.crl"
        $good = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Saved Good Signer' -CrlUrl "$($fixture.CrlServer.Url)ca.crl"
        $broken = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Broken Server Signer' -CrlUrl "$($fixture.SecondServer.Url)ca.crl"
        New-OnlineTestCrl -Authority $fixture.Authority -Path (Join-Path $fixture.CrlFolder 'ca.crl') -Revoked $revoked -CrlNumber 4

        $revokedScript = New-OnlineSignedScript -Certificate $revoked -Folder $TestDrive -Name revoked
        $goodScript = New-OnlineSignedScript -Certificate $good -Folder $TestDrive -Name good
    }

    AfterAll {
        Stop-OnlineTestProcesses $script:processes
    }

    It 'downloads nothing with -WhatIf' {
        $destination = Join-Path $TestDrive 'whatif'

        Save-CodeSigningCrl -LiteralPath $revokedScript -Destination $destination -TrustStore $fixture.RootPath -WhatIf

        Test-Path -LiteralPath $destination | Should -BeFalse
    }

    It 'saves the CRL of a signed file under a stable name, once for two files' {
        $destination = Join-Path $TestDrive 'crls'

        $saved = Save-CodeSigningCrl -LiteralPath $revokedScript, $goodScript -Destination $destination -TrustStore $fixture.RootPath
        $again = Save-CodeSigningCrl -LiteralPath $goodScript -Destination $destination -TrustStore $fixture.RootPath

        @($saved).Count | Should -Be 1
        $saved.CrlNumber | Should -Be 4
        $saved.RevokedCount | Should -Be 1
        $again.Path | Should -Be $saved.Path
        (Get-ChildItem -LiteralPath $destination).Count | Should -Be 1
    }

    It 'takes -Certificate' {
        $destination = Join-Path $TestDrive 'from-certificate'

        $saved = $good | Save-CodeSigningCrl -Destination $destination -TrustStore $fixture.RootPath

        Test-Path -LiteralPath $saved.Path | Should -BeTrue
    }

    It 'writes CrlDownloadFailed for a server that answers HTTP 500 and writes no file' {
        $destination = Join-Path $TestDrive 'broken'

        $saved = Save-CodeSigningCrl -Certificate $broken -Destination $destination -TrustStore $fixture.RootPath -ErrorVariable failures -ErrorAction SilentlyContinue

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
        Save-CodeSigningCrl -LiteralPath $revokedScript -Destination $destination -TrustStore $fixture.RootPath | Out-Null
        Stop-Process -Id $fixture.CrlServer.Process.Id -Force
        $fixture.CrlServer.Process.WaitForExit()

        $revokedResult = Get-CodeSignature -LiteralPath $revokedScript -TrustStore $fixture.RootPath -RevocationMode Offline -CrlPath $destination
        $goodResult = Get-CodeSignature -LiteralPath $goodScript -TrustStore $fixture.RootPath -RevocationMode Offline -CrlPath $destination

        $revokedResult.Status | Should -Be 'Revoked'
        $goodResult.Status | Should -Be 'Valid'
    }
}
