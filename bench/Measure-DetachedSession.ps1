#Requires -Version 7.4
<#
.SYNOPSIS
Times detached signing and verification of one large file inside one fresh PowerShell session,
CodeSignPS and openssl cms in turn, and writes the figures as JSON.

.DESCRIPTION
Run-DetachedBench.ps1 starts this script in a child process. After Import-Module, each round runs,
in this order: `openssl cms -sign -binary`, `Set-CodeSignature -Detached`, `openssl cms -verify
-binary`, `Get-CodeSignature`, all on the same file, so that a change in the machine's load hits both
sides alike. The cmdlets are timed with a Stopwatch; openssl is timed from its process start to its
exit, so its figure includes its own start-up (a few milliseconds). Peak memory: openssl's maximum
resident set size from /usr/bin/time, and this session's VmHWM from /proc, reset through
/proc/self/clear_refs before each cmdlet call so that it covers that call only (the figure includes
the PowerShell session itself, whose resident size before the call is recorded too). The PFX password comes from CODESIGNPS_BENCH_PFX_PASSWORD.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $FilePath,
    [Parameter(Mandatory)] $CertificatesJson,
    [Parameter(Mandatory)] [string] $ResultPath,
    [int] $Repeat = 3
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$certificates = $CertificatesJson | ConvertFrom-Json
$password = ConvertTo-SecureString -String $env:CODESIGNPS_BENCH_PFX_PASSWORD -AsPlainText -Force
$statusPath = "/proc/$PID/status"

function Reset-PeakMemory {
    # Writing 5 to clear_refs resets VmHWM to the current resident set size (Linux 4.0 and later).
    [IO.File]::WriteAllText("/proc/$PID/clear_refs", '5')
}

function Get-MemoryKilobytes([string] $Field) {
    $line = [IO.File]::ReadAllLines($statusPath) | Where-Object { $_ -like "${Field}:*" }
    return [long](($line -split '\s+')[1])
}

function Measure-Cmdlet {
    param([scriptblock] $Action)

    $before = Get-MemoryKilobytes 'VmRSS'
    Reset-PeakMemory
    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $Action
    $stopwatch.Stop()
    [pscustomobject]@{ Seconds = $stopwatch.Elapsed.TotalSeconds; PeakKilobytes = Get-MemoryKilobytes 'VmHWM'; BeforeKilobytes = $before; Output = $output }
}

function Measure-Openssl {
    # /usr/bin/time prints "<max RSS in KiB>" on the last line of standard error.
    param([string[]] $ArgumentList)

    $result = Invoke-BenchProcess -FilePath '/usr/bin/time' -ArgumentList (@('-f', '%M', 'openssl') + $ArgumentList)
    Assert-BenchProcessSucceeded -Result $result -Description "openssl $($ArgumentList[0..1] -join ' ')"
    $peak = [long](($result.StdErr.Trim() -split "`n")[-1])
    [pscustomobject]@{ Seconds = $result.Seconds; PeakKilobytes = $peak }
}

Import-Module -Name $ModulePath
$opensslSignature = "$FilePath.openssl.p7s"
$signArguments = @('cms', '-sign', '-binary', '-outform', 'DER', '-md', 'sha256', '-signer', $certificates.LeafCertificate,
    '-inkey', $certificates.LeafKey, '-in', $FilePath, '-out', $opensslSignature)
$verifyArguments = @('cms', '-verify', '-binary', '-inform', 'DER', '-purpose', 'any', '-in', $opensslSignature,
    '-content', $FilePath, '-CAfile', $certificates.RootCertificate, '-out', '/dev/null')

# One untimed pass of each warms the page cache and the JIT, as a second file in a pipeline would.
$null = Measure-Openssl $signArguments
Set-CodeSignature -Detached -LiteralPath $FilePath -CertificatePath $certificates.LeafPfx -Password $password
$null = Get-CodeSignature -LiteralPath $FilePath -TrustStore $certificates.RootCertificate

$rounds = [System.Collections.Generic.List[object]]::new()
for ($round = 0; $round -lt $Repeat; $round++) {
    $opensslSign = Measure-Openssl $signArguments
    $oursSign = Measure-Cmdlet { Set-CodeSignature -Detached -LiteralPath $FilePath -CertificatePath $certificates.LeafPfx -Password $password -HashAlgorithm SHA256 }
    $opensslVerify = Measure-Openssl $verifyArguments
    $oursVerify = Measure-Cmdlet { Get-CodeSignature -LiteralPath $FilePath -TrustStore $certificates.RootCertificate }
    $rounds.Add([ordered]@{
        OpensslSignSeconds = $opensslSign.Seconds;     OpensslSignPeakKilobytes = $opensslSign.PeakKilobytes
        OursSignSeconds = $oursSign.Seconds;           OursSignPeakKilobytes = $oursSign.PeakKilobytes
        OursSignBeforeKilobytes = $oursSign.BeforeKilobytes
        OpensslVerifySeconds = $opensslVerify.Seconds; OpensslVerifyPeakKilobytes = $opensslVerify.PeakKilobytes
        OursVerifySeconds = $oursVerify.Seconds;       OursVerifyPeakKilobytes = $oursVerify.PeakKilobytes
        OursVerifyBeforeKilobytes = $oursVerify.BeforeKilobytes
        OursVerifyStatus = [string]$oursVerify.Output.Status
    })
}

[ordered]@{
    ModuleVersion     = [string](Get-Module -Name CodeSignPS).Version
    PowerShellVersion = [string]$PSVersionTable.PSVersion
    FileBytes         = [IO.FileInfo]::new($FilePath).Length
    Rounds            = $rounds
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8NoBOM
