#Requires -Version 7.4

# Timestamps that Get-CodeSignature must not count, and timestamp parameter errors of
# Set-CodeSignature. Each It block states the expected behaviour in its comment. No server is
# needed: the timestamps are made here with .NET and put into signatures made by Set-CodeSignature.

Describe 'Timestamps that must not count' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $signer = New-TestSigningCertificate
        $signerFiles = Export-TestCertificate -Certificate $signer -Directory $TestDrive -Name signer
        $tsaRoot = New-TestSigningCertificate -Subject 'CN=Breaker TSA Root' -CertificateAuthority -ValidFor ([TimeSpan]::FromDays(3650))
        $tsa = New-TestSigningCertificate -Subject 'CN=Breaker TSA' -Issuer $tsaRoot -ExtendedKeyUsage '1.3.6.1.5.5.7.3.8' -ValidFor ([TimeSpan]::FromDays(365))
        $tsaRootPath = Join-Path $TestDrive 'tsa-root.pem'
        [IO.File]::WriteAllText($tsaRootPath, $tsaRoot.ExportCertificatePem())
        $trust = @{ TrustStore = $signerFiles.CerPath; TimestampTrustStore = $tsaRootPath }

        # Returns the SignedCms of a script's signature block.
        function Read-SignatureBlock {
            param([string] $Path)
            $text = [IO.File]::ReadAllText($Path)
            $text = $text.Substring($text.IndexOf('# SIG # Begin signature block'))
            $base64 = ([regex]::Matches($text, '(?m)^# (?!SIG #)(.*)$') | ForEach-Object { $_.Groups[1].Value.Trim() }) -join ''
            $cms = [System.Security.Cryptography.Pkcs.SignedCms]::new()
            $cms.Decode([Convert]::FromBase64String($base64))
            return $cms
        }

        # Replaces the signature block of a script, keeping the bytes before it.
        function Write-SignatureBlock {
            param([string] $Path, [byte[]] $Encoded)
            $bytes = [IO.File]::ReadAllBytes($Path)
            $start = [Text.Encoding]::Latin1.GetString($bytes).IndexOf('# SIG # Begin signature block')
            $base64 = [Convert]::ToBase64String($Encoded)
            $lines = for ($i = 0; $i -lt $base64.Length; $i += 64) { '# ' + $base64.Substring($i, [Math]::Min(64, $base64.Length - $i)) }
            $block = "# SIG # Begin signature block`r`n" + ($lines -join "`r`n") + "`r`n# SIG # End signature block`r`n"
            [IO.File]::WriteAllBytes($Path, [byte[]]($bytes[0..($start - 1)] + [Text.Encoding]::ASCII.GetBytes($block)))
        }

        # Makes an RFC 3161 token by $tsa over a signature value, stating $Time.
        function New-TimestampToken {
            param([byte[]] $SignatureValue, [DateTimeOffset] $Time)
            $info = [System.Security.Cryptography.Pkcs.Rfc3161TimestampTokenInfo]::new(
                [System.Security.Cryptography.Oid]::new('1.2.3.4.99'), [System.Security.Cryptography.Oid]::new('2.16.840.1.101.3.4.2.1'),
                [System.Security.Cryptography.SHA256]::HashData($SignatureValue), [byte[]](1, 2, 3), $Time)
            $content = [System.Security.Cryptography.Pkcs.ContentInfo]::new([System.Security.Cryptography.Oid]::new('1.2.840.113549.1.9.16.1.4'), $info.Encode())
            $cms = [System.Security.Cryptography.Pkcs.SignedCms]::new($content)
            $cmsSigner = [System.Security.Cryptography.Pkcs.CmsSigner]::new($tsa)
            $cmsSigner.IncludeOption = 'EndCertOnly'
            $writer = [System.Formats.Asn1.AsnWriter]::new('DER')
            $null = $writer.PushSequence(); $null = $writer.PushSequence(); $null = $writer.PushSequence()
            $writer.WriteOctetString([System.Security.Cryptography.SHA256]::HashData($tsa.RawData))
            $writer.PopSequence(); $writer.PopSequence(); $writer.PopSequence()
            $null = $cmsSigner.SignedAttributes.Add([System.Security.Cryptography.AsnEncodedData]::new('1.2.840.113549.1.9.16.2.47', $writer.Encode()))
            $cms.ComputeSignature($cmsSigner, $true)
            return $cms.Encode()
        }

        function New-SignedScript {
            param([string] $Name)
            $path = Join-Path $TestDrive $Name
            $null = New-TestScript -Path $path
            Set-CodeSignature -LiteralPath $path -Certificate $signer -ErrorAction Stop
            return $path
        }
    }

    # Expected: a timestamp that states a time after the verification time cannot be true, so it is
    # not verified and does not become the verification time; the message says it lies in the
    # future. Today it is verified and the signer is judged at that future time.
    It 'does not verify an RFC 3161 timestamp that states a time after now' {
        $path = New-SignedScript 'future-rfc3161.ps1'
        $cms = Read-SignatureBlock $path
        $token = New-TimestampToken -SignatureValue $cms.SignerInfos[0].GetSignature() -Time ([DateTimeOffset]::UtcNow.AddDays(20))
        $cms.SignerInfos[0].AddUnsignedAttribute([System.Security.Cryptography.AsnEncodedData]::new('1.3.6.1.4.1.311.3.3.1', $token))
        Write-SignatureBlock -Path $path -Encoded $cms.Encode()

        $result = Get-CodeSignature -LiteralPath $path @trust

        $result.Timestamp.Kind | Should -Be 'Rfc3161'
        $result.Timestamp.IsVerified | Should -BeFalse
        $result.Timestamp.Message | Should -Match 'future|after'
    }

    # Expected: as above, for a PKCS#9 countersignature whose signing time is after now.
    It 'does not verify a countersignature timestamp that states a time after now' {
        $path = New-SignedScript 'future-pkcs9.ps1'
        $cms = Read-SignatureBlock $path
        $cmsSigner = [System.Security.Cryptography.Pkcs.CmsSigner]::new($tsa)
        $null = $cmsSigner.SignedAttributes.Add([System.Security.Cryptography.Pkcs.Pkcs9SigningTime]::new([DateTime]::UtcNow.AddDays(20)))
        $cms.SignerInfos[0].ComputeCounterSignature($cmsSigner)
        Write-SignatureBlock -Path $path -Encoded $cms.Encode()

        $result = Get-CodeSignature -LiteralPath $path @trust

        $result.Timestamp.Kind | Should -Be 'Authenticode'
        $result.Timestamp.IsVerified | Should -BeFalse
        $result.Timestamp.Message | Should -Match 'future|after'
    }

    # Control: the same countersignature stating a time in the past verifies, so the two tests
    # above fail only on the time.
    It 'verifies a countersignature timestamp that states a time before now' {
        $path = New-SignedScript 'past-pkcs9.ps1'
        $cms = Read-SignatureBlock $path
        $cmsSigner = [System.Security.Cryptography.Pkcs.CmsSigner]::new($tsa)
        $null = $cmsSigner.SignedAttributes.Add([System.Security.Cryptography.Pkcs.Pkcs9SigningTime]::new([DateTime]::UtcNow.AddMinutes(-1)))
        $cms.SignerInfos[0].ComputeCounterSignature($cmsSigner)
        Write-SignatureBlock -Path $path -Encoded $cms.Encode()

        $result = Get-CodeSignature -LiteralPath $path @trust

        $result.Timestamp.IsVerified | Should -BeTrue
        $result.Status | Should -Be 'Valid'
    }
}

Describe 'Set-CodeSignature timestamp parameter errors' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $signer = New-TestSigningCertificate
    }

    # Expected: the error names -TimestampHashAlgorithm, the parameter that holds SHA1, so a user
    # who signs with the default SHA256 sees which value to change. Today the message speaks of
    # "new signatures" only.
    It 'names -TimestampHashAlgorithm when it is SHA1' {
        $path = Join-Path $TestDrive 'sha1.ps1'
        $null = New-TestScript -Path $path
        $before = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        $failure = { Set-CodeSignature -LiteralPath $path -Certificate $signer -TimestampServer 'http://127.0.0.1:1/tsa' -TimestampHashAlgorithm SHA1 -ErrorAction Stop } |
            Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'HashAlgorithmNotAllowed,*'
        $failure.Exception.Message | Should -Match 'TimestampHashAlgorithm'
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $before
    }
}
