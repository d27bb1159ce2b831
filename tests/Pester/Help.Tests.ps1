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
