# Generates the hostile input of Run-HostileBench.ps1: large scripts of one repeated byte or line,
# and signed scripts whose signature block is damaged by seeded mutations.

# Every kind of damage that Edit-BenchSignatureBlock applies, in the order the seeded choice uses.
$script:SignatureDamageKinds = @(
    'FlipBase64Char', 'DeleteLine', 'InsertJunkLine', 'SwapBase64Lines', 'TruncateInBlock',
    'DuplicateBeginMarker', 'DropEndMarker', 'TextAfterBlock', 'JoinBase64Lines', 'TruncateDer', 'InflateDerLength'
)

$script:Base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function New-BenchHostileFiles {
    <#
    .SYNOPSIS
    Writes the large hostile .ps1 files into Folder, each about Length bytes, and returns their
    names, paths and sizes.

    .DESCRIPTION
    Three files repeat one byte ('A', LF, '#'). The fourth repeats the comment line "# " + 64 'Q' +
    CRLF and ends with the end marker line of a signature block, so a reader that finds the marker
    walks back through lines that all look like base64 lines of a block. Its length is rounded down
    to whole lines.
    #>
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [long] $Length
    )

    $ascii = [System.Text.Encoding]::ASCII
    $commentLine = $ascii.GetBytes('# ' + ('Q' * 64) + "`r`n")
    $endMarker = $ascii.GetBytes("# SIG # End signature block`r`n")
    $commentBytes = [Math]::Floor(($Length - $endMarker.Length) / $commentLine.Length) * $commentLine.Length
    $files = @(
        @{ Name = 'RepeatedA'; Unit = $ascii.GetBytes('A'); Length = $Length; Tail = @() }
        @{ Name = 'RepeatedLF'; Unit = $ascii.GetBytes("`n"); Length = $Length; Tail = @() }
        @{ Name = 'RepeatedHash'; Unit = $ascii.GetBytes('#'); Length = $Length; Tail = @() }
        @{ Name = 'FakeBlockTail'; Unit = $commentLine; Length = $commentBytes; Tail = $endMarker }
    )

    foreach ($file in $files) {
        # Length is a whole number of units, so with a block of whole units the last, shortened copy
        # still ends on a whole unit.
        $block = [byte[]]::new([Math]::Floor(65536 / $file.Unit.Length) * $file.Unit.Length)
        for ($offset = 0; $offset -lt $block.Length; $offset += $file.Unit.Length) {
            [Array]::Copy($file.Unit, 0, $block, $offset, $file.Unit.Length)
        }

        $path = Join-Path $Folder "$($file.Name).ps1"
        Write-BenchRepeatedBytes -Path $path -Block $block -Length $file.Length -Tail $file.Tail
        [pscustomobject]@{ Name = $file.Name; Path = $path; Bytes = (Get-Item -LiteralPath $path).Length }
    }
}

function Split-BenchSignedScript {
    <#
    .SYNOPSIS
    Splits the text of a script signed by Set-CodeSignature into the content (with the CRLF that
    ends it) and the lines of its signature block, from the begin marker to the end marker.
    #>
    param([Parameter(Mandatory)] [string] $Text)

    $begin = $Text.LastIndexOf("`r`n# SIG # Begin signature block`r`n", [StringComparison]::Ordinal)
    if ($begin -lt 0) {
        throw 'The script has no signature block that starts with a CRLF and "# SIG # Begin signature block"; sign it with Set-CodeSignature first.'
    }

    $blockLines = $Text.Substring($begin + 2).TrimEnd("`r", "`n") -split "`r`n"
    [pscustomobject]@{
        Content = $Text.Substring(0, $begin + 2)
        Lines   = [System.Collections.Generic.List[string]]::new([string[]]$blockLines)
    }
}

function ConvertTo-BenchBase64Lines {
    # Returns the signature bytes as the base64 lines of a block: "# " and up to 64 characters each.
    param([Parameter(Mandatory)] [byte[]] $Signature)

    $base64 = [Convert]::ToBase64String($Signature)
    for ($i = 0; $i -lt $base64.Length; $i += 64) {
        '# ' + $base64.Substring($i, [Math]::Min(64, $base64.Length - $i))
    }
}

function Edit-BenchSignatureDer {
    <#
    .SYNOPSIS
    Decodes the block's signature, cuts it short (TruncateDer) or sets a long-form DER length to a
    huge value (InflateDerLength), and writes the block again as well-formed base64 lines.
    #>
    param(
        [Parameter(Mandatory)] [System.Collections.Generic.List[string]] $Lines,
        [Parameter(Mandatory)] [string] $Kind,
        [Parameter(Mandatory)] [System.Random] $Random
    )

    $base64Lines = $Lines.GetRange(1, $Lines.Count - 2)
    $der = [Convert]::FromBase64String((($base64Lines | ForEach-Object { $_.Substring(2) }) -join ''))
    if ($Kind -eq 'TruncateDer') {
        $der = $der[0..($Random.Next(1, $der.Length) - 1)]
    }
    else {
        # As a length octet, 0x82 or 0x83 starts a long-form length of two or three bytes, which
        # becomes 0xFFFF... and points far past the end of the signature. The byte picked may be
        # content instead (a key or a signature value), which then damages that content.
        $offsets = @(for ($i = 1; $i -lt $der.Length - 3; $i++) { if ($der[$i] -eq 0x82 -or $der[$i] -eq 0x83) { $i } })
        $at = $offsets[$Random.Next(0, $offsets.Count)]
        $der[$at + 1] = 0xFF
        $der[$at + 2] = 0xFF
    }

    $Lines.RemoveRange(1, $Lines.Count - 2)
    $Lines.InsertRange(1, [string[]]@(ConvertTo-BenchBase64Lines -Signature $der))
}

function Edit-BenchSignatureBlock {
    <#
    .SYNOPSIS
    Damages the signature block of a signed script's text in the way Kind names and returns the new text.
    #>
    param(
        [Parameter(Mandatory)] [string] $Text,
        [Parameter(Mandatory)] [string] $Kind,
        [Parameter(Mandatory)] [System.Random] $Random
    )

    $signed = Split-BenchSignedScript -Text $Text
    $lines = $signed.Lines
    $base64Index = $Random.Next(1, $lines.Count - 1)
    switch ($Kind) {
        'FlipBase64Char' {
            $line = $lines[$base64Index]
            $at = $Random.Next(2, $line.Length)
            $replacement = $script:Base64Alphabet.Replace([string]$line[$at], '')[$Random.Next(0, 63)]
            $lines[$base64Index] = $line.Substring(0, $at) + $replacement + $line.Substring($at + 1)
        }
        'DeleteLine' { $lines.RemoveAt($Random.Next(0, $lines.Count)) }
        'InsertJunkLine' {
            $junk = @('# !!!! not base64', '', '#', '# ' + ('A' * 300), 'Write-Output "inside the block"')
            $lines.Insert($Random.Next(1, $lines.Count), $junk[$Random.Next(0, $junk.Count)])
        }
        'SwapBase64Lines' {
            $other = $Random.Next(1, $lines.Count - 2)
            $lines[$other], $lines[$other + 1] = $lines[$other + 1], $lines[$other]
        }
        'TruncateInBlock' {
            $block = ($lines -join "`r`n") + "`r`n"
            return $signed.Content + $block.Substring(0, $Random.Next(1, $block.Length - 1))
        }
        'DuplicateBeginMarker' { $lines.Insert($Random.Next(1, $lines.Count), $lines[0]) }
        'DropEndMarker' { $lines.RemoveAt($lines.Count - 1) }
        'TextAfterBlock' { $lines.Add("Write-Output 'after the block'") }
        'JoinBase64Lines' {
            $joined = '# ' + (($lines.GetRange(1, $lines.Count - 2) | ForEach-Object { $_.Substring(2) }) -join '')
            $lines.RemoveRange(1, $lines.Count - 2)
            $lines.Insert(1, $joined)
        }
        { $_ -in 'TruncateDer', 'InflateDerLength' } { Edit-BenchSignatureDer -Lines $lines -Kind $Kind -Random $Random }
        default { throw "Unknown kind of signature damage '$Kind'; expected one of: $($script:SignatureDamageKinds -join ', ')." }
    }
    return $signed.Content + ($lines -join "`r`n") + "`r`n"
}

function Invoke-BenchSignatureDamage {
    <#
    .SYNOPSIS
    Damages the signature block of every signed script in Path with a kind of damage chosen from
    Seed, renames each to <name>-<kind><extension>, and returns the new paths.
    #>
    param(
        [Parameter(Mandatory)] [string[]] $Path,
        [Parameter(Mandatory)] [int] $Seed
    )

    $random = [System.Random]::new($Seed)
    foreach ($file in $Path) {
        $kind = $script:SignatureDamageKinds[$random.Next(0, $script:SignatureDamageKinds.Count)]
        # Latin-1 maps every byte to one character and back, so the content's bytes stay as they are.
        $text = [IO.File]::ReadAllText($file, [System.Text.Encoding]::Latin1)
        $damaged = Edit-BenchSignatureBlock -Text $text -Kind $kind -Random $random

        $target = Join-Path (Split-Path -Parent $file) ('{0}-{1}{2}' -f [IO.Path]::GetFileNameWithoutExtension($file), $kind, [IO.Path]::GetExtension($file))
        [IO.File]::WriteAllText($target, $damaged, [System.Text.Encoding]::Latin1)
        Remove-Item -LiteralPath $file
        $target
    }
}
