# Our side: PowerShell's start and Import-Module in fresh processes, then the timings inside one
# fresh session (Measure-Session.ps1).

function Measure-PwshStart {
    <#
    .SYNOPSIS
    Times `pwsh -NoProfile -Command exit` against `pwsh -NoProfile -Command Import-Module` and
    returns the medians of Repeat runs each.

    .DESCRIPTION
    The two commands alternate, after one untimed run of each that brings the files into the
    operating system's cache, so both see the same cache and the same background load.
    #>
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [int] $Repeat = 5
    )

    $pwsh = Get-PwshCommand
    $quotedPath = "'" + $ModulePath.Replace("'", "''") + "'"
    $startArguments = $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-Command', 'exit')
    $importArguments = $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-Command',
        "Import-Module -Name $quotedPath -ErrorAction Stop")

    $startRuns = [System.Collections.Generic.List[double]]::new()
    $importRuns = [System.Collections.Generic.List[double]]::new()
    for ($round = -1; $round -lt $Repeat; $round++) {
        $start = Invoke-BenchProcess -FilePath $pwsh.FilePath -ArgumentList $startArguments
        Assert-BenchProcessSucceeded -Result $start -Description 'pwsh -Command exit'
        $import = Invoke-BenchProcess -FilePath $pwsh.FilePath -ArgumentList $importArguments
        Assert-BenchProcessSucceeded -Result $import -Description "pwsh -Command Import-Module $quotedPath"
        if ($round -ge 0) {
            $startRuns.Add($start.Seconds)
            $importRuns.Add($import.Seconds)
        }
    }

    $startMedian = Get-Median -Value $startRuns
    $importMedian = Get-Median -Value $importRuns
    [pscustomobject]@{
        StartRunSeconds        = $startRuns.ToArray()
        ImportRunSeconds       = $importRuns.ToArray()
        StartMedianSeconds     = $startMedian
        ImportMedianSeconds    = $importMedian
        ImportOverheadSeconds  = $importMedian - $startMedian
    }
}

function Invoke-SessionMeasurement {
    <#
    .SYNOPSIS
    Runs Measure-Session.ps1 in a fresh pwsh and returns the figures it wrote, with medians and rates.
    #>
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [Parameter(Mandatory)] [string] $WorkFolder,
        [Parameter(Mandatory)] $Certificates,
        [Parameter(Mandatory)] [string] $Password,
        [Parameter(Mandatory)] [string] $LargeScriptSource,
        [int] $Repeat = 3,
        [int] $ThrottleLimit = 0
    )

    $scriptFolder = Join-Path $WorkFolder 'ours'
    $largeScript = Join-Path $scriptFolder 'large.ps1'
    $resultPath = Join-Path $WorkFolder 'session.json'
    New-Item -ItemType Directory -Path $scriptFolder -Force | Out-Null
    Copy-Item -LiteralPath $LargeScriptSource -Destination $largeScript -Force
    $smallScriptFolder = Join-Path $scriptFolder 'scripts'
    New-Item -ItemType Directory -Path $smallScriptFolder -Force | Out-Null

    $pwsh = Get-PwshCommand
    $arguments = $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-Session.ps1'),
        '-ModulePath', $ModulePath, '-PristineFolder', (Join-Path $WorkFolder 'pristine'),
        '-ScriptFolder', $smallScriptFolder, '-LargeScript', $largeScript,
        '-CertificatePath', $Certificates.LeafPfx, '-TrustStorePath', $Certificates.RootCertificate,
        '-ResultPath', $resultPath, '-Repeat', [string]$Repeat, '-ThrottleLimit', [string]$ThrottleLimit)
    $result = Invoke-BenchProcess -FilePath $pwsh.FilePath -ArgumentList $arguments `
        -Environment @{ CODESIGNPS_BENCH_PFX_PASSWORD = $Password }
    Assert-BenchProcessSucceeded -Result $result -Description 'The CodeSignPS session (Measure-Session.ps1)'

    $figures = Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json
    $largeBytes = (Get-Item -LiteralPath $LargeScriptSource).Length
    $signMedian = Get-Median -Value $figures.SignRunSeconds
    $verifyMedian = Get-Median -Value $figures.VerifyRunSeconds
    $largeMedian = Get-Median -Value $figures.LargeVerifyRunSeconds
    $figures | Add-Member -NotePropertyMembers ([ordered]@{
        SessionSeconds      = $result.Seconds
        SignMedianSeconds   = $signMedian
        SignRate            = $figures.ScriptCount / $signMedian
        VerifyMedianSeconds = $verifyMedian
        VerifyRate          = $figures.ScriptCount / $verifyMedian
        LargeScriptBytes    = $largeBytes
        LargeMedianSeconds  = $largeMedian
        LargeByteRate       = $largeBytes / $largeMedian
    })
    return $figures
}
