#Requires -Version 7.4

# Get-CodeSignature -RevocationMode Online against a CRL server and an `openssl ocsp` responder on
# 127.0.0.1, started here as processes.

Describe 'Get-CodeSignature -RevocationMode Online' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'OnlineRevocationHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $fixture = New-OnlineTestFixture -Folder $TestDrive -SecondMode crl-hang
        $script:processes = $fixture.Processes

        $ocspPort = Get-FreeTcpPort
        $ocspUrl = "http://127.0.0.1:$ocspPort/"
        $good = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Online Good Signer' -OcspUrl $ocspUrl
        $revoked = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Online Revoked Signer' -OcspUrl $ocspUrl
        $crlRevoked = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=CRL Revoked Signer' -CrlUrl "$($fixture.CrlServer.Url)ca.crl"
        $slow = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Slow Server Signer' -OcspUrl "$($fixture.SecondServer.Url)ocsp"
        $down = New-OnlineTestLeaf -Authority $fixture.Authority -Subject 'CN=Server Down Signer' -OcspUrl "http://127.0.0.1:$(Get-FreeTcpPort)/"
        New-OnlineTestCrl -Authority $fixture.Authority -Path (Join-Path $fixture.CrlFolder 'ca.crl') -Revoked $crlRevoked

        $ocspFolder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'ocsp')
        $revokedAt = [DateTimeOffset]::new([DateTime]::UtcNow.Date.AddHours(-6), [TimeSpan]::Zero)
        $script:processes.Add((Start-TestOcspResponder -Authority $fixture.Authority -Folder $ocspFolder -Port $ocspPort -Good $good -Revoked $revoked -RevokedAt $revokedAt))

        function New-SignedScript([Parameter(Mandatory)] $Certificate, [Parameter(Mandatory)] [string] $Name) {
            New-OnlineSignedScript -Certificate $Certificate -Folder $TestDrive -Name $Name
        }

        $online = @{ TrustStore = $fixture.RootPath; RevocationMode = 'Online'; RevocationTimeoutSeconds = 2 }
    }

    AfterAll {
        Stop-OnlineTestProcesses $script:processes
    }

    It 'reports Valid when the OCSP responder says good' {
        $result = Get-CodeSignature -LiteralPath (New-SignedScript $good good) @online

        $result.Status | Should -Be 'Valid'
        $result.IsRevocationChecked | Should -BeTrue
    }

    It 'reports Revoked with the reason and time from OCSP' {
        $result = Get-CodeSignature -LiteralPath (New-SignedScript $revoked revoked) @online

        $result.Status | Should -Be 'Revoked'
        $result.StatusMessage | Should -BeLike '*KeyCompromise*'
        $result.StatusMessage | Should -BeLike "*$($revokedAt.UtcDateTime.ToString('u'))*"
    }

    It 'reports Revoked from a CRL served over HTTP' {
        $result = Get-CodeSignature -LiteralPath (New-SignedScript $crlRevoked crl-revoked) @online

        $result.Status | Should -Be 'Revoked'
    }

    It 'reports RevocationUnknown naming the responder that timed out' {
        $result = Get-CodeSignature -LiteralPath (New-SignedScript $slow slow) @online

        $result.Status | Should -Be 'RevocationUnknown'
        $result.StatusMessage | Should -BeLike "*$($fixture.SecondServer.Url)ocsp*timed out after 2 s*"
    }

    It 'reports RevocationUnknown when the responder is down' {
        $result = Get-CodeSignature -LiteralPath (New-SignedScript $down down) @online

        $result.Status | Should -Be 'RevocationUnknown'
        $result.StatusMessage | Should -BeLike '*could not be reached*'
    }

    It 'uses a -CrlPath CRL before the network' {
        $given = Join-Path $TestDrive 'given.crl'
        New-OnlineTestCrl -Authority $fixture.Authority -Path $given -Revoked $slow

        $result = Get-CodeSignature -LiteralPath (New-SignedScript $slow slow-given) @online -CrlPath $given

        $result.Status | Should -Be 'Revoked'
        $result.StatusMessage | Should -Not -BeLike '*OCSP*'
    }
}
