<#
.SYNOPSIS
    Builds, tests, packages and demonstrates CodeSignPS.
.DESCRIPTION
    Needs only the .NET SDK: run 'dotnet tool restore' once, then 'dotnet pwsh ./build.ps1 -Task <Task>'.

    Build    publishes src/CodeSignPS and lays out the importable module in out/CodeSignPS, with help
             generated from docs/cmdlets.
    Test     Build and Package, then the xunit tests of the core and the Pester tests against
             out/CodeSignPS; results go to out/test-results. The last line is 'N passed, N failed,
             N skipped'; the exit code is non-zero when a test fails or a part runs no test.
    Package  Build, then a .nupkg of the module in out/package.
    Demo     Build, then build/Demo.ps1 in a fresh pwsh: signs, timestamps and verifies sample
             scripts and a release archive (detached) with a throwaway certificate and a throwaway
             timestamp authority on 127.0.0.1.
    Bench    Build, then bench/Run-Bench.ps1, bench/Run-DetachedBench.ps1,
             bench/Run-PolicyBench.ps1 and bench/Run-HostileBench.ps1, each in a fresh pwsh
             with CODESIGNPS_MODULE_PATH set to out/CodeSignPS; results go to out/bench. The exit
             code is non-zero when any reports a missed target or a figure it could not measure.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
foreach ($part in 'Common', 'BuildModule', 'Package', 'Test') {
    . (Join-Path $PSScriptRoot "build/$part.ps1")
}

$paths = Get-BuildPaths -Root $PSScriptRoot
$exitCode = 0
try {
    switch ($Task) {
        'Build' { Invoke-ModuleBuild -Paths $paths -Configuration $Configuration }
        'Package' {
            Invoke-ModuleBuild -Paths $paths -Configuration $Configuration
            $null = New-ModulePackage -Paths $paths
        }
        'Test' {
            Invoke-ModuleBuild -Paths $paths -Configuration $Configuration
            $package = New-ModulePackage -Paths $paths
            $exitCode = Invoke-TestTask -Paths $paths -Configuration $Configuration -PackagePath $package
        }
        'Demo' {
            Invoke-ModuleBuild -Paths $paths -Configuration $Configuration
            $servers = Invoke-TestToolBuild -Name CodeSignPS.TestServers -Paths $paths -Configuration $Configuration -Output (Join-Path $paths.Out 'demo-servers')
            if (-not $servers) { throw 'The local timestamp authority that the demo uses could not be built.' }
            $environment = @{ CODESIGNPS_MODULE_PATH = $paths.Module; CODESIGNPS_TEST_SERVERS = $servers; PSModulePath = Join-Path $PSHOME 'Modules' }
            $exitCode = Invoke-ChildPwsh -ScriptPath (Join-Path $PSScriptRoot 'build/Demo.ps1') -Environment $environment
        }
        'Bench' {
            Invoke-ModuleBuild -Paths $paths -Configuration $Configuration
            $exitCode = 0
            foreach ($name in 'Run-Bench.ps1', 'Run-DetachedBench.ps1', 'Run-PolicyBench.ps1', 'Run-HostileBench.ps1') {
                $bench = Join-Path $PSScriptRoot 'bench' $name
                if (-not (Test-Path -LiteralPath $bench)) { throw "The benchmark script $bench was not found." }
                $benchExitCode = Invoke-ChildPwsh -ScriptPath $bench -Environment @{ CODESIGNPS_MODULE_PATH = $paths.Module }
                if ($benchExitCode -ne 0) { $exitCode = $benchExitCode }
            }
        }
    }
}
catch {
    Write-Host "build.ps1 -Task $Task failed: $($_.Exception.Message)" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
    $exitCode = 1
}
exit $exitCode
