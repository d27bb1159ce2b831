# Plays pipeline YAML on this machine the way an Azure Pipelines agent or a GitHub runner runs it:
# one fresh workspace, home and temporary folder per job, the variables each runner sets, macros and
# expressions expanded, script steps wrapped as the runner wraps them, and the runners' own tasks and
# actions emulated with local folders. Used by PipelineGuides.Tests.ps1 and PipelineDefinitions.Tests.ps1.

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'PipelinePlay.Azure.ps1')
. (Join-Path $PSScriptRoot 'PipelinePlay.GitHub.ps1')

function Get-PipelineYamlAssembly {
    <#
    .SYNOPSIS
    Returns CodeSignPS.PipelineYaml.dll: $env:CODESIGNPS_PIPELINE_YAML when it exists, else builds the project into -BuildFolder.
    #>
    param([Parameter(Mandatory)] [string] $BuildFolder)

    if ($env:CODESIGNPS_PIPELINE_YAML -and (Test-Path -LiteralPath $env:CODESIGNPS_PIPELINE_YAML)) {
        return $env:CODESIGNPS_PIPELINE_YAML
    }

    $project = Join-Path $PSScriptRoot '../CodeSignPS.PipelineYaml'
    $log = & dotnet build $project --nologo -c Debug -o $BuildFolder 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Building $project failed: $log" }
    return Join-Path $BuildFolder 'CodeSignPS.PipelineYaml.dll'
}

function Read-PipelineYaml {
    <#
    .SYNOPSIS
    Parses YAML files, or the yaml blocks of Markdown files, with YamlDotNet; returns one entry per
    document with File, Line and Document (ordered hashtables and arrays of strings) or Error.
    #>
    param([Parameter(Mandatory)] [string] $Assembly, [Parameter(Mandatory)] [string[]] $Path)

    $json = & dotnet $Assembly @Path
    if ($LASTEXITCODE -ne 0) { throw "The pipeline YAML reader failed on $($Path -join ', ') (exit code $LASTEXITCODE): $json" }
    foreach ($entry in @($json -join "`n" | ConvertFrom-Json -AsHashtable -Depth 100)) {
        [pscustomobject]@{
            File     = $entry['file']
            Line     = $entry['line']
            Document = $entry['document']
            Error    = $entry['error']
        }
    }
}

function Get-PipelineJob {
    <#
    .SYNOPSIS
    The jobs of an Azure Pipelines or GitHub Actions document in order, each with its name, its
    kind (job, deployment, or github) and its steps.
    #>
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Document)

    if ($Document.Contains('stages')) {
        foreach ($stage in $Document['stages']) {
            foreach ($job in @($stage['jobs'])) { ConvertTo-AzureJob -Job $job -Stage $stage['stage'] }
        }
        return
    }

    if ($Document.Contains('on') -and $Document['jobs'] -is [System.Collections.IDictionary]) {
        foreach ($name in $Document['jobs'].Keys) {
            $job = $Document['jobs'][$name]
            [pscustomobject]@{ Name = $name; Kind = 'github'; Steps = @($job['steps']); Definition = $job }
        }
        return
    }

    if ($Document.Contains('jobs')) {
        foreach ($job in @($Document['jobs'])) { ConvertTo-AzureJob -Job $job -Stage $null }
        return
    }

    [pscustomobject]@{ Name = 'job'; Kind = 'job'; Steps = @($Document['steps']); Definition = $Document }
}

function ConvertTo-AzureJob {
    param([System.Collections.IDictionary] $Job, [string] $Stage)

    if ($Job.Contains('deployment')) {
        $steps = $Job['strategy']['runOnce']['deploy']['steps']
        return [pscustomobject]@{ Name = "$Stage.$($Job['deployment'])"; Kind = 'deployment'; Steps = @($steps); Definition = $Job }
    }

    [pscustomobject]@{ Name = "$Stage.$($Job['job'])"; Kind = 'job'; Steps = @($Job['steps']); Definition = $Job }
}

function New-PipelineRun {
    <#
    .SYNOPSIS
    The state of one played run: its folder, the repository that checkout copies, the artifact store,
    the secrets and variables, and the record of every step.
    .PARAMETER Artifacts
    Artifacts that exist before the run, by name (for example the CodeSignPS package), as folders.
    .PARAMETER AfterJob
    Called with the job name and the artifact store after each job, to change an artifact between
    jobs the way an attacker or a broken build would.
    #>
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Repository,
        [hashtable] $Artifacts = @{},
        [hashtable] $Variables = @{},
        [hashtable] $Secrets = @{},
        [hashtable] $SecureFiles = @{},
        [hashtable] $KeyVault = @{},
        [string[]] $ToolPath = @(),
        [scriptblock] $AfterJob
    )

    $null = New-Item -ItemType Directory -Force -Path $Folder
    $store = Join-Path $Folder 'artifact-store'
    $null = New-Item -ItemType Directory -Force -Path $store
    foreach ($name in $Artifacts.Keys) {
        Copy-PlayFolder -Source $Artifacts[$name] -Destination (Join-Path $store $name)
    }

    [pscustomobject]@{
        Folder      = $Folder
        Repository  = $Repository
        Store       = $store
        Variables   = $Variables
        Secrets     = $Secrets
        SecureFiles = $SecureFiles
        KeyVault    = $KeyVault
        ToolPath    = $ToolPath
        AfterJob    = $AfterJob
        Steps       = [System.Collections.Generic.List[object]]::new()
        JobCount    = 0
    }
}

function Copy-PlayFolder {
    # Copies the content of a folder (or one file) into a folder, as artifact tasks do.
    param([string] $Source, [string] $Destination)

    $null = New-Item -ItemType Directory -Force -Path $Destination
    if (Test-Path -LiteralPath $Source -PathType Leaf) {
        Copy-Item -LiteralPath $Source -Destination $Destination -Force
        return
    }
    Get-ChildItem -LiteralPath $Source -Force | Copy-Item -Destination $Destination -Recurse -Force
}

function New-PlayJobFolder {
    # A fresh machine for one job: its own workspace, home and temporary folder.
    param([Parameter(Mandatory)] [object] $Run)

    $Run.JobCount++
    $root = Join-Path $Run.Folder "job$($Run.JobCount)"
    foreach ($name in 'work', 'home', 'temp', 'tool') {
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $root $name)
    }
    foreach ($name in '.local/share', '.config', '.cache') {
        $null = New-Item -ItemType Directory -Force -Path (Join-Path $root "home/$name")
    }
    return $root
}

function Get-PlayBaseEnvironment {
    <#
    .SYNOPSIS
    This process's environment without what would tell a child it runs in another pipeline or
    under the test run, with HOME and the XDG folders moved into the job's own home.
    #>
    param([Parameter(Mandatory)] [string] $Home, [string[]] $ToolPath = @())

    $environment = @{}
    foreach ($entry in [Environment]::GetEnvironmentVariables().GetEnumerator()) {
        $name = [string] $entry.Key
        if ($name -match '^(TF_BUILD|CI|GITHUB_.*|RUNNER_.*|AGENT_.*|BUILD_.*|SYSTEM_.*|PIPELINE_.*|CODESIGNPS_.*|PSModulePath|XDG_.*)$') { continue }
        $environment[$name] = [string] $entry.Value
    }
    $environment['HOME'] = $Home
    $environment['XDG_DATA_HOME'] = Join-Path $Home '.local/share'
    $environment['XDG_CONFIG_HOME'] = Join-Path $Home '.config'
    $environment['XDG_CACHE_HOME'] = Join-Path $Home '.cache'
    if ($ToolPath) {
        $environment['PATH'] = (@($ToolPath) + @($environment['PATH'])) -join [IO.Path]::PathSeparator
    }
    return $environment
}

function Invoke-PlayPwsh {
    <#
    .SYNOPSIS
    Runs a script file the way both runners start pwsh: -Command ". '<file>'", in a working folder,
    with exactly the environment given; returns the exit code and the output lines.
    #>
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [Parameter(Mandatory)] [string] $WorkingDirectory,
        [Parameter(Mandatory)] [hashtable] $Environment,
        [string[]] $Options = @('-NoLogo', '-NoProfile', '-NonInteractive')
    )

    $start = [System.Diagnostics.ProcessStartInfo]::new()
    $processPath = [Environment]::ProcessPath
    $start.FileName = $processPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    foreach ($option in $Options) { $start.ArgumentList.Add($option) }
    $start.ArgumentList.Add('-Command')
    $start.ArgumentList.Add(". '$($ScriptPath.Replace("'", "''"))'")
    $start.WorkingDirectory = $WorkingDirectory
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.Environment.Clear()
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }

    $process = [System.Diagnostics.Process]::Start($start)
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit(600000)) {
        $process.Kill($true)
        throw "The step script $ScriptPath did not finish within 10 minutes."
    }
    $process.WaitForExit()

    $lines = @(($stdout.Result + $stderr.Result) -split '\r?\n' | Where-Object { $_ -ne '' })
    [pscustomobject]@{ ExitCode = $process.ExitCode; Lines = $lines }
}

function Add-PlayStepRecord {
    param(
        [Parameter(Mandatory)] [object] $Run,
        [Parameter(Mandatory)] [string] $Job,
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [ValidateSet('Succeeded', 'Failed', 'Skipped')] [string] $Result,
        [Nullable[int]] $ExitCode,
        [string[]] $Lines = @(),
        [hashtable] $Detail = @{}
    )

    $record = [pscustomobject]@{
        Job      = $Job
        Name     = $Name
        Result   = $Result
        ExitCode = $ExitCode
        Lines    = $Lines
        Detail   = $Detail
    }
    $Run.Steps.Add($record)
    return $record
}

function Test-PlayCondition {
    # Whether a step runs, given its condition and whether an earlier step of the job failed. Only
    # the status functions the guides use are known; any other condition stops the play.
    param([string] $Condition, [bool] $JobFailed)

    $text = if ($Condition) { $Condition.Trim() } else { 'succeeded()' }
    if ($text -match '^\$\{\{\s*(.+?)\s*\}\}$') { $text = $Matches[1] }
    switch -Regex ($text) {
        '^(succeeded|success)\(\)$' { return -not $JobFailed }
        '^(succeededOrFailed|always|!cancelled)\(\)$' { return $true }
        '^(failed|failure)\(\)$' { return $JobFailed }
    }
    throw "The play does not know the condition '$Condition'; use succeeded(), succeededOrFailed(), always() or failed()."
}

function Read-PlayJUnit {
    # The test cases of a JUnit file: name and whether each failed.
    param([Parameter(Mandatory)] [string] $Path)

    [xml] $document = Get-Content -LiteralPath $Path -Raw
    foreach ($case in $document.SelectNodes('//testcase')) {
        [pscustomobject]@{
            Name   = $case.GetAttribute('name')
            Failed = [bool] $case.SelectSingleNode('failure|error')
        }
    }
}

Export-ModuleMember -Function @(
    'Get-PipelineYamlAssembly'
    'Read-PipelineYaml'
    'Get-PipelineJob'
    'New-PipelineRun'
    'Invoke-AzurePipelinePlay'
    'Invoke-GitHubWorkflowPlay'
    'Read-PlayJUnit'
)
