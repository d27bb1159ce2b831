#Requires -Version 7.4
<#
.SYNOPSIS
Times Test-CodeSigningPolicy over a tree of signed scripts in a fresh pwsh process.

.DESCRIPTION
Creates Count scripts in a temporary tree (100 per folder), mints a throwaway internal CA and code
signing certificate with New-CodeSigningCertificate, and signs every script with Set-CodeSignature.
That setup is not timed. Then, Repeat times, starts a fresh pwsh process that imports the module and
runs Test-CodeSigningPolicy once over the whole tree against an enterprise-CA policy. Each run is
cold: a new process, so no chain, key or decision survives from an earlier run, and every file is
read, hashed and its signature checked. The child times the command alone with a stopwatch, and the
wall clock of the whole process (start-up and module import included) is reported beside it. Each
round also starts a second fresh process that runs Get-CodeSignature -Recurse over the same tree
with the CA as its trust store, for the rate of verification without a policy.

When osslsigncode is on PATH, the first ReferenceCount scripts are verified with
`osslsigncode verify -CAfile root.pem -ignore-crl`, two processes at a time, as a reference rate.

It prints the median decisions per second of the command against the target (2,000 per second by
default), writes policy-results.json into OutputFolder, and exits with 1 when the target is missed or
when any decision is not Allow.

.EXAMPLE
dotnet pwsh ./bench/Run-PolicyBench.ps1 -ModulePath ./out/CodeSignPS
#>
[CmdletBinding()]
param(
    [string] $ModulePath = ($env:CODESIGNPS_MODULE_PATH ? $env:CODESIGNPS_MODULE_PATH : (Join-Path $PSScriptRoot '..' 'out' 'CodeSignPS')),
    [string] $OutputFolder = (Join-Path $PSScriptRoot '..' 'out' 'bench'),
    [ValidateRange(100, 1000000)] [int] $Count = 10000,
    [ValidateRange(1, 20)] [int] $Repeat = 3,
    [ValidateRange(1, 1000000)] [int] $TargetPerSecond = 2000,
    [ValidateRange(0, 1000000)] [int] $ReferenceCount = 1000,
    [switch] $KeepWorkFolder
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot 'BenchReference.ps1')

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$OutputFolder = [IO.Path]::GetFullPath($OutputFolder)
$null = New-Item -ItemType Directory -Force -Path $OutputFolder
$workFolder = Join-Path ([IO.Path]::GetTempPath()) ('codesignps-policy-bench-' + [IO.Path]::GetRandomFileName())
$null = New-Item -ItemType Directory -Path $workFolder

function New-PolicyBenchTree {
    <#
    .SYNOPSIS
    Writes and signs Count scripts under artifacts/, the CA certificate and policy.yaml; returns their paths.
    #>
    param([string] $Folder, [int] $Count)

    Import-Module $ModulePath -Force
    $root = Join-Path $Folder 'artifacts'
    $ca = New-CodeSigningCertificate -Subject 'CN=Bench Root CA, O=CodeSignPS Bench' -CertificateAuthority -ValidityDays 30
    $signer = New-CodeSigningCertificate -Subject 'CN=Bench Release Signing, O=CodeSignPS Bench' -Issuer $ca -ValidityDays 7
    $null = New-Item -ItemType Directory -Path (Join-Path $Folder 'trust')
    [IO.File]::WriteAllText((Join-Path $Folder 'trust/root.pem'), $ca.ExportCertificatePem())

    for ($index = 0; $index -lt $Count; $index++) {
        $subfolder = Join-Path $root ('module{0:d4}' -f [int][Math]::Floor($index / 100))
        if ($index % 100 -eq 0) { $null = New-Item -ItemType Directory -Path $subfolder -Force }
        [IO.File]::WriteAllText((Join-Path $subfolder ('Script{0:d5}.ps1' -f $index)), "param()`nWrite-Output 'bench script $index'`n")
    }

    Set-CodeSignature -LiteralPath $root -Recurse -Certificate $signer -ErrorAction Stop | Out-Null

    $policyPath = Join-Path $Folder 'policy.yaml'
    [IO.File]::WriteAllText($policyPath, @'
version: 1
trustStores:
  bench-root: { role: codeSigning, class: enterprise, certificates: [trust/root.pem] }
publishers:
  bench-release:
    trustStores: [bench-root]
    subject: { CN: Bench Release Signing, O: CodeSignPS Bench }
defaults:
  checks: { timestamp: off }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [bench-release]
    minimumLevel: Internal
environments:
  prod: {}
'@)
    return @{ Root = $root; Policy = $policyPath; TrustStore = (Join-Path $Folder 'trust/root.pem') }
}

# The child prints one JSON line: the command's own seconds and the decisions per outcome.
$childScript = @'
param([string] $ModulePath, [string] $Policy, [string] $Root)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$clock = [Diagnostics.Stopwatch]::StartNew()
$decisions = @(Test-CodeSigningPolicy -Policy $Policy -Environment prod -LiteralPath $Root -Root $Root)
$clock.Stop()
$outcomes = @{}
foreach ($group in ($decisions | Group-Object { "$($_.Outcome)" })) { $outcomes[$group.Name] = $group.Count }
[pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Decisions = $decisions.Count; Outcomes = $outcomes } | ConvertTo-Json -Compress
'@

# The same tree through Get-CodeSignature -Recurse: the command's seconds and how many results are Valid.
$verifyScript = @'
param([string] $ModulePath, [string] $TrustStore, [string] $Root)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$clock = [Diagnostics.Stopwatch]::StartNew()
$results = @(Get-CodeSignature -LiteralPath $Root -Recurse -TrustStore $TrustStore)
$clock.Stop()
$valid = @($results | Where-Object { "$($_.Status)" -eq 'Valid' }).Count
[pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Files = $results.Count; Valid = $valid } | ConvertTo-Json -Compress
'@

function Measure-PolicyReference {
    <#
    .SYNOPSIS
    Returns osslsigncode's verification rate in files per second over the first Count scripts, or null without osslsigncode.
    #>
    param([string] $Root, [string] $TrustStore, [int] $Count, [string] $Folder)

    if ($Count -eq 0 -or -not (Get-Command osslsigncode -CommandType Application -ErrorAction Ignore)) {
        return $null
    }

    $paths = @(Get-ChildItem -LiteralPath $Root -Recurse -File -Filter '*.ps1' | Sort-Object FullName | Select-Object -First $Count).FullName
    return [Math]::Round((Measure-OsslsigncodeVerify -Path $paths -TrustStore $TrustStore -WorkFolder $Folder).Rate)
}

try {
    Write-Host "Creating and signing $Count scripts in $workFolder (not timed)"
    $tree = New-PolicyBenchTree -Folder $workFolder -Count $Count
    $childPath = Join-Path $workFolder 'Measure-PolicySession.ps1'
    Set-Content -LiteralPath $childPath -Value $childScript
    $verifyPath = Join-Path $workFolder 'Measure-VerifySession.ps1'
    Set-Content -LiteralPath $verifyPath -Value $verifyScript

    $pwsh = Get-PwshCommand
    $rounds = for ($round = 1; $round -le $Repeat; $round++) {
        $run = Invoke-BenchProcess -FilePath $pwsh.FilePath -ArgumentList (@($pwsh.Prefix) + @('-NoProfile', '-File', $childPath,
                '-ModulePath', $ModulePath, '-Policy', $tree.Policy, '-Root', $tree.Root))
        Assert-BenchProcessSucceeded -Result $run -Description "Round $round of Test-CodeSigningPolicy"
        $figures = ($run.StdOut.Trim() -split "`n")[-1] | ConvertFrom-Json
        Write-Host ('Round {0}: {1} decisions in {2:n2} s ({3:n0}/s); process {4:n2} s' -f $round, $figures.Decisions, $figures.Seconds, ($figures.Decisions / $figures.Seconds), $run.Seconds)

        $verifyRun = Invoke-BenchProcess -FilePath $pwsh.FilePath -ArgumentList (@($pwsh.Prefix) + @('-NoProfile', '-File', $verifyPath,
                '-ModulePath', $ModulePath, '-TrustStore', $tree.TrustStore, '-Root', $tree.Root))
        Assert-BenchProcessSucceeded -Result $verifyRun -Description "Round $round of Get-CodeSignature -Recurse"
        $verified = ($verifyRun.StdOut.Trim() -split "`n")[-1] | ConvertFrom-Json
        Write-Host ('Round {0}: Get-CodeSignature -Recurse, {1} files ({2} Valid) in {3:n2} s ({4:n0}/s)' -f $round, $verified.Files, $verified.Valid, $verified.Seconds, ($verified.Files / $verified.Seconds))
        [pscustomobject]@{
            Seconds = $figures.Seconds; ProcessSeconds = $run.Seconds; Decisions = $figures.Decisions; Outcomes = $figures.Outcomes
            VerifySeconds = $verified.Seconds; VerifiedFiles = $verified.Files; ValidFiles = $verified.Valid
        }
    }

    $osslsigncodePerSecond = Measure-PolicyReference -Root $tree.Root -TrustStore $tree.TrustStore -Count $ReferenceCount -Folder $workFolder
}
finally {
    if (-not $KeepWorkFolder) {
        Remove-Item -LiteralPath $workFolder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

$medianSeconds = Get-Median -Value @($rounds.Seconds)
$perSecond = [Math]::Round($Count / $medianSeconds)
$allowed = @($rounds | Where-Object { $_.Decisions -eq $Count -and $_.Outcomes.Allow -eq $Count }).Count -eq $rounds.Count
$verifiedPerSecond = [Math]::Round($Count / (Get-Median -Value @($rounds.VerifySeconds)))
$allValid = @($rounds | Where-Object { $_.VerifiedFiles -eq $Count -and $_.ValidFiles -eq $Count }).Count -eq $rounds.Count
$report = [pscustomobject]@{
    Machine              = Get-BenchMachine
    Files                = $Count
    Rounds               = @($rounds)
    MedianSeconds        = [Math]::Round($medianSeconds, 3)
    MedianProcessSeconds = [Math]::Round((Get-Median -Value @($rounds.ProcessSeconds)), 3)
    DecisionsPerSecond   = $perSecond
    TargetPerSecond      = $TargetPerSecond
    EveryDecisionAllow   = $allowed
    VerifiedPerSecond    = $verifiedPerSecond
    EveryResultValid     = $allValid
    OsslsigncodeVerifyPerSecond = $osslsigncodePerSecond
}
$report | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath (Join-Path $OutputFolder 'policy-results.json')

Write-Host ('Test-CodeSigningPolicy, cold: {0:n0} decisions/s (median of {1}), target {2:n0}/s: {3}' -f $perSecond, $Repeat, $TargetPerSecond, ($perSecond -ge $TargetPerSecond ? 'met' : 'MISSED'))
Write-Host ('Get-CodeSignature -Recurse, cold: {0:n0} files/s (median of {1}){2}' -f $verifiedPerSecond, $Repeat,
    ($null -eq $osslsigncodePerSecond ? '; osslsigncode not found, no reference' : ('; osslsigncode verify, 2 processes: {0:n0} files/s' -f $osslsigncodePerSecond)))
if (-not $allowed -or -not $allValid) {
    Write-Host 'Not every decision was Allow or not every result Valid, so the figures do not measure a full check of every file.' -ForegroundColor Red
    exit 1
}
exit ($perSecond -ge $TargetPerSecond ? 0 : 1)
