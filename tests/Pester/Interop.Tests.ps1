#Requires -Version 7.4

# An independent implementation checks ours both ways: osslsigncode verifies the scripts this
# module signs, and this module verifies the scripts osslsigncode signs. Where osslsigncode departs
# from Windows (docs/hashing-rule.md), the tests pin this module's behaviour, which is the Windows one.
# With CI=true a missing or outdated osslsigncode or openssl fails every test here; elsewhere they skip.

BeforeDiscovery {
    $scriptKinds = @('.ps1', '.psm1', '.psd1', '.ps1xml', '.psc1', '.cdxml', '.mof')
    # ascii: the sample text; utf8: BOM-less UTF-8 limited to ASCII (printable range and a tab);
    # utf8bom and utf16le: text with Latin-1, BMP and non-BMP characters behind a byte order mark.
    $encodings = @('ascii', 'utf8', 'utf8bom', 'utf16le')
    $lineEndings = @('CRLF', 'LF', 'mixed', 'no final newline')

    $matrix = foreach ($kind in $scriptKinds) {
        foreach ($encoding in $encodings) {
            foreach ($lineEnding in $lineEndings) {
                @{ Kind = $kind; Encoding = $encoding; LineEnding = $lineEnding }
            }
        }
    }
    $hashAlgorithms = @('SHA384', 'SHA512')
    $chainOptions = @(
        @{ IncludeChain = 'Signer'; CertificateCount = 1 }
        @{ IncludeChain = 'NotRoot'; CertificateCount = 1 }
        @{ IncludeChain = 'All'; CertificateCount = 2 }
    )
    $bomOnly = @(
        @{ Name = 'an empty file'; Bytes = [byte[]]@() }
        @{ Name = 'a file of only a UTF-8 BOM'; Bytes = [byte[]](0xEF, 0xBB, 0xBF) }
        @{ Name = 'a file of only a UTF-16LE BOM'; Bytes = [byte[]](0xFF, 0xFE) }
    )
}

Describe 'Interoperability with osslsigncode' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $PSNativeCommandUseErrorActionPreference = $false

        function Invoke-Tool {
            # Runs a native tool (the first argument) with the other arguments, and returns its exit
            # code and its combined output. A plain function, so arguments such as -out and -in
            # reach the tool instead of binding to common parameters.
            $name = $args[0]
            [string[]] $arguments = @($args | Select-Object -Skip 1)
            $output = & $name @arguments 2>&1 | Out-String
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }

        function Get-MissingToolReason {
            # Null when openssl and osslsigncode 2.9 or newer are on PATH, else what is missing.
            $missing = @('openssl', 'osslsigncode') | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction Ignore) }
            if ($missing) {
                return "$($missing -join ' and ') not found on PATH; install openssl and osslsigncode 2.9 or newer"
            }
            $version = (Invoke-Tool osslsigncode '--version').Output
            if ($version -notmatch 'osslsigncode (\d+)\.(\d+)' -or [version]"$($Matches[1]).$($Matches[2])" -lt [version]'2.9') {
                return "osslsigncode 2.9 or newer is needed to sign scripts; found: $(($version -split "`n")[0])"
            }
            return $null
        }

        function Invoke-OpenSsl {
            $result = Invoke-Tool openssl @args
            if ($result.ExitCode -ne 0) { throw "openssl $($args -join ' ') failed with exit code $($result.ExitCode): $($result.Output)" }
        }

        function New-OpenSslCertificates {
            # A throwaway RSA-3072 root CA and a code signing leaf it issued, made by the openssl CLI.
            param([Parameter(Mandatory)] [string] $Folder)
            $files = [pscustomobject]@{
                Root     = Join-Path $Folder 'root.pem'
                RootKey  = Join-Path $Folder 'root.key'
                Leaf     = Join-Path $Folder 'leaf.pem'
                LeafKey  = Join-Path $Folder 'leaf.key'
                Pfx      = Join-Path $Folder 'leaf.pfx'
                Password = 'Interop-Passw0rd'
            }
            $request = Join-Path $Folder 'leaf.csr'
            $extensions = Join-Path $Folder 'leaf.ext'
            Set-Content -LiteralPath $extensions -Value @(
                'basicConstraints = critical, CA:FALSE'
                'keyUsage = critical, digitalSignature'
                'extendedKeyUsage = codeSigning'
                'subjectKeyIdentifier = hash'
                'authorityKeyIdentifier = keyid'
            )
            Invoke-OpenSsl req -x509 -newkey rsa:3072 -nodes -sha256 -days 30 -subj '/CN=CodeSignPS Interop Root CA' -keyout $files.RootKey -out $files.Root -addext 'basicConstraints = critical, CA:TRUE' -addext 'keyUsage = critical, keyCertSign, cRLSign'
            Invoke-OpenSsl req -new -newkey rsa:3072 -nodes -subj '/CN=CodeSignPS Interop Publisher' -keyout $files.LeafKey -out $request
            Invoke-OpenSsl x509 -req -sha256 -days 30 -in $request -CA $files.Root -CAkey $files.RootKey -CAcreateserial -extfile $extensions -out $files.Leaf
            Invoke-OpenSsl pkcs12 -export -in $files.Leaf -inkey $files.LeafKey -certfile $files.Root -out $files.Pfx -passout "pass:$($files.Password)"
            return $files
        }

        function Get-CommentLine {
            param([string] $Kind, [string] $Text)
            switch ($Kind) {
                { $_ -in '.ps1xml', '.psc1', '.cdxml' } { return "<!-- $Text -->" }
                '.mof' { return "// $Text" }
                default { return "# $Text" }
            }
        }

        function New-InteropScript {
            # Writes a script of the kind, encoding and line ending named; returns its bytes.
            param([string] $Path, [string] $Kind, [string] $Encoding, [string] $LineEnding)
            [Collections.Generic.List[string]] $lines = (Get-TestScriptText -Extension $Kind).TrimEnd("`n") -split "`n"
            $extra = switch ($Encoding) {
                'utf8' { "ASCII only:`t!`"#$%&'()*+,-./0123456789:;<=>?@[\]^_``{|}~" }
                { $_ -in 'utf8bom', 'utf16le' } { "Gr$([char]0xFC)$([char]0xDF)e, caf$([char]0xE9), $([char]0x20AC) and $([char]::ConvertFromUtf32(0x1F600))" }
            }
            if ($extra) { $lines.Insert(1, (Get-CommentLine -Kind $Kind -Text $extra)) }

            $text = [Text.StringBuilder]::new()
            for ($i = 0; $i -lt $lines.Count; $i++) {
                $null = $text.Append($lines[$i])
                $isLast = $i -eq $lines.Count - 1
                $null = switch ($LineEnding) {
                    'CRLF' { $text.Append("`r`n") }
                    'LF' { $text.Append("`n") }
                    'mixed' { $text.Append(@("`r`n", "`n", "`r")[$i % 3]) }
                    'no final newline' { if (-not $isLast) { $text.Append("`r`n") } }
                }
            }

            [byte[]] $bytes = switch ($Encoding) {
                'utf16le' { [byte[]](0xFF, 0xFE) + [Text.Encoding]::Unicode.GetBytes($text.ToString()) }
                'utf8bom' { [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes($text.ToString()) }
                default { [Text.Encoding]::ASCII.GetBytes($text.ToString()) }
            }
            [IO.File]::WriteAllBytes($Path, $bytes)
            return , $bytes
        }

        function New-CaseFolder {
            param([string] $Name)
            return (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + "-$Name"))).FullName
        }

        function Set-OurSignature {
            param([string] $Path, [hashtable] $Options = @{})
            Set-CodeSignature -LiteralPath $Path -CertificatePath $pki.Pfx -Password $password -WarningAction SilentlyContinue -ErrorAction Stop @Options
        }

        function Invoke-OsslsigncodeSign {
            param([string] $Path, [string] $Destination, [string] $Hash = 'sha256')
            return Invoke-Tool osslsigncode sign -certs $pki.Leaf -key $pki.LeafKey -h $Hash -in $Path -out $Destination
        }

        function Invoke-OsslsigncodeVerify {
            param([string] $Path)
            return Invoke-Tool osslsigncode verify -CAfile $pki.Root -ignore-crl -in $Path
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

        function Get-EmbeddedCertificateCount {
            # Decodes the block of a UTF-8 or ASCII script and counts the certificates it carries.
            param([string] $Path)
            $text = [IO.File]::ReadAllText($Path)
            $base64 = [regex]::Matches($text.Substring($text.IndexOf('SIG # Begin signature block')), '(?m)^(?:#|<!--|/\*) ([A-Za-z0-9+/=]+)(?: -->| \*/)?\r?$') |
                ForEach-Object { $_.Groups[1].Value }
            $cms = [System.Security.Cryptography.Pkcs.SignedCms]::new()
            $cms.Decode([Convert]::FromBase64String(-join $base64))
            return $cms.Certificates.Count
        }

        $skipReason = Get-MissingToolReason
        if ($skipReason -and $env:CI -eq 'true') {
            throw "CI=true, so the osslsigncode interoperability tests cannot be skipped: $skipReason."
        }
        if (-not $skipReason) {
            $pki = New-OpenSslCertificates -Folder (New-CaseFolder pki)
            $password = ConvertTo-SecureString -String $pki.Password -AsPlainText -Force
            $leaf = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem([IO.File]::ReadAllText($pki.Leaf))
        }
    }

    BeforeEach {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
    }

    Context 'osslsigncode verifies what this module signs' {
        It '<Kind>, <Encoding>, <LineEnding>' -ForEach $matrix {
            $path = Join-Path (New-CaseFolder ours) "sample$Kind"
            $content = New-InteropScript -Path $path -Kind $Kind -Encoding $Encoding -LineEnding $LineEnding

            Set-OurSignature -Path $path
            $verify = Invoke-OsslsigncodeVerify -Path $path

            $verify.ExitCode | Should -Be 0 -Because $verify.Output
            $verify.Output | Should -Match '(?m)^Succeeded'
            [byte[]] $signed = [IO.File]::ReadAllBytes($path)
            [Convert]::ToHexString($signed, 0, $content.Length) | Should -Be ([Convert]::ToHexString($content))
        }

        It 'verifies a <_> digest' -ForEach $hashAlgorithms {
            $path = Join-Path (New-CaseFolder hash) 'sample.ps1'
            $null = New-InteropScript -Path $path -Kind '.ps1' -Encoding utf8bom -LineEnding CRLF

            Set-OurSignature -Path $path -Options @{ HashAlgorithm = $_ }
            $verify = Invoke-OsslsigncodeVerify -Path $path

            $verify.ExitCode | Should -Be 0 -Because $verify.Output
            $verify.Output | Should -Match "(?m)^Message digest algorithm\s*: $_"
        }

        It 'verifies a signature made with -IncludeChain <IncludeChain>' -ForEach $chainOptions {
            $path = Join-Path (New-CaseFolder chain) 'sample.psm1'
            $null = New-InteropScript -Path $path -Kind '.psm1' -Encoding ascii -LineEnding LF

            Set-OurSignature -Path $path -Options @{ IncludeChain = $IncludeChain }
            $verify = Invoke-OsslsigncodeVerify -Path $path

            $verify.ExitCode | Should -Be 0 -Because $verify.Output
            Get-EmbeddedCertificateCount -Path $path | Should -Be $CertificateCount
        }
    }

    Context 'this module verifies what osslsigncode signs' {
        It '<Kind>, <Encoding>, <LineEnding>' -ForEach $matrix {
            $folder = New-CaseFolder theirs
            $path = Join-Path $folder "input$Kind"
            $signed = Join-Path $folder "signed$Kind"
            $content = New-InteropScript -Path $path -Kind $Kind -Encoding $Encoding -LineEnding $LineEnding

            $sign = Invoke-OsslsigncodeSign -Path $path -Destination $signed
            $sign.ExitCode | Should -Be 0 -Because $sign.Output
            $result = Get-CodeSignature -LiteralPath $signed -TrustStore $pki.Root

            $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
            $result.IsIntegrityValid | Should -BeTrue
            $result.SignerCertificate.Thumbprint | Should -Be $leaf.Thumbprint
            $result.HashAlgorithm | Should -Be 'SHA256'
            Remove-CodeSignature -LiteralPath $signed -ErrorAction Stop
            [Convert]::ToHexString([IO.File]::ReadAllBytes($signed)) | Should -Be ([Convert]::ToHexString($content))
        }

        It 'verifies a <_> digest' -ForEach $hashAlgorithms {
            $folder = New-CaseFolder hash
            $path = Join-Path $folder 'input.ps1'
            $signed = Join-Path $folder 'signed.ps1'
            $null = New-InteropScript -Path $path -Kind '.ps1' -Encoding utf16le -LineEnding LF

            $sign = Invoke-OsslsigncodeSign -Path $path -Destination $signed -Hash $_.ToLowerInvariant()
            $sign.ExitCode | Should -Be 0 -Because $sign.Output
            $result = Get-CodeSignature -LiteralPath $signed -TrustStore $pki.Root

            $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
            $result.HashAlgorithm | Should -Be $_
        }
    }

    Context 'where osslsigncode differs from Windows' {
        It 'signs <Name>, which osslsigncode cannot sign' -ForEach $bomOnly {
            $folder = New-CaseFolder bom-only
            $path = Join-Path $folder 'input.ps1'
            [IO.File]::WriteAllBytes($path, $Bytes)

            $sign = Invoke-OsslsigncodeSign -Path $path -Destination (Join-Path $folder 'signed.ps1')
            Set-OurSignature -Path $path
            $result = Get-CodeSignature -LiteralPath $path -TrustStore $pki.Root

            $sign.ExitCode | Should -Not -Be 0
            $sign.Output | Should -Match 'file is too short'
            $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
            [Convert]::ToHexString([IO.File]::ReadAllBytes($path), 0, $Bytes.Length) | Should -Be ([Convert]::ToHexString($Bytes))
        }

        It 'osslsigncode verifies signed BOM-only files, not empty ones' {
            $folder = New-CaseFolder bom-only-verify
            $empty = Join-Path $folder 'empty.ps1'
            $bom = Join-Path $folder 'bom.ps1'
            $bomUtf16 = Join-Path $folder 'bom16.ps1'
            [IO.File]::WriteAllBytes($empty, [byte[]]@())
            [IO.File]::WriteAllBytes($bom, [byte[]](0xEF, 0xBB, 0xBF))
            [IO.File]::WriteAllBytes($bomUtf16, [byte[]](0xFF, 0xFE))
            foreach ($path in $empty, $bom, $bomUtf16) { Set-OurSignature -Path $path }

            $emptyVerify = Invoke-OsslsigncodeVerify -Path $empty

            $emptyVerify.ExitCode | Should -Not -Be 0
            $emptyVerify.Output | Should -Match 'No signature found'
            (Invoke-OsslsigncodeVerify -Path $bom).ExitCode | Should -Be 0
            (Invoke-OsslsigncodeVerify -Path $bomUtf16).ExitCode | Should -Be 0
        }

        It 'reads the one-byte block osslsigncode writes after UTF-16BE as NotSigned' {
            $folder = New-CaseFolder utf16be
            $path = Join-Path $folder 'input.ps1'
            $signed = Join-Path $folder 'signed.ps1'
            $content = [byte[]](0xFE, 0xFF) + [Text.Encoding]::BigEndianUnicode.GetBytes("Write-Output 'big endian'`r`n")
            [IO.File]::WriteAllBytes($path, $content)

            $sign = Invoke-OsslsigncodeSign -Path $path -Destination $signed
            $sign.ExitCode | Should -Be 0 -Because $sign.Output
            [byte[]] $bytes = [IO.File]::ReadAllBytes($signed)
            $block = [Text.Encoding]::ASCII.GetString($bytes, $content.Length, $bytes.Length - $content.Length)
            $result = Get-CodeSignature -LiteralPath $signed -TrustStore $pki.Root

            $block | Should -BeLike "`r`n# SIG # Begin signature block`r`n*# SIG # End signature block`r`n"
            $result.Status | Should -Be 'NotSigned'
            (Invoke-OsslsigncodeVerify -Path $signed).ExitCode | Should -Be 0
        }

        It 'osslsigncode finds no signature in signed UTF-16BE content' {
            $path = Join-Path (New-CaseFolder utf16be-ours) 'input.ps1'
            [IO.File]::WriteAllBytes($path, [byte[]](0xFE, 0xFF) + [Text.Encoding]::BigEndianUnicode.GetBytes("Write-Output 'big endian'`r`n"))

            Set-OurSignature -Path $path
            $result = Get-CodeSignature -LiteralPath $path -TrustStore $pki.Root
            $verify = Invoke-OsslsigncodeVerify -Path $path

            $result.Status | Should -Be 'Valid' -Because $result.StatusMessage
            $verify.ExitCode | Should -Not -Be 0
            $verify.Output | Should -Match 'No signature found'
        }

        It 'reads BOM-less UTF-8 from osslsigncode as HashMismatch, Valid with -Encoding utf8' {
            $folder = New-CaseFolder bomless-theirs
            $path = Join-Path $folder 'input.ps1'
            $signed = Join-Path $folder 'signed.ps1'
            [IO.File]::WriteAllBytes($path, [Text.UTF8Encoding]::new($false).GetBytes("Write-Output 'caf$([char]0xE9)'`r`n"))

            $sign = Invoke-OsslsigncodeSign -Path $path -Destination $signed
            $sign.ExitCode | Should -Be 0 -Because $sign.Output
            $default = Get-CodeSignature -LiteralPath $signed -TrustStore $pki.Root
            $utf8 = Get-CodeSignature -LiteralPath $signed -TrustStore $pki.Root -Encoding utf8

            $default.Status | Should -Be 'HashMismatch'
            $default.IsIntegrityValid | Should -BeFalse
            $utf8.Status | Should -Be 'Valid' -Because $utf8.StatusMessage
        }

        It 'osslsigncode rejects signed BOM-less UTF-8 unless signed with -Encoding utf8' {
            $folder = New-CaseFolder bomless-ours
            $windows = Join-Path $folder 'windows.ps1'
            $utf8 = Join-Path $folder 'utf8.ps1'
            foreach ($path in $windows, $utf8) {
                [IO.File]::WriteAllBytes($path, [Text.UTF8Encoding]::new($false).GetBytes("Write-Output 'caf$([char]0xE9)'`r`n"))
            }

            Set-OurSignature -Path $windows
            Set-OurSignature -Path $utf8 -Options @{ Encoding = 'utf8' }
            $windowsVerify = Invoke-OsslsigncodeVerify -Path $windows
            $utf8Verify = Invoke-OsslsigncodeVerify -Path $utf8

            (Get-CodeSignature -LiteralPath $windows -TrustStore $pki.Root).Status | Should -Be 'Valid'
            $windowsVerify.ExitCode | Should -Not -Be 0
            $windowsVerify.Output | Should -Match 'MISMATCH'
            $utf8Verify.ExitCode | Should -Be 0 -Because $utf8Verify.Output
        }

        It 'BOM-less Windows-1252 signed by either fails with the other' {
            $folder = New-CaseFolder windows-1252
            $ours = Join-Path $folder 'ours.ps1'
            $source = Join-Path $folder 'input.ps1'
            $theirs = Join-Path $folder 'theirs.ps1'
            $bytes = [Text.Encoding]::GetEncoding(1252).GetBytes("Write-Output 'caf$([char]0xE9) $([char]0x20AC)'`r`n")
            [IO.File]::WriteAllBytes($ours, $bytes)
            [IO.File]::WriteAllBytes($source, $bytes)

            Set-OurSignature -Path $ours
            $sign = Invoke-OsslsigncodeSign -Path $source -Destination $theirs
            $sign.ExitCode | Should -Be 0 -Because $sign.Output
            $verify = Invoke-OsslsigncodeVerify -Path $ours

            (Get-CodeSignature -LiteralPath $ours -TrustStore $pki.Root).Status | Should -Be 'Valid'
            $verify.ExitCode | Should -Not -Be 0
            $verify.Output | Should -Match 'MISMATCH'
            (Get-CodeSignature -LiteralPath $theirs -TrustStore $pki.Root).Status | Should -Be 'HashMismatch'
        }
    }

    Context 'Tampering' {
        It 'reports HashMismatch for a changed <_> file osslsigncode signed' -ForEach @('ascii', 'utf8bom', 'utf16le') {
            $folder = New-CaseFolder tamper-theirs
            $path = Join-Path $folder 'input.ps1'
            $signed = Join-Path $folder 'signed.ps1'
            $null = New-InteropScript -Path $path -Kind '.ps1' -Encoding $_ -LineEnding CRLF
            $sign = Invoke-OsslsigncodeSign -Path $path -Destination $signed
            $sign.ExitCode | Should -Be 0 -Because $sign.Output

            Set-ByteCaseFlipped -Path $signed
            $result = Get-CodeSignature -LiteralPath $signed -TrustStore $pki.Root

            $result.Status | Should -Be 'HashMismatch'
            $result.IsIntegrityValid | Should -BeFalse
        }

        It 'osslsigncode rejects a changed <_> file this module signed' -ForEach @('ascii', 'utf8bom', 'utf16le') {
            $path = Join-Path (New-CaseFolder tamper-ours) 'sample.ps1'
            $null = New-InteropScript -Path $path -Kind '.ps1' -Encoding $_ -LineEnding CRLF
            Set-OurSignature -Path $path
            (Invoke-OsslsigncodeVerify -Path $path).ExitCode | Should -Be 0

            Set-ByteCaseFlipped -Path $path
            $verify = Invoke-OsslsigncodeVerify -Path $path

            $verify.ExitCode | Should -Not -Be 0
            $verify.Output | Should -Match 'MISMATCH'
            $verify.Output | Should -Not -Match '(?m)^Succeeded'
        }
    }
}
