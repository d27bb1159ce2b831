#Requires -Version 7.4
<#
.SYNOPSIS
Times CodeSignPS inside one fresh PowerShell session and writes the figures as JSON.

.DESCRIPTION
Run-Bench.ps1 starts this script in a child process, so no state carries over from an earlier run.
After Import-Module it times, with a Stopwatch, Repeat rounds each of: signing every script in
ScriptFolder (restored from PristineFolder before each round, outside the timing), verifying them,
and verifying LargeScript (signed once beforehand, outside the timing). The PFX password comes from
the CODESIGNPS_BENCH_PFX_PASSWORD environment variable.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PristineFolder,
    [Parameter(Mandatory)] [string] $ScriptFolder,
    [Parameter(Mandatory)] [string] $LargeScript,
    [Parameter(Mandatory)] [string] $CertificatePath,
    [Parameter(Mandatory)] [string] $TrustStorePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [int] $Repeat = 3,
    [int] $ThrottleLimit = 0
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$password = ConvertTo-SecureString -String $env:CODESIGNPS_BENCH_PFX_PASSWORD -AsPlainText -Force
$throttle = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }

function Restore-Scripts {
    # Copies every pristine script over its working copy, so each signing round starts unsigned.
    foreach ($source in [IO.Directory]::GetFiles($PristineFolder)) {
        [IO.File]::Copy($source, [IO.Path]::Combine($ScriptFolder, [IO.Path]::GetFileName($source)), $true)
    }
}

$importWatch = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module -Name $ModulePath
$importWatch.Stop()
$module = Get-Module -Name CodeSignPS

Restore-Scripts
$scriptPaths = [IO.Directory]::GetFiles($ScriptFolder) | Sort-Object
$scriptBytes = ($scriptPaths | ForEach-Object { [IO.FileInfo]::new($_).Length } | Measure-Object -Sum).Sum
$signRuns = [System.Collections.Generic.List[double]]::new()
$signErrors = [System.Collections.Generic.List[string]]::new()
for ($round = 0; $round -lt $Repeat; $round++) {
    Restore-Scripts
    $timing = Measure-Round {
        $failed = $null
        Set-CodeSignature -LiteralPath $scriptPaths -CertificatePath $CertificatePath -Password $password `
            -HashAlgorithm SHA256 @throttle -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed
    }
    $signRuns.Add($timing.Seconds)
    foreach ($record in @($timing.Output)) { $signErrors.Add([string]$record) }
}

$verifyRuns = [System.Collections.Generic.List[double]]::new()
$verifyStatus = $null
for ($round = 0; $round -lt $Repeat; $round++) {
    $timing = Measure-Round { Get-CodeSignature -LiteralPath $scriptPaths -TrustStore $TrustStorePath @throttle }
    $verifyRuns.Add($timing.Seconds)
    $verifyStatus = Get-StatusCount $timing.Output
}

Set-CodeSignature -LiteralPath $LargeScript -CertificatePath $CertificatePath -Password $password -HashAlgorithm SHA256
$largeRuns = [System.Collections.Generic.List[double]]::new()
$largeStatus = $null
for ($round = 0; $round -lt $Repeat; $round++) {
    $timing = Measure-Round { Get-CodeSignature -LiteralPath $LargeScript -TrustStore $TrustStorePath }
    $largeRuns.Add($timing.Seconds)
    $largeStatus = Get-StatusCount $timing.Output
}

$figures = [ordered]@{
    ModuleVersion            = [string]$module.Version
    PowerShellVersion        = [string]$PSVersionTable.PSVersion
    InSessionImportSeconds   = $importWatch.Elapsed.TotalSeconds
    ScriptCount              = $scriptPaths.Count
    ScriptBytes              = $scriptBytes
    SignRunSeconds           = $signRuns
    SignErrorCount           = $signErrors.Count
    SignErrors               = @($signErrors | Select-Object -First 5)
    VerifyRunSeconds         = $verifyRuns
    VerifyStatus             = $verifyStatus
    LargeSignedScriptBytes   = [IO.FileInfo]::new($LargeScript).Length
    LargeVerifyRunSeconds    = $largeRuns
    LargeVerifyStatus        = $largeStatus
}
$figures | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
