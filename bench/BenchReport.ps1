# Turns the measured figures into target verdicts, a console summary, and the results as JSON and Markdown.

function New-BenchRow {
    # Measured, Reference and Ratio are $null when not measured, and Met is $null for a figure without a target.
    param(
        [string] $Name,
        $Measured,
        $Reference,
        [string] $Unit,
        [string] $ReferenceName,
        $Ratio,
        [string] $Target,
        $Met,
        [string] $Note = ''
    )

    [pscustomobject][ordered]@{
        Name          = $Name
        Measured      = if ($null -ne $Measured) { [Math]::Round($Measured, 3) }
        Reference     = if ($null -ne $Reference) { [Math]::Round($Reference, 3) }
        Unit          = $Unit
        ReferenceName = $ReferenceName
        Ratio         = if ($null -ne $Ratio) { [Math]::Round($Ratio, 3) }
        Target        = $Target
        Met           = $Met
        Note          = $Note
    }
}

function Get-BenchFailureNote {
    <#
    .SYNOPSIS
    Returns why a timed batch does not count (errors or files that did not verify as Valid), or ''.
    #>
    param($StatusCount, [int] $Expected, [int] $ErrorCount = 0)

    $parts = @()
    if ($ErrorCount -gt 0) {
        $parts += "$ErrorCount signing errors"
    }
    $valid = if ($StatusCount -and $StatusCount.PSObject.Properties['Valid']) { [int]$StatusCount.Valid } else { 0 }
    if ($valid -ne $Expected) {
        $found = if ($StatusCount) { ($StatusCount.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ', ' } else { 'none' }
        $parts += "expected $Expected Valid results, found $found"
    }
    return $parts -join '; '
}

function Get-BenchRows {
    <#
    .SYNOPSIS
    Returns one row per target (Met is $true or $false) and per informational figure (Met is $null).
    #>
    param(
        [Parameter(Mandatory)] $Reference,
        $Ours,
        [string] $OursError
    )

    $ossl = $Reference.Osslsigncode
    $speed = $Reference.OpensslSpeed
    $digest = $Reference.OpensslDigest
    if (-not $Ours) {
        $note = 'not measured'
        return @(
            New-BenchRow 'Verify scripts' $null $ossl.VerifyRate 'files/s' 'osslsigncode verify, 2 processes' $null '>= 4x' $false $note
            New-BenchRow 'Sign scripts, RSA-3072' $null $speed.SignRate 'files/s' 'openssl speed rsa3072 sign/s, 2 processes' $null '>= 0.7x' $false $note
            New-BenchRow 'Verify the large script' $null ($digest.ByteRate / 1MB) 'MiB/s' 'openssl dgst -sha256' $null '>= 0.35x' $false $note
            New-BenchRow 'Import-Module beyond pwsh start' $null $null 'ms' 'pwsh -NoProfile -Command exit' $null '< 300 ms' $false $note
            New-BenchRow 'Sign scripts vs osslsigncode' $null $ossl.SignRate 'files/s' 'osslsigncode sign, 2 processes' $null '' $null
        )
    }

    $verifyNote = Get-BenchFailureNote -StatusCount $Ours.VerifyStatus -Expected $Ours.ScriptCount
    $signNote = Get-BenchFailureNote -StatusCount $Ours.VerifyStatus -Expected $Ours.ScriptCount -ErrorCount $Ours.SignErrorCount
    $largeNote = Get-BenchFailureNote -StatusCount $Ours.LargeVerifyStatus -Expected 1
    $verifyRatio = $Ours.VerifyRate / $ossl.VerifyRate
    $signRatio = $Ours.SignRate / $speed.SignRate
    $largeRatio = $Ours.LargeByteRate / $digest.ByteRate
    $importMs = $Ours.Start.ImportOverheadSeconds * 1000

    @(
        New-BenchRow 'Verify scripts' $Ours.VerifyRate $ossl.VerifyRate 'files/s' 'osslsigncode verify, 2 processes' `
            $verifyRatio '>= 4x' (($verifyRatio -ge 4) -and -not $verifyNote) $verifyNote
        New-BenchRow 'Sign scripts, RSA-3072' $Ours.SignRate $speed.SignRate 'files/s' 'openssl speed rsa3072 sign/s, 2 processes' `
            $signRatio '>= 0.7x' (($signRatio -ge 0.7) -and -not $signNote) $signNote
        New-BenchRow 'Verify the large script' ($Ours.LargeByteRate / 1MB) ($digest.ByteRate / 1MB) 'MiB/s' 'openssl dgst -sha256' `
            $largeRatio '>= 0.35x' (($largeRatio -ge 0.35) -and -not $largeNote) $largeNote
        New-BenchRow 'Import-Module beyond pwsh start' $importMs ($Ours.Start.StartMedianSeconds * 1000) 'ms' 'pwsh -NoProfile -Command exit' `
            ($Ours.Start.ImportMedianSeconds / $Ours.Start.StartMedianSeconds) '< 300 ms' ($importMs -lt 300)
        New-BenchRow 'Sign scripts vs osslsigncode' $Ours.SignRate $ossl.SignRate 'files/s' 'osslsigncode sign, 2 processes' `
            ($Ours.SignRate / $ossl.SignRate) '' $null
    )
}

function Format-BenchNumber {
    # Formats a figure with one decimal, or '-' when it was not measured.
    param($Value, [string] $Format = 'N1', [string] $Suffix = '')

    if ($null -eq $Value) { return '-' }
    return ([double]$Value).ToString($Format, [cultureinfo]::InvariantCulture) + $Suffix
}

function Write-BenchSummary {
    <#
    .SYNOPSIS
    Prints the start-up line (when the results have one), the time per phase and one line per row,
    each target marked met or missed.
    #>
    param([Parameter(Mandatory)] $Results)

    $ours = $Results.CodeSignPS
    if ($ours -and $ours.PSObject.Properties['Start']) {
        Write-Host ('PowerShell start {0:N0} ms, with Import-Module {1:N0} ms: the module adds {2:N0} ms (medians of {3} runs)' -f
            ($ours.Start.StartMedianSeconds * 1000), ($ours.Start.ImportMedianSeconds * 1000),
            ($ours.Start.ImportOverheadSeconds * 1000), $ours.Start.StartRunSeconds.Count)
    }
    $phases = ($Results.PhaseSeconds.GetEnumerator() | ForEach-Object {
            '{0} {1:N1} s (load {2:N1})' -f $_.Key, $_.Value, $Results.PhaseLoadAverage[$_.Key]
        }) -join ', '
    Write-Host "Time per phase, with the load average at its end: $phases"
    Write-BenchRows -Rows $Results.Rows
}

function Write-BenchRows {
    <#
    .SYNOPSIS
    Prints one line per row: the figure, the reference, the ratio and the target marked met or missed.
    #>
    param([Parameter(Mandatory)] [object[]] $Rows)

    foreach ($row in $Rows) {
        $verdict = if ($null -eq $row.Met) { 'info' } elseif ($row.Met) { 'MET' } else { 'MISSED' }
        $line = '{0,-32} {1,10} {2,-8} vs {3,10} ({4}): {5,6} {6,-9} {7}' -f $row.Name, (Format-BenchNumber $row.Measured),
            $row.Unit, (Format-BenchNumber $row.Reference), $row.ReferenceName, (Format-BenchNumber $row.Ratio 'N2' 'x'), $row.Target, $verdict
        if ($row.Note) {
            $line += " ($($row.Note))"
        }
        Write-Host $line
    }
}

function ConvertTo-BenchMarkdown {
    <#
    .SYNOPSIS
    Returns the results as a Markdown page: the machine, the workload, one table row per figure and
    the Appendix lines.

    .DESCRIPTION
    Without Workload, the workload line describes the scripts and the large script of Run-Bench.ps1.
    #>
    param(
        [Parameter(Mandatory)] $Results,
        [string] $Title = 'CodeSignPS benchmark results',
        [string] $Workload = '',
        [string[]] $Appendix = @()
    )

    if (-not $Workload) {
        $Workload = "Workload: $($Results.Workload.ScriptCount) scripts ($([Math]::Round($Results.Workload.ScriptBytes / 1MB, 1)) MiB) and one $([Math]::Round($Results.Workload.LargeScriptBytes / 1MB)) MiB script; our timings are medians of $($Results.Workload.Repeat) runs."
    }
    $machine = $Results.Machine
    $lines = @(
        "# $Title"
        ''
        "Measured $($Results.Date) on $($machine.Cpu), $($machine.LogicalCores) logical cores, $($machine.Os);"
        "load average $($machine.LoadAverageAtStart) at the start. PowerShell $($machine.PowerShell), $($machine.Openssl), osslsigncode $($machine.Osslsigncode)."
        ''
        $Workload
        ''
        $(if ($Results.Error) { "CodeSignPS was not measured: $($Results.Error -replace '\s+', ' ')`n" })
    ) + (ConvertTo-BenchMarkdownTable -Rows $Results.Rows) + $Appendix
    return $lines -join "`n"
}

function ConvertTo-BenchMarkdownTable {
    <#
    .SYNOPSIS
    Returns the lines of a Markdown table with one row per figure: measured, reference, ratio, target, result.
    #>
    param([Parameter(Mandatory)] [object[]] $Rows)

    $lines = @(
        '| Figure | CodeSignPS | Reference | Ratio | Target | Result |'
        '|---|---:|---:|---:|---|---|'
    )
    foreach ($row in $Rows) {
        $verdict = if ($null -eq $row.Met) { '' } elseif ($row.Met) { 'met' } else { 'missed' }
        if ($row.Note) {
            $verdict += " ($($row.Note))"
        }
        $lines += '| {0} | {1} {2} | {3} {2} ({4}) | {5} | {6} | {7} |' -f $row.Name, (Format-BenchNumber $row.Measured), $row.Unit,
            (Format-BenchNumber $row.Reference), $row.ReferenceName, (Format-BenchNumber $row.Ratio 'N2' 'x'), $row.Target, $verdict
    }
    return $lines
}

function Save-BenchResults {
    <#
    .SYNOPSIS
    Writes <Name>.json and <Name>.md into Folder; the page is Markdown, or ConvertTo-BenchMarkdown's
    page when Markdown is empty.
    #>
    param(
        [Parameter(Mandatory)] $Results,
        [Parameter(Mandatory)] [string] $Folder,
        [string] $Name = 'results',
        [string] $Markdown = ''
    )

    if (-not $Markdown) {
        $Markdown = ConvertTo-BenchMarkdown -Results $Results
    }
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $Results | ConvertTo-Json -Depth 8 | Set-Content -LiteralPath (Join-Path $Folder "$Name.json") -Encoding utf8NoBOM
    $Markdown + "`n" | Set-Content -LiteralPath (Join-Path $Folder "$Name.md") -Encoding utf8NoBOM -NoNewline
}
