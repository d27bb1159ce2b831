# The Build task: publishes the cmdlet project and lays out out/CodeSignPS as an importable module.

# PowerShell loads these into every session itself; a module that ships its own copy can load a
# second, mismatched one.
$script:HostAssemblyPatterns = @('System.Management.Automation.dll', 'Microsoft.PowerShell.*.dll', 'Microsoft.Management.Infrastructure*.dll')

function Publish-CmdletProject {
    param([Parameter(Mandatory)] [object] $Paths, [Parameter(Mandatory)] [string] $Configuration)

    if (Test-Path -LiteralPath $Paths.Publish) { Remove-Item -LiteralPath $Paths.Publish -Recurse -Force }
    $project = Join-Path $Paths.Root 'src/CodeSignPS/CodeSignPS.csproj'
    Invoke-Native dotnet @('publish', $project, '--nologo', '-c', $Configuration, '-f', 'net8.0', '-o', $Paths.Publish) `
        -FailureMessage "Publishing $project failed; the compiler errors are listed above"
}

# The folder next to CodeSignPS.dll that the module's private load context reads; it must match
# ModuleInitializer.DependencyFolderName in src/CodeSignPS.Loader.
$script:DependencyFolder = 'dependencies'

# The assemblies PowerShell loads itself from the module root: the loader (a nested module, imported
# first) and the cmdlets. Everything they lead to loads through the loader's context.
$script:RootAssemblies = @('CodeSignPS.Loader.dll', 'CodeSignPS.dll')

function Get-ModuleRelativePath {
    # Where a published assembly goes in the module. An assembly PowerShell ships too (it is in
    # $PSHOME, as System.Security.Cryptography.Pkcs is) always loads from PowerShell's copy, so it stays
    # at the root where it changes nothing; giving the core a private copy would split its types
    # from PowerShell's.
    param([Parameter(Mandatory)] [IO.FileInfo] $File, [Parameter(Mandatory)] [string] $Relative)

    $providedByPowerShell = Test-Path -LiteralPath (Join-Path $PSHOME $File.Name)
    $isModuleRoot = $File.Name -in $script:RootAssemblies
    if ($isModuleRoot -or $providedByPowerShell) { return $Relative }
    if ($Relative -ne $File.Name) {
        throw "$Relative is a platform-specific build of a private dependency; the module's load context reads only $script:DependencyFolder/<name>.dll. Teach DependencyLoadContext in src/CodeSignPS about runtimes/ before adding this package."
    }
    return Join-Path $script:DependencyFolder $File.Name
}

function Copy-PublishedAssemblies {
    # Copies the module's assemblies and their dependencies (runtimes/ included, as published),
    # leaving out symbols, XML docs, deps.json and any assembly PowerShell itself provides.
    # The loader, the cmdlets and the assemblies PowerShell also ships stay at the module root; the
    # core and every other library go to dependencies/, which the loader reads into its own load
    # context (src/CodeSignPS.Loader/ModuleInitializer.cs).
    param([Parameter(Mandatory)] [object] $Paths)

    $files = Get-ChildItem -LiteralPath $Paths.Publish -Recurse -File -Filter '*.dll'
    foreach ($file in $files) {
        $isHostAssembly = $script:HostAssemblyPatterns | Where-Object { $file.Name -like $_ }
        if ($isHostAssembly) {
            Write-Warning "Leaving $($file.Name) out of the module: PowerShell provides it. Reference it with ExcludeAssets=""runtime"" to keep it out of the publish folder."
            continue
        }
        $relative = [IO.Path]::GetRelativePath($Paths.Publish, $file.FullName)
        $target = Join-Path $Paths.Module (Get-ModuleRelativePath -File $file -Relative $relative)
        $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target)
        Copy-Item -LiteralPath $file.FullName -Destination $target
    }

    foreach ($required in @($script:RootAssemblies) + "$script:DependencyFolder/CodeSignPS.Core.dll") {
        if (-not (Test-Path -LiteralPath (Join-Path $Paths.Module $required))) {
            throw "$required is missing from the module in $($Paths.Module); check src/CodeSignPS/CodeSignPS.csproj and Get-ModuleRelativePath in build/BuildModule.ps1."
        }
    }
}

function Write-ModuleManifest {
    # Copies module/CodeSignPS.psd1 with ModuleVersion set to the project version.
    param([Parameter(Mandatory)] [object] $Paths, [Parameter(Mandatory)] [string] $Version)

    $source = Join-Path $Paths.ModuleSrc 'CodeSignPS.psd1'
    $text = Get-Content -LiteralPath $source -Raw
    $pattern = "(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'"
    $found = [regex]::Matches($text, $pattern).Count
    if ($found -ne 1) {
        throw "$source must have exactly one line ModuleVersion = '...'; found $found."
    }
    $text = [regex]::Replace($text, $pattern, "`${1}'$Version'")
    $target = Join-Path $Paths.Module 'CodeSignPS.psd1'
    [IO.File]::WriteAllText($target, $text, [Text.UTF8Encoding]::new($false))
}

function Copy-ModuleFiles {
    param([Parameter(Mandatory)] [object] $Paths)

    Copy-Item -LiteralPath (Join-Path $Paths.ModuleSrc 'CodeSignPS.format.ps1xml') -Destination $Paths.Module
    $helpFolder = Join-Path $Paths.Module 'en-US'
    $null = New-Item -ItemType Directory -Force -Path $helpFolder
    Get-ChildItem -LiteralPath $Paths.ModuleSrc -Filter 'about_*.help.txt' -File |
        Copy-Item -Destination $helpFolder
}

function New-ModuleHelpFile {
    # Help generation imports the built module, so it runs in a child pwsh; see build/Help/New-ModuleHelp.ps1.
    param([Parameter(Mandatory)] [object] $Paths)

    $parameters = @{
        ModulePath = Join-Path $Paths.Module 'CodeSignPS.psd1'
        PagesPath  = $Paths.CmdletPages
        OutputPath = Join-Path $Paths.Module 'en-US/CodeSignPS.dll-Help.xml'
    }
    $script = Join-Path $Paths.Root 'build/Help/New-ModuleHelp.ps1'
    $exitCode = Invoke-ChildPwsh -ScriptPath $script -Parameters $parameters
    if ($exitCode -ne 0) {
        throw "Generating help from the cmdlet pages in $($Paths.CmdletPages) failed (exit code $exitCode); fix the pages named above."
    }
}

function Invoke-ModuleBuild {
    param([Parameter(Mandatory)] [object] $Paths, [Parameter(Mandatory)] [string] $Configuration)

    $version = Get-ProjectVersion -Root $Paths.Root
    Write-Host "Building CodeSignPS $version ($Configuration) with PowerShell $($PSVersionTable.PSVersion)"
    Publish-CmdletProject -Paths $Paths -Configuration $Configuration

    if (Test-Path -LiteralPath $Paths.Module) { Remove-Item -LiteralPath $Paths.Module -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $Paths.Module
    Copy-PublishedAssemblies -Paths $Paths
    Write-ModuleManifest -Paths $Paths -Version $version
    Copy-ModuleFiles -Paths $Paths
    New-ModuleHelpFile -Paths $Paths
    Write-Host "Module laid out in $($Paths.Module)"
}
