# The Test task: the core's xunit tests, then Pester against the built module, with one summary.

function Read-JUnitCounts {
    # Counts the test cases of a JUnit XML file by outcome and names the failed ones, each with the
    # first line of its message.
    param([Parameter(Mandatory)] [string] $Path)

    [xml] $document = Get-Content -LiteralPath $Path -Raw
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedTests = [System.Collections.Generic.List[string]]::new() }
    foreach ($case in $document.SelectNodes('//testcase')) {
        $failure = $case.SelectSingleNode('failure|error')
        if ($failure) {
            $counts.Failed++
            $message = "$($failure.GetAttribute('message'))".Trim() -split '\r?\n' | Select-Object -First 1
            $counts.FailedTests.Add("$($case.GetAttribute('classname')).$($case.GetAttribute('name')): $message")
        }
        elseif ($case.SelectSingleNode('skipped')) { $counts.Skipped++ }
        else { $counts.Passed++ }
    }
    return [pscustomobject] $counts
}

function Invoke-CoreTests {
    # dotnet test with the JUnit logger from build/tools (loaded through --test-adapter-path, so the
    # test project needs no reference to it) and a TRX file beside it.
    param([Parameter(Mandatory)] [object] $Paths, [Parameter(Mandatory)] [string] $Configuration, [Parameter(Mandatory)] [object] $Tools)

    $project = Join-Path $Paths.Root 'tests/CodeSignPS.Core.Tests'
    $junitPath = Join-Path $Paths.TestResults 'core.xml'
    $arguments = @(
        'test', $project, '--nologo', '-c', $Configuration,
        '--test-adapter-path', (Join-Path $Tools.JUnitLogger 'build/_common/vstest'),
        '--logger', "junit;LogFilePath=$junitPath;MethodFormat=Class;FailureBodyFormat=Verbose",
        '--logger', 'trx;LogFileName=core.trx',
        '--results-directory', $Paths.TestResults
    )
    Write-Host "Running the core tests: dotnet $($arguments -join ' ')"
    & dotnet @arguments | Out-Host
    $exitCode = $LASTEXITCODE

    if (-not (Test-Path -LiteralPath $junitPath)) {
        Write-Host "The core tests wrote no results to $junitPath (dotnet test exited with code $exitCode); counting one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; FailedTests = @() }
    }
    $counts = Read-JUnitCounts -Path $junitPath
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
        Write-Host "dotnet test exited with code $exitCode although no test failed; counting one failure."
        $counts.Failed = 1
    }
    return $counts
}

function Invoke-PesterTests {
    # Runs build/Invoke-PesterRun.ps1 in a fresh pwsh that sees only the built module.
    param([Parameter(Mandatory)] [object] $Paths, [Parameter(Mandatory)] [object] $Tools, [string] $PackagePath, [string] $TestServersPath,
        [string] $PipelineYamlPath)

    $summaryPath = Join-Path $Paths.TestResults 'pester-summary.json'
    $parameters = @{
        PesterPath  = $Tools.Pester
        TestsPath   = Join-Path $Paths.Root 'tests/Pester'
        ResultPath  = Join-Path $Paths.TestResults 'pester.xml'
        SummaryPath = $summaryPath
    }
    $environment = @{
        CODESIGNPS_MODULE_PATH  = $Paths.Module
        CODESIGNPS_PACKAGE_PATH = $PackagePath
        PSModulePath            = Join-Path $PSHOME 'Modules'
        CODESIGNPS_TEST_SERVERS = $TestServersPath
        # The YamlDotNet that tests/Pester/DependencyIsolation.Tests.ps1 loads beside the module's.
        CODESIGNPS_OTHER_YAMLDOTNET = Join-Path $Tools.YamlDotNet 'lib/net8.0/YamlDotNet.dll'
        # Hide the runner of a pipeline job from the module under test: otherwise every denied or
        # unsigned file a test makes becomes an annotation on the job, and every command adds to
        # its summary. Tests that check the runner lines set these variables themselves.
        TF_BUILD                = $null
        GITHUB_ACTIONS          = $null
        GITHUB_STEP_SUMMARY     = $null
    }
    # The YAML reader of tests/Pester/PipelineGuides.Tests.ps1 and PipelineDefinitions.Tests.ps1.
    $environment['CODESIGNPS_PIPELINE_YAML'] = $PipelineYamlPath

    Write-Host "Running Pester $(Split-Path -Leaf $Tools.Pester) against $($Paths.Module)"
    $exitCode = Invoke-ChildPwsh -ScriptPath (Join-Path $Paths.Root 'build/Invoke-PesterRun.ps1') -Parameters $parameters -Environment $environment
    if ($exitCode -ne 0 -or -not (Test-Path -LiteralPath $summaryPath)) {
        Write-Host "The Pester run failed before it wrote $summaryPath (exit code $exitCode); counting one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0; FailedTests = @() }
    }
    $summary = Get-Content -LiteralPath $summaryPath -Raw | ConvertFrom-Json
    return [pscustomobject]@{ Passed = $summary.Passed; Failed = $summary.Failed; Skipped = $summary.Skipped; FailedTests = @($summary.FailedTests) }
}

function Invoke-TestTask {
    # Returns the exit code: 0 only when both parts ran tests and none failed. The last line written
    # is the summary 'N passed, N failed, N skipped'.
    param([Parameter(Mandatory)] [object] $Paths, [Parameter(Mandatory)] [string] $Configuration, [string] $PackagePath)

    if (Test-Path -LiteralPath $Paths.TestResults) { Remove-Item -LiteralPath $Paths.TestResults -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $Paths.TestResults
    $tools = Get-BuildToolPackages -Root $Paths.Root
    $testServersPath = Invoke-TestToolBuild -Name CodeSignPS.TestServers -Paths $Paths -Configuration $Configuration -Output (Join-Path $Paths.TestResults 'test-servers')
    $pipelineYamlPath = Invoke-TestToolBuild -Name CodeSignPS.PipelineYaml -Paths $Paths -Configuration $Configuration -Output (Join-Path $Paths.TestResults 'pipeline-yaml')

    # The SARIF report test finds the validator through this variable; without it the test skips.
    $sarifTool = Install-SarifMultitool -Paths $Paths
    if ($sarifTool) { $env:CODESIGNPS_SARIF_MULTITOOL = $sarifTool }

    $parts = [ordered]@{
        'Core (xunit)' = Invoke-CoreTests -Paths $Paths -Configuration $Configuration -Tools $tools
        'Pester'       = Invoke-PesterTests -Paths $Paths -Tools $tools -PackagePath $PackagePath -TestServersPath $testServersPath -PipelineYamlPath $pipelineYamlPath
    }

    $exitCode = 0
    Write-Host ''
    # The failed tests are named again here, so the end of a long log says what to look for.
    foreach ($name in $parts.Keys) {
        foreach ($test in $parts[$name].FailedTests) { Write-Host "${name} failed: $test" }
    }
    foreach ($name in $parts.Keys) {
        $counts = $parts[$name]
        Write-Host "${name}: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped"
        if ($counts.Failed -gt 0) { $exitCode = 1 }
        if ($counts.Passed + $counts.Failed -eq 0) {
            Write-Host "${name}: no test ran; a test run that runs nothing counts as failed."
            $exitCode = 1
        }
    }
    Write-Host "Results are in $($Paths.TestResults)"

    $passed = ($parts.Values | Measure-Object -Property Passed -Sum).Sum
    $failed = ($parts.Values | Measure-Object -Property Failed -Sum).Sum
    $skipped = ($parts.Values | Measure-Object -Property Skipped -Sum).Sum
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    return $exitCode
}
