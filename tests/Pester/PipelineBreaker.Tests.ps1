#Requires -Version 7.4

# Hostile file names against the lines each runner reads. The Azure Pipelines agent runs a
# '##vso[' command found anywhere in a line of the step's output (standard output and standard
# error); the GitHub runner runs a line that starts with '::' after leading white space. A file name
# must never bring either into a line the module writes, on any stream: the annotations escape it,
# and every other message (errors, verbose lines, the gate's error) must show a line break in a name
# as something other than a line break.

BeforeDiscovery {
    # Line breaks in file names need a file system that allows them.
    $script:SkipLineBreaks = $IsWindows
}

Describe 'Hostile file names in messages' -Skip:$SkipLineBreaks {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:ModulePath = Get-CodeSignPSModulePath
        Import-Module $script:ModulePath -Force

        $script:Root = Join-Path $TestDrive 'hostile'
        $script:Scripts = Join-Path $Root 'scripts'
        $null = New-Item -ItemType Directory -Path $Scripts
        # A name whose second and third lines are runner commands. No '::' before the first line
        # break: PowerShell reads 'name::rest' in a literal path as a provider name.
        $script:Name = "x`n##vso[task.setvariable variable=PWNED]yes`n::set-output name=p::v`n.ps1"
        $script:File = Join-Path $Scripts $Name
        [IO.File]::WriteAllText($File, "Write-Output 1`n")

        $ca = New-CodeSigningCertificate -Subject 'CN=Hostile Names Root' -CertificateAuthority -ValidityDays 3
        [IO.File]::WriteAllText((Join-Path $Root 'ca.pem'), $ca.ExportCertificatePem())
        $script:Policy = Join-Path $Root 'policy.yaml'
        [IO.File]::WriteAllText($Policy, @"
version: 1
trustStores:
  t: { role: codeSigning, class: enterprise, certificates: [ca.pem] }
publishers:
  p: { trustStores: [t], subject: { CN: Nobody } }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [p]
environments:
  prod: { mode: enforce }
"@)
        $script:Signer = New-CodeSigningCertificate -Subject 'CN=Hostile Names Signer' -ValidityDays 3

        # The lines of a text that a runner would run as a command: for GitHub a line starting with
        # '::' after white space, for Azure Pipelines any line holding '##vso['.
        function Select-CommandLine {
            param([string[]] $Text)
            @($Text | ForEach-Object { $_ -split '\r\n|\r|\n' } |
                Where-Object { $_.TrimStart().StartsWith('::') -or $_.Contains('##vso[') })
        }

        # Runs a step in a fresh pwsh as the GitHub runner wraps 'shell: pwsh' and returns every line
        # of its standard output and standard error.
        $script:Pwsh = [Environment]::ProcessPath
        $script:PwshPrefix = if ([IO.Path]::GetFileNameWithoutExtension($Pwsh) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
        function Invoke-GitHubStep {
            param([string] $Script)
            $file = Join-Path $TestDrive ('step-' + [guid]::NewGuid().ToString('N') + '.ps1')
            $body = "`$ErrorActionPreference = 'stop'`nImport-Module '$($ModulePath.Replace("'", "''"))'`n$Script`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }"
            [IO.File]::WriteAllText($file, $body)
            $start = [Diagnostics.ProcessStartInfo]::new($Pwsh)
            foreach ($argument in @($PwshPrefix) + @('-NoProfile', '-NonInteractive', '-Command', ". '$file'")) { $start.ArgumentList.Add($argument) }
            foreach ($name in @($start.Environment.Keys)) {
                if ($name -match '^(TF_BUILD|GITHUB_|AGENT_|RUNNER_|SYSTEM_|BUILD_|CI$)') { $null = $start.Environment.Remove($name) }
            }
            $start.Environment['GITHUB_ACTIONS'] = 'true'
            $start.Environment['NO_COLOR'] = '1'
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [Diagnostics.Process]::Start($start)
            $stderr = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEnd()
            $process.WaitForExit()
            @(($stdout + "`n" + $stderr.Result) -split '\r?\n')
        }
    }

    It 'Assert-CodeSigningPolicy: the gate error shows a denied name on one line' {
        # The PolicyGateFailed message lists the denied file without its raw line breaks
        # (for example as [U+000A], as the reports do), so no line of the error starts a runner command.
        $failure = $null
        try {
            Assert-CodeSigningPolicy -Path $Scripts -Root $Root -Policy $Policy -Environment prod -CiProvider None -ErrorAction Stop | Out-Null
        }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyGateFailed*'
        Select-CommandLine $failure.Exception.Message | Should -BeNullOrEmpty
    }

    It 'Get-CodeSignature: a missing hostile path is named on one line' {
        # The PathNotFound message shows the path without raw line breaks.
        $failure = $null
        try { Get-CodeSignature -LiteralPath "$File.missing" -CiProvider None -ErrorAction Stop | Out-Null }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        Select-CommandLine $failure.Exception.Message | Should -BeNullOrEmpty
    }

    It 'Set-CodeSignature: verbose lines show a signed name on one line' {
        # 'Signed ...' and the ShouldProcess target name the file without raw line breaks.
        $folder = Join-Path $TestDrive 'sign'
        $null = New-Item -ItemType Directory -Path $folder
        [IO.File]::WriteAllText((Join-Path $folder $Name), "Write-Output 2`n")
        [IO.File]::WriteAllText((Join-Path $folder "copy`n::set-output name=q::w`n.ps1"), "Write-Output 3`n")
        $verbose = Set-CodeSignature -Path $folder -Recurse -Certificate $Signer -Force -CiProvider None -Verbose 4>&1 |
            Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        @($verbose).Count | Should -BeGreaterThan 0
        Select-CommandLine @($verbose | ForEach-Object Message) | Should -BeNullOrEmpty
    }

    It 'GitHub Actions step: no output line of a verbose signing run is a workflow command' {
        # The only workflow commands are the module's own annotations (::error/::warning).
        $lines = Invoke-GitHubStep -Script @"
`$signer = New-CodeSigningCertificate -Subject 'CN=Step Signer' -ValidityDays 3
Set-CodeSignature -Path '$($Scripts.Replace("'", "''"))' -Recurse -Certificate `$signer -Force -Verbose | Out-Null
"@
        $commands = @($lines | Where-Object { $_.TrimStart().StartsWith('::') } |
            Where-Object { $_ -notlike '::error *' -and $_ -notlike '::warning *' -and $_ -notlike '::add-mask::*' })
        $commands | Should -BeNullOrEmpty
    }

    It 'Azure Pipelines: the gate error output holds no second command' {
        # The agent runs '##vso[' wherever it appears in a line, so a file name holding it must be
        # written in every message in a form the agent does not read (only the module's own
        # command lines may hold '##vso[').
        # No line other than the module's commands contains '##vso['.
        $failure = $null
        try {
            Assert-CodeSigningPolicy -Path $Scripts -Root $Root -Policy $Policy -Environment prod -CiProvider None -ErrorAction Stop | Out-Null
        }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.Exception.Message | Should -Not -Match '##vso\['
    }
}

Describe 'The GitHub Actions guide as a newcomer runs it' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        # The checkout the guide assumes: scripts/ and codesign/policy.yaml with its trust anchor.
        $script:Checkout = Join-Path $TestDrive 'checkout'
        $null = New-Item -ItemType Directory -Path (Join-Path $Checkout 'scripts'), (Join-Path $Checkout 'codesign/trust')
        [IO.File]::WriteAllText((Join-Path $Checkout 'scripts/Deploy.ps1'), "Write-Output 'deploy'`n")
        $ca = New-CodeSigningCertificate -Subject 'CN=Guide Root' -CertificateAuthority -ValidityDays 3
        [IO.File]::WriteAllText((Join-Path $Checkout 'codesign/trust/root.pem'), $ca.ExportCertificatePem())
        [IO.File]::WriteAllText((Join-Path $Checkout 'codesign/policy.yaml'), @"
version: 1
trustStores:
  release-ca: { role: codeSigning, class: enterprise, certificates: [trust/root.pem] }
publishers:
  release: { trustStores: [release-ca], subject: { CN: Guide Publisher } }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [release]
environments:
  dev: { mode: audit }
  prod: { extends: dev, mode: enforce }
"@)

        # The prod gate's script as the guide's main workflow writes it: the Assert-CodeSigningPolicy
        # line whose reports go to .../prod, with its continuation line.
        $guide = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../docs/pipelines/github-actions.md') -Raw
        $match = [regex]::Match($guide, '(?m)^[ \t]*(Assert-CodeSigningPolicy [^\r\n]*-Environment prod[^\r\n]*`)\r?\n[ \t]*([^\r\n]*codesign-reports/prod[^\r\n]*)')
        $script:GateScript = if ($match.Success) { $match.Groups[1].Value.TrimEnd('`') + ' ' + $match.Groups[2].Value } else { $null }
    }

    It 'gives code scanning repository paths for the prod gate''s findings' {
        # The guide says the reports carry 'the repository's paths and code scanning can show each
        # finding on its file'; reports.md says to use the checkout as -Root for that. Code scanning
        # reads a relative artifactLocation.uri as a path from the repository root.
        # The finding on scripts/Deploy.ps1 has the uri 'scripts/Deploy.ps1'.
        $GateScript | Should -Not -BeNullOrEmpty
        $runnerTemp = Join-Path $TestDrive 'runner-temp'
        $null = New-Item -ItemType Directory -Path $runnerTemp -Force
        $saved = $env:RUNNER_TEMP
        Push-Location $Checkout
        try {
            $env:RUNNER_TEMP = $runnerTemp
            try { & ([scriptblock]::Create($GateScript + ' -CiProvider None -InformationAction SilentlyContinue -ErrorAction Stop')) | Out-Null } catch { $null = $_ }
        }
        finally {
            Pop-Location
            $env:RUNNER_TEMP = $saved
        }
        $sarif = Get-Content -LiteralPath (Join-Path $runnerTemp 'codesign-reports/prod/Assert-CodeSigningPolicy.sarif') -Raw | ConvertFrom-Json
        $uris = @($sarif.runs[0].results | ForEach-Object { $_.locations[0].physicalLocation.artifactLocation.uri })
        $uris | Should -Contain 'scripts/Deploy.ps1'
    }
}

Describe 'Control characters in annotation messages' -Skip:$SkipLineBreaks {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $script:Folder = Join-Path $TestDrive 'escapes'
        $null = New-Item -ItemType Directory -Path $Folder
        # Terminal escapes that erase the line and move the cursor, then text that looks like a verdict.
        [IO.File]::WriteAllText((Join-Path $Folder "a`e[2K`e[1Gall signed`a.ps1"), "Write-Output 1`n")
    }

    It '<Provider>: the message shows control characters as code points, as the reports do' -ForEach @(
        @{ Provider = 'AzurePipelines'; Separator = ']' }
        @{ Provider = 'GitHubActions'; Separator = '::' }
    ) {
        # The annotation's message holds no C0 control character; reports.md writes them
        # as [U+001B], and the run page should not get raw terminal escapes from a file name.
        $lines = @(Get-CodeSignature -Path $Folder -Recurse -CiProvider $Provider 6>&1 |
            Where-Object { $_ -is [Management.Automation.InformationRecord] } | ForEach-Object { "$_" } |
            Where-Object { $_ -like '##vso`[task.logissue *' -or $_ -like '::error *' })
        $lines.Count | Should -Be 1
        $message = $lines[0].Substring($lines[0].IndexOf($Separator, 2) + $Separator.Length)
        $message | Should -Not -Match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]'
    }
}

Describe 'An Azure Pipelines secret that was never defined' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force
        $script:Target = Join-Path $TestDrive 'macro.ps1'
        [IO.File]::WriteAllText($Target, "Write-Output 1`n")
    }

    It 'names the undefined pipeline variable instead of asking for base64' {
        # When a step maps 'CODESIGN_PFX_BASE64: $(codesign-pfx)' and no variable 'codesign-pfx'
        # exists (variable group not linked, Key Vault task skipped or its filter misspelt), the agent
        # passes the text '$(codesign-pfx)' as it is. That text can never be base64.
        # SecretVariableNotSet (the docs' error for a variable with no value), saying that
        # the pipeline variable behind it is not defined for this step.
        $saved = $env:CODESIGN_PFX_BASE64
        $env:CODESIGN_PFX_BASE64 = '$(codesign-pfx)'
        $failure = $null
        try {
            Set-CodeSignature -LiteralPath $Target -CertificateBase64Variable CODESIGN_PFX_BASE64 -CiProvider AzurePipelines `
                -InformationAction SilentlyContinue -ErrorAction Stop | Out-Null
        }
        catch { $failure = $_ }
        finally { $env:CODESIGN_PFX_BASE64 = $saved }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'SecretVariableNotSet*'
    }
}

Describe 'The project''s own test run inside a pipeline job' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
        $script:ModulePath = Get-CodeSignPSModulePath
        $script:PesterPath = Split-Path -Parent (Split-Path -Parent (Get-Module Pester).Path)

        # A stand-in for tests/Pester: one test that calls a reporting cmdlet without -CiProvider, as
        # most of the suite's tests do, on a file that is not signed.
        $script:FakeRoot = Join-Path $TestDrive 'fake-root'
        $null = New-Item -ItemType Directory -Path (Join-Path $FakeRoot 'tests/Pester'), (Join-Path $FakeRoot 'build'), (Join-Path $FakeRoot 'results')
        Copy-Item -LiteralPath (Join-Path $RepositoryRoot 'build/Invoke-PesterRun.ps1') -Destination (Join-Path $FakeRoot 'build')
        [IO.File]::WriteAllText((Join-Path $FakeRoot 'tests/Pester/Unsigned.Tests.ps1'), @'
Describe 'an unsigned file' {
    It 'is reported as not signed' {
        Import-Module $env:CODESIGNPS_MODULE_PATH -Force
        $file = Join-Path $TestDrive 'plain.ps1'
        [IO.File]::WriteAllText($file, "Write-Output 1`n")
        (Get-CodeSignature -LiteralPath $file).Status | Should -Be 'NotSigned'
    }
}
'@)

        $script:Pwsh = [Environment]::ProcessPath
        $script:PwshPrefix = if ([IO.Path]::GetFileNameWithoutExtension($Pwsh) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    }

    It 'under <Runner>, writes no log command of the tested cmdlets to the job' -ForEach @(
        @{ Runner = 'Azure Pipelines'; Variable = 'TF_BUILD'; Value = 'True'; Pattern = '^##vso\[task\.(logissue|uploadsummary|complete)' }
        @{ Runner = 'GitHub Actions'; Variable = 'GITHUB_ACTIONS'; Value = 'true'; Pattern = '^::(error|warning) ' }
    ) {
        # azure-pipelines.yml and .github/workflows/ci.yml run build.ps1 -Task Test on Windows
        # directly in the job, so TF_BUILD or GITHUB_ACTIONS reaches the Pester run. The cmdlets under
        # test then take the job for their own: every denied or unsigned file a test makes becomes an
        # error annotation on the project's run, every command attaches a summary (Azure) or appends
        # to the step summary (GitHub, which drops a step summary over 1 MiB).
        # The Pester run hides the runner from the module under test; no annotation
        # reaches the job and the step summary stays empty.
        $summary = Join-Path $TestDrive "summary-$Variable.md"
        [IO.File]::WriteAllText($summary, '')
        $script = @"
. '$RepositoryRoot/build/Common.ps1'
. '$RepositoryRoot/build/Test.ps1'
`$paths = [pscustomobject]@{ Root = '$FakeRoot'; Module = '$ModulePath'; TestResults = '$FakeRoot/results' }
`$tools = [pscustomobject]@{ Pester = '$PesterPath'; YamlDotNet = '$FakeRoot' }
`$null = Invoke-PesterTests -Paths `$paths -Tools `$tools
"@
        $start = [Diagnostics.ProcessStartInfo]::new($Pwsh)
        foreach ($argument in @($PwshPrefix) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $start.ArgumentList.Add($argument) }
        foreach ($name in @($start.Environment.Keys)) {
            if ($name -match '^(TF_BUILD|GITHUB_|AGENT_|RUNNER_|SYSTEM_|BUILD_)') { $null = $start.Environment.Remove($name) }
        }
        $start.Environment[$Variable] = $Value
        $start.Environment['GITHUB_STEP_SUMMARY'] = $summary
        $start.Environment['AGENT_TEMPDIRECTORY'] = $TestDrive
        $start.Environment['NO_COLOR'] = '1'
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($start)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $lines = @(($stdout + "`n" + $stderr.Result) -split '\r?\n' | ForEach-Object { $_ -replace '\x1b\[[0-9;]*m', '' })

        # The stand-in test must have run and passed, or the check below proves nothing.
        ($lines -join "`n") | Should -Match 'Tests Passed: 1'
        @($lines | Where-Object { $_ -match $Pattern }) | Should -BeNullOrEmpty
        (Get-Item -LiteralPath $summary).Length | Should -Be 0
    }
}
