# The Azure Pipelines half of PipelinePlay.psm1: agent variables, $(macro) expansion, the PowerShell@2
# wrapper, and the tasks the guides use (DownloadSecureFile, AzureKeyVault, PublishTestResults, and
# the checkout, download and publish steps).

function Invoke-AzurePipelinePlay {
    <#
    .SYNOPSIS
    Plays every job of an Azure Pipelines document in order. A job after a failed one is skipped,
    as stages and jobs that depend on a failed one are. Returns the run's step records.
    #>
    param([Parameter(Mandatory)] [object] $Run, [Parameter(Mandatory)] [System.Collections.IDictionary] $Document)

    $variables = @{}
    foreach ($entry in @(Get-AzureDocumentVariables -Document $Document)) { $variables[$entry.Name] = $entry.Value }
    $runFailed = $false
    foreach ($job in @(Get-PipelineJob -Document $Document)) {
        if ($runFailed) {
            foreach ($step in $job.Steps) { $null = Add-PlayStepRecord -Run $Run -Job $job.Name -Name (Get-AzureStepName $step) -Result Skipped }
            continue
        }
        if (Invoke-AzureJob -Run $Run -Job $job -DocumentVariables $variables) { $runFailed = $true }
        if ($Run.AfterJob) { & $Run.AfterJob $job.Name $Run.Store }
    }
    return $Run.Steps
}

function Get-AzureDocumentVariables {
    # The document's own variables, in either YAML form; variable groups come from the run's variables.
    param([System.Collections.IDictionary] $Document)

    if (-not $Document.Contains('variables')) { return }
    $declared = $Document['variables']
    if ($declared -is [System.Collections.IDictionary]) {
        foreach ($name in $declared.Keys) { [pscustomobject]@{ Name = $name; Value = [string] $declared[$name] } }
        return
    }
    foreach ($item in $declared) {
        if ($item.Contains('name')) { [pscustomobject]@{ Name = $item['name']; Value = [string] $item['value'] } }
    }
}

function Get-AzureStepName {
    param([System.Collections.IDictionary] $Step)

    if ($Step.Contains('displayName')) { return $Step['displayName'] }
    foreach ($key in 'task', 'checkout', 'download', 'publish', 'pwsh', 'script') {
        if ($Step.Contains($key)) { return "${key}: $($Step[$key])" }
    }
    return 'step'
}

function Invoke-AzureJob {
    # Plays one job on a fresh agent; returns whether it failed.
    param([object] $Run, [object] $Job, [hashtable] $DocumentVariables)

    $root = New-PlayJobFolder -Run $Run
    $work = Join-Path $root 'work'
    foreach ($name in 's', 'a', 'b') { $null = New-Item -ItemType Directory -Force -Path (Join-Path $work $name) }
    $agent = [pscustomobject]@{
        Root      = $root
        Work      = $work
        Temp      = Join-Path $root 'temp'
        Variables = @{}
        Secrets   = @{} + $Run.Secrets
        Base      = Get-PlayBaseEnvironment -Home (Join-Path $root 'home') -ToolPath $Run.ToolPath
    }
    $agent.Variables += @{
        'Agent.TempDirectory'            = $agent.Temp
        'Agent.BuildDirectory'           = $work
        'Agent.OS'                       = if ($IsWindows) { 'Windows_NT' } elseif ($IsMacOS) { 'Darwin' } else { 'Linux' }
        'Agent.JobName'                  = $Job.Name
        'Pipeline.Workspace'             = $work
        'Build.SourcesDirectory'         = Join-Path $work 's'
        'Build.Repository.LocalPath'     = Join-Path $work 's'
        'Build.ArtifactStagingDirectory' = Join-Path $work 'a'
        'Build.BinariesDirectory'        = Join-Path $work 'b'
        'System.DefaultWorkingDirectory' = Join-Path $work 's'
        'Build.BuildId'                  = '1'
    }
    foreach ($name in $DocumentVariables.Keys) { $agent.Variables[$name] = $DocumentVariables[$name] }
    foreach ($name in $Run.Variables.Keys) { $agent.Variables[$name] = $Run.Variables[$name] }

    $steps = @($Job.Steps)
    if ($Job.Kind -eq 'job' -and -not @($steps | Where-Object { $_.Contains('checkout') })) {
        # A job checks out its repository first unless it says otherwise; a deployment job does not.
        $steps = @([ordered]@{ checkout = 'self' }) + $steps
    }

    $failed = $false
    foreach ($step in $steps) {
        $name = Get-AzureStepName $step
        if (-not (Test-PlayCondition -Condition $step['condition'] -JobFailed $failed)) {
            $null = Add-PlayStepRecord -Run $Run -Job $Job.Name -Name $name -Result Skipped
            continue
        }
        $record = Invoke-AzureStep -Run $Run -Agent $agent -Step $step -JobName $Job.Name -Name $name
        if ($record.Result -eq 'Failed') { $failed = $true }
    }
    return $failed
}

function Expand-AzureMacro {
    # Replaces $(name) with the variable's value, as the agent does before a task runs; a name that
    # is no variable stays as written, so PowerShell's own $(...) passes through.
    param([string] $Text, [object] $Agent)

    if (-not $Text) { return $Text }
    return [regex]::Replace($Text, '\$\(([A-Za-z0-9_.\-]+)\)', {
            param($match)
            $name = $match.Groups[1].Value
            if ($Agent.Variables.ContainsKey($name)) { return $Agent.Variables[$name] }
            if ($Agent.Secrets.ContainsKey($name)) { return $Agent.Secrets[$name] }
            return $match.Value
        })
}

function Get-AzureStepEnvironment {
    # Every non-secret variable as NAME_WITH_UNDERSCORES, then the step's env: mapping. Secret
    # variables reach a script only through that mapping, as on a real agent.
    param([object] $Agent, [System.Collections.IDictionary] $Step)

    $environment = @{} + $Agent.Base
    $environment['TF_BUILD'] = 'True'
    foreach ($name in $Agent.Variables.Keys) {
        $environment[($name.ToUpperInvariant() -replace '[. ]', '_')] = [string] $Agent.Variables[$name]
    }
    if ($Step.Contains('env')) {
        foreach ($name in $Step['env'].Keys) { $environment[$name] = Expand-AzureMacro -Text ([string] $Step['env'][$name]) -Agent $Agent }
    }
    return $environment
}

function Invoke-AzureStep {
    param([object] $Run, [object] $Agent, [System.Collections.IDictionary] $Step, [string] $JobName, [string] $Name)

    $inputs = @{}
    if ($Step.Contains('inputs')) {
        foreach ($key in $Step['inputs'].Keys) { $inputs[$key] = Expand-AzureMacro -Text ([string] $Step['inputs'][$key]) -Agent $Agent }
    }
    $record = @{ Run = $Run; Job = $JobName; Name = $Name }

    if ($Step.Contains('checkout')) {
        if ($Step['checkout'] -eq 'self') { Copy-PlayFolder -Source $Run.Repository -Destination $Agent.Variables['Build.SourcesDirectory'] }
        return Add-PlayStepRecord @record -Result Succeeded
    }
    if ($Step.Contains('download')) { return Invoke-AzureDownload @record -Agent $Agent -Step $Step }
    if ($Step.Contains('publish')) {
        $path = Expand-AzureMacro -Text $Step['publish'] -Agent $Agent
        if (-not (Test-Path -LiteralPath $path)) { return Add-PlayStepRecord @record -Result Failed -Lines "##[error]Path does not exist: $path" }
        $target = Join-Path $Run.Store $Step['artifact']
        if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
        Copy-PlayFolder -Source $path -Destination $target
        return Add-PlayStepRecord @record -Result Succeeded -Detail @{ Artifact = $Step['artifact']; Path = $path }
    }
    if ($Step.Contains('pwsh')) {
        return Invoke-AzurePowerShell @record -Agent $Agent -Step $Step -Script (Expand-AzureMacro -Text $Step['pwsh'] -Agent $Agent) `
            -ErrorActionPreference ($Step['errorActionPreference'] ?? 'stop')
    }
    if (-not $Step.Contains('task')) { throw "The play does not know the step '$Name'." }

    switch ($Step['task']) {
        'PowerShell@2' {
            if ($inputs['pwsh'] -ne 'true') { throw "PowerShell@2 step '$Name' lacks 'pwsh: true'; without it a Windows agent runs Windows PowerShell 5.1." }
            if ($inputs['targetType'] -ne 'inline') { throw "PowerShell@2 step '$Name': the play runs inline scripts only." }
            return Invoke-AzurePowerShell @record -Agent $Agent -Step $Step -Script $inputs['script'] -ErrorActionPreference ($inputs['errorActionPreference'] ?? 'stop')
        }
        'DownloadSecureFile@1' {
            $source = $Run.SecureFiles[$inputs['secureFile']]
            if (-not $source) { return Add-PlayStepRecord @record -Result Failed -Lines "##[error]Secure file '$($inputs['secureFile'])' not found." }
            $path = Join-Path $Agent.Temp $inputs['secureFile']
            Copy-Item -LiteralPath $source -Destination $path
            $Agent.Variables["$($Step['name']).secureFilePath"] = $path
            return Add-PlayStepRecord @record -Result Succeeded -Detail @{ Path = $path; SecureFile = $true }
        }
        'AzureKeyVault@2' {
            foreach ($secret in $inputs['SecretsFilter'] -split ',') {
                $secret = $secret.Trim()
                if (-not $Run.KeyVault.ContainsKey($secret)) { return Add-PlayStepRecord @record -Result Failed -Lines "##[error]Secret '$secret' not found in $($inputs['KeyVaultName'])." }
                $Agent.Secrets[$secret] = $Run.KeyVault[$secret]
            }
            return Add-PlayStepRecord @record -Result Succeeded
        }
        'PublishTestResults@2' { return Invoke-AzurePublishTestResults @record -Agent $Agent -Inputs $inputs }
        default { throw "The play does not know the task $($Step['task']) of step '$Name'." }
    }
}

function Invoke-AzureDownload {
    # download: current puts an artifact of this run in $(Pipeline.Workspace)/<artifact>; a pipeline
    # resource's artifact lands in $(Pipeline.Workspace)/<alias>/<artifact>.
    param([object] $Run, [string] $Job, [string] $Name, [object] $Agent, [System.Collections.IDictionary] $Step)

    $source = $Step['download']
    if ($source -eq 'none') { return Add-PlayStepRecord -Run $Run -Job $Job -Name $Name -Result Succeeded }
    $relative = if ($source -eq 'current') { $Step['artifact'] } else { "$source/$($Step['artifact'])" }
    $stored = Join-Path $Run.Store $relative
    if (-not (Test-Path -LiteralPath $stored)) {
        return Add-PlayStepRecord -Run $Run -Job $Job -Name $Name -Result Failed -Lines "##[error]Artifact $relative not found."
    }
    Copy-PlayFolder -Source $stored -Destination (Join-Path $Agent.Work $relative)
    return Add-PlayStepRecord -Run $Run -Job $Job -Name $Name -Result Succeeded
}

function Invoke-AzurePowerShell {
    # PowerShell@2 with pwsh: the script between the preference line and the LASTEXITCODE exit, in a
    # file under the agent's temporary folder, started with pwsh -Command ". '<file>'".
    param([object] $Run, [string] $Job, [string] $Name, [object] $Agent, [System.Collections.IDictionary] $Step, [string] $Script, [string] $ErrorActionPreference)

    $content = @(
        "`$ErrorActionPreference = '$ErrorActionPreference'"
        $Script
        'if (!(Test-Path -LiteralPath variable:\LASTEXITCODE)) { Write-Host ''##[debug]$LASTEXITCODE is not set.'' } else { Write-Host (''##[debug]$LASTEXITCODE: {0}'' -f $LASTEXITCODE); exit $LASTEXITCODE }'
    ) -join "`n"
    $path = Join-Path $Agent.Temp "$([guid]::NewGuid()).ps1"
    [IO.File]::WriteAllText($path, $content, [Text.UTF8Encoding]::new($true))

    $environment = Get-AzureStepEnvironment -Agent $Agent -Step $Step
    $output = Invoke-PlayPwsh -ScriptPath $path -WorkingDirectory $Agent.Variables['System.DefaultWorkingDirectory'] -Environment $environment
    $detail = Read-AzureLoggingCommand -Lines $output.Lines -Agent $Agent
    $result = if ($output.ExitCode -eq 0 -and $detail.Result -ne 'Failed') { 'Succeeded' } else { 'Failed' }
    return Add-PlayStepRecord -Run $Run -Job $Job -Name $Name -Result $result -ExitCode $output.ExitCode -Lines $output.Lines -Detail $detail
}

function Read-AzureLoggingCommand {
    # What the agent does with the ##vso lines of a step: summaries (and whether their file existed
    # when the step ended), masked values, variables set, and the result the step asked for.
    param([string[]] $Lines, [object] $Agent)

    $detail = @{ Summaries = @(); Masked = @(); Result = $null; Issues = @() }
    foreach ($line in $Lines) {
        if ($line -match '^##vso\[task\.uploadsummary\](.*)$') {
            $detail.Summaries += [pscustomobject]@{ Path = $Matches[1]; Existed = (Test-Path -LiteralPath $Matches[1] -PathType Leaf) }
        }
        elseif ($line -match '^##vso\[task\.setsecret\](.*)$') { $detail.Masked += $Matches[1] }
        elseif ($line -match '^##vso\[task\.complete [^\]]*result=([A-Za-z]+);?[^\]]*\]') { $detail.Result = $Matches[1] }
        elseif ($line -match '^##vso\[task\.logissue ([^\]]*)\](.*)$') { $detail.Issues += [pscustomobject]@{ Properties = $Matches[1]; Message = $Matches[2] } }
        elseif ($line -match '^##vso\[task\.setvariable variable=([^;\]]+)[^\]]*\](.*)$') { $Agent.Variables[$Matches[1]] = $Matches[2] }
    }
    return $detail
}

function Invoke-AzurePublishTestResults {
    # Finds the files testResultsFiles matches under searchFolder and reads them as JUnit. Like the
    # task, a pattern that matches nothing is a warning, not a failure; the tests check the match.
    param([object] $Run, [string] $Job, [string] $Name, [object] $Agent, [hashtable] $Inputs)

    if ($Inputs['testResultsFormat'] -ne 'JUnit') { throw "PublishTestResults@2 step '$Name' does not publish JUnit." }
    $folder = $Inputs['searchFolder'] ?? $Agent.Variables['System.DefaultWorkingDirectory']
    $pattern = $Inputs['testResultsFiles'] ?? '**/TEST-*.xml'
    $files = @()
    if (Test-Path -LiteralPath $folder) {
        $regex = ConvertTo-GlobRegex -Pattern $pattern
        $files = @(Get-ChildItem -LiteralPath $folder -Recurse -File | Where-Object {
                [IO.Path]::GetRelativePath($folder, $_.FullName).Replace('\', '/') -match $regex
            } | ForEach-Object FullName)
    }
    $cases = @(foreach ($file in $files) { Read-PlayJUnit -Path $file })
    $lines = if ($files) { @("Publishing $($files.Count) JUnit file(s)") } else { @("##[warning]No test result files matching '$pattern' were found under $folder.") }
    return Add-PlayStepRecord -Run $Run -Job $Job -Name $Name -Result Succeeded -Lines $lines -Detail @{ Files = $files; Cases = $cases }
}

function ConvertTo-GlobRegex {
    # minimatch as the tasks use it, for the forms guides write: **/, * and ?.
    param([string] $Pattern)

    $escaped = [regex]::Escape($Pattern.Replace('\', '/'))
    $escaped = $escaped.Replace('\*\*/', '(?:.*/)?').Replace('\*\*', '.*').Replace('\*', '[^/]*').Replace('\?', '[^/]')
    return "^$escaped$"
}
