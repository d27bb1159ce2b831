#Requires -Version 7.4
# The project's own pipeline definitions cannot run here, so this reads them with a YAML parser
# and checks what would break them on a hosted agent: YAML that does not parse, a step that calls a
# script or a build.ps1 task the repository does not have, a missing Linux or Windows leg, results
# that are not published, and a Windows leg that does not check the signed scripts.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'PipelinePlay.psm1') -Force

    $repositoryRoot = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))
    $assembly = Get-PipelineYamlAssembly -BuildFolder (Join-Path $TestDrive 'pipeline-yaml')

    # The tasks build.ps1 accepts, from its ValidateSet.
    $buildScript = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $repositoryRoot 'build.ps1'), [ref] $null, [ref] $null)
    $taskParameter = $buildScript.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'Task' }
    $buildTasks = @($taskParameter.Attributes | Where-Object { $_.TypeName.Name -eq 'ValidateSet' } | ForEach-Object { $_.PositionalArguments.Value })

    function Get-DefinitionStep {
        # Every step of a definition as its script text (inline or file), its condition and the
        # step itself.
        param([System.Collections.IDictionary] $Document)
        foreach ($job in Get-PipelineJob -Document $Document) {
            foreach ($step in $job.Steps) {
                $inputs = if ($step.Contains('inputs')) { $step['inputs'] } else { @{} }
                $text = @($step['run'], $step['bash'], $step['script'], $step['pwsh'], $inputs['script'], $inputs['filePath'], $inputs['arguments'] | Where-Object { $_ }) -join "`n"
                [pscustomobject]@{
                    Name      = $step['name'] ?? $step['displayName'] ?? $step['uses'] ?? $step['task']
                    Text      = $text
                    Condition = $step['if'] ?? $step['condition']
                    Step      = $step
                }
            }
        }
    }

    function Get-MissingReference {
        # The repository scripts and build.ps1 tasks a step's text names that do not exist.
        param([string] $Text, [string] $Root)
        foreach ($match in [regex]::Matches($Text, '(?<![\w.-])(?:\./)?((?:build|\.ci|tests|bench)/[\w./-]+|build\.ps1)')) {
            $relative = $match.Groups[1].Value.TrimEnd('.')
            if (-not (Test-Path -LiteralPath (Join-Path $Root $relative))) { "script $relative" }
        }
        foreach ($match in [regex]::Matches($Text, 'build\.ps1\s+-Task\s+(\w+)')) {
            if ($buildTasks -notcontains $match.Groups[1].Value) { "build.ps1 task $($match.Groups[1].Value)" }
        }
    }

    $definitions = @{
        'azure-pipelines.yml'      = @(Read-PipelineYaml -Assembly $assembly -Path (Join-Path $repositoryRoot 'azure-pipelines.yml'))
        '.github/workflows/ci.yml' = @(Read-PipelineYaml -Assembly $assembly -Path (Join-Path $repositoryRoot '.github/workflows/ci.yml'))
    }
}

Describe 'Pipeline definition <_>' -ForEach @('azure-pipelines.yml', '.github/workflows/ci.yml') {
    BeforeAll {
        $entries = $definitions[$_]
        $document = $entries[0].Document
        $steps = @(Get-DefinitionStep -Document $document)
    }

    It 'is one valid YAML document' {
        $entries.Count | Should -Be 1
        $entries[0].Error | Should -BeNullOrEmpty
        $document | Should -Not -BeNullOrEmpty
    }

    It 'calls only scripts and build.ps1 tasks the repository has' {
        $steps.Count | Should -BeGreaterThan 0
        $missing = foreach ($step in $steps) {
            Get-MissingReference -Text $step.Text -Root $repositoryRoot | ForEach-Object { "$($step.Name): $_" }
        }
        $missing | Should -BeNullOrEmpty
    }

    It 'builds, tests and packages' {
        $text = $steps.Text -join "`n"
        $text | Should -Match 'build\.ps1 -Task Test|\.ci/run'
        (Get-Content -Raw -LiteralPath (Join-Path $repositoryRoot '.ci/run')) | Should -Match 'build\.ps1 -Task Test'
        # The Test task builds and packages before it tests (build.ps1); the package is then kept.
        @($steps | Where-Object { $_.Text -match 'out/package' -or ($_.Step['with'] -and $_.Step['with']['path'] -match 'out/package') -or ($_.Step['publish'] -match 'out/package') }) | Should -Not -BeNullOrEmpty
    }

    It 'runs on Linux and on Windows' {
        $images = if ($document.Contains('jobs') -and $document['jobs'] -is [System.Collections.IDictionary]) {
            $document['jobs'].Values | ForEach-Object { $_['strategy']['matrix']['os'] }
        }
        else {
            $document['jobs'] | ForEach-Object { $_['strategy']['matrix'].Values | ForEach-Object { $_['imageName'] } }
        }
        @($images | Where-Object { $_ -match '^ubuntu-' }) | Should -Not -BeNullOrEmpty
        @($images | Where-Object { $_ -match '^windows-' }) | Should -Not -BeNullOrEmpty
    }

    It 'publishes the JUnit test results also when tests fail' {
        $publishing = @($steps | Where-Object {
                ($_.Step['task'] -eq 'PublishTestResults@2' -and $_.Step['inputs']['testResultsFormat'] -eq 'JUnit' -and $_.Step['inputs']['searchFolder'] -match 'out/test-results') -or
                ($_.Step['uses'] -match '^actions/upload-artifact@' -and $_.Step['with']['path'] -match 'out/test-results')
            })
        $publishing.Count | Should -Be 1
        $publishing[0].Condition | Should -BeIn @('always()', 'succeededOrFailed()')
    }

    It 'collects the signed scripts on Windows and checks them with Get-AuthenticodeSignature, in both PowerShells' {
        $collecting = @($steps | Where-Object { $_.Step['env'] -and $_.Step['env']['CODESIGNPS_SIGNED_SCRIPT_DIR'] -match 'signed-scripts' -and $_.Text -match 'build\.ps1 -Task Test' })
        $collecting.Count | Should -Be 1
        $checks = @($steps | Where-Object { $_.Text -match 'build/Test-WindowsSignatures\.ps1' })
        $checks.Count | Should -Be 2
        foreach ($check in $collecting + $checks) { $check.Condition | Should -Match 'Windows' }
        foreach ($check in $checks) { $check.Text | Should -Match 'signed-scripts' }
        # One check in Windows PowerShell 5.1, one in PowerShell 7.
        $shells = @($checks | ForEach-Object { if ($_.Step['shell']) { $_.Step['shell'] } else { 'pwsh:' + $_.Step['inputs']['pwsh'] } } | Sort-Object)
        ($shells -join ',') | Should -BeIn @('powershell,pwsh', 'pwsh:false,pwsh:true')
    }
}

Describe 'The Windows signature check script' {
    It 'parses without errors in the PowerShell that runs the tests' {
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $repositoryRoot 'build/Test-WindowsSignatures.ps1'), [ref] $null, [ref] $errors)
        $errors | Should -BeNullOrEmpty
    }

    It 'fails with a reason outside Windows, where Get-AuthenticodeSignature cannot judge' -Skip:$IsWindows {
        { & (Join-Path $repositoryRoot 'build/Test-WindowsSignatures.ps1') -Path $TestDrive } | Should -Throw '*only on Windows*'
    }

    It 'fails when the test run collected no script' -Skip:(-not $IsWindows) {
        { & (Join-Path $repositoryRoot 'build/Test-WindowsSignatures.ps1') -Path $TestDrive } | Should -Throw '*holds no signed script*'
    }
}

Describe 'The definition check' {
    It 'flags a script and a build.ps1 task the repository does not have' {
        $missing = @(Get-MissingReference -Text "./build/Missing-Script.ps1 -Path x`ndotnet pwsh ./build.ps1 -Task Deploy" -Root $repositoryRoot)
        $missing | Should -Contain 'script build/Missing-Script.ps1'
        $missing | Should -Contain 'build.ps1 task Deploy'
    }

    It 'reports YAML that does not parse, with its line' {
        $broken = Join-Path $TestDrive 'broken.yml'
        Set-Content -LiteralPath $broken -Value "jobs:`n  - job: Test`n    steps: [`n"
        $entry = Read-PipelineYaml -Assembly $assembly -Path $broken
        $entry.Error | Should -Match 'broken\.yml:\d+'
        $entry.Document | Should -BeNullOrEmpty
    }
}
