#Requires -Version 7.4
<#
.SYNOPSIS
Benchmarks detached signing and verification of a 1 GiB file against openssl cms on the same file.

.DESCRIPTION
Generates a file of random bytes (FileMiB MiB) and a throwaway RSA-3072 root and code signing leaf in
a temporary folder, then runs Measure-DetachedSession.ps1 in one fresh pwsh process, which times
`Set-CodeSignature -Detached` against `openssl cms -sign -binary` and `Get-CodeSignature` against
`openssl cms -verify -binary`, Repeat rounds each. It prints throughput ratios (target: 90% of
openssl's or more) and peak memory, writes detached-results.json into OutputFolder, and exits with
1 when a target is missed. docs/benchmarks.md describes the method and records results.

.EXAMPLE
dotnet pwsh ./bench/Run-DetachedBench.ps1 -ModulePath ./out/CodeSignPS
#>
[CmdletBinding()]
param(
    [string] $ModulePath = ($env:CODESIGNPS_MODULE_PATH ? $env:CODESIGNPS_MODULE_PATH : (Join-Path $PSScriptRoot '..' 'out' 'CodeSignPS')),
    [string] $OutputFolder = (Join-Path $PSScriptRoot '..' 'out' 'bench'),
    [ValidateRange(1, 16384)] [int] $FileMiB = 1024,
    [ValidateRange(1, 20)] [int] $Repeat = 3,
    [switch] $KeepWorkFolder
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot 'BenchFixtures.ps1')

Assert-BenchTool -Name 'openssl' -Hint 'Install the openssl package.'
if (-not (Test-Path -LiteralPath '/usr/bin/time')) {
    throw '/usr/bin/time is missing; install the time package, which reports the peak memory of openssl.'
}

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$OutputFolder = [IO.Path]::GetFullPath($OutputFolder)
$null = New-Item -ItemType Directory -Force -Path $OutputFolder
$workFolder = Join-Path ([IO.Path]::GetTempPath()) ('codesignps-detached-bench-' + [IO.Path]::GetRandomFileName())
$null = New-Item -ItemType Directory -Path $workFolder
try {
    Write-Host "Generating a $FileMiB MiB file of random bytes in $workFolder"
    $filePath = Join-Path $workFolder 'payload.bin'
    $block = [byte[]]::new(1MB)
    $stream = [IO.File]::Create($filePath)
    try {
        for ($i = 0; $i -lt $FileMiB; $i++) {
            [Security.Cryptography.RandomNumberGenerator]::Fill($block)
            $stream.Write($block, 0, $block.Length)
        }
    }
    finally {
        $stream.Dispose()
    }

    $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(16))
    $certificates = New-BenchCertificates -Folder $workFolder -Password $password
    $resultPath = Join-Path $workFolder 'session.json'
    $pwsh = Get-PwshCommand
    Write-Host "Timing $Repeat rounds of openssl cms and CodeSignPS in one session"
    $session = Invoke-BenchProcess -FilePath $pwsh.FilePath -Environment @{ CODESIGNPS_BENCH_PFX_PASSWORD = $password } -ArgumentList (
        @($pwsh.Prefix) + @('-NoProfile', '-File', (Join-Path $PSScriptRoot 'Measure-DetachedSession.ps1'),
            '-ModulePath', $ModulePath, '-FilePath', $filePath, '-CertificatesJson', ($certificates | ConvertTo-Json -Compress),
            '-ResultPath', $resultPath, '-Repeat', $Repeat))
    Assert-BenchProcessSucceeded -Result $session -Description 'The detached benchmark session'
    $figures = Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json
}
finally {
    if (-not $KeepWorkFolder) {
        Remove-Item -LiteralPath $workFolder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

$mib = $figures.FileBytes / 1MB
$rows = foreach ($kind in 'Sign', 'Verify') {
    $openssl = Get-Median -Value @($figures.Rounds | ForEach-Object { $_."Openssl${kind}Seconds" })
    $ours = Get-Median -Value @($figures.Rounds | ForEach-Object { $_."Ours${kind}Seconds" })
    [pscustomobject]@{
        Operation             = $kind
        OpensslMiBPerSecond   = [Math]::Round($mib / $openssl, 1)
        OursMiBPerSecond      = [Math]::Round($mib / $ours, 1)
        Ratio                 = [Math]::Round($openssl / $ours, 3)
        OpensslPeakMiB        = [Math]::Round((($figures.Rounds | ForEach-Object { $_."Openssl${kind}PeakKilobytes" } | Measure-Object -Maximum).Maximum) / 1024, 1)
        OursSessionPeakMiB    = [Math]::Round((($figures.Rounds | ForEach-Object { $_."Ours${kind}PeakKilobytes" } | Measure-Object -Maximum).Maximum) / 1024, 1)
        OursSessionBeforeMiB  = [Math]::Round((($figures.Rounds | ForEach-Object { $_."Ours${kind}BeforeKilobytes" } | Measure-Object -Maximum).Maximum) / 1024, 1)
        TargetMet             = ($openssl / $ours) -ge 0.9
    }
}

$statuses = @($figures.Rounds.OursVerifyStatus | Sort-Object -Unique)
$rows | Format-Table -AutoSize | Out-String | Write-Host
Write-Host "Get-CodeSignature status in every round: $($statuses -join ', ')"
[ordered]@{ Machine = Get-BenchMachine; Figures = $figures; Summary = $rows } |
    ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $OutputFolder 'detached-results.json') -Encoding utf8NoBOM
if (($rows | Where-Object { -not $_.TargetMet }) -or $statuses -ne @('Valid')) {
    exit 1
}
