# Help of every cmdlet the manifest exports: a page in docs/cmdlets with an example, and Get-Help
# output (generated from that page by the build) with a synopsis, a description, every parameter
# described and at least one example.

BeforeDiscovery {
    $modulePath = $env:CODESIGNPS_MODULE_PATH
    if (-not $modulePath -or -not (Test-Path -LiteralPath $modulePath)) {
        throw "CODESIGNPS_MODULE_PATH must name the built module folder (out/CodeSignPS); found '$modulePath'. Run build.ps1 -Task Test."
    }
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $modulePath 'CodeSignPS.psd1')
    $cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module -Name (Join-Path $env:CODESIGNPS_MODULE_PATH 'CodeSignPS.psd1') -Force
    $pagesPath = Join-Path $PSScriptRoot '../../docs/cmdlets'
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters +
        [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-PageSection {
        # The text of a '## NAME' section of a page, whitespace collapsed.
        param([string] $Text, [string] $Name)
        $pattern = '(?ms)^## ' + [regex]::Escape($Name) + '\s*$(?<body>.*?)(?=^## |\z)'
        if ($Text -notmatch $pattern) { return $null }
        return ($Matches['body'] -replace '\s+', ' ').Trim()
    }
}

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $pagePath = Join-Path $pagesPath "$Name.md"
        $pageText = if (Test-Path -LiteralPath $pagePath) { Get-Content -LiteralPath $pagePath -Raw } else { $null }
        $command = Get-Command -Name $Name -Module CodeSignPS -ErrorAction SilentlyContinue
        $help = if ($command) { Get-Help -Name $Name -Full } else { $null }
    }

    It 'has a page in docs/cmdlets' {
        $pagePath | Should -Exist -Because "every exported cmdlet needs docs/cmdlets/$Name.md"
    }

    It 'has an example on its page' {
        $pageText | Should -Match '(?m)^### Example 1\b' -Because "docs/cmdlets/$Name.md needs '### Example 1' under '## EXAMPLES'"
        $pageText | Should -Match '(?m)^```powershell\s*$' -Because 'an example is a ```powershell block'
    }

    It 'is a command of the module' {
        $command | Should -Not -BeNullOrEmpty -Because "the manifest exports $Name, so CodeSignPS.dll must define it"
    }

    It 'shows the synopsis of its page' {
        "$($help.Synopsis)".Trim() | Should -Be (Get-PageSection $pageText 'SYNOPSIS')
    }

    It 'has a description' {
        ($help.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        $undescribed = foreach ($parameter in $command.Parameters.Keys) {
            if ($parameter -in $commonParameters) { continue }
            $parameterHelp = Get-Help -Name $Name -Parameter $parameter -ErrorAction SilentlyContinue
            $text = if ($parameterHelp) { ($parameterHelp.description.Text -join ' ').Trim() }
            if (-not $text) { $parameter }
        }
        $undescribed | Should -BeNullOrEmpty -Because "each parameter needs a '### -Name' subsection in docs/cmdlets/$Name.md"
    }

    It 'has at least one example with code' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $examples[0].code | Should -Not -BeNullOrEmpty
    }
}

Describe 'About topic' {
    It 'is found by Get-Help about_CodeSignPS' {
        $topic = Get-Help -Name about_CodeSignPS -ErrorAction SilentlyContinue
        ($topic | Out-String) | Should -Match 'CodeSignPS'
    }
}

Describe 'Help generator' {
    # build/Help/New-ModuleHelp.ps1 on a sample script module, so the generator is tested on its
    # own, with pages made here, whatever state the real cmdlets and pages are in.
    BeforeAll {
        $generator = Join-Path $PSScriptRoot '../../build/Help/New-ModuleHelp.ps1'
        $moduleFolder = Join-Path $TestDrive 'Sample'
        $null = New-Item -ItemType Directory -Path $moduleFolder
        Set-Content -LiteralPath (Join-Path $moduleFolder 'Sample.psm1') -Value @'
function Set-Sample {
    # .ExternalHelp Sample.psm1-Help.xml
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ParameterSetName = 'Path')]
        [SupportsWildcards()]
        [string[]] $Path,
        [Parameter(Mandatory, ValueFromPipelineByPropertyName, ParameterSetName = 'LiteralPath')]
        [Alias('PSPath')]
        [string[]] $LiteralPath,
        [securestring] $Password,
        [switch] $PassThru
    )
}
Export-ModuleMember -Function Set-Sample
'@
        $validPage = @'
# Set-Sample

## SYNOPSIS
Changes sample files.

## DESCRIPTION
Set-Sample changes the files
named by Path.

It writes nothing unless PassThru is set.

## PARAMETERS

### -Path
Files to change; wildcards are expanded.

### -LiteralPath
Files to change, used exactly as typed.

### -Password
The password of the key.

### -PassThru
Writes the changed files.

## EXAMPLES

### Example 1: Change one file
```powershell
Set-Sample -Path ./a.ps1
```

Changes a.ps1.

## OUTPUTS

### System.IO.FileInfo
The changed file, with PassThru.
'@

        function Invoke-Generator {
            # Runs the generator on one page in a fresh pwsh; returns its exit code and output.
            param([string] $Page, [string] $OutputPath)

            $pages = Join-Path $TestDrive "pages-$([guid]::NewGuid().ToString('N'))"
            $null = New-Item -ItemType Directory -Path $pages
            Set-Content -LiteralPath (Join-Path $pages 'Set-Sample.md') -Value $Page
            $process = [Environment]::ProcessPath
            $prefix = @()
            if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
            $output = & $process @prefix -NoProfile -NonInteractive -File $generator `
                -ModulePath (Join-Path $moduleFolder 'Sample.psm1') -PagesPath $pages -OutputPath $OutputPath 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output -join "`n") }
        }
    }

    It 'writes help that Get-Help renders' {
        $run = Invoke-Generator -Page $validPage -OutputPath (Join-Path $moduleFolder 'en-US/Sample.psm1-Help.xml')
        $run.ExitCode | Should -Be 0 -Because $run.Output

        Import-Module (Join-Path $moduleFolder 'Sample.psm1') -Force
        $help = Get-Help -Name Set-Sample -Full
        $help.Synopsis.Trim() | Should -Be 'Changes sample files.'
        $help.description.Text[0].Trim() | Should -Be 'Set-Sample changes the files named by Path.'
        @($help.examples.example).Count | Should -Be 1
        $help.examples.example.code | Should -Be 'Set-Sample -Path ./a.ps1'
        @($help.syntax.syntaxItem).Count | Should -Be 2
        $help.returnValues.returnValue.type.name | Should -Be 'System.IO.FileInfo'
    }

    It 'takes parameter facts from the command' {
        $path = (Get-Help -Name Set-Sample -Parameter Path)
        $path.description.Text | Should -Be 'Files to change; wildcards are expanded.'
        $path.required | Should -Be 'true'
        $path.position | Should -Be '0'
        $path.pipelineInput | Should -Be 'True (ByValue)'
        $path.globbing | Should -Be 'true'
        (Get-Help -Name Set-Sample -Parameter LiteralPath).aliases | Should -Be 'PSPath'
        (Get-Help -Name Set-Sample -Parameter Password).type.name | Should -Be 'System.Security.SecureString'
    }

    It 'rejects a page that <Case> with its file and line' -ForEach @(
        @{ Case = 'misspells a section'; Pattern = '## SYNOPSIS'; New = '## SYNOPSYS'; Message = 'Set-Sample.md:3: unknown section' }
        @{ Case = 'has no example'; Pattern = '(?s)### Example 1.*?Changes a\.ps1\.'; New = ''; Message = "has no '### Example 1' subsection" }
        @{ Case = 'has an example without code'; Pattern = '(?s)`{3}powershell.*?`{3}'; New = ''; Message = 'Set-Sample.md:28: example 1 must start with a fenced block' }
        @{ Case = 'leaves a code block open'; Pattern = '(?s)(?<=a\.ps1)\n`{3}'; New = ''; Message = 'Set-Sample.md:29: the fenced code block opened here is not closed' }
        @{ Case = 'documents a parameter the command lacks'; Pattern = '### -Password'; New = '### -Passwort'; Message = 'Set-Sample.md:20: documents parameter -Passwort, which Set-Sample does not have' }
        @{ Case = 'has a title unlike its file name'; Pattern = '# Set-Sample'; New = '# Set-Other'; Message = 'Set-Sample.md:1: the title' }
    ) {
        $validPage | Should -Match $Pattern -Because 'the case must change the valid page'
        $run = Invoke-Generator -Page ($validPage -replace $Pattern, $New) -OutputPath (Join-Path $TestDrive 'unused.xml')
        $run.ExitCode | Should -Not -Be 0
        $run.Output | Should -BeLike "*$Message*"
    }
}
