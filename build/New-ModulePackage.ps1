<#
.SYNOPSIS
    Packs the built module into a .nupkg; started by build.ps1 -Task Package in a fresh pwsh.
.DESCRIPTION
    Compress-PSResource (Microsoft.PowerShell.PSResourceGet, shipped with PowerShell) validates the
    manifest and writes a NuGet package whose version, description, tags and license URI come from
    it, so Install-PSResource and Install-Module can take it from a local repository. It runs in
    its own process because manifest validation may load the module's assemblies.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DestinationPath
)

$ErrorActionPreference = 'Stop'
Import-Module Microsoft.PowerShell.PSResourceGet

$null = New-Item -ItemType Directory -Force -Path $DestinationPath
Compress-PSResource -Path $ModulePath -DestinationPath $DestinationPath
