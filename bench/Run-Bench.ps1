#Requires -Version 7.4
<#
.SYNOPSIS
Benchmarks CodeSignPS against osslsigncode and openssl on the same generated scripts.

.DESCRIPTION
Generates ScriptCount scripts of mixed sizes and kinds plus one large script in a temporary folder,
with a throwaway RSA-3072 root and code signing leaf. Then it measures, in the same run:

- the reference: osslsigncode signing and verifying every script, two processes at a time;
  `openssl speed -multi 2 rsa3072` for the machine's sign and verify rates on two cores; and
  `openssl dgst -sha256` over the large script for its hashing rate;
- CodeSignPS: PowerShell's start with and without Import-Module in fresh processes, then signing and
  verifying every script and verifying the large script inside one fresh session.

It prints each figure with its ratio to the reference and each target as met or missed, writes
results.json and results.md into OutputFolder, and exits with 1 when a target is missed or could not
be measured. docs/benchmarks.md describes the method and the targets.

.EXAMPLE
dotnet pwsh ./bench/Run-Bench.ps1 -ModulePath ./out/CodeSignPS
#>
[CmdletBinding()]
param(
    # Folder (or manifest) of the importable module: CODESIGNPS_MODULE_PATH when set, else out/CodeSignPS.
    [string] $ModulePath = ($env:CODESIGNPS_MODULE_PATH ? $env:CODESIGNPS_MODULE_PATH : (Join-Path $PSScriptRoot '..' 'out' 'CodeSignPS')),

    # Where results.json and results.md go.
    [string] $OutputFolder = (Join-Path $PSScriptRoot '..' 'out' 'bench'),

    [ValidateRange(10, 100000)] [int] $ScriptCount = 2000,

    # Size of the large script in MiB.
    [ValidateRange(1, 2048)] [int] $LargeScriptMiB = 50,

    # Rounds of each CodeSignPS timing; the median counts.
    [ValidateRange(1, 20)] [int] $Repeat = 3,

    # Passed to Set-CodeSignature and Get-CodeSignature when above zero; otherwise their default.
    [int] $ThrottleLimit = 0,

    # Seconds `openssl speed` spends on each of sign and verify.
    [ValidateRange(1, 60)] [int] $OpensslSeconds = 5,

    [int] $Seed = 20240,

    # Leaves the generated files in place for inspection.
    [switch] $KeepWorkFolder
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot 'BenchFixtures.ps1')
. (Join-Path $PSScriptRoot 'BenchReference.ps1')
. (Join-Path $PSScriptRoot 'BenchCodeSignPS.ps1')
. (Join-Path $PSScriptRoot 'BenchReport.ps1')

$machine = Get-BenchReferenceMachine
$ModulePath = (Resolve-Path -LiteralPath $ModulePath -ErrorAction SilentlyContinue)?.ProviderPath ?? $ModulePath
$OutputFolder = [IO.Path]::GetFullPath($OutputFolder)

$workFolder = Join-Path ([IO.Path]::GetTempPath()) ('codesignps-bench-' + [IO.Path]::GetRandomFileName())
$pristineFolder = Join-Path $workFolder 'pristine'
$referenceFolder = Join-Path $workFolder 'osslsigncode'
New-Item -ItemType Directory -Path $pristineFolder, $referenceFolder | Out-Null
$phases = New-BenchPhaseLog

try {
    Write-Host "Generating $ScriptCount scripts and a $LargeScriptMiB MiB script in $workFolder"
    $scriptBytes = New-BenchScripts -Folder $pristineFolder -Count $ScriptCount -Seed $Seed
    $largeScript = New-BenchLargeScript -Path (Join-Path $workFolder 'large.ps1') -Length ($LargeScriptMiB * 1MB) -Seed $Seed
    $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(16))
    $certificates = New-BenchCertificates -Folder $workFolder -Password $password
    $scriptPaths = [IO.Directory]::GetFiles($pristineFolder) | Sort-Object
    Complete-BenchPhase $phases 'Generate'

    Write-Host 'Reference: osslsigncode sign and verify, two processes at a time'
    $reference = [ordered]@{
        Osslsigncode = Measure-OsslsigncodeScripts -ScriptPath $scriptPaths -OutputFolder $referenceFolder `
            -Certificates $certificates -WorkFolder $workFolder
    }
    Complete-BenchPhase $phases 'Osslsigncode'
    Write-Host "Reference: openssl speed -multi 2 -seconds $OpensslSeconds rsa3072"
    $reference.OpensslSpeed = Measure-OpensslRsaSpeed -Seconds $OpensslSeconds
    Write-Host 'Reference: openssl dgst -sha256 over the large script'
    $reference.OpensslDigest = Measure-OpensslDigest -Path $largeScript -Repeat 5
    Complete-BenchPhase $phases 'Openssl'

    $ours = $null
    $oursError = ''
    try {
        Write-Host "CodeSignPS: PowerShell start with and without Import-Module '$ModulePath'"
        $start = Measure-PwshStart -ModulePath $ModulePath
        Complete-BenchPhase $phases 'PowerShellStart'
        Write-Host "CodeSignPS: sign and verify in one session, $Repeat rounds each"
        $ours = Invoke-SessionMeasurement -ModulePath $ModulePath -WorkFolder $workFolder -Certificates $certificates `
            -Password $password -LargeScriptSource $largeScript -Repeat $Repeat -ThrottleLimit $ThrottleLimit
        $ours | Add-Member -NotePropertyName Start -NotePropertyValue $start
    }
    catch {
        $oursError = $_.Exception.Message
        Write-Warning "CodeSignPS could not be measured: $oursError"
    }

    Complete-BenchPhase $phases 'CodeSignPSSession'
    $results = [pscustomobject][ordered]@{
        Date       = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm UTC')
        Machine    = $machine
        Workload   = [ordered]@{
            ScriptCount      = $ScriptCount
            ScriptBytes      = $scriptBytes
            LargeScriptBytes = (Get-Item -LiteralPath $largeScript).Length
            Seed             = $Seed
            Repeat           = $Repeat
        }
        Reference  = $reference
        CodeSignPS = $ours
        Error      = $oursError
        Rows       = @()
        AllTargetsMet = $false
        BenchSeconds  = 0
        PhaseSeconds  = $phases.Seconds
        PhaseLoadAverage = $phases.LoadAverage
    }
    $results.Rows = @(Get-BenchRows -Reference $results.Reference -Ours $ours -OursError $oursError)
    $results.AllTargetsMet = -not ($results.Rows | Where-Object { $_.Met -eq $false })
    $results.BenchSeconds = [Math]::Round($phases.Watch.Elapsed.TotalSeconds, 1)

    Write-BenchSummary -Results $results
    Save-BenchResults -Results $results -Folder $OutputFolder
    Write-Host "Results written to $(Join-Path $OutputFolder 'results.json') and results.md ($($results.BenchSeconds) s)"
    if (-not $results.AllTargetsMet) {
        Write-Host 'At least one target was missed or not measured.'
        exit 1
    }
}
finally {
    if ($KeepWorkFolder) {
        Write-Host "Generated files kept in $workFolder"
    }
    else {
        Remove-Item -LiteralPath $workFolder -Recurse -Force -ErrorAction Ignore
    }
}
