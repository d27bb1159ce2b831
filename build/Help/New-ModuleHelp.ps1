<#
.SYNOPSIS
    Generates the MAML help file of a module from its cmdlet pages.
.DESCRIPTION
    Runs in its own pwsh process, because it imports the module to read parameter metadata and an
    imported binary module cannot be unloaded from the build's session. Every page in -PagesPath is
    parsed, and a malformed one stops the run with its file and line. Pages whose command the module
    does not export are reported and left out; commands without a page, and parameters a page does
    not describe, are reported as warnings (tests/Pester/Help.Tests.ps1 fails on them).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PagesPath,
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'CmdletPage.ps1')
. (Join-Path $PSScriptRoot 'CommandMetadata.ps1')
. (Join-Path $PSScriptRoot 'MamlWriter.ps1')

$module = Import-Module -Name $ModulePath -PassThru -Force
$commands = @($module.ExportedCommands.Values | Where-Object CommandType -in 'Cmdlet', 'Function')

$pageFiles = @()
if (Test-Path -LiteralPath $PagesPath) {
    $pageFiles = @(Get-ChildItem -LiteralPath $PagesPath -Filter '*.md' -File | Where-Object Name -ne 'README.md' | Sort-Object Name)
}

$errors = [System.Collections.Generic.List[string]]::new()
$pages = @{}
$malformed = @()
foreach ($file in $pageFiles) {
    try {
        $page = ConvertFrom-CmdletPage -Path $file.FullName
        $pages[$page.Name] = $page
    }
    catch [System.IO.InvalidDataException] {
        $errors.Add($_.Exception.Message)
        $malformed += $file.BaseName
    }
}

$entries = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands | Sort-Object Name) {
    if ($command.Name -in $malformed) { continue }
    if (-not $pages.ContainsKey($command.Name)) {
        Write-Warning "$($command.Name) has no page; expected $(Join-Path $PagesPath "$($command.Name).md"). Its help will be empty."
        continue
    }
    $page = $pages[$command.Name]
    $metadata = Get-HelpCommandMetadata -Command $command

    foreach ($documented in $page.Parameters.Values) {
        if (-not $metadata.Parameters.Contains($documented.Name)) {
            $errors.Add("$($page.Path):$($documented.Line): documents parameter -$($documented.Name), which $($command.Name) does not have; remove it or fix its name.")
        }
    }
    foreach ($name in $metadata.Parameters.Keys) {
        if (-not $page.Parameters.Contains($name)) {
            Write-Warning "$($page.Path): parameter -$name of $($command.Name) is not described; add a '### -$name' subsection under '## PARAMETERS'."
        }
    }
    $entries.Add([pscustomobject]@{ Page = $page; Metadata = $metadata })
}

foreach ($name in $pages.Keys | Sort-Object) {
    if ($name -notin $commands.Name) {
        Write-Warning "$($pages[$name].Path): the module does not export a command named $name; the page is left out of the help file."
    }
}

if ($errors.Count -gt 0) {
    foreach ($message in $errors) { [Console]::Error.WriteLine("error: $message") }
    [Console]::Error.WriteLine("Help generation failed: $($errors.Count) problem(s) in the cmdlet pages under $PagesPath.")
    exit 1
}

Write-MamlHelpFile -Path $OutputPath -Entries $entries.ToArray()
Write-Host "Wrote help for $($entries.Count) command(s) to $OutputPath"
