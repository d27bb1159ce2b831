<#
.SYNOPSIS
    Runs the Pester tests against the built module; started by build.ps1 -Task Test in a fresh pwsh.
.DESCRIPTION
    Pester is imported from the NuGet package folder given in -PesterPath, never from a gallery. The
    module under test is out/CodeSignPS, which the tests import from CODESIGNPS_MODULE_PATH; the
    module path of this session is cut down to PowerShell's own modules, so nothing installed for
    the user or the machine can be imported by name. The counts go to -SummaryPath as JSON.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestsPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)

$ErrorActionPreference = 'Stop'
$env:PSModulePath = Join-Path $PSHOME 'Modules'

if (-not $env:CODESIGNPS_MODULE_PATH -or -not (Test-Path -LiteralPath $env:CODESIGNPS_MODULE_PATH)) {
    throw "CODESIGNPS_MODULE_PATH must name the built module folder; found '$env:CODESIGNPS_MODULE_PATH'. Run build.ps1 -Task Test."
}
Import-Module (Join-Path $PesterPath 'tools/Pester.psd1') -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestsPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Normal'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $configuration

# The failed tests by name, each with the first line of its error, for the summary of the Test task.
$failedTests = @(
    foreach ($test in $result.Failed) {
        $message = "$($test.ErrorRecord | Select-Object -First 1)".Trim() -split '\r?\n' | Select-Object -First 1
        if (-not $message) { $message = 'a BeforeAll or AfterAll block around it failed' }
        "$($test.ExpandedPath): $message"
    }
    foreach ($container in $result.FailedContainers) { "$($container.Item): the file did not load" }
)

# A container that fails to load (a syntax error, a failing BeforeAll at file level) runs no test,
# so it is counted as a failure of its own.
$summary = [ordered]@{
    Passed      = $result.PassedCount
    Failed      = $result.FailedCount + $result.FailedContainersCount
    Skipped     = $result.SkippedCount + $result.NotRunCount
    Result      = $result.Result
    FailedTests = $failedTests
}
if ($summary.Result -ne 'Passed' -and $summary.Failed -eq 0) { $summary.Failed = 1 }
$summary | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8
