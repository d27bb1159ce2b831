#Requires -Version 7.4
<#
.SYNOPSIS
Times Get-CodeSignature on hostile files inside one fresh PowerShell session and writes the figures
as JSON.

.DESCRIPTION
Run-HostileBench.ps1 starts this script in a child process, so no state carries over from an earlier
run. After Import-Module it times, with a Stopwatch, Repeat rounds of Get-CodeSignature on each large
file in LargeFolder, then Repeat rounds of one Get-CodeSignature call on every script in ScriptFolder.
One untimed call comes before the rounds of each, so that the JIT compilation of the first call, a
fixed cost whatever the input, is not counted. Each round records the status counts and the
non-terminating errors. A terminating error ends the rounds and is recorded, because the figure then
does not measure a finished command.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $LargeFolder,
    [Parameter(Mandatory)] [string] $ScriptFolder,
    [Parameter(Mandatory)] [string] $TrustStorePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [int] $Repeat = 3
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

function Measure-Verification {
    <#
    .SYNOPSIS
    Runs Get-CodeSignature on Path Repeat times and returns the seconds of each round, the results,
    status counts and errors of the last one, and the message of a terminating error, if any.
    #>
    param([string[]] $Path)

    $runs = [System.Collections.Generic.List[double]]::new()
    $results = @()
    $errors = @()
    $stoppedBy = ''
    for ($round = -1; $round -lt $Repeat; $round++) {
        try {
            $timing = Measure-Round {
                $failed = $null
                $verified = Get-CodeSignature -LiteralPath $Path -TrustStore $TrustStorePath -ErrorAction SilentlyContinue -ErrorVariable failed
                [pscustomobject]@{ Results = @($verified); Errors = @($failed) }
            }
        }
        catch {
            $stoppedBy = $_.Exception.Message
            break
        }
        if ($round -lt 0) {
            continue
        }
        $runs.Add($timing.Seconds)
        $results = $timing.Output.Results
        $errors = @($timing.Output.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
    }

    [ordered]@{
        RunSeconds  = $runs
        Results     = $results
        StatusCount = Get-StatusCount $results
        ErrorCount  = $errors.Count
        Errors      = @($errors | Select-Object -First 5)
        StoppedBy   = $stoppedBy
    }
}

Import-Module -Name $ModulePath

$large = foreach ($path in [IO.Directory]::GetFiles($LargeFolder) | Sort-Object) {
    $figures = Measure-Verification -Path $path
    $figures.Remove('Results')
    $figures.Path = $path
    $figures.Files = 1
    $figures.Bytes = [IO.FileInfo]::new($path).Length
    $figures
}

$scriptPaths = [IO.Directory]::GetFiles($ScriptFolder) | Sort-Object
$scripts = Measure-Verification -Path $scriptPaths
$scripts.Files = $scriptPaths.Count

# The kind of damage is the last part of each file name, so the status counts can be split by it.
$byKind = [ordered]@{}
foreach ($group in $scripts.Results | Group-Object { ([IO.Path]::GetFileNameWithoutExtension($_.Path) -split '-')[-1] } | Sort-Object Name) {
    $byKind[$group.Name] = Get-StatusCount $group.Group
}
$scripts.StatusCountByDamage = $byKind
$scripts.Remove('Results')

[ordered]@{
    ModuleVersion     = [string](Get-Module -Name CodeSignPS).Version
    PowerShellVersion = [string]$PSVersionTable.PSVersion
    LargeFiles        = @($large)
    Scripts           = $scripts
} | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
