# Helpers shared by the build tasks: paths, the project version, native commands and child pwsh.

function Get-BuildPaths {
    param([Parameter(Mandatory)] [string] $Root)

    $out = Join-Path $Root 'out'
    [pscustomobject]@{
        Root        = $Root
        Out         = $out
        Publish     = Join-Path $out 'publish'
        Module      = Join-Path $out 'CodeSignPS'
        Package     = Join-Path $out 'package'
        TestResults = Join-Path $out 'test-results'
        ModuleSrc   = Join-Path $Root 'module'
        CmdletPages = Join-Path $Root 'docs/cmdlets'
    }
}

function Get-ProjectVersion {
    # Directory.Build.props is the one place the version is set; everything else reads it from there.
    param([Parameter(Mandatory)] [string] $Root)

    $propsPath = Join-Path $Root 'Directory.Build.props'
    [xml] $props = Get-Content -LiteralPath $propsPath -Raw
    $versions = @($props.Project.PropertyGroup | ForEach-Object { $_['Version'] } | Where-Object { $_ })
    if ($versions.Count -ne 1) {
        throw "$propsPath must set <Version> exactly once; found it $($versions.Count) times."
    }

    $text = $versions[0].InnerText.Trim()
    $parsed = $null
    if (-not [version]::TryParse($text, [ref] $parsed)) {
        throw "$propsPath sets <Version> to '$text'; expected a version such as 1.2.3 (no prerelease label)."
    }
    return $text
}

function Invoke-Native {
    # Runs a native command, streams its output, and throws when it exits non-zero.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [Parameter(Mandatory)] [string] $FailureMessage
    )

    Write-Verbose "Running: $FilePath $($ArgumentList -join ' ')"
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$FailureMessage ('$FilePath' exited with code $LASTEXITCODE)."
    }
}

function Get-PwshCommand {
    # The pwsh running this build, as a command line for child processes. Started through
    # 'dotnet pwsh', the process is dotnet itself and pwsh.dll must be passed to it.
    $processPath = [Environment]::ProcessPath
    $processName = [IO.Path]::GetFileNameWithoutExtension($processPath)
    if ($processName -eq 'dotnet') {
        return [pscustomobject]@{ FilePath = $processPath; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
    }
    return [pscustomobject]@{ FilePath = $processPath; Prefix = @() }
}

function Invoke-ChildPwsh {
    # Runs a script in a fresh pwsh with extra environment variables, and returns its exit code.
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{}
    )

    $pwsh = Get-PwshCommand
    $arguments = @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath)
    foreach ($name in $Parameters.Keys) {
        $arguments += "-$name"
        $arguments += [string] $Parameters[$name]
    }

    $saved = @{}
    foreach ($name in $Environment.Keys) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, [string] $Environment[$name])
    }
    try {
        Write-Verbose "Running in a child pwsh: $ScriptPath"
        & $pwsh.FilePath @arguments | Out-Host
        return $LASTEXITCODE
    }
    finally {
        foreach ($name in $saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $saved[$name])
        }
    }
}

function Get-BuildToolPackages {
    # Restores build/tools/BuildTools.csproj and returns the folders of the packages it restores,
    # as MSBuild's GeneratePathProperty names them (PkgPester, PkgJunitXml_TestLogger, PkgYamlDotNet).
    param([Parameter(Mandatory)] [string] $Root)

    $project = Join-Path $Root 'build/tools/BuildTools.csproj'
    Invoke-Native dotnet @('restore', $project, '--nologo', '-v', 'quiet') `
        -FailureMessage "Restoring the build tools in $project failed; check that NuGet is reachable"

    $json = & dotnet msbuild $project -nologo -getProperty:PkgPester -getProperty:PkgJunitXml_TestLogger -getProperty:PkgYamlDotNet
    if ($LASTEXITCODE -ne 0) {
        throw "Reading package folders from $project failed (dotnet msbuild exited with code $LASTEXITCODE)."
    }
    $properties = ($json -join "`n" | ConvertFrom-Json).Properties

    $packages = [pscustomobject]@{
        Pester      = $properties.PkgPester
        JUnitLogger = $properties.PkgJunitXml_TestLogger
        YamlDotNet  = $properties.PkgYamlDotNet
    }
    foreach ($entry in $packages.PSObject.Properties) {
        if (-not $entry.Value -or -not (Test-Path -LiteralPath $entry.Value)) {
            throw "The $($entry.Name) package folder was not found after restoring $project; found '$($entry.Value)'."
        }
    }
    return $packages
}

function Invoke-TestToolBuild {
    # Builds a test tool project under tests/ (CodeSignPS.TestServers: the local timestamp
    # authorities that Pester and the demo start on 127.0.0.1; CodeSignPS.PipelineYaml: the YAML
    # reader of the pipeline tests). Returns the path of its assembly, or null when the build fails,
    # so that the tests that need it fail.
    param(
        [Parameter(Mandatory)] [object] $Paths,
        [Parameter(Mandatory)] [string] $Configuration,
        [Parameter(Mandatory)] [string] $Output,
        [Parameter(Mandatory)] [ValidateSet('CodeSignPS.TestServers', 'CodeSignPS.PipelineYaml')] [string] $Name
    )

    $project = Join-Path $Paths.Root "tests/$Name"
    Write-Host "Building $Name into $Output"
    & dotnet build $project --nologo -c $Configuration -o $Output | Out-Host
    if ($LASTEXITCODE -ne 0) {
        Write-Host "Building $project failed with exit code $LASTEXITCODE."
        return $null
    }
    return Join-Path $Output "$Name.dll"
}

function Install-SarifMultitool {
    # Installs the SARIF Multitool pinned in tests/tools/sarif (npm ci, into out/tools/sarif) for the
    # test that validates the SARIF reports, and returns the path of its executable. Returns null when
    # npm is not installed or the install fails, so the test skips there (and fails under CI=true).
    param([Parameter(Mandatory)] [object] $Paths)

    if (-not (Get-Command npm -ErrorAction Ignore)) {
        Write-Host 'npm was not found, so the SARIF validation test will skip (it fails under CI=true). Install Node.js with npm to run it.'
        return $null
    }

    $source = Join-Path $Paths.Root 'tests/tools/sarif'
    $target = Join-Path $Paths.Out 'tools/sarif'
    $null = New-Item -ItemType Directory -Force -Path $target
    foreach ($name in 'package.json', 'package-lock.json') {
        Copy-Item -LiteralPath (Join-Path $source $name) -Destination (Join-Path $target $name) -Force
    }

    # The package's postinstall only sets the execute bit, and npm 11 does not run it; chmod below does the same.
    Write-Host "Installing the SARIF Multitool into $target (npm ci)"
    & npm ci --prefix $target --ignore-scripts --no-audit --no-fund | Out-Host
    if ($LASTEXITCODE -ne 0) {
        Write-Host "npm ci in $target exited with code $LASTEXITCODE; the SARIF validation test will skip (it fails under CI=true)."
        return $null
    }

    $tool = Get-ChildItem -Path (Join-Path $target 'node_modules/@microsoft/sarif-multitool-*/*') -File -ErrorAction Ignore |
        Where-Object { $_.Name -in 'Sarif.Multitool', 'Sarif.Multitool.exe' } |
        Select-Object -First 1
    if (-not $tool) {
        Write-Host "npm ci in $target installed no Sarif.Multitool executable for this system; the SARIF validation test will skip (it fails under CI=true)."
        return $null
    }

    if (-not $IsWindows) {
        & chmod u+x $tool.FullName
    }
    return $tool.FullName
}
