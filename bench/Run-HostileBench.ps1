#Requires -Version 7.4
<#
.SYNOPSIS
Benchmarks verification of hostile scripts against openssl and osslsigncode on the same files.

.DESCRIPTION
Looks for slowness that grows faster than the input (a quadratic scan, say) on files made to provoke
it. From a fixed seed it generates, in a temporary folder, a throwaway RSA-3072 root and code signing
leaf, four large .ps1 files (FileMiB MiB each: one byte repeated, 'A', LF or '#', and a tail of
comment lines that look like base64 lines and end with a signature block's end marker), and Count
small scripts that Set-CodeSignature signs and that are then damaged, each by one seeded kind of
damage to its signature block. That setup is not timed. Then it measures, in the same run:

- the reference: `openssl dgst -sha256` over each large file (median of five runs), and
  `osslsigncode verify -CAfile root.pem -ignore-crl` over the damaged scripts, two processes at a
  time. osslsigncode rejects them, and only its rate counts;
- CodeSignPS, in one fresh pwsh (Measure-HostileSession.ps1): Get-CodeSignature on each large file,
  and on all damaged scripts in one call, Repeat rounds each, median.

It prints the ratios (large files: bytes per second against openssl dgst, target 0.35 or more;
damaged scripts: files per second against osslsigncode, target 4 or more), the status counts and
errors, writes hostile-results.json and hostile-results.md into OutputFolder, and exits with 1 when
a target is missed, a figure could not be measured, or a file got no result.
docs/benchmarks.md describes the method and records results.

.EXAMPLE
dotnet pwsh ./bench/Run-HostileBench.ps1 -ModulePath ./out/CodeSignPS
#>
[CmdletBinding()]
param(
    # Folder (or manifest) of the importable module: CODESIGNPS_MODULE_PATH when set, else out/CodeSignPS.
    [string] $ModulePath = ($env:CODESIGNPS_MODULE_PATH ? $env:CODESIGNPS_MODULE_PATH : (Join-Path $PSScriptRoot '..' 'out' 'CodeSignPS')),

    # Where hostile-results.json and hostile-results.md go.
    [string] $OutputFolder = (Join-Path $PSScriptRoot '..' 'out' 'bench'),

    # Size of each large hostile file in MiB.
    [ValidateRange(1, 2048)] [int] $FileMiB = 50,

    # Number of damaged small scripts.
    [ValidateRange(10, 100000)] [int] $Count = 1000,

    # Rounds of each CodeSignPS timing; the median counts. The default is higher than the other
    # benches' 3 because a round takes well under a second, and allocating a large file's bytes
    # makes single rounds vary severalfold on a busy machine.
    [ValidateRange(1, 20)] [int] $Repeat = 5,

    [int] $Seed = 20241,

    # Leaves the generated files in place for inspection.
    [switch] $KeepWorkFolder
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
. (Join-Path $PSScriptRoot 'BenchFixtures.ps1')
. (Join-Path $PSScriptRoot 'BenchHostileInput.ps1')
. (Join-Path $PSScriptRoot 'BenchReference.ps1')
. (Join-Path $PSScriptRoot 'BenchReport.ps1')

# The script digest covers the UTF-16 form of the text, so CodeSignPS hashes twice the bytes openssl does.
$largeTarget = 0.35
# Rejecting a damaged script should cost no more than verifying a valid one, so the damaged scripts
# get the target that Run-Bench.ps1 sets for valid scripts against the same osslsigncode command.
$scriptTarget = 4.0

$machine = Get-BenchReferenceMachine
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$OutputFolder = [IO.Path]::GetFullPath($OutputFolder)

$workFolder = Join-Path ([IO.Path]::GetTempPath()) ('codesignps-hostile-bench-' + [IO.Path]::GetRandomFileName())
$largeFolder = Join-Path $workFolder 'large'
$scriptFolder = Join-Path $workFolder 'damaged'
New-Item -ItemType Directory -Path $largeFolder, $scriptFolder | Out-Null
$phases = New-BenchPhaseLog

function New-DamagedScripts {
    <#
    .SYNOPSIS
    Writes Count small scripts into Folder, signs them with Set-CodeSignature, damages each signature
    block and returns the paths and the bytes written before signing.
    #>
    param([string] $Folder, $Certificates, [string] $Password)

    $bytes = New-BenchScripts -Folder $Folder -Count $Count -Seed $Seed -MaximumLength 4096
    Import-Module -Name $ModulePath
    $securePassword = ConvertTo-SecureString -String $Password -AsPlainText -Force
    $null = Set-CodeSignature -LiteralPath ([IO.Directory]::GetFiles($Folder)) -CertificatePath $Certificates.LeafPfx `
        -Password $securePassword -HashAlgorithm SHA256
    $paths = @(Invoke-BenchSignatureDamage -Path ([IO.Directory]::GetFiles($Folder) | Sort-Object) -Seed $Seed)
    [pscustomobject]@{ Paths = $paths; Bytes = $bytes }
}

function Invoke-HostileSession {
    # Runs Measure-HostileSession.ps1 in a fresh pwsh and returns the figures it wrote.
    param($Certificates)

    $resultPath = Join-Path $workFolder 'session.json'
    $pwsh = Get-PwshCommand
    $arguments = $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Measure-HostileSession.ps1'),
        '-ModulePath', $ModulePath, '-LargeFolder', $largeFolder, '-ScriptFolder', $scriptFolder,
        '-TrustStorePath', $Certificates.RootCertificate, '-ResultPath', $resultPath, '-Repeat', [string]$Repeat)
    $result = Invoke-BenchProcess -FilePath $pwsh.FilePath -ArgumentList $arguments
    Assert-BenchProcessSucceeded -Result $result -Description 'The CodeSignPS session (Measure-HostileSession.ps1)'
    return Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json
}

function Format-StatusCount {
    # Returns status counts as text, e.g. 'Malformed 90, HashMismatch 10', or 'no result'.
    param($StatusCount)

    if (-not $StatusCount) { return 'no result' }
    return ($StatusCount.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '
}

function Get-HostileRow {
    <#
    .SYNOPSIS
    Returns the row of one timed Get-CodeSignature call: the rate, its ratio to the reference, and a
    note with the status counts, errors, and why the figure does not count, if it does not.
    #>
    param([string] $Name, $Figures, [double] $Amount, [double] $Reference, [string] $Unit, [string] $ReferenceName, [double] $Target)

    $resultCount = ($Figures.StatusCount.PSObject.Properties.Value | Measure-Object -Sum).Sum
    $notes = @(Format-StatusCount $Figures.StatusCount)
    if ($Figures.ErrorCount -gt 0) { $notes += "$($Figures.ErrorCount) errors, first: $($Figures.Errors[0])" }
    if ($Figures.StoppedBy) { $notes += "stopped by: $($Figures.StoppedBy)" }
    if ($resultCount -ne $Figures.Files) { $notes += "$resultCount results for $($Figures.Files) files" }

    $measured = if ($Figures.RunSeconds.Count -eq $Repeat) { $Amount / (Get-Median -Value $Figures.RunSeconds) }
    $ratio = if ($null -ne $measured) { $measured / $Reference }
    $met = ($null -ne $ratio) -and ($ratio -ge $Target) -and -not $Figures.StoppedBy -and ($resultCount -eq $Figures.Files)
    New-BenchRow $Name $measured $Reference $Unit $ReferenceName $ratio ('>= {0}x' -f $Target) $met ($notes -join '; ')
}

function ConvertTo-DamageTable {
    # Returns the lines of a Markdown table of the damaged scripts' statuses, one row per kind of damage.
    param($Scripts)

    if (-not $Scripts) { return @() }
    $lines = @('', '| Damage | Files | Statuses |', '|---|---:|---|')
    foreach ($kind in $Scripts.StatusCountByDamage.PSObject.Properties) {
        $files = ($kind.Value.PSObject.Properties.Value | Measure-Object -Sum).Sum
        $lines += '| {0} | {1} | {2} |' -f $kind.Name, $files, (Format-StatusCount $kind.Value)
    }
    return $lines
}

try {
    Write-Host "Generating four $FileMiB MiB hostile scripts and $Count damaged signed scripts in $workFolder (not timed)"
    $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(16))
    $certificates = New-BenchCertificates -Folder $workFolder -Password $password
    $largeFiles = @(New-BenchHostileFiles -Folder $largeFolder -Length ($FileMiB * 1MB))
    $damaged = New-DamagedScripts -Folder $scriptFolder -Certificates $certificates -Password $password
    Complete-BenchPhase $phases 'Generate'

    Write-Host 'Reference: openssl dgst -sha256 over each large file, osslsigncode verify over the damaged scripts'
    $reference = [ordered]@{
        OpensslDigest = [ordered]@{}
        Osslsigncode  = Measure-OsslsigncodeVerify -Path $damaged.Paths -TrustStore $certificates.RootCertificate `
            -WorkFolder $workFolder -AllowFailedFiles
    }
    foreach ($file in $largeFiles) {
        $reference.OpensslDigest[$file.Name] = Measure-OpensslDigest -Path $file.Path -Repeat 5
    }
    Complete-BenchPhase $phases 'Reference'

    Write-Host "CodeSignPS: Get-CodeSignature in one session, $Repeat rounds each"
    $ours = $null
    $oursError = ''
    try {
        $ours = Invoke-HostileSession -Certificates $certificates
    }
    catch {
        $oursError = $_.Exception.Message
        Write-Warning "CodeSignPS could not be measured: $oursError"
    }
    Complete-BenchPhase $phases 'CodeSignPSSession'
}
finally {
    if ($KeepWorkFolder) {
        Write-Host "Generated files kept in $workFolder"
    }
    else {
        Remove-Item -LiteralPath $workFolder -Recurse -Force -ErrorAction Ignore
    }
}

$rows = foreach ($file in $largeFiles) {
    $digest = $reference.OpensslDigest[$file.Name]
    $figures = if ($ours) { $ours.LargeFiles | Where-Object Path -EQ $file.Path } else { [pscustomobject]@{ StoppedBy = 'not measured'; Files = 1 } }
    Get-HostileRow "Verify $FileMiB MiB, $($file.Name)" $figures ($file.Bytes / 1MB) ($digest.ByteRate / 1MB) 'MiB/s' 'openssl dgst -sha256' $largeTarget
}
$scriptFigures = if ($ours) { $ours.Scripts } else { [pscustomobject]@{ StoppedBy = 'not measured'; Files = $Count } }
$rows = @($rows) + (Get-HostileRow "Verify $Count damaged scripts" $scriptFigures $Count $reference.Osslsigncode.Rate 'files/s' 'osslsigncode verify, 2 processes' $scriptTarget)

$results = [pscustomobject][ordered]@{
    Date             = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm UTC')
    Machine          = $machine
    Workload         = [ordered]@{ FileMiB = $FileMiB; LargeFiles = $largeFiles; ScriptCount = $Count; ScriptBytes = $damaged.Bytes; Seed = $Seed; Repeat = $Repeat }
    Reference        = $reference
    CodeSignPS       = $ours
    Error            = $oursError
    Rows             = $rows
    AllTargetsMet    = -not ($rows | Where-Object { $_.Met -ne $true })
    BenchSeconds     = [Math]::Round($phases.Watch.Elapsed.TotalSeconds, 1)
    PhaseSeconds     = $phases.Seconds
    PhaseLoadAverage = $phases.LoadAverage
}

Write-BenchSummary -Results $results
$markdown = ConvertTo-BenchMarkdown -Results $results -Title 'CodeSignPS benchmark of hostile input' -Workload (
    "Workload: four $FileMiB MiB .ps1 files and $Count small signed scripts with damaged signature blocks; our timings are medians of $Repeat runs.") `
    -Appendix (ConvertTo-DamageTable -Scripts $ours.Scripts)
Save-BenchResults -Results $results -Folder $OutputFolder -Name 'hostile-results' -Markdown $markdown
Write-Host "Results written to $(Join-Path $OutputFolder 'hostile-results.json') and hostile-results.md ($($results.BenchSeconds) s)"
if (-not $results.AllTargetsMet) {
    Write-Host 'At least one target was missed or not measured.'
    exit 1
}
