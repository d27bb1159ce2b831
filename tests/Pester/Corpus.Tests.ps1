#Requires -Version 7.4

# The signed scripts of the PowerShell and Pester packages the build restores are real input that
# Microsoft and Pester's publisher signed: each must verify against the .NET SDK's code signing
# roots, and one changed byte must break it. Nothing is copied into the repository; the files are
# found where NuGet restored them.

BeforeDiscovery {
    $scriptKinds = @('.ps1', '.psm1', '.psd1', '.ps1xml', '.psc1', '.cdxml', '.mof')
    $packagesRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $packages = @(
        @{ Name = 'PowerShell'; Folder = Join-Path $packagesRoot 'powershell/7.6.10/tools'; Publisher = '^CN=Microsoft Corporation, O=Microsoft Corporation,' }
        @{ Name = 'Pester'; Folder = Join-Path $packagesRoot 'pester/5.7.1/tools'; Publisher = '^CN=Jakub Jare.*, C=CZ$' }
    )

    $corpus = @(foreach ($package in $packages) {
        if (-not (Test-Path -LiteralPath $package.Folder)) { continue }
        Get-ChildItem -LiteralPath $package.Folder -Recurse -File |
            Where-Object { $_.Extension.ToLowerInvariant() -in $scriptKinds } |
            Where-Object { [IO.File]::ReadAllText($_.FullName).Contains('SIG # Begin signature block') } |
            Sort-Object FullName |
            ForEach-Object {
                [byte[]] $bytes = [IO.File]::ReadAllBytes($_.FullName)
                $hasBom = $bytes.Length -ge 2 -and ($bytes[0] -in 0xEF, 0xFF, 0xFE)
                @{
                    Path              = $_.FullName
                    Name              = "$($package.Name): $([IO.Path]::GetRelativePath($package.Folder, $_.FullName))"
                    Publisher         = $package.Publisher
                    # BOM-less files with bytes above 0x7F: Windows and osslsigncode decode them differently.
                    IsBomlessNonAscii = -not $hasBom -and [Array]::Exists($bytes, [Predicate[byte]] { param($b) $b -gt 0x7F })
                }
            }
    })
    $corpusSearched = ($packages | ForEach-Object { $_.Folder }) -join ', '
}

Describe 'Signed scripts of the restored packages' -ForEach @(@{ Corpus = $corpus; CorpusSearched = $corpusSearched }) {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $PSNativeCommandUseErrorActionPreference = $false

        function Find-SdkTrustedRoots {
            # The trustedroots folder of the newest .NET SDK beside the running dotnet host (under
            # `dotnet pwsh` the process is dotnet), or beside the dotnet on PATH.
            $hostPath = [Environment]::ProcessPath
            if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -ne 'dotnet') {
                $hostPath = (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
            }
            $target = (Get-Item -LiteralPath $hostPath).ResolveLinkTarget($true)
            $realPath = if ($target) { $target.FullName } else { $hostPath }
            $folders = Get-ChildItem -Path (Join-Path (Split-Path -Parent $realPath) 'sdk/*/trustedroots') -Directory -ErrorAction Ignore |
                Sort-Object { [version](($_.Parent.Name -split '-')[0]) }
            if (-not $folders) { throw "No sdk/*/trustedroots folder was found beside $realPath; install the .NET SDK." }
            return @($folders)[-1].FullName
        }

        function Set-ByteCaseFlipped {
            # Changes the case of the first ASCII letter after the byte order mark: one changed byte
            # in the signed content, whatever the encoding.
            param([string] $Path)
            [byte[]] $bytes = [IO.File]::ReadAllBytes($Path)
            $start = if ($bytes[0] -eq 0xEF) { 3 } elseif ($bytes[0] -in 0xFF, 0xFE) { 2 } else { 0 }
            for ($i = $start; $i -lt $bytes.Length; $i++) {
                if (($bytes[$i] -bor 0x20) -ge 0x61 -and ($bytes[$i] -bor 0x20) -le 0x7A) { break }
            }
            $bytes[$i] = $bytes[$i] -bxor 0x20
            [IO.File]::WriteAllBytes($Path, $bytes)
        }

        $trustedRoots = Find-SdkTrustedRoots
        $codeSigningRoots = Join-Path $trustedRoots 'codesignctl.pem'
        $timestampRoots = Join-Path $trustedRoots 'timestampctl.pem'
        $rootCollection = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new()
        $rootCollection.ImportFromPemFile($codeSigningRoots)
        $rootThumbprints = @($rootCollection | ForEach-Object { $_.Thumbprint })

        $paths = [string[]]@($Corpus | ForEach-Object { $_.Path })
        $results = @{}
        $timestampedResults = @{}
        if ($paths) {
            Get-CodeSignature -LiteralPath $paths -TrustStore $codeSigningRoots | ForEach-Object { $results[$_.Path] = $_ }
            Get-CodeSignature -LiteralPath $paths -TrustStore $codeSigningRoots -TimestampTrustStore $timestampRoots |
                ForEach-Object { $timestampedResults[$_.Path] = $_ }
        }

        # Each file is copied to a folder of its own, so files with the same name do not collide.
        $tampered = @{}
        for ($i = 0; $i -lt $paths.Count; $i++) {
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive "tampered-$i")
            $copy = Join-Path $folder (Split-Path -Leaf $paths[$i])
            Copy-Item -LiteralPath $paths[$i] -Destination $copy
            Set-ByteCaseFlipped -Path $copy
            $tampered[$copy] = $paths[$i]
        }
        $tamperedResults = @{}
        if ($tampered.Count) {
            Get-CodeSignature -LiteralPath ([string[]]$tampered.Keys) -TrustStore $codeSigningRoots | ForEach-Object { $tamperedResults[$tampered[$_.Path]] = $_ }
        }
    }

    It 'finds at least 50 signed scripts' {
        $Corpus.Count | Should -BeGreaterOrEqual 50 -Because "the signed scripts are searched in $CorpusSearched; run 'dotnet tool restore' and the build to restore the packages"
    }

    It 'finds BOM-less non-ASCII scripts, the evidence that Windows decodes them by the ANSI code page' {
        @($Corpus | Where-Object { $_.IsBomlessNonAscii }).Count | Should -BeGreaterThan 0
    }

    It 'finds codesignctl.pem in the .NET SDK' {
        $codeSigningRoots | Should -Exist
        $rootThumbprints.Count | Should -BeGreaterThan 0
    }

    It '<Name> verifies with its real signer, a chain to codesignctl.pem and a timestamp' -ForEach $Corpus {
        $result = $results[$Path]
        $now = [DateTime]::Now

        $result | Should -Not -BeNullOrEmpty -Because 'Get-CodeSignature returns one result per file'
        $result.IsIntegrityValid | Should -BeTrue -Because $result.StatusMessage
        $result.SignerCertificate.Subject | Should -Match $Publisher
        @($result.Chain).Count | Should -BeGreaterThan 1
        @($result.Chain)[-1].Thumbprint | Should -BeIn $rootThumbprints
        $result.Timestamp | Should -Not -BeNullOrEmpty
        $expected = if ($result.SignerCertificate.NotAfter -lt $now) { 'Expired' } else { 'Valid' }
        $result.Status | Should -Be $expected -Because "the signer certificate is valid until $($result.SignerCertificate.NotAfter.ToString('u')); $($result.StatusMessage)"
    }

    It '<Name> is Valid with a verified timestamp given timestampctl.pem, even with an expired signer' -ForEach $Corpus {
        $result = $timestampedResults[$Path]

        $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
        $result.Timestamp.IsVerified | Should -BeTrue -Because $result.Timestamp.Message
        $result.Timestamp.Time | Should -BeLessThan $result.SignerCertificate.NotAfter.ToUniversalTime()
        $result.Timestamp.Certificate | Should -Not -BeNullOrEmpty
        @($result.Checks | Where-Object Name -eq 'Timestamp').Passed | Should -BeTrue
    }

    It '<Name> reports HashMismatch after one changed byte' -ForEach $Corpus {
        $result = $tamperedResults[$Path]

        $result.Status | Should -Be 'HashMismatch' -Because $result.StatusMessage
        $result.IsIntegrityValid | Should -BeFalse
    }

    Context 'osslsigncode on the same files' {
        BeforeAll {
            $skipReason = $null
            if (-not (Get-Command osslsigncode -CommandType Application -ErrorAction Ignore)) {
                $skipReason = 'osslsigncode not found on PATH; install osslsigncode 2.9 or newer'
                if ($env:CI -eq 'true') { throw "CI=true, so the osslsigncode corpus tests cannot be skipped: $skipReason." }
            }

            function Invoke-OsslsigncodeVerify {
                param([string] $Path, [switch] $WithTimestampRoots)
                $arguments = @('verify', '-CAfile', $codeSigningRoots, '-ignore-crl', '-in', $Path)
                if ($WithTimestampRoots) { $arguments += '-TSA-CAfile', $timestampRoots }
                $output = & osslsigncode @arguments 2>&1 | Out-String
                return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
            }
        }

        BeforeEach {
            if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
        }

        # osslsigncode decodes BOM-less text as UTF-8, so it computes another digest for the files
        # Windows decoded as Windows-1252 (docs/hashing-rule.md); the other files it verifies.
        It '<Name> verifies with the timestamp roots too, unless it is BOM-less non-ASCII' -ForEach $Corpus {
            $verify = Invoke-OsslsigncodeVerify -Path $Path -WithTimestampRoots

            if ($IsBomlessNonAscii) {
                $verify.ExitCode | Should -Not -Be 0
                $verify.Output | Should -Match 'MISMATCH'
            }
            else {
                $verify.ExitCode | Should -Be 0 -Because $verify.Output
                $verify.Output | Should -Match '(?m)^Succeeded'
            }
        }

        # Given only -CAfile, osslsigncode cannot check the timestamp, so it succeeds exactly where
        # this module reports Valid: the signer certificate has not expired.
        It '<Name> verifies with only the code signing roots where this module reports Valid' -ForEach $Corpus {
            $verify = Invoke-OsslsigncodeVerify -Path $Path
            $status = $results[$Path].Status

            if ($IsBomlessNonAscii) {
                $verify.ExitCode | Should -Not -Be 0
            }
            else {
                ($verify.ExitCode -eq 0) | Should -Be ($status -eq 'Valid') -Because "this module reports $status; osslsigncode said: $($verify.Output)"
            }
        }
    }
}
