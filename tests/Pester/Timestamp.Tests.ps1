#Requires -Version 7.4

# Set-CodeSignature -TimestampServer against test timestamp authorities on 127.0.0.1, started as
# processes from tests/CodeSignPS.TestServers ($env:CODESIGNPS_TEST_SERVERS, else built here).

Describe 'Set-CodeSignature -TimestampServer' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.SetCodeSignatureCommand'
        $signer = New-TestSigningCertificate
        $signerFiles = Export-TestCertificate -Certificate $signer -Directory $TestDrive -Name signer
        $trust = @{ TrustStore = $signerFiles.CerPath }
        $pkiFolder = Join-Path $TestDrive 'tsa-pki'
        $script:servers = [System.Collections.Generic.List[object]]::new()

        # Starts a test authority in its own process and returns its URL and counters endpoint.
        function Start-TrackedTimestampServer {
            param([Parameter(Mandatory)] [string] $Mode, [int] $DelayMs = 0)

            $server = TestHelpers\Start-TestTimestampServer -Assembly $script:serversAssembly -Mode $Mode -PkiFolder $pkiFolder -WorkFolder $TestDrive -DelayMs $DelayMs
            $script:servers.Add($server.Process)
            return $server
        }

        function Get-ServerStats {
            param([Parameter(Mandatory)] [object] $Server)
            return Invoke-RestMethod -Uri $Server.StatsUrl -NoProxy
        }

        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }

        $script:serversAssembly = Get-TestServersAssembly -BuildFolder (Join-Path $TestDrive 'test-servers')
        $honest = Start-TrackedTimestampServer -Mode openssl
    }

    AfterAll {
        foreach ($process in $script:servers) {
            Stop-Process -Id $process.Id -Force -ErrorAction Ignore
        }
    }

    Context 'An honest authority' {
        It 'embeds a timestamp and reports the server in the verbose stream' {
            $path = Join-Path (New-TestFolder honest) 'stamped.ps1'
            $null = New-TestScript -Path $path
            $before = (Get-ServerStats $honest).requests

            $verbose = Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $honest.Url -ErrorAction Stop -Verbose 4>&1

            $result = Get-CodeSignature -LiteralPath $path @trust
            $result.Status | Should -Be 'Valid'
            $result.Timestamp.Kind | Should -Be 'Rfc3161'
            $result.Timestamp.Certificate.Subject | Should -Match 'CodeSignPS Test TSA'
            (Get-ServerStats $honest).requests | Should -Be ($before + 1)
            @($verbose | Where-Object { "$_" -like "Timestamp server '$($honest.Url)' returned a valid token.*" }).Count | Should -Be 1
        }

        It 'returns a verified timestamp with -PassThru and -TimestampTrustStore' {
            $path = Join-Path (New-TestFolder passthru) 'stamped.ps1'
            $null = New-TestScript -Path $path
            $tsaRoot = Join-Path $pkiFolder 'tsa-root.pem'

            $withStore = Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $honest.Url -PassThru @trust -TimestampTrustStore $tsaRoot -ErrorAction Stop
            $withoutStore = Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $honest.Url -PassThru @trust -ErrorAction Stop

            $withStore.Status | Should -Be 'Valid'
            $withStore.Timestamp.IsVerified | Should -BeTrue
            $withoutStore.Timestamp.IsVerified | Should -BeFalse
            $withoutStore.Timestamp.Message | Should -Match 'TimestampTrustStore'
        }

        It 'makes a token that openssl ts -verify accepts with only the TSA root' {
            $path = Join-Path (New-TestFolder openssl) 'stamped.ps1'
            $null = New-TestScript -Path $path
            Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $honest.Url -TimestampHashAlgorithm SHA384 -ErrorAction Stop

            $text = [IO.File]::ReadAllText($path)
            $base64 = ([regex]::Matches($text, '(?m)^# (?!SIG #)(.*)$') | ForEach-Object { $_.Groups[1].Value.Trim() }) -join ''
            $cms = [System.Security.Cryptography.Pkcs.SignedCms]::new()
            $cms.Decode([Convert]::FromBase64String($base64))
            $signerInfo = $cms.SignerInfos[0]
            $attribute = $signerInfo.UnsignedAttributes | Where-Object { $_.Oid.Value -eq '1.3.6.1.4.1.311.3.3.1' }
            $tokenPath = Join-Path $TestDrive 'token.der'
            [IO.File]::WriteAllBytes($tokenPath, $attribute.Values[0].RawData)
            $imprint = [Convert]::ToHexString([System.Security.Cryptography.SHA384]::HashData($signerInfo.GetSignature()))

            $output = & openssl ts -verify -in $tokenPath -token_in -digest $imprint -CAfile (Join-Path $pkiFolder 'tsa-root.pem') 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        }

        It 'sends no request with -WhatIf' {
            $counting = Start-TrackedTimestampServer -Mode openssl
            $folder = New-TestFolder whatif
            $paths = 1..3 | ForEach-Object { (New-TestScript -Path (Join-Path $folder "s$_.ps1")).FullName }

            Set-CodeSignature -LiteralPath $paths -Certificate $signer -TimestampServer $counting.Url -WhatIf

            (Get-ServerStats $counting).requests | Should -Be 0
        }

        It 'timestamps a batch with at most -TimestampThrottleLimit requests in flight' {
            $slow = Start-TrackedTimestampServer -Mode openssl -DelayMs 300
            $folder = New-TestFolder batch
            $paths = 1..12 | ForEach-Object { (New-TestScript -Path (Join-Path $folder "s$_.ps1")).FullName }

            Set-CodeSignature -LiteralPath $paths -Certificate $signer -TimestampServer $slow.Url -TimestampThrottleLimit 2 -ThrottleLimit 8 -ErrorAction Stop

            $stats = Get-ServerStats $slow
            $stats.requests | Should -Be 12
            $stats.maxInFlight | Should -BeLessOrEqual 2
            $results = Get-CodeSignature -LiteralPath $paths @trust
            $results.Status | Sort-Object -Unique | Should -Be 'Valid'
        }
    }

    Context 'Failures' {
        It 'leaves the file unchanged and names the server when it answers <Mode>' -ForEach @(
            @{ Mode = 'unavailable'; Cause = 'answered HTTP 503' }
            @{ Mode = 'wrong-nonce'; Cause = 'wrong nonce' }
            @{ Mode = 'no-certificate'; Cause = 'without the TSA certificate' }
            @{ Mode = 'garbage'; Cause = 'not a timestamp reply' }
        ) {
            $server = Start-TrackedTimestampServer -Mode $Mode
            $path = Join-Path (New-TestFolder $Mode) 'unchanged.ps1'
            $null = New-TestScript -Path $path
            $hash = Get-FileSha256 -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $server.Url -TimestampRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "TimestampFailed,$command"
            $failures[0].Exception.Message | Should -BeLike "*'$($server.Url)' *$Cause*"
            Get-FileSha256 -Path $path | Should -Be $hash
        }

        It 'reports a timeout of a server that never answers' {
            $silent = Start-TrackedTimestampServer -Mode silent
            $path = Join-Path (New-TestFolder silent) 'unchanged.ps1'
            $null = New-TestScript -Path $path
            $hash = Get-FileSha256 -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $silent.Url -TimestampTimeoutSec 1 -TimestampRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -Be "TimestampFailed,$command"
            $failures[0].Exception.Message | Should -BeLike "*'$($silent.Url)' timed out after 1 s*"
            Get-FileSha256 -Path $path | Should -Be $hash
        }

        It 'falls back to the next server in order' {
            $down = Start-TrackedTimestampServer -Mode unavailable
            $path = Join-Path (New-TestFolder fallback) 'stamped.ps1'
            $null = New-TestScript -Path $path

            Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $down.Url, $honest.Url -TimestampRetryCount 1 -ErrorAction Stop

            (Get-ServerStats $down).requests | Should -Be 2
            (Get-CodeSignature -LiteralPath $path @trust).Timestamp.Kind | Should -Be 'Rfc3161'
        }

        It 'rejects <Value> before touching a file' -ForEach @(
            @{ Value = 'ftp://127.0.0.1/tsa' }
            @{ Value = 'not a url' }
            @{ Value = "http://127.0.0.1/tsa`n" }
            @{ Value = "http://127.0.0.1/a`tb" }
        ) {
            $path = Join-Path (New-TestFolder invalid) 'unchanged.ps1'
            $null = New-TestScript -Path $path
            $hash = Get-FileSha256 -Path $path

            { Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer $Value -ErrorAction Stop } |
                Should -Throw -ErrorId "TimestampServerInvalid,$command"
            Get-FileSha256 -Path $path | Should -Be $hash
        }

        # Credentials in a server URL would be printed in every message and log line about it.
        It 'rejects a URL with credentials without printing them' {
            $path = Join-Path (New-TestFolder credentials) 'unchanged.ps1'
            $null = New-TestScript -Path $path
            $hash = Get-FileSha256 -Path $path

            $failure = { Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer 'http://user:s3cret-pass@127.0.0.1:1/tsa' -Verbose -ErrorAction Stop 4>&1 } |
                Should -Throw -ErrorId "TimestampServerInvalid,$command" -PassThru
            $failure.Exception.Message | Should -Match 'credentials'
            $failure.Exception.Message | Should -Not -Match 's3cret-pass'
            "$($failure.TargetObject)" | Should -Not -Match 's3cret-pass'
            Get-FileSha256 -Path $path | Should -Be $hash
        }

        It 'names <Parameter> when it is SHA1, and leaves the file unchanged' -ForEach @(
            @{ Parameter = 'TimestampHashAlgorithm' }
            @{ Parameter = 'HashAlgorithm' }
        ) {
            $path = Join-Path (New-TestFolder "sha1-$Parameter") 'unchanged.ps1'
            $null = New-TestScript -Path $path
            $hash = Get-FileSha256 -Path $path
            $arguments = @{ $Parameter = 'SHA1' }

            $failure = { Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer 'http://127.0.0.1:1/tsa' @arguments -ErrorAction Stop } |
                Should -Throw -ErrorId "HashAlgorithmNotAllowed,$command" -PassThru
            $failure.Exception.Message | Should -Match "-$Parameter 'SHA1'"
            Get-FileSha256 -Path $path | Should -Be $hash
        }

        It 'rejects timestamp settings without -TimestampServer' {
            $path = Join-Path (New-TestFolder missing) 'unchanged.ps1'
            $null = New-TestScript -Path $path

            { Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampTimeoutSec 5 -ErrorAction Stop } |
                Should -Throw -ErrorId "TimestampServerMissing,$command"
        }
    }
}
