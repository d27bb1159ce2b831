# The built module as a whole: its manifest, what it exports, how fast it imports, and its package.
# build.ps1 -Task Test sets CODESIGNPS_MODULE_PATH to out/CodeSignPS and CODESIGNPS_PACKAGE_PATH to
# the .nupkg it made; without the package path, the package is made here from the module folder.

BeforeAll {
    $modulePath = $env:CODESIGNPS_MODULE_PATH
    if (-not $modulePath -or -not (Test-Path -LiteralPath $modulePath)) {
        throw "CODESIGNPS_MODULE_PATH must name the built module folder (out/CodeSignPS); found '$modulePath'. Run build.ps1 -Task Test."
    }
    $manifestPath = Join-Path $modulePath 'CodeSignPS.psd1'
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    $expectedCmdlets = @(
        'Assert-CodeSigningPolicy'
        'Export-CodeSigningCertificate'
        'Get-CodeSignature'
        'Get-CodeSigningCertificate'
        'Get-CodeSigningPolicy'
        'Import-CodeSigningCertificate'
        'New-CodeSigningCertificate'
        'New-CodeSigningRequest'
        'Remove-CodeSignature'
        'Revoke-CodeSigningCertificate'
        'Save-CodeSigningCrl'
        'Set-CodeSignature'
        'Test-CodeSigningCertificate'
        'Test-CodeSigningPolicy'
    )
    $repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

    function Invoke-FreshPwsh {
        # Runs a script file in a new pwsh process and returns its output lines.
        param([string] $ScriptPath, [string[]] $ArgumentList = @())

        $process = [Environment]::ProcessPath
        $prefix = @()
        if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $output = & $process @prefix -NoProfile -NonInteractive -File $ScriptPath @ArgumentList 2>&1
        if ($LASTEXITCODE -ne 0) { throw "pwsh -File $ScriptPath exited with code ${LASTEXITCODE}: $($output -join [Environment]::NewLine)" }
        return $output
    }
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'lists exactly the expected cmdlets' {
        $manifest.CmdletsToExport | Sort-Object | Should -Be $expectedCmdlets
    }

    It 'exports no functions, aliases or variables' {
        $manifest.FunctionsToExport | Should -BeNullOrEmpty
        $manifest.AliasesToExport | Should -BeNullOrEmpty
        $manifest.VariablesToExport | Should -BeNullOrEmpty
    }

    It 'requires PowerShell 7.4 on the Core edition' {
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
    }

    It 'carries the version set in Directory.Build.props' {
        [xml] $props = Get-Content -LiteralPath (Join-Path $repositoryRoot 'Directory.Build.props') -Raw
        $version = @($props.Project.PropertyGroup | ForEach-Object { $_['Version'] } | Where-Object { $_ })[0].InnerText
        $manifest.ModuleVersion | Should -Be $version
    }

    It 'has package metadata: description, tags, license, release notes' {
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.Tags | Should -Contain 'Authenticode'
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'ships no PowerShell host assemblies' {
        $names = (Get-ChildItem -LiteralPath $modulePath -Recurse -File -Filter '*.dll').Name
        $names | Should -Not -Contain 'System.Management.Automation.dll'
        $names | Where-Object { $_ -like 'Microsoft.PowerShell.*' } | Should -BeNullOrEmpty
    }

    It 'ships its help, format and about files' {
        Join-Path $modulePath 'en-US/CodeSignPS.dll-Help.xml' | Should -Exist
        Join-Path $modulePath 'en-US/about_CodeSignPS.help.txt' | Should -Exist
        Join-Path $modulePath 'CodeSignPS.format.ps1xml' | Should -Exist
    }
}

Describe 'Module import' {
    BeforeAll {
        $module = Import-Module -Name $manifestPath -PassThru -Force
    }

    It 'exports exactly the listed cmdlets' {
        $module.ExportedCmdlets.Keys | Sort-Object | Should -Be $expectedCmdlets
        $module.ExportedFunctions.Keys | Should -BeNullOrEmpty
        $module.ExportedAliases.Keys | Should -BeNullOrEmpty
    }
}

Describe 'Module package' {
    BeforeAll {
        $repository = Join-Path $TestDrive 'repository'
        $null = New-Item -ItemType Directory -Path $repository
        if ($env:CODESIGNPS_PACKAGE_PATH) {
            Copy-Item -LiteralPath $env:CODESIGNPS_PACKAGE_PATH -Destination $repository
        }
        else {
            Compress-PSResource -Path $modulePath -DestinationPath $repository
        }

        # Install in a pwsh whose home is a temporary folder, so the repository registration and
        # the CurrentUser install land there and never in the real user's profile. Windows puts
        # CurrentUser modules under Documents, which no variable redirects, so there the module is
        # saved to a folder instead.
        $isolatedHome = Join-Path $TestDrive 'home'
        $script = Join-Path $TestDrive 'install.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $Repository, [string] $SavePath)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name CodeSignPSTest -Uri ([uri]::new($Repository)).AbsoluteUri -Trusted
$found = Find-PSResource -Name CodeSignPS -Repository CodeSignPSTest
if ($IsWindows) {
    Save-PSResource -Name CodeSignPS -Repository CodeSignPSTest -Path $SavePath -TrustRepository
    $module = Import-Module -Name (Join-Path $SavePath 'CodeSignPS') -PassThru
}
else {
    Install-PSResource -Name CodeSignPS -Repository CodeSignPSTest -Scope CurrentUser -TrustRepository
    $module = Import-Module -Name CodeSignPS -PassThru
}
[pscustomobject]@{
    Version         = [string] $found.Version
    Description     = $found.Description
    Tags            = @($found.Tags)
    LicenseUri      = [string] $found.LicenseUri
    ModuleBase      = $module.ModuleBase
    ModuleVersion   = [string] $module.Version
    ExportedCmdlets = @($module.ExportedCmdlets.Keys | Sort-Object)
} | ConvertTo-Json -Compress
'@
        $saved = @{}
        $variables = @{ HOME = $isolatedHome; XDG_DATA_HOME = "$isolatedHome/.local/share"; XDG_CONFIG_HOME = "$isolatedHome/.config"; XDG_CACHE_HOME = "$isolatedHome/.cache" }
        foreach ($name in $variables.Keys) {
            # .NET reports a special folder as an empty path while it does not exist, and
            # PSResourceGet would then write its repository list to the current folder.
            if ($name -ne 'HOME') { $null = New-Item -ItemType Directory -Force -Path $variables[$name] }
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $variables[$name])
        }
        try {
            $output = Invoke-FreshPwsh -ScriptPath $script -ArgumentList $repository, (Join-Path $TestDrive 'saved')
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $installed = $output | Select-Object -Last 1 | ConvertFrom-Json
    }

    It 'carries the module version, description, tags and license' {
        $installed.Version | Should -Be $manifest.ModuleVersion
        $installed.Description | Should -Be $manifest.Description
        $installed.Tags | Should -Contain 'Authenticode'
        $installed.LicenseUri | Should -Be $manifest.PrivateData.PSData.LicenseUri
    }

    It 'installs into the temporary location and imports from there' {
        $installed.ModuleBase | Should -BeLike "$TestDrive*"
        $installed.ModuleVersion | Should -Be $manifest.ModuleVersion
    }

    It 'exports the listed cmdlets after install' {
        $installed.ExportedCmdlets | Should -Be $expectedCmdlets
    }
}
