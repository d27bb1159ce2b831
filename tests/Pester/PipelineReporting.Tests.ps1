#Requires -Version 7.4

# End to end through the cmdlets: the log command lines each runner reads, the summary, the step
# result, the reports, and the exit codes of a gate under the wrappers each runner puts around a
# PowerShell step. Expected lines are written out here; the escaping they show is the runners' own
# (Azure Pipelines agent: ; ] CR LF as %3B %5D %0D %0A and % as %AZP25 in properties, % CR LF in
# messages; GitHub runner: % CR LF : , as %25 %0D %0A %3A %2C in properties, % CR LF in messages).

Describe 'Pipeline reporting' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'PolicyEvaluationFixture.psm1') -Force
        $script:ModulePath = Get-CodeSignPSModulePath
        Import-Module $script:ModulePath -Force

        $script:Fixture = New-PolicyFixture -Directory (Join-Path $TestDrive 'fixture')

        # Commands here run with -CiProvider; the runner's own folders must not receive their summaries
        # when this suite itself runs in a pipeline.
        $script:SavedVariables = @{}
        foreach ($name in 'AGENT_TEMPDIRECTORY', 'RUNNER_TEMP', 'GITHUB_STEP_SUMMARY') {
            $SavedVariables[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:AGENT_TEMPDIRECTORY = Join-Path $TestDrive 'agent-temp'
        $null = New-Item -ItemType Directory -Path $env:AGENT_TEMPDIRECTORY
        $script:Gate = @{ Policy = $Fixture.PolicyPath; Root = $Fixture.Root; InformationAction = 'SilentlyContinue' }

        # Started through 'dotnet pwsh', this process is dotnet itself and needs pwsh.dll first.
        $script:Pwsh = [Environment]::ProcessPath
        $script:PwshPrefix = if ([IO.Path]::GetFileNameWithoutExtension($Pwsh) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

        # The log command lines a command wrote to the information stream; with -Issues only the annotations.
        function Select-PipelineLine {
            param([object[]] $Records, [switch] $Issues)
            @($Records | Where-Object { $_ -is [Management.Automation.InformationRecord] -and $_.Tags -contains 'CodeSignPS.Pipeline' } |
                ForEach-Object { "$($_.MessageData)" } |
                Where-Object { -not $Issues -or $_ -like '##vso`[task.logissue *' -or $_ -like '::error *' -or $_ -like '::warning *' })
        }

        # Message escaping, written independently of the module: Azure reads %AZP25, %0D and %0A back, GitHub %25, %0D and %0A.
        function ConvertTo-AzureData([string] $Text) { $Text.Replace('%', '%AZP25').Replace("`r", '%0D').Replace("`n", '%0A') }
        function ConvertTo-GitHubData([string] $Text) { $Text.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A') }

        # Runs a script in a fresh pwsh whose environment has no runner variables except -Environment.
        # -Wrapper: File (pwsh -File), Command (pwsh -Command with the script text), AzurePipelines or
        # GitHubActions (the script wrapped as each runner wraps an inline PowerShell step).
        function Invoke-ChildPwsh {
            param(
                [Parameter(Mandatory)] [string] $Script,
                [hashtable] $Environment = @{},
                [ValidateSet('File', 'Command', 'AzurePipelines', 'GitHubActions')] [string] $Wrapper = 'File'
            )

            $folder = Join-Path $TestDrive ('child-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $folder
            $body = "Import-Module '$($ModulePath.Replace("'", "''"))'`n" + $Script
            $file = Join-Path $folder 'step.ps1'
            switch ($Wrapper) {
                # PowerShell@2 (errorActionPreference defaults to stop) and steps.pwsh: the preference, the script, then exit $LASTEXITCODE when set.
                'AzurePipelines' {
                    $body = "`$ErrorActionPreference = 'stop'`n" + $body + "`nif (!(Test-Path -LiteralPath variable:\LASTEXITCODE)) {`n    Write-Host '##vso[task.debug]`$LASTEXITCODE is not set.'`n} else {`n    exit `$LASTEXITCODE`n}"
                }
                # shell: pwsh prepends the preference and appends the exit code line.
                'GitHubActions' {
                    $body = "`$ErrorActionPreference = 'stop'`n" + $body + "`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }"
                }
            }
            [IO.File]::WriteAllText($file, $body)

            $start = [Diagnostics.ProcessStartInfo]::new($Pwsh)
            foreach ($argument in @($PwshPrefix) + @('-NoProfile', '-NonInteractive')) { $start.ArgumentList.Add($argument) }
            if ($Wrapper -eq 'File') {
                $start.ArgumentList.Add('-File'); $start.ArgumentList.Add($file)
            }
            elseif ($Wrapper -eq 'Command') {
                $start.ArgumentList.Add('-Command'); $start.ArgumentList.Add($body)
            }
            else {
                $start.ArgumentList.Add('-Command'); $start.ArgumentList.Add(". '$file'")
            }

            foreach ($name in @($start.Environment.Keys)) {
                if ($name -match '^(TF_BUILD|GITHUB_|AGENT_|RUNNER_|SYSTEM_|BUILD_|CI$)') { $null = $start.Environment.Remove($name) }
            }
            foreach ($pair in $Environment.GetEnumerator()) { $start.Environment[$pair.Key] = $pair.Value }
            $start.Environment['NO_COLOR'] = '1'

            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $start.WorkingDirectory = $folder

            $process = [Diagnostics.Process]::Start($start)
            $stderr = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEnd()
            $process.WaitForExit()
            [pscustomobject]@{
                ExitCode = $process.ExitCode
                Lines    = @($stdout -split '\r?\n' | Where-Object { $_ })
                StdErr   = $stderr.Result
            }
        }
    }

    AfterAll {
        foreach ($pair in $SavedVariables.GetEnumerator()) {
            [Environment]::SetEnvironmentVariable($pair.Key, $pair.Value)
        }
    }

    Context 'Lines for hostile file names' {
        BeforeAll {
            $script:Hostile = Join-Path $TestDrive 'hostile'
            $null = New-Item -ItemType Directory -Path $Hostile
            # The folder part of the path must need no escaping, so the expected lines below can spell it out.
            $Hostile | Should -Not -Match '[;\]%,:\r\n]'
            $script:Names = @('a;b]c%d,e:f.ps1')
            if (-not $IsWindows) {
                $Names += "two`nlines.ps1", "cr`r`nlf.ps1"
            }
            foreach ($name in $Names) {
                [IO.File]::WriteAllText((Join-Path $Hostile $name), "Write-Output 'x'`n")
            }
        }

        It 'writes the exact Azure Pipelines line for an unsigned file named a;b]c%d,e:f.ps1' {
            Push-Location -LiteralPath $Hostile
            try {
                $result = Get-CodeSignature -LiteralPath (Join-Path $Hostile 'a;b]c%d,e:f.ps1') -CiProvider AzurePipelines -InformationVariable records
            }
            finally { Pop-Location }

            $expected = "##vso[task.logissue type=error;sourcepath=$Hostile/a%3Bb%5Dc%AZP25d,e:f.ps1;code=NotSigned;]" +
                'a;b]c%AZP25d,e:f.ps1: NotSigned: ' + (ConvertTo-AzureData $result.StatusMessage)
            Select-PipelineLine $records -Issues | Should -Be @($expected)
        }

        It 'writes the exact GitHub Actions line for an unsigned file named a;b]c%d,e:f.ps1' {
            Push-Location -LiteralPath $Hostile
            try {
                $result = Get-CodeSignature -LiteralPath (Join-Path $Hostile 'a;b]c%d,e:f.ps1') -CiProvider GitHubActions -InformationVariable records
            }
            finally { Pop-Location }

            $expected = "::error file=$Hostile/a;b]c%25d%2Ce%3Af.ps1,title=NotSigned::" +
                'a;b]c%25d,e:f.ps1: NotSigned: ' + (ConvertTo-GitHubData $result.StatusMessage)
            Select-PipelineLine $records -Issues | Should -Be @($expected)
        }

        It 'escapes LF and CRLF in file names for both runners' -Skip:$IsWindows {
            Push-Location -LiteralPath $Hostile
            try {
                $azure = Get-CodeSignature -LiteralPath (Join-Path $Hostile "two`nlines.ps1") -CiProvider AzurePipelines -InformationVariable azureRecords
                $github = Get-CodeSignature -LiteralPath (Join-Path $Hostile "cr`r`nlf.ps1") -CiProvider GitHubActions -InformationVariable githubRecords
            }
            finally { Pop-Location }

            Select-PipelineLine $azureRecords -Issues | Should -Be @(
                "##vso[task.logissue type=error;sourcepath=$Hostile/two%0Alines.ps1;code=NotSigned;]two%0Alines.ps1: NotSigned: " + (ConvertTo-AzureData $azure.StatusMessage))
            Select-PipelineLine $githubRecords -Issues | Should -Be @(
                "::error file=$Hostile/cr%0D%0Alf.ps1,title=NotSigned::cr%0D%0Alf.ps1: NotSigned: " + (ConvertTo-GitHubData $github.StatusMessage))
        }

        It 'writes a signing failure of a hostile file before its error, in both runners' {
            $path = Join-Path $Hostile 'a;b]c%d,e:f.ps1'
            $link = Join-Path $TestDrive 'second-link.ps1'
            $null = New-Item -ItemType HardLink -Path $link -Target $path
            try {
                Push-Location -LiteralPath $Hostile
                try {
                    Set-CodeSignature -LiteralPath $path -Certificate $Fixture.Release -CiProvider AzurePipelines -InformationVariable azureRecords -ErrorVariable azureErrors -ErrorAction SilentlyContinue
                    Set-CodeSignature -LiteralPath $path -Certificate $Fixture.Release -CiProvider GitHubActions -InformationVariable githubRecords -ErrorVariable githubErrors -ErrorAction SilentlyContinue
                }
                finally { Pop-Location }
            }
            finally { Remove-Item -LiteralPath $link }

            $azureErrors[0].FullyQualifiedErrorId | Should -BeLike 'FileHasHardLinks,*'
            $message = $azureErrors[0].Exception.Message
            Select-PipelineLine $azureRecords -Issues | Should -Be @(
                "##vso[task.logissue type=error;sourcepath=$Hostile/a%3Bb%5Dc%AZP25d,e:f.ps1;code=FileHasHardLinks;]a;b]c%AZP25d,e:f.ps1: SigningFailed: " + (ConvertTo-AzureData $message))
            Select-PipelineLine $githubRecords -Issues | Should -Be @(
                "::error file=$Hostile/a;b]c%25d%2Ce%3Af.ps1,title=FileHasHardLinks::a;b]c%25d,e:f.ps1: SigningFailed: " + (ConvertTo-GitHubData $githubErrors[0].Exception.Message))
        }

        It 'prints the lines on the stdout of pwsh -File even when the output is captured, and 6>&1 captures them' {
            $path = (Join-Path $Hostile 'a;b]c%d,e:f.ps1').Replace("'", "''")
            $script = @"
Set-Location -LiteralPath '$($Hostile.Replace("'", "''"))'
`$results = Get-CodeSignature -LiteralPath '$path' -CiProvider GitHubActions
`$captured = @(Get-CodeSignature -LiteralPath '$path' -CiProvider GitHubActions 6>&1 | Where-Object { `$_ -is [Management.Automation.InformationRecord] })
'captured: ' + `$captured.Count + ' ' + `$captured[0].MessageData
"@
            $run = Invoke-ChildPwsh -Script $script

            $run.ExitCode | Should -Be 0
            $line = "::error file=$Hostile/a;b]c%25d%2Ce%3Af.ps1,title=NotSigned::a;b]c%25d,e:f.ps1: NotSigned: "
            @($run.Lines | Where-Object { $_.StartsWith('::error') }).Count | Should -Be 1
            $run.Lines[0] | Should -BeLike "$([WildcardPattern]::Escape($line))*"
            $run.Lines[-1] | Should -BeLike "captured: 1 $([WildcardPattern]::Escape($line))*"
        }
    }

    Context 'Runner detection' {
        BeforeAll {
            $unsigned = $Fixture.Paths.Unsigned.Replace("'", "''")
            $script:DetectScript = "Get-CodeSignature -LiteralPath '$unsigned' | Out-Null"
            $script:NoneScript = "Get-CodeSignature -LiteralPath '$unsigned' -CiProvider None | Out-Null"
        }

        It 'writes Azure Pipelines lines when TF_BUILD is True' {
            $run = Invoke-ChildPwsh -Script $DetectScript -Environment @{ TF_BUILD = 'True' }
            @($run.Lines | Where-Object { $_.StartsWith('##vso[task.logissue type=error;') }).Count | Should -Be 1
            @($run.Lines | Where-Object { $_.StartsWith('::') }).Count | Should -Be 0
        }

        It 'writes GitHub Actions lines when GITHUB_ACTIONS is true' {
            $run = Invoke-ChildPwsh -Script $DetectScript -Environment @{ GITHUB_ACTIONS = 'true' }
            @($run.Lines | Where-Object { $_.StartsWith('::error file=') }).Count | Should -Be 1
            @($run.Lines | Where-Object { $_.StartsWith('##vso[') }).Count | Should -Be 0
        }

        It 'writes no lines outside a pipeline' {
            $run = Invoke-ChildPwsh -Script $DetectScript
            $run.Lines | Should -BeNullOrEmpty
        }

        It 'writes no lines with -CiProvider None, also on a runner' {
            $azure = Invoke-ChildPwsh -Script $NoneScript -Environment @{ TF_BUILD = 'True'; AGENT_TEMPDIRECTORY = $TestDrive }
            $github = Invoke-ChildPwsh -Script $NoneScript -Environment @{ GITHUB_ACTIONS = 'true' }
            $azure.Lines | Should -BeNullOrEmpty
            $github.Lines | Should -BeNullOrEmpty
        }
    }

    Context 'Summary and step result' {
        BeforeEach {
            $script:SavedTemp = $env:AGENT_TEMPDIRECTORY
            $script:SavedSummary = $env:GITHUB_STEP_SUMMARY
            $script:AgentTemp = Join-Path $TestDrive ('agent-' + [guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $AgentTemp
            $env:AGENT_TEMPDIRECTORY = $AgentTemp
        }

        AfterEach {
            $env:AGENT_TEMPDIRECTORY = $SavedTemp
            $env:GITHUB_STEP_SUMMARY = $SavedSummary
        }

        It 'uploads the Markdown summary from a new file in AGENT_TEMPDIRECTORY' {
            $report = Join-Path $AgentTemp 'report.md'
            try {
                Assert-CodeSigningPolicy @Gate -Environment staging -LiteralPath $Fixture.Paths.Unsigned -CiProvider AzurePipelines -ReportPath $report -ReportFormat Markdown -InformationVariable records | Out-Null
            }
            catch { $null = $_ }

            $upload = @(Select-PipelineLine $records | Where-Object { $_.StartsWith('##vso[task.uploadsummary]') })
            $upload.Count | Should -Be 1
            $summary = $upload[0].Substring('##vso[task.uploadsummary]'.Length)
            Split-Path $summary -Parent | Should -Be $AgentTemp
            Test-Path -LiteralPath $summary | Should -BeTrue
            Get-Content -LiteralPath $summary -Raw | Should -BeExactly (Get-Content -LiteralPath $report -Raw)
            Get-Content -LiteralPath $summary -Raw | Should -Match 'Unsigned\.ps1'
        }

        It 'appends the summary to GITHUB_STEP_SUMMARY without overwriting it' {
            $env:GITHUB_STEP_SUMMARY = Join-Path $AgentTemp 'step_summary.md'
            [IO.File]::WriteAllText($env:GITHUB_STEP_SUMMARY, "# Build`n")

            Assert-CodeSigningPolicy @Gate -Environment staging -LiteralPath $Fixture.Paths.Good -CiProvider GitHubActions | Out-Null
            $first = Get-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Raw
            Get-CodeSignature -LiteralPath $Fixture.Paths.Good -CiProvider GitHubActions | Out-Null
            $second = Get-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Raw

            $first | Should -BeLike "# Build`n`n*Assert-CodeSigningPolicy*"
            $second.StartsWith($first) | Should -BeTrue
            $second.Substring($first.Length) | Should -BeLike "*Get-CodeSignature*"
        }

        It 'marks a warn-only run SucceededWithIssues on Azure Pipelines' {
            # dev is in audit mode: the unsigned file is an Audit decision, a warning.
            Assert-CodeSigningPolicy @Gate -Environment dev -LiteralPath $Fixture.Paths.Unsigned -CiProvider AzurePipelines -InformationVariable records | Out-Null

            $lines = Select-PipelineLine $records
            $lines[0] | Should -BeLike '##vso`[task.logissue type=warning;*code=unsigned;`]scripts/Unsigned.ps1: Audit: *'
            $lines[-1] | Should -Be '##vso[task.complete result=SucceededWithIssues;]Assert-CodeSigningPolicy found warnings and no failures.'
        }

        It 'does not mark a clean or a failed run SucceededWithIssues' {
            Assert-CodeSigningPolicy @Gate -Environment staging -LiteralPath $Fixture.Paths.Good -CiProvider AzurePipelines -InformationVariable clean | Out-Null
            try {
                Assert-CodeSigningPolicy @Gate -Environment staging -LiteralPath $Fixture.Paths.Unsigned -CiProvider AzurePipelines -InformationVariable failed | Out-Null
            }
            catch { $null = $_ }

            Select-PipelineLine $clean | Where-Object { $_ -like '*task.complete*' } | Should -BeNullOrEmpty
            Select-PipelineLine $failed | Where-Object { $_ -like '*task.complete*' } | Should -BeNullOrEmpty
            Select-PipelineLine $failed | Where-Object { $_ -like '##vso`[task.logissue type=error;*' } | Should -HaveCount 1
        }
    }

    Context 'Policy file errors' {
        BeforeAll {
            $script:BadPolicy = Join-Path $TestDrive 'bad;policy,1.yaml'
            [IO.File]::WriteAllText($BadPolicy, "version: 1`nrulez: []`nenvironments:`n  prod: { mode: sometimes }`n")
        }

        It 'writes one line per policy error with its line and column, for both runners' {
            $azureFailure = $null
            $githubFailure = $null
            try { Test-CodeSigningPolicy -Policy $BadPolicy -Environment prod -LiteralPath $Fixture.Paths.Good -CiProvider AzurePipelines -InformationVariable azure } catch { $azureFailure = $_ }
            try { Test-CodeSigningPolicy -Policy $BadPolicy -Environment prod -LiteralPath $Fixture.Paths.Good -CiProvider GitHubActions -InformationVariable github } catch { $githubFailure = $_ }

            $azureFailure.FullyQualifiedErrorId | Should -BeLike 'PolicyInvalid,*'
            $errors = @($azureFailure.Exception.Errors)
            $errors.Count | Should -BeGreaterThan 0
            $folder = Split-Path $BadPolicy -Parent
            $expectedAzure = $errors | ForEach-Object {
                "##vso[task.logissue type=error;sourcepath=$folder/bad%3Bpolicy,1.yaml;linenumber=$($_.Line);columnnumber=$($_.Column);code=$($_.Code);]" + (ConvertTo-AzureData $_.Message)
            }
            $expectedGitHub = @($githubFailure.Exception.Errors) | ForEach-Object {
                "::error file=$folder/bad;policy%2C1.yaml,line=$($_.Line),col=$($_.Column),title=$($_.Code)::" + (ConvertTo-GitHubData $_.Message)
            }
            Select-PipelineLine $azure | Where-Object { $_.StartsWith('##vso[task.logissue') } | Should -Be @($expectedAzure)
            Select-PipelineLine $github | Where-Object { $_.StartsWith('::error') } | Should -Be @($expectedGitHub)
            $errors[0].Line | Should -Be 2
        }

        It 'writes a report holding the policy errors as run issues' {
            $report = Join-Path $TestDrive 'bad-policy.json'
            try { Assert-CodeSigningPolicy -Policy $BadPolicy -Environment prod -LiteralPath $Fixture.Paths.Good -CiProvider None -ReportPath $report -ReportFormat Json } catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyInvalid,*'
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            $json.failed | Should -BeTrue
            $json.runIssues.Count | Should -Be @($failure.Exception.Errors).Count
            $json.runIssues[0].line | Should -Be 2
        }
    }

    Context 'Reports' {
        It 'writes JUnit when -ReportPath is given alone' {
            $report = Join-Path $TestDrive 'alone.xml'
            Get-CodeSignature -LiteralPath $Fixture.Paths.Good, $Fixture.Paths.Unsigned -ReportPath $report -CiProvider None | Out-Null
            ([xml](Get-Content -LiteralPath $report -Raw)).SelectNodes('//testcase').Count | Should -Be 2
        }

        It 'writes one file per format into the folder when several formats are given' {
            $folder = Join-Path $TestDrive 'several'
            Get-CodeSignature -LiteralPath $Fixture.Paths.Good -ReportPath $folder -ReportFormat JUnit, Sarif, Markdown, Json -CiProvider None | Out-Null
            (Get-ChildItem -LiteralPath $folder -File).Count | Should -Be 4
        }

        It 'rejects -ReportFormat without -ReportPath, naming what to add' {
            $failure = $null
            try { Get-CodeSignature -LiteralPath $Fixture.Paths.Good -ReportFormat Sarif -CiProvider None } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'ReportFormatWithoutReportPath,*'
            $failure.Exception.Message | Should -Match 'Add -ReportPath'
        }

        It 'reports Signed, AlreadySigned and SigningFailed items for Set-CodeSignature' {
            $folder = Join-Path $TestDrive 'signing'
            $null = New-Item -ItemType Directory -Path $folder
            $fresh = Join-Path $folder 'fresh.ps1'
            $again = Join-Path $folder 'again.ps1'
            $linked = Join-Path $folder 'linked.ps1'
            foreach ($path in $fresh, $again, $linked) { [IO.File]::WriteAllText($path, "Write-Output 'x'`n") }
            Set-CodeSignature -LiteralPath $again -Certificate $Fixture.Release | Out-Null
            $null = New-Item -ItemType HardLink -Path (Join-Path $TestDrive 'linked-twin.ps1') -Target $linked
            $report = Join-Path $TestDrive 'signing.json'

            Set-CodeSignature -LiteralPath $fresh, $again, $linked -Certificate $Fixture.Release -SkipIfSigned -ReportPath $report -ReportFormat Json -CiProvider None -ErrorAction SilentlyContinue

            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            ($json.items | Where-Object { $_.path -eq $fresh }).status | Should -Be 'Signed'
            ($json.items | Where-Object { $_.path -eq $again }).status | Should -Be 'AlreadySigned'
            ($json.items | Where-Object { $_.path -eq $linked }).status | Should -Be 'SigningFailed'
            $json.failed | Should -BeTrue
        }

        It 'keeps the line and writes the report when $ErrorActionPreference Stop turns a file error into an exception' {
            $path = Join-Path $TestDrive 'stop.ps1'
            [IO.File]::WriteAllText($path, "Write-Output 'x'`n")
            $null = New-Item -ItemType HardLink -Path (Join-Path $TestDrive 'stop-twin.ps1') -Target $path
            $report = Join-Path $TestDrive 'stop.xml'
            $failure = $null

            try {
                $ErrorActionPreference = 'Stop'
                Set-CodeSignature -LiteralPath $path -Certificate $Fixture.Release -ReportPath $report -CiProvider GitHubActions -InformationVariable records
            }
            catch { $failure = $_ }
            finally { $ErrorActionPreference = 'Continue' }

            $failure | Should -Not -BeNullOrEmpty
            Select-PipelineLine $records | Should -HaveCount 1
            @(Select-PipelineLine $records)[0] | Should -BeLike '::error file=*stop.ps1,title=FileHasHardLinks::*'
            ([xml](Get-Content -LiteralPath $report -Raw)).SelectNodes('//testcase/failure').Count | Should -Be 1
        }

        It 'writes a line and a run issue for a path that does not exist' {
            $report = Join-Path $TestDrive 'missing-input.json'
            Get-CodeSignature -Path 'no-such-file.ps1', $Fixture.Paths.Good -CiProvider GitHubActions -ReportPath $report -ReportFormat Json -InformationVariable records -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
            Select-PipelineLine $records -Issues | Should -Contain ('::error title=PathNotFound::' + (ConvertTo-GitHubData $errors[0].Exception.Message))
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            $json.runIssues[0].code | Should -Be 'PathNotFound'
            $json.failed | Should -BeTrue
        }

        It 'records an error of the shared file base in the report' {
            $report = Join-Path $TestDrive 'missing-store.json'
            $failure = $null
            try { Get-CodeSignature -LiteralPath $Fixture.Paths.Good -TrustStore (Join-Path $TestDrive 'no-store.pem') -ReportPath $report -ReportFormat Json -CiProvider None } catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -BeLike 'TrustStoreNotFound,*'
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            $json.failed | Should -BeTrue
            $json.runIssues.Count | Should -Be 1
            $json.runIssues[0].code | Should -Be 'TrustStoreNotFound'
        }

        It 'writes no report file with -WhatIf' {
            $report = Join-Path $TestDrive 'what-if.xml'
            Set-CodeSignature -LiteralPath $Fixture.Paths.Unsigned -Certificate $Fixture.Release -ReportPath $report -CiProvider None -WhatIf

            Test-Path -LiteralPath $report | Should -BeFalse
            (Get-CodeSignature -LiteralPath $Fixture.Paths.Unsigned).Status | Should -Be 'NotSigned'
        }

        It 'writes a run issue and the report when the signing key does not open' {
            $report = Join-Path $TestDrive 'no-key.json'
            $missing = Join-Path $TestDrive 'missing.pfx'
            try { Set-CodeSignature -LiteralPath $Fixture.Paths.Good -CertificatePath $missing -ReportPath $report -ReportFormat Json -CiProvider AzurePipelines -InformationVariable records } catch { $failure = $_ }

            $failure | Should -Not -BeNullOrEmpty
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            $json.failed | Should -BeTrue
            $json.runIssues[0].path | Should -Be $missing
            Select-PipelineLine $records | Where-Object { $_.StartsWith("##vso[task.logissue type=error;sourcepath=$missing;") } | Should -HaveCount 1
        }
    }

    Context 'Batches that meet errors' {
        BeforeAll {
            # A script whose signature block is not base64: it passes the checks made as files
            # arrive and fails while the batch signs.
            function New-MalformedScript([string] $Path) {
                [IO.File]::WriteAllText($Path, "Write-Output 'm'`n")
                Set-CodeSignature -LiteralPath $Path -Certificate $Fixture.Release -CiProvider None | Out-Null
                $text = [IO.File]::ReadAllText($Path) -replace '# SIG # Begin signature block\r?\n# ', "# SIG # Begin signature block`n# !!!"
                [IO.File]::WriteAllText($Path, $text)
            }

            function New-BatchFolder([string] $Name) {
                $folder = Join-Path $TestDrive $Name
                $null = New-Item -ItemType Directory -Path $folder
                $folder
            }
        }

        It 'writes the errors of a Set-CodeSignature batch after the batch, in input order' {
            $folder = New-BatchFolder 'ordered'
            $malformed = Join-Path $folder 'a-malformed.ps1'
            New-MalformedScript $malformed
            $linked = Join-Path $folder 'b-linked.ps1'
            [IO.File]::WriteAllText($linked, "Write-Output 'b'`n")
            $null = New-Item -ItemType HardLink -Path (Join-Path $TestDrive 'ordered-twin.ps1') -Target $linked
            $good = Join-Path $folder 'c-good.ps1'
            [IO.File]::WriteAllText($good, "Write-Output 'c'`n")
            $missing = Join-Path $folder 'd-missing.ps1'

            # The hard link fails as the file arrives, the malformed block only in the batch; the
            # errors still come in the order the files were given.
            Set-CodeSignature -LiteralPath $malformed, $linked, $good, $missing -Certificate $Fixture.Release -CiProvider None `
                -ErrorVariable errors -ErrorAction SilentlyContinue | Out-Null

            @($errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('ExistingSignatureMalformed', 'FileHasHardLinks', 'PathNotFound')
            Get-SignatureBlockCount -Path $good | Should -Be 1
        }

        It 'signs and reports every good file before -ErrorAction Stop ends the command at the first error' {
            $folder = New-BatchFolder 'stop-late'
            foreach ($name in 'a', 'c', 'd') { [IO.File]::WriteAllText((Join-Path $folder "$name.ps1"), "Write-Output '$name'`n") }
            New-MalformedScript (Join-Path $folder 'b.ps1')
            $report = Join-Path $TestDrive 'stop-late.json'
            $failure = $null

            try {
                Set-CodeSignature -Path $folder -Recurse -Certificate $Fixture.Release -ThrottleLimit 1 -CiProvider GitHubActions `
                    -ReportPath $report -ReportFormat Json -InformationVariable records -ErrorAction Stop | Out-Null
            }
            catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -BeLike 'ExistingSignatureMalformed,*'
            foreach ($name in 'a', 'c', 'd') { Get-SignatureBlockCount -Path (Join-Path $folder "$name.ps1") | Should -Be 1 }
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            $json.counts.total | Should -Be 4
            $json.counts.failed | Should -Be 1
            @($json.runIssues).Count | Should -Be 0
            Select-PipelineLine $records -Issues | Should -HaveCount 1
        }

        It 'verifies every file before a missing path stops Get-CodeSignature under -ErrorAction Stop' {
            $report = Join-Path $TestDrive 'get-stop-late.json'
            $failure = $null

            try {
                Get-CodeSignature -LiteralPath (Join-Path $TestDrive 'no-such.ps1'), $Fixture.Paths.Good -ReportPath $report -ReportFormat Json `
                    -CiProvider None -ErrorAction Stop -OutVariable results | Out-Null
            }
            catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
            @($results).Count | Should -Be 1
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            @($json.items).Count | Should -Be 1
            $json.runIssues[0].code | Should -Be 'PathNotFound'
        }

        It 'reports how many queued files were not signed when a later command stops the batch' {
            $folder = New-BatchFolder 'first-only'
            foreach ($index in 1..6) { [IO.File]::WriteAllText((Join-Path $folder "f$index.ps1"), "Write-Output $index`n") }
            $report = Join-Path $TestDrive 'first-only.json'

            $first = Set-CodeSignature -Path $folder -Recurse -Certificate $Fixture.Release -ThrottleLimit 1 -PassThru `
                -ReportPath $report -ReportFormat Json -CiProvider None | Select-Object -First 1

            @($first).Count | Should -Be 1
            $json = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json
            $json.failed | Should -BeTrue
            $issue = @($json.runIssues | Where-Object code -eq 'FilesNotProcessed')
            $issue | Should -HaveCount 1
            $issue[0].message | Should -Match "\b$(6 - @($json.items).Count) of the 6 queued file"
        }

        It 'rejects a report path that is an existing file with several formats before any file is signed' {
            $folder = New-BatchFolder 'report-file-early'
            $script = Join-Path $folder 'a.ps1'
            [IO.File]::WriteAllText($script, "Write-Output 1`n")
            $existing = Join-Path $TestDrive 'existing-report.txt'
            [IO.File]::WriteAllText($existing, 'keep')
            $failure = $null

            try { Set-CodeSignature -LiteralPath $script -Certificate $Fixture.Release -ReportPath $existing -ReportFormat JUnit, Json -CiProvider None } catch { $failure = $_ }

            $failure.FullyQualifiedErrorId | Should -BeLike 'ReportPathIsFile,*'
            Get-SignatureBlockCount -Path $script | Should -Be 0
            Get-Content -LiteralPath $existing -Raw | Should -Be 'keep'
        }
    }

    Context 'Exit codes of the gate' {
        BeforeAll {
            $policy = $Fixture.PolicyPath.Replace("'", "''")
            $root = $Fixture.Root.Replace("'", "''")
            $script:Reports = Join-Path $TestDrive 'gate-reports'
            $null = New-Item -ItemType Directory -Path $Reports
            function New-GateScript([string] $File, [string] $Name) {
                $report = (Join-Path $Reports "$Name.xml").Replace("'", "''")
                "Assert-CodeSigningPolicy -Policy '$policy' -Root '$root' -Environment staging -LiteralPath '$($File.Replace("'", "''"))' -ReportPath '$report' | Out-Null"
            }
        }

        It 'exits <Expected> for a <Gate> gate under <Wrapper>' -TestCases @(
            @{ Wrapper = 'AzurePipelines'; Gate = 'passing'; Expected = 0 }
            @{ Wrapper = 'AzurePipelines'; Gate = 'failing'; Expected = 1 }
            @{ Wrapper = 'GitHubActions'; Gate = 'passing'; Expected = 0 }
            @{ Wrapper = 'GitHubActions'; Gate = 'failing'; Expected = 1 }
            @{ Wrapper = 'Command'; Gate = 'passing'; Expected = 0 }
            @{ Wrapper = 'Command'; Gate = 'failing'; Expected = 1 }
        ) {
            $name = "$Wrapper-$Gate"
            $file = if ($Gate -eq 'passing') { $Fixture.Paths.Good } else { $Fixture.Paths.Unsigned }
            $environment = switch ($Wrapper) {
                'AzurePipelines' { @{ TF_BUILD = 'True'; AGENT_TEMPDIRECTORY = $Reports } }
                'GitHubActions' { @{ GITHUB_ACTIONS = 'true' } }
                default { @{} }
            }

            $run = Invoke-ChildPwsh -Script (New-GateScript $file $name) -Environment $environment -Wrapper $Wrapper

            $run.ExitCode | Should -Be $Expected
            Test-Path -LiteralPath (Join-Path $Reports "$name.xml") | Should -BeTrue -Because 'the report is written also when the gate fails'
            if ($Gate -eq 'failing') {
                $run.StdErr | Should -Match 'denies 1'
            }
        }

        It 'runs on after a failed gate under pwsh -File when the step does not set Stop' {
            # A statement-terminating error does not stop a script by itself; both runners set Stop, and plain scripts should too.
            $script = (New-GateScript $Fixture.Paths.Unsigned 'file-failing') + "`n'after the gate'"

            $run = Invoke-ChildPwsh -Script $script -Wrapper File

            $run.ExitCode | Should -Be 0
            $run.Lines[-1] | Should -Be 'after the gate'
        }

        It 'stops at a failed gate under the runners'' wrappers even when statements follow' -TestCases @(
            @{ Wrapper = 'AzurePipelines' }
            @{ Wrapper = 'GitHubActions' }
        ) {
            $script = (New-GateScript $Fixture.Paths.Unsigned "$Wrapper-followed") + "`n'after the gate'"

            $run = Invoke-ChildPwsh -Script $script -Wrapper $Wrapper

            $run.ExitCode | Should -Be 1
            $run.Lines | Should -Not -Contain 'after the gate'
        }
    }
}
