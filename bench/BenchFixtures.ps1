# Generates the benchmark's input: scripts of mixed sizes and kinds, one large script, and a
# throwaway RSA-3072 root and code signing leaf made with the openssl command line.

$script:ScriptKinds = @('.ps1', '.psm1', '.psd1')

function New-BenchTextPool {
    <#
    .SYNOPSIS
    Builds about Length characters of LF-separated script lines (functions, or manifest entries for
    .psd1), from which the generated scripts take slices.
    #>
    param(
        [Parameter(Mandatory)] [System.Random] $Random,
        [Parameter(Mandatory)] [bool] $Manifest,
        [Parameter(Mandatory)] [int] $Length
    )

    $builder = [System.Text.StringBuilder]::new($Length + 256)
    $index = 0
    while ($builder.Length -lt $Length) {
        $index++
        $value = $Random.Next(0, 1000000)
        if ($Manifest) {
            [void]$builder.Append("    Setting$index = 'value-$value'`n")
            continue
        }
        [void]$builder.Append("function Invoke-Step$index {`n    param([int] `$Count = $($value % 97))`n")
        [void]$builder.Append("    # Step $index adds its value to every item.`n")
        [void]$builder.Append("    1..`$Count | ForEach-Object { `$_ + $value }`n}`n")
    }
    return $builder.ToString()
}

function Get-BenchTextSlice {
    <#
    .SYNOPSIS
    Returns a run of whole units of Pool (units end with Separator), starting at a random unit, of at
    least Length characters.
    #>
    param(
        [Parameter(Mandatory)] [System.Random] $Random,
        [Parameter(Mandatory)] [string] $Pool,
        [Parameter(Mandatory)] [string] $Separator,
        [Parameter(Mandatory)] [int] $Length
    )

    $ordinal = [StringComparison]::Ordinal
    $start = $Pool.IndexOf($Separator, $Random.Next(0, $Pool.Length - 2 * $Length), $ordinal) + $Separator.Length
    $end = $Pool.IndexOf($Separator, $start + $Length - $Separator.Length, $ordinal) + $Separator.Length
    return $Pool.Substring($start, $end - $start)
}

function New-BenchScripts {
    <#
    .SYNOPSIS
    Writes Count scripts of sizes between MinimumLength and MaximumLength bytes into Folder.

    .DESCRIPTION
    Sizes are log-uniform, so small scripts are common and large ones present, as in a real release.
    Kinds rotate through .ps1, .psm1 and .psd1. Most files are BOM-less ASCII with LF endings; about
    a fifth use CRLF and a tenth are UTF-8 with a byte order mark and non-ASCII text, which both
    Windows and osslsigncode decode the same way. The same seed gives the same bytes on every run.
    Returns the total number of bytes written.
    #>
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [int] $Count,
        [Parameter(Mandatory)] [int] $Seed,
        [int] $MinimumLength = 200,
        [int] $MaximumLength = 65536
    )

    $random = [System.Random]::new($Seed)
    $functionPool = New-BenchTextPool -Random $random -Manifest $false -Length (3 * $MaximumLength)
    $manifestPool = New-BenchTextPool -Random $random -Manifest $true -Length (3 * $MaximumLength)
    $logMinimum = [Math]::Log($MinimumLength)
    $logRange = [Math]::Log($MaximumLength) - $logMinimum
    $totalBytes = [long]0

    for ($i = 0; $i -lt $Count; $i++) {
        $kind = $script:ScriptKinds[$i % $script:ScriptKinds.Count]
        $length = [int][Math]::Exp($logMinimum + $random.NextDouble() * $logRange)
        $variant = $random.Next(0, 10)

        $text = if ($kind -eq '.psd1') {
            "@{`n" + (Get-BenchTextSlice -Random $random -Pool $manifestPool -Separator "`n" -Length $length) + "}`n"
        }
        else {
            Get-BenchTextSlice -Random $random -Pool $functionPool -Separator "`n}`n" -Length $length
        }
        if ($kind -eq '.psm1') {
            $text += "Export-ModuleMember -Function 'Invoke-Step*'`n"
        }

        $bytes = switch ($variant) {
            # UTF-8 encodes the leading U+FEFF as the byte order mark EF BB BF.
            0 { [System.Text.Encoding]::UTF8.GetBytes("`u{FEFF}# Généré pour le banc d'essai, voilà.`n$text") }
            { $_ -in 1, 2 } { [System.Text.Encoding]::ASCII.GetBytes("# Generated with CRLF endings.`n$text".Replace("`n", "`r`n")) }
            default { [System.Text.Encoding]::ASCII.GetBytes("# Generated with LF endings.`n$text") }
        }

        $path = [IO.Path]::Combine($Folder, 'script' + $i.ToString('D4') + $kind)
        [IO.File]::WriteAllBytes($path, $bytes)
        $totalBytes += $bytes.Length
    }
    return $totalBytes
}

function New-BenchLargeScript {
    <#
    .SYNOPSIS
    Writes one BOM-less ASCII .ps1 script of exactly Length bytes, LF endings, and returns its path.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [long] $Length,
        [Parameter(Mandatory)] [int] $Seed
    )

    $random = [System.Random]::new($Seed)
    $block = [System.Text.Encoding]::ASCII.GetBytes((New-BenchTextPool -Random $random -Manifest $false -Length 65536))
    Write-BenchRepeatedBytes -Path $Path -Block $block -Length $Length
    return $Path
}

function Write-BenchRepeatedBytes {
    <#
    .SYNOPSIS
    Writes Block again and again until the file holds Length bytes (the last copy cut short), then Tail.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [byte[]] $Block,
        [Parameter(Mandatory)] [long] $Length,
        [byte[]] $Tail = @()
    )

    $stream = [IO.File]::Create($Path)
    try {
        $remaining = $Length
        while ($remaining -gt 0) {
            $chunk = [int][Math]::Min($Block.Length, $remaining)
            $stream.Write($Block, 0, $chunk)
            $remaining -= $chunk
        }
        $stream.Write($Tail, 0, $Tail.Length)
    }
    finally {
        $stream.Dispose()
    }
}

function Invoke-BenchOpenssl {
    param(
        [Parameter(Mandatory)] [string[]] $ArgumentList,
        [hashtable] $Environment = @{}
    )

    $result = Invoke-BenchProcess -FilePath 'openssl' -ArgumentList $ArgumentList -Environment $Environment
    Assert-BenchProcessSucceeded -Result $result -Description "openssl $($ArgumentList[0..1] -join ' ')"
}

function New-BenchCertificates {
    <#
    .SYNOPSIS
    Makes a throwaway RSA-3072 root and a code signing leaf it issues, valid for two days.

    .DESCRIPTION
    Returns the paths of the root certificate (PEM, the only trust anchor on both sides), the leaf
    certificate and its unencrypted PKCS#8 key (PEM, for osslsigncode) and a PFX with the leaf and
    its key under Password (for Set-CodeSignature).
    #>
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Password
    )

    $paths = [pscustomobject]@{
        RootCertificate = Join-Path $Folder 'root.pem'
        RootKey         = Join-Path $Folder 'root.key'
        LeafCertificate = Join-Path $Folder 'leaf.pem'
        LeafKey         = Join-Path $Folder 'leaf.key'
        LeafRequest     = Join-Path $Folder 'leaf.csr'
        LeafExtensions  = Join-Path $Folder 'leaf.ext'
        LeafPfx         = Join-Path $Folder 'leaf.pfx'
    }

    Invoke-BenchOpenssl @('req', '-x509', '-newkey', 'rsa:3072', '-nodes', '-days', '2',
        '-keyout', $paths.RootKey, '-out', $paths.RootCertificate, '-subj', '/CN=CodeSignPS Bench Root',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')

    Invoke-BenchOpenssl @('req', '-newkey', 'rsa:3072', '-nodes',
        '-keyout', $paths.LeafKey, '-out', $paths.LeafRequest, '-subj', '/CN=CodeSignPS Bench Signer')
    Set-Content -LiteralPath $paths.LeafExtensions -Value @(
        'basicConstraints=critical,CA:FALSE'
        'keyUsage=critical,digitalSignature'
        'extendedKeyUsage=codeSigning'
    )
    Invoke-BenchOpenssl @('x509', '-req', '-days', '2', '-in', $paths.LeafRequest,
        '-CA', $paths.RootCertificate, '-CAkey', $paths.RootKey, '-set_serial', '2',
        '-extfile', $paths.LeafExtensions, '-out', $paths.LeafCertificate)

    # The password goes through the environment so that it does not show in the process list.
    Invoke-BenchOpenssl -Environment @{ CODESIGNPS_BENCH_PFX_PASSWORD = $Password } -ArgumentList @(
        'pkcs12', '-export', '-inkey', $paths.LeafKey, '-in', $paths.LeafCertificate,
        '-out', $paths.LeafPfx, '-passout', 'env:CODESIGNPS_BENCH_PFX_PASSWORD')
    return $paths
}
