#Requires -Version 7.4

Describe 'Get-CodeSignature' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.GetCodeSignatureCommand'
        $signer = New-TestSigningCertificate
        $signerFiles = Export-TestCertificate -Certificate $signer -Directory $TestDrive -Name signer
        $trust = @{ TrustStore = $signerFiles.CerPath }

        function New-TestFolder {
            param([string] $Name)
            $folder = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name")
            return (New-Item -ItemType Directory -Path $folder).FullName
        }

        function New-SignedScript {
            param([string] $Path, [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate = $signer)
            $null = New-TestScript -Path $Path
            Set-CodeSignature -LiteralPath $Path -Certificate $Certificate -ErrorAction Stop
            return $Path
        }
    }

    Context 'Statuses' {
        It 'reports NotSigned for a script without a signature' {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder unsigned) 'a.ps1')).FullName

            $result = Get-CodeSignature -LiteralPath $path @trust

            $result.Status | Should -Be 'NotSigned'
            $result.IsIntegrityValid | Should -BeNullOrEmpty
            $result.SignerCertificate | Should -BeNullOrEmpty
        }

        It 'reports NotSigned, naming the .p7s looked for, for a file with no embedded format and no .p7s' {
            $path = Join-Path (New-TestFolder unsupported) 'notes.txt'
            Set-Content -LiteralPath $path -Value 'plain text'

            $result = Get-CodeSignature -LiteralPath $path -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            $result.Status | Should -Be 'NotSigned'
            $result.StatusMessage | Should -BeLike "*$path.p7s*"
            $result.Path | Should -Be $path
        }

        It 'reports Valid with the signer in the trust store' {
            $path = New-SignedScript -Path (Join-Path (New-TestFolder valid) 'a.ps1')

            $result = Get-CodeSignature -LiteralPath $path @trust

            $result.Status | Should -Be 'Valid'
            $result.IsIntegrityValid | Should -BeTrue
            $result.SignerCertificate.Thumbprint | Should -Be $signer.Thumbprint
            $result.HashAlgorithm | Should -Be 'SHA256'
            $result.ValidationLevel | Should -Be 'SelfSigned'
            $result.RevocationMode | Should -Be 'NoCheck'
            $result.IsRevocationChecked | Should -BeFalse
        }

        It 'reports HashMismatch after one changed byte' {
            $path = New-SignedScript -Path (Join-Path (New-TestFolder tampered) 'a.ps1')
            [byte[]] $bytes = [IO.File]::ReadAllBytes($path)
            $offset = [Text.Encoding]::ASCII.GetString($bytes).IndexOf('Hello')
            $bytes[$offset] = [byte][char]'J'
            [IO.File]::WriteAllBytes($path, $bytes)

            $result = Get-CodeSignature -LiteralPath $path @trust

            $result.Status | Should -Be 'HashMismatch'
            $result.IsIntegrityValid | Should -BeFalse
        }

        It 'reports NotTrusted without a trust store and still reports integrity' {
            $path = New-SignedScript -Path (Join-Path (New-TestFolder untrusted) 'a.ps1')

            $result = Get-CodeSignature -LiteralPath $path

            $result.Status | Should -Be 'NotTrusted'
            $result.IsIntegrityValid | Should -BeTrue
            $result.SignerCertificate.Thumbprint | Should -Be $signer.Thumbprint
            $result.StatusMessage | Should -Match 'CodeSignPS Test Signer'
        }

        It 'reports Expired for a signer certificate past its validity' {
            $shortLived = New-TestSigningCertificate -Subject 'CN=Short Lived Signer' -ValidFor ([TimeSpan]::FromSeconds(6))
            $shortLivedCer = Join-Path $TestDrive 'short-lived.cer'
            [IO.File]::WriteAllBytes($shortLivedCer, $shortLived.RawData)
            $path = New-SignedScript -Path (Join-Path (New-TestFolder expired) 'a.ps1') -Certificate $shortLived

            $wait = $shortLived.NotAfter.ToUniversalTime() - [DateTime]::UtcNow + [TimeSpan]::FromSeconds(1.5)
            if ($wait -gt [TimeSpan]::Zero) {
                Start-Sleep -Milliseconds $wait.TotalMilliseconds
            }
            $result = Get-CodeSignature -LiteralPath $path -TrustStore $shortLivedCer

            $result.Status | Should -Be 'Expired'
            $result.IsIntegrityValid | Should -BeTrue
        }

        It 'reports Malformed for a block with no end marker' {
            $path = New-SignedScript -Path (Join-Path (New-TestFolder no-end) 'a.ps1')
            Remove-SignatureEndMarker -Path $path

            $result = Get-CodeSignature -LiteralPath $path @trust -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            $result.Status | Should -Be 'Malformed'
            $result.StatusMessage | Should -Not -BeNullOrEmpty
        }

        It 'reports Malformed for a file with two blocks' {
            $path = New-SignedScript -Path (Join-Path (New-TestFolder two-blocks) 'a.ps1')
            $text = [IO.File]::ReadAllText($path)
            $block = $text.Substring($text.IndexOf('# SIG # Begin signature block'))
            [IO.File]::WriteAllText($path, $text + $block, [Text.UTF8Encoding]::new($true))

            (Get-CodeSignature -LiteralPath $path @trust).Status | Should -Be 'Malformed'
        }
    }

    Context 'Trust stores' {
        BeforeAll {
            $authority = New-TestCertificateAuthority
            $authorityFolder = New-TestFolder authority
            $rootFiles = Export-TestCertificate -Certificate $authority.Root -Directory $authorityFolder -Name root
            Remove-Item -LiteralPath $rootFiles.PfxPath, $rootFiles.KeyPemPath, $rootFiles.EncryptedKeyPemPath
            $leafScript = Join-Path (New-TestFolder issued) 'a.ps1'
            $null = New-TestScript -Path $leafScript
            Set-CodeSignature -LiteralPath $leafScript -Certificate $authority.Leaf -IncludeChain NotRoot -ErrorAction Stop
        }

        It 'builds the chain to a root given as a DER file' {
            $result = Get-CodeSignature -LiteralPath $leafScript -TrustStore $rootFiles.CerPath

            $result.Status | Should -Be 'Valid'
            $result.Chain[0].Thumbprint | Should -Be $authority.Leaf.Thumbprint
            $result.Chain[-1].Thumbprint | Should -Be $authority.Root.Thumbprint

            # For the Windows CI job, which checks the file with Get-AuthenticodeSignature.
            Save-SignedScriptForWindowsCheck -Path $leafScript -Root $authority.Root -Label 'Get-CodeSignature: CA-issued signer, chain without root'
        }

        It 'reads a root from a PEM file' {
            (Get-CodeSignature -LiteralPath $leafScript -TrustStore $rootFiles.CertificatePemPath).Status | Should -Be 'Valid'
        }

        It 'reads the roots in a folder' {
            (Get-CodeSignature -LiteralPath $leafScript -TrustStore $authorityFolder).Status | Should -Be 'Valid'
        }

        It 'names the missing root when the chain is not trusted' {
            $result = Get-CodeSignature -LiteralPath $leafScript -TrustStore $signerFiles.CerPath

            $result.Status | Should -Be 'NotTrusted'
            $result.IsIntegrityValid | Should -BeTrue
            $result.StatusMessage | Should -Match 'CodeSignPS Test Root CA'
        }

        It 'stops before any file when a trust store does not exist' {
            $missing = Join-Path $TestDrive 'no-such-store.pem'

            { Get-CodeSignature -LiteralPath $leafScript -TrustStore $missing -ErrorAction Stop } |
                Should -Throw -ErrorId "TrustStoreNotFound,$command"
        }
    }

    Context 'Input' {
        It 'returns one result per file found with -Recurse, whatever the type' {
            $folder = New-TestFolder recurse
            $null = New-SignedScript -Path (Join-Path $folder 'a.ps1')
            $null = New-TestScript -Path (Join-Path $folder 'sub/b.psm1')
            Set-Content -LiteralPath (Join-Path $folder 'sub/notes.txt') -Value 'plain text'

            $results = Get-CodeSignature -LiteralPath $folder -Recurse @trust -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            $results.Count | Should -Be 3
            ($results | Sort-Object Path).Status | Should -Be @('Valid', 'NotSigned', 'NotSigned')
        }

        It 'takes files piped from Get-ChildItem' {
            $folder = New-TestFolder pipeline
            'a.ps1', 'b.ps1' | ForEach-Object { $null = New-SignedScript -Path (Join-Path $folder $_) }

            $results = Get-ChildItem -LiteralPath $folder | Get-CodeSignature @trust

            $results.Status | Should -Be @('Valid', 'Valid')
        }

        It 'expands wildcards' {
            $folder = New-TestFolder wildcard
            'a.ps1', 'b.ps1' | ForEach-Object { $null = New-SignedScript -Path (Join-Path $folder $_) }
            $null = New-TestScript -Path (Join-Path $folder 'c.psm1')

            $results = Get-CodeSignature -Path (Join-Path $folder '*.ps1') @trust

            $results.Count | Should -Be 2
        }

        It 'reports a missing path and goes on with the others' {
            $folder = New-TestFolder missing
            $present = New-SignedScript -Path (Join-Path $folder 'a.ps1')
            $missing = Join-Path $folder 'missing.ps1'

            $results = Get-CodeSignature -LiteralPath $missing, $present @trust -ErrorVariable errors -ErrorAction SilentlyContinue

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -Be "PathNotFound,$command"
            $errors[0].TargetObject | Should -Be $missing
            $results.Status | Should -Be 'Valid'
        }

        It 'gives a result for every file of a mixed batch without an error' {
            $folder = New-TestFolder mixed
            $valid = New-SignedScript -Path (Join-Path $folder 'valid.ps1')
            $malformed = New-SignedScript -Path (Join-Path $folder 'malformed.ps1')
            Remove-SignatureEndMarker -Path $malformed
            $unsupported = Join-Path $folder 'notes.txt'
            Set-Content -LiteralPath $unsupported -Value 'plain text'

            $results = Get-CodeSignature -LiteralPath $valid, $malformed, $unsupported @trust -ErrorVariable errors

            $errors | Should -BeNullOrEmpty
            ($results | Sort-Object Path).Status | Should -Be @('Malformed', 'NotSigned', 'Valid')
        }
    }

    Context 'Parameters' {
        It 'takes -Encoding as <_>' -ForEach @('windows-1252', '1252', 'latin1', 'utf8') {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder encoding) 'a.ps1') -Encoding Utf8).FullName

            (Get-CodeSignature -LiteralPath $path -Encoding $_).Status | Should -Be 'NotSigned'
        }

        It 'rejects the UTF-16 or UTF-32 encoding <_> for files without a byte order mark' -ForEach @('unicode', 'bigendianunicode', 'utf32', '1200') {
            $path = (New-TestScript -Path (Join-Path (New-TestFolder wide) 'a.ps1') -Encoding Utf8).FullName

            { Get-CodeSignature -LiteralPath $path -Encoding $_ -ErrorAction Stop } |
                Should -Throw -ErrorId "ParameterArgumentTransformationError,$command"
        }
    }
}

# Real timestamped scripts from the PowerShell package that the build restores: their signer
# certificates have expired, so only a verified timestamp makes them Valid.
Describe 'Get-CodeSignature -TimestampTrustStore' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.GetCodeSignatureCommand'
        $hostPath = [Environment]::ProcessPath
        if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -ne 'dotnet') {
            $hostPath = (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        }
        $target = (Get-Item -LiteralPath $hostPath).ResolveLinkTarget($true)
        $dotnetFolder = Split-Path -Parent $(if ($target) { $target.FullName } else { $hostPath })
        $trustedRoots = @(Get-ChildItem -Path (Join-Path $dotnetFolder 'sdk/*/trustedroots') -Directory |
            Sort-Object { [version](($_.Parent.Name -split '-')[0]) })[-1].FullName
        $codeSigningRoots = Join-Path $trustedRoots 'codesignctl.pem'
        $timestampRoots = Join-Path $trustedRoots 'timestampctl.pem'

        $packagesRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
        $candidates = Get-ChildItem -Path (Join-Path $packagesRoot 'powershell/7.6.10/tools') -Recurse -Filter *.psd1 -File
        $expiredSigner = $candidates | Get-CodeSignature -TrustStore $codeSigningRoots |
            Where-Object Status -eq 'Expired' | Select-Object -First 1 -ExpandProperty Path
        if (-not $expiredSigner) { throw 'No script with an expired signer was found in the PowerShell 7.6.10 package; restore it with the build.' }
    }

    It 'reports Valid with a verified timestamp for a script whose signer has expired' {
        $result = Get-CodeSignature -LiteralPath $expiredSigner -TrustStore $codeSigningRoots -TimestampTrustStore $timestampRoots

        $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
        $result.Timestamp.IsVerified | Should -BeTrue
        $result.Timestamp.Kind | Should -Be 'Rfc3161'
        $result.Timestamp.Certificate.Subject | Should -Match 'Time-Stamp'
        $result.Timestamp.Time | Should -BeLessThan $result.SignerCertificate.NotAfter.ToUniversalTime()
    }

    # codesignctl.pem also holds the Microsoft root that the TSA chains to, so this shows too that
    # -TrustStore anchors do not vouch for timestamps.
    It 'reports Expired without it and says why the timestamp did not count' {
        $result = Get-CodeSignature -LiteralPath $expiredSigner -TrustStore $codeSigningRoots

        $result.Status | Should -Be 'Expired'
        $result.Timestamp.IsVerified | Should -BeFalse
        $result.Timestamp.Message | Should -Match '-TimestampTrustStore'
        $result.StatusMessage | Should -Match 'the timestamp on the signature did not count'
        @($result.Checks | Where-Object Name -eq 'Timestamp').Passed | Should -BeFalse
    }

    It 'reads the timestamping roots from a folder' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'tsa-roots')
        Copy-Item -LiteralPath $timestampRoots -Destination $folder

        $result = Get-CodeSignature -LiteralPath $expiredSigner -TrustStore $codeSigningRoots -TimestampTrustStore $folder.FullName

        $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
    }

    It 'stops before any file when a timestamp trust store does not exist' {
        $missing = Join-Path $TestDrive 'no-such-tsa-store.pem'

        { Get-CodeSignature -LiteralPath $expiredSigner -TimestampTrustStore $missing -ErrorAction Stop } |
            Should -Throw -ErrorId "TrustStoreNotFound,$command"
    }
}
