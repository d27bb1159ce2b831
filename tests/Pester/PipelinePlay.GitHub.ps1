# The GitHub Actions half of PipelinePlay.psm1: runner variables, ${{ }} expressions, the shell: pwsh
# wrapper, the file commands, and the actions the guides use (checkout, upload-artifact,
# download-artifact, upload-sarif, azure/login).

function Invoke-GitHubWorkflowPlay {
    <#
    .SYNOPSIS
    Plays every job of a workflow in document order. A job whose needs did not all succeed is
    skipped. Returns the run's step records.
    #>
    param([Parameter(Mandatory)] [object] $Run, [Parameter(Mandatory)] [System.Collections.IDictionary] $Document)

    $results = @{}
    foreach ($job in @(Get-PipelineJob -Document $Document)) {
        $needs = @($job.Definition['needs'] | Where-Object { $_ })
        if (@($needs | Where-Object { $results[$_] -ne 'success' })) {
            foreach ($step in $job.Steps) { $null = Add-PlayStepRecord -Run $Run -Job $job.Name -Name (Get-GitHubStepName $step) -Result Skipped }
            $results[$job.Name] = 'skipped'
            continue
        }
        $failed = Invoke-GitHubJob -Run $Run -Job $job -WorkflowEnv $Document['env']
        $results[$job.Name] = if ($failed) { 'failure' } else { 'success' }
        if ($Run.AfterJob) { & $Run.AfterJob $job.Name $Run.Store }
    }
    return $Run.Steps
}

function Get-GitHubStepName {
    param([System.Collections.IDictionary] $Step)

    if ($Step.Contains('name')) { return $Step['name'] }
    if ($Step.Contains('uses')) { return $Step['uses'] }
    return 'run'
}

function Invoke-GitHubJob {
    # Plays one job on a fresh runner; returns whether it failed.
    param([object] $Run, [object] $Job, [System.Collections.IDictionary] $WorkflowEnv)

    $root = New-PlayJobFolder -Run $Run
    $runner = [pscustomobject]@{
        Workspace = Join-Path $root 'work/repository'
        Temp      = Join-Path $root 'temp'
        Env       = @{}
        Base      = Get-PlayBaseEnvironment -Home (Join-Path $root 'home') -ToolPath $Run.ToolPath
        Run       = $Run
    }
    $null = New-Item -ItemType Directory -Force -Path $runner.Workspace
    $runner.Base += @{
        GITHUB_ACTIONS    = 'true'
        CI                = 'true'
        RUNNER_OS         = if ($IsWindows) { 'Windows' } elseif ($IsMacOS) { 'macOS' } else { 'Linux' }
        RUNNER_TEMP       = $runner.Temp
        GITHUB_WORKSPACE  = $runner.Workspace
        GITHUB_JOB        = $Job.Name
        GITHUB_REPOSITORY = 'example/scripts'
        GITHUB_RUN_ID     = '1'
    }
    foreach ($scope in $WorkflowEnv, $Job.Definition['env']) {
        if ($scope) { foreach ($name in $scope.Keys) { $runner.Env[$name] = Expand-GitHubExpression -Text ([string] $scope[$name]) -Runner $runner } }
    }

    $failed = $false
    foreach ($step in $Job.Steps) {
        $name = Get-GitHubStepName $step
        if (-not (Test-PlayCondition -Condition $step['if'] -JobFailed $failed)) {
            $null = Add-PlayStepRecord -Run $Run -Job $Job.Name -Name $name -Result Skipped
            continue
        }
        $record = Invoke-GitHubStep -Runner $runner -Step $step -JobName $Job.Name -Name $name -Defaults $Job.Definition['defaults']
        if ($record.Result -eq 'Failed') { $failed = $true }
    }
    return $failed
}

function Expand-GitHubExpression {
    # ${{ secrets.X }}, ${{ vars.X }}, ${{ env.X }}, ${{ runner.temp }}, ${{ runner.os }} and
    # ${{ github.workspace }}; a missing secret or variable is empty, as on GitHub. Any other
    # expression stops the play, so a guide cannot use one the play does not check.
    param([string] $Text, [object] $Runner)

    if (-not $Text) { return $Text }
    return [regex]::Replace($Text, '\$\{\{\s*(.+?)\s*\}\}', {
            param($match)
            $expression = $match.Groups[1].Value
            switch -Regex ($expression) {
                '^secrets\.([A-Za-z0-9_]+)$' { return [string] $Runner.Run.Secrets[$Matches[1]] }
                '^vars\.([A-Za-z0-9_]+)$' { return [string] $Runner.Run.Variables[$Matches[1]] }
                '^env\.([A-Za-z0-9_]+)$' { return [string] $Runner.Env[$Matches[1]] }
                '^runner\.temp$' { return $Runner.Temp }
                '^runner\.os$' { return $Runner.Base['RUNNER_OS'] }
                '^github\.workspace$' { return $Runner.Workspace }
            }
            throw "The play does not know the expression '$expression'."
        })
}

function Invoke-GitHubStep {
    param([object] $Runner, [System.Collections.IDictionary] $Step, [string] $JobName, [string] $Name, [System.Collections.IDictionary] $Defaults)

    $record = @{ Run = $Runner.Run; Job = $JobName; Name = $Name }
    if ($Step.Contains('run')) {
        $shell = $Step['shell'] ?? ($Defaults ? $Defaults['run']['shell'] : $null)
        if ($shell -ne 'pwsh') { throw "The run step '$Name' has no 'shell: pwsh'; without it a Linux runner uses bash and a Windows runner Windows PowerShell." }
        return Invoke-GitHubPwsh @record -Runner $Runner -Step $Step
    }

    $with = @{}
    if ($Step.Contains('with')) {
        foreach ($key in $Step['with'].Keys) { $with[$key] = Expand-GitHubExpression -Text ([string] $Step['with'][$key]) -Runner $Runner }
    }
    $action = ($Step['uses'] -split '@')[0]
    switch ($action) {
        'actions/checkout' {
            Copy-PlayFolder -Source $Runner.Run.Repository -Destination $Runner.Workspace
            return Add-PlayStepRecord @record -Result Succeeded
        }
        'actions/download-artifact' {
            $stored = Join-Path $Runner.Run.Store $with['name']
            if (-not (Test-Path -LiteralPath $stored)) { return Add-PlayStepRecord @record -Result Failed -Lines "##[error]Artifact not found: $($with['name'])" }
            Copy-PlayFolder -Source $stored -Destination (Resolve-GitHubPath -Runner $Runner -Path ($with['path'] ?? '.'))
            return Add-PlayStepRecord @record -Result Succeeded
        }
        'actions/upload-artifact' {
            $path = Resolve-GitHubPath -Runner $Runner -Path $with['path']
            if (-not (Test-Path -LiteralPath $path)) { return Add-PlayStepRecord @record -Result Succeeded -Lines "##[warning]No files were found with the provided path: $path." -Detail @{ NoFiles = $true } }
            $target = Join-Path $Runner.Run.Store $with['name']
            if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
            Copy-PlayFolder -Source $path -Destination $target
            return Add-PlayStepRecord @record -Result Succeeded -Detail @{ Artifact = $with['name']; Path = $path }
        }
        'github/codeql-action/upload-sarif' {
            $path = Resolve-GitHubPath -Runner $Runner -Path $with['sarif_file']
            if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { return Add-PlayStepRecord @record -Result Failed -Lines "##[error]Path does not exist: $path" }
            $sarif = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json -AsHashtable
            return Add-PlayStepRecord @record -Result Succeeded -Detail @{ Path = $path; Sarif = $sarif; Category = $with['category'] }
        }
        'azure/login' { return Add-PlayStepRecord @record -Result Succeeded -Detail @{ ClientId = $with['client-id'] } }
    }
    throw "The play does not know the action $($Step['uses']) of step '$Name'."
}

function Resolve-GitHubPath {
    param([object] $Runner, [string] $Path)

    if ([IO.Path]::IsPathRooted($Path)) { return $Path }
    return [IO.Path]::GetFullPath((Join-Path $Runner.Workspace $Path))
}

function Invoke-GitHubPwsh {
    # shell: pwsh is pwsh -command ". '{0}'" on a file that starts with $ErrorActionPreference =
    # 'stop' and ends with the LASTEXITCODE exit; each step gets fresh file command files.
    param([object] $Run, [string] $Job, [string] $Name, [object] $Runner, [System.Collections.IDictionary] $Step)

    $commands = Join-Path $Runner.Temp "_runner_file_commands/$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Force -Path $commands
    $files = @{}
    foreach ($variable in 'GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY') {
        $files[$variable] = Join-Path $commands $variable.ToLowerInvariant()
        [IO.File]::WriteAllText($files[$variable], '')
    }

    $script = Expand-GitHubExpression -Text $Step['run'] -Runner $Runner
    $content = "`$ErrorActionPreference = 'stop'`n$script`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }`n"
    $path = Join-Path $Runner.Temp "$([guid]::NewGuid()).ps1"
    [IO.File]::WriteAllText($path, $content, [Text.UTF8Encoding]::new($false))

    $environment = @{} + $Runner.Base + $files
    foreach ($variable in $Runner.Env.Keys) { $environment[$variable] = $Runner.Env[$variable] }
    if ($Step.Contains('env')) {
        foreach ($variable in $Step['env'].Keys) { $environment[$variable] = Expand-GitHubExpression -Text ([string] $Step['env'][$variable]) -Runner $Runner }
    }
    $workingDirectory = Resolve-GitHubPath -Runner $Runner -Path ($Step['working-directory'] ?? '.')
    $output = Invoke-PlayPwsh -ScriptPath $path -WorkingDirectory $workingDirectory -Environment $environment -Options @()

    Read-GitHubEnvFile -Path $files['GITHUB_ENV'] -Runner $Runner
    $detail = @{
        Summary = [IO.File]::ReadAllText($files['GITHUB_STEP_SUMMARY'])
        EnvFile = [IO.File]::ReadAllText($files['GITHUB_ENV'])
        Masked  = @($output.Lines | Where-Object { $_ -match '^::add-mask::' } | ForEach-Object { $_.Substring(12) })
    }
    $result = if ($output.ExitCode -eq 0) { 'Succeeded' } else { 'Failed' }
    return Add-PlayStepRecord -Run $Run -Job $Job -Name $Name -Result $result -ExitCode $output.ExitCode -Lines $output.Lines -Detail $detail
}

function Read-GitHubEnvFile {
    # NAME=value lines and NAME<<DELIMITER blocks become variables of the later steps.
    param([string] $Path, [object] $Runner)

    $lines = [IO.File]::ReadAllLines($Path)
    for ($index = 0; $index -lt $lines.Count; $index++) {
        if ($lines[$index] -match '^([^=<]+)<<(.+)$') {
            $name = $Matches[1]; $delimiter = $Matches[2]; $value = @()
            for ($index++; $index -lt $lines.Count -and $lines[$index] -ne $delimiter; $index++) { $value += $lines[$index] }
            $Runner.Env[$name] = $value -join "`n"
        }
        elseif ($lines[$index] -match '^([^=]+)=(.*)$') { $Runner.Env[$Matches[1]] = $Matches[2] }
    }
}
