#Requires -Version 7.4
# Plays the pipelines of docs/pipelines/*.md on this machine, first as an Azure Pipelines agent and
# then as a GitHub runner would run them, against a repository, a CA and a signing key minted here,
# and checks what a pipeline author relies on. The steps pass on signed scripts, and the gate fails
# its step on a tampered or unsigned one. The runner gets its annotations, summary and test results,
# and no secret shows up anywhere but in a masking command.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'PipelinePlay.psm1') -Force

    $assembly = Get-PipelineYamlAssembly -BuildFolder (Join-Path $TestDrive 'pipeline-yaml')
    $guides = Get-ChildItem -LiteralPath (Join-Path $PSScriptRoot '../../docs/pipelines') -Filter *.md
    $blocks = @(Read-PipelineYaml -Assembly $assembly -Path $guides.FullName)

    function Find-GuideBlock {
        # The one yaml block of a guide whose text shows the flow, for example the task it uses.
        param([string] $Guide, [string] $Marker)
        $found = @($blocks | Where-Object { (Split-Path -Leaf $_.File) -eq $Guide -and -not $_.Error -and ($_.Document | ConvertTo-Json -Depth 100) -match $Marker })
        if ($found.Count -ne 1) { throw "Expected one yaml block of $Guide with '$Marker'; found $($found.Count)." }
        return $found[0].Document
    }

    # The CodeSignPS package, as the build's package artifact holds it.
    $package = Join-Path $TestDrive 'package'
    $null = New-Item -ItemType Directory -Path $package
    if ($env:CODESIGNPS_PACKAGE_PATH) { Copy-Item -LiteralPath $env:CODESIGNPS_PACKAGE_PATH -Destination $package }
    else { Compress-PSResource -Path (Get-CodeSignPSModulePath) -DestinationPath $package }

    # The signing key: a leaf of a throwaway CA, as a PFX with a password (secure file, repository
    # secret) and without one (a Key Vault certificate read as a secret).
    $ca = New-TestCertificateAuthority -Name 'Example Release'
    $password = "Pfx-$([guid]::NewGuid().ToString('N'))"
    $pfxBytes = $ca.Leaf.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $password)
    $vaultBytes = $ca.Leaf.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx)
    $pfxPath = Join-Path $TestDrive 'codesign.pfx'
    [IO.File]::WriteAllBytes($pfxPath, $pfxBytes)
    $secretTexts = @($password, [Convert]::ToBase64String($pfxBytes), [Convert]::ToBase64String($vaultBytes))

    # The repository the guides assume: scripts/, codesign/policy.yaml and its trust anchor.
    $repository = Join-Path $TestDrive 'repository'
    $null = New-TestScript -Path (Join-Path $repository 'scripts/Deploy.ps1') -Text "param([string] `$Target = 'staging')`nWrite-Output `"Deploying to `$Target`"`n"
    $null = New-TestScript -Path (Join-Path $repository 'scripts/Tools/Tools.psm1')
    $null = New-TestScript -Path (Join-Path $repository 'scripts/Tools/Tools.psd1')
    $null = New-Item -ItemType Directory -Path (Join-Path $repository 'codesign/trust')
    [IO.File]::WriteAllText((Join-Path $repository 'codesign/trust/release-root.pem'), $ca.Root.ExportCertificatePem())
    Set-Content -LiteralPath (Join-Path $repository 'codesign/policy.yaml') -Value @'
version: 1
trustStores:
  release-ca: { role: codeSigning, class: enterprise, certificates: [trust/release-root.pem] }
publishers:
  release:
    trustStores: [release-ca]
    subject: { CN: Example Release Publisher }
defaults:
  checks: { trust: enforce, timestamp: off, expiry: enforce, revocation: off, algorithms: enforce }
  unsigned: deny
rules:
  - name: scripts
    include: ["**/*.ps1", "**/*.psm1", "**/*.psd1"]
    publishers: [release]
    minimumLevel: Internal
environments:
  dev: { mode: audit }
  prod: { extends: dev, mode: enforce }
'@

    # Changes one character of the signed Deploy.ps1 in the artifact, after the signing job.
    $tamper = {
        param([string] $Job, [string] $Store)
        if ($Job -notmatch '^(Sign\.Sign|sign)$') { return }
        $path = Join-Path $Store 'signed-scripts/Deploy.ps1'
        if (-not (Test-Path -LiteralPath $path)) { return }
        $text = [IO.File]::ReadAllText($path)
        [IO.File]::WriteAllText($path, $text.Replace("'staging'", "'stagin9'"), [Text.UTF8Encoding]::new($true))
    }

    # Replaces the signed Deploy.ps1 in the artifact with the unsigned one, after the signing job.
    $unsign = {
        param([string] $Job, [string] $Store)
        if ($Job -notmatch '^(Sign\.Sign|sign)$') { return }
        Copy-Item -LiteralPath (Join-Path $repository 'scripts/Deploy.ps1') -Destination (Join-Path $Store 'signed-scripts/Deploy.ps1') -Force
    }

    function Invoke-GuidePlay {
        param([string] $Runner, [System.Collections.IDictionary] $Document, [string] $Name, [scriptblock] $AfterJob, [string[]] $ToolPath = @())
        $parameters = @{
            Folder      = Join-Path $TestDrive $Name
            Repository  = $repository
            Artifacts   = @{ 'codesignps/CodeSignPS' = $package; 'CodeSignPS' = $package }
            Variables   = @{ CODESIGNPS_REPOSITORY = 'example/CodeSignPS'; CODESIGNPS_RUN_ID = '42' }
            Secrets     = @{ CodeSignPfxPassword = $password; CODESIGN_PFX_BASE64 = [Convert]::ToBase64String($pfxBytes); CODESIGN_PFX_PASSWORD = $password; CODESIGNPS_TOKEN = 'artifact-read-token' }
            SecureFiles = @{ 'codesign.pfx' = $pfxPath }
            KeyVault    = @{ 'codesign-pfx' = [Convert]::ToBase64String($vaultBytes) }
            ToolPath    = $ToolPath
            AfterJob    = $AfterJob
        }
        $run = New-PipelineRun @parameters
        if ($Runner -eq 'Azure') { $null = Invoke-AzurePipelinePlay -Run $run -Document $Document }
        else { $null = Invoke-GitHubWorkflowPlay -Run $run -Document $Document }
        return $run
    }

    function Get-PlayStep {
        param([object] $Run, [string] $Job, [string] $Name)
        $found = @($Run.Steps | Where-Object { $_.Job -like $Job -and $_.Name -eq $Name })
        if ($found.Count -ne 1) { throw "Expected one step '$Name' in job '$Job'; found $($found.Count)." }
        return $found[0]
    }

    function Format-PlayFailure {
        # The steps that did not succeed, with their output, for the message of a failed assertion.
        param([object] $Run)
        ($Run.Steps | Where-Object Result -ne 'Succeeded' | ForEach-Object {
            "[$($_.Job)] $($_.Name): $($_.Result) (exit code $($_.ExitCode))`n  " + ($_.Lines -join "`n  ")
        }) -join "`n"
    }

    function Get-SecretLeak {
        <#
        Every place a secret shows up other than a masking command: log lines, and files of the
        run (artifacts, reports, summaries, temporary folders, homes) other than the secure file the
        agent downloaded. Also any file that holds the PFX itself.
        #>
        param([object] $Run)
        $leaks = [System.Collections.Generic.List[string]]::new()
        foreach ($step in $Run.Steps) {
            foreach ($line in $step.Lines) {
                if ($line -match '^(##vso\[task\.setsecret\]|::add-mask::)') { continue }
                foreach ($secret in $secretTexts) {
                    if ($line.Contains($secret)) { $leaks.Add("log of [$($step.Job)] $($step.Name)") }
                }
            }
        }
        $pfxHashes = @($pfxBytes, $vaultBytes | ForEach-Object { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([byte[]] $_)) })
        $secureFiles = @($Run.Steps | Where-Object { $_.Detail['SecureFile'] } | ForEach-Object { $_.Detail['Path'] })
        foreach ($file in Get-ChildItem -LiteralPath $Run.Folder -Recurse -File -Force) {
            if ($secureFiles -contains $file.FullName) { continue }
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            if ($pfxHashes -contains [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes))) { $leaks.Add("PFX in $($file.FullName)"); continue }
            $text = [Text.Encoding]::Latin1.GetString($bytes)
            foreach ($secret in $secretTexts) {
                if ($text.Contains($secret)) { $leaks.Add("file $($file.FullName)") }
            }
        }
        return $leaks
    }

    function Get-MaskingOrderViolation {
        # A masking command must come before every other line of its step; a value masked after it
        # was used may already be in the log.
        param([object] $Run)
        foreach ($step in $Run.Steps) {
            $seenOther = $false
            foreach ($line in $step.Lines) {
                if ($line -match '^(##vso\[task\.setsecret\]|::add-mask::)') {
                    if ($seenOther -and ($secretTexts | Where-Object { $line.Contains($_) })) { "[$($step.Job)] $($step.Name): a secret is masked after other output" }
                }
                elseif ($line -notmatch '^##\[debug\]') { $seenOther = $true }
            }
        }
    }
}

Describe 'The Azure Pipelines guide' {
    Context 'Sign with a secure-file PFX and gate each environment, on signed scripts' {
        BeforeAll {
            $run = Invoke-GuidePlay -Runner Azure -Document (Find-GuideBlock -Guide 'azure-devops.md' -Marker 'DeployProd') -Name 'azure-pass'
        }

        It 'runs every step, and each succeeds' {
            Format-PlayFailure -Run $run | Should -BeNullOrEmpty
        }

        It 'passes the prod gate with exit code 0 and its JUnit results published' {
            (Get-PlayStep -Run $run -Job 'DeployProd.*' -Name 'Gate on the prod policy').ExitCode | Should -Be 0
            $published = Get-PlayStep -Run $run -Job 'DeployProd.*' -Name 'Publish the prod gate results'
            @($published.Detail['Files'] | Split-Path -Leaf) | Should -Contain 'Assert-CodeSigningPolicy.junit.xml'
            @($published.Detail['Cases'] | Where-Object Failed) | Should -BeNullOrEmpty
        }

        It 'publishes the signing results' {
            $published = Get-PlayStep -Run $run -Job 'Sign.*' -Name 'Publish the signing results'
            @($published.Detail['Files'] | Split-Path -Leaf) | Should -Contain 'Set-CodeSignature.junit.xml'
            @($published.Detail['Cases']).Count | Should -Be 3
        }

        It 'attaches a summary the agent can upload from its temporary folder' {
            $summaries = @((Get-PlayStep -Run $run -Job 'DeployProd.*' -Name 'Gate on the prod policy').Detail['Summaries'])
            $summaries.Count | Should -BeGreaterThan 0
            $summaries | ForEach-Object { $_.Existed | Should -BeTrue -Because "$($_.Path) must exist when the step ends" }
        }

        It 'keeps the JUnit, SARIF and Markdown reports of the prod gate' {
            $reports = Join-Path $run.Store 'codesign-reports-prod/prod'
            foreach ($name in 'Assert-CodeSigningPolicy.junit.xml', 'Assert-CodeSigningPolicy.sarif', 'Assert-CodeSigningPolicy.md') {
                Join-Path $reports $name | Should -Exist
            }
        }

        It 'shows no secret outside masking commands, and masks before use' {
            (Get-PlayStep -Run $run -Job 'Sign.*' -Name 'Sign the scripts').Detail['Masked'] | Should -Contain $password
            Get-SecretLeak -Run $run | Should -BeNullOrEmpty
            Get-MaskingOrderViolation -Run $run | Should -BeNullOrEmpty
        }
    }

    Context 'The same pipeline with a <_> script in the artifact' -ForEach @('tampered', 'unsigned') {
        BeforeAll {
            $change = if ($_ -eq 'tampered') { $tamper } else { $unsign }
            $run = Invoke-GuidePlay -Runner Azure -Document (Find-GuideBlock -Guide 'azure-devops.md' -Marker 'DeployProd') -Name "azure-$_" -AfterJob $change
            $gate = Get-PlayStep -Run $run -Job 'DeployProd.*' -Name 'Gate on the prod policy'
        }

        It 'lets the dev gate pass, because dev only audits' {
            (Get-PlayStep -Run $run -Job 'DeployDev.*' -Name 'Gate on the dev policy').ExitCode | Should -Be 0
        }

        It 'fails the prod gate step with a non-zero exit code' {
            $gate.Result | Should -Be 'Failed'
            $gate.ExitCode | Should -Not -Be 0
        }

        It 'annotates the run with an error that names the file' {
            @($gate.Lines | Where-Object { $_ -match '^##vso\[task\.logissue type=error;sourcepath=[^;\]]*Deploy\.ps1;' }) | Should -Not -BeNullOrEmpty
        }

        It 'still publishes the JUnit results, with the denied file failed' {
            $published = Get-PlayStep -Run $run -Job 'DeployProd.*' -Name 'Publish the prod gate results'
            $published.Result | Should -Be 'Succeeded'
            @($published.Detail['Cases'] | Where-Object { $_.Failed -and $_.Name -match 'Deploy\.ps1' }) | Should -Not -BeNullOrEmpty
        }

        It 'shows no secret outside masking commands' {
            Get-SecretLeak -Run $run | Should -BeNullOrEmpty
        }
    }

    Context 'Sign with a Key Vault secret' {
        BeforeAll {
            $run = Invoke-GuidePlay -Runner Azure -Document (Find-GuideBlock -Guide 'azure-devops.md' -Marker 'AzureKeyVault@2') -Name 'azure-vault'
        }

        It 'signs every script, and each step succeeds' {
            Format-PlayFailure -Run $run | Should -BeNullOrEmpty
            Get-ChildItem -LiteralPath (Join-Path $run.Store 'signed-scripts') -Recurse -File | ForEach-Object {
                Get-SignatureBlockCount -Path $_.FullName | Should -Be 1
            }
        }

        It 'shows no secret outside masking commands, and masks before use' {
            Get-SecretLeak -Run $run | Should -BeNullOrEmpty
            Get-MaskingOrderViolation -Run $run | Should -BeNullOrEmpty
        }
    }
}

Describe 'The GitHub Actions guide' {
    Context 'Sign with a secret PFX and gate each environment, on signed scripts' {
        BeforeAll {
            $run = Invoke-GuidePlay -Runner GitHub -Document (Find-GuideBlock -Guide 'github-actions.md' -Marker 'deploy-prod') -Name 'github-pass'
        }

        It 'runs every step, and each succeeds' {
            Format-PlayFailure -Run $run | Should -BeNullOrEmpty
        }

        It 'passes the prod gate with exit code 0 and writes the job summary' {
            $gate = Get-PlayStep -Run $run -Job 'deploy-prod' -Name 'Gate on the prod policy'
            $gate.ExitCode | Should -Be 0
            $gate.Detail['Summary'] | Should -Not -BeNullOrEmpty
        }

        It 'hands code scanning a SARIF 2.1.0 log' {
            $upload = Get-PlayStep -Run $run -Job 'deploy-prod' -Name 'Upload the findings to code scanning'
            $upload.Detail['Sarif']['version'] | Should -Be '2.1.0'
        }

        It 'keeps the JUnit report in the reports artifact' {
            Join-Path $run.Store 'codesign-reports-prod/prod/Assert-CodeSigningPolicy.junit.xml' | Should -Exist
        }

        It 'shows no secret outside masking commands, and masks before use' {
            $masked = (Get-PlayStep -Run $run -Job 'sign' -Name 'Sign the scripts').Detail['Masked']
            $masked | Should -Contain $password
            $masked | Should -Contain ([Convert]::ToBase64String($pfxBytes))
            Get-SecretLeak -Run $run | Should -BeNullOrEmpty
            Get-MaskingOrderViolation -Run $run | Should -BeNullOrEmpty
        }
    }

    Context 'The same workflow with a tampered script in the artifact' {
        BeforeAll {
            $run = Invoke-GuidePlay -Runner GitHub -Document (Find-GuideBlock -Guide 'github-actions.md' -Marker 'deploy-prod') -Name 'github-tampered' -AfterJob $tamper
            $gate = Get-PlayStep -Run $run -Job 'deploy-prod' -Name 'Gate on the prod policy'
        }

        It 'fails the prod gate step with a non-zero exit code' {
            $gate.Result | Should -Be 'Failed'
            $gate.ExitCode | Should -Not -Be 0
        }

        It 'annotates the run with an error that names the file' {
            @($gate.Lines | Where-Object { $_ -match '^::error file=[^,:]*Deploy\.ps1' }) | Should -Not -BeNullOrEmpty
        }

        It 'writes the denied file into the job summary' {
            $gate.Detail['Summary'] | Should -Match 'Deploy\.ps1'
        }

        It 'still keeps the reports and uploads the finding to code scanning' {
            (Get-PlayStep -Run $run -Job 'deploy-prod' -Name 'Keep the gate reports').Result | Should -Be 'Succeeded'
            $upload = Get-PlayStep -Run $run -Job 'deploy-prod' -Name 'Upload the findings to code scanning'
            @($upload.Detail['Sarif']['runs'][0]['results']).Count | Should -BeGreaterThan 0
        }

        It 'shows no secret outside masking commands' {
            Get-SecretLeak -Run $run | Should -BeNullOrEmpty
        }
    }

    Context 'Sign with a Key Vault secret' {
        BeforeAll {
            # The Azure CLI, standing in for the vault: prints the secret for the one query the guide
            # makes. It is a shell script, so this flow is played on Linux and macOS only.
            if ($IsWindows) { return }
            $tools = Join-Path $TestDrive 'az-tools'
            $null = New-Item -ItemType Directory -Path $tools
            $vaultFile = Join-Path $TestDrive 'vault-secret.txt'
            [IO.File]::WriteAllText($vaultFile, [Convert]::ToBase64String($vaultBytes))
            $az = Join-Path $tools 'az'
            [IO.File]::WriteAllText($az, "#!/bin/sh`ncase `"`$*`" in`n  'keyvault secret show --vault-name contoso-codesign --name codesign-pfx --query value --output tsv') cat '$vaultFile'; echo ;;`n  *) echo `"unexpected az call: `$*`" >&2; exit 2 ;;`nesac`n")
            if (-not $IsWindows) { & chmod +x $az }
            $run = Invoke-GuidePlay -Runner GitHub -Document (Find-GuideBlock -Guide 'github-actions.md' -Marker 'azure/login') -Name 'github-vault' -ToolPath $tools
        }

        It 'signs every script, and each step succeeds' -Skip:$IsWindows {
            Format-PlayFailure -Run $run | Should -BeNullOrEmpty
            Get-ChildItem -LiteralPath (Join-Path $run.Store 'signed-scripts') -Recurse -File | ForEach-Object {
                Get-SignatureBlockCount -Path $_.FullName | Should -Be 1
            }
        }

        It 'masks the secret before anything else can print it' -Skip:$IsWindows {
            $sign = Get-PlayStep -Run $run -Job 'sign' -Name 'Sign the scripts'
            $sign.Detail['Masked'] | Should -Contain ([Convert]::ToBase64String($vaultBytes))
            Get-SecretLeak -Run $run | Should -BeNullOrEmpty
            Get-MaskingOrderViolation -Run $run | Should -BeNullOrEmpty
        }
    }
}

Describe 'The play itself' {
    # The checks above are only as good as the play, so these show that it fails where a runner
    # fails and that the leak scan finds a secret printed in plain.
    BeforeAll {
        $leakingPipeline = [ordered]@{
            steps = @(
                [ordered]@{ task = 'PowerShell@2'; displayName = 'Print the password'; inputs = [ordered]@{ pwsh = 'true'; targetType = 'inline'; script = 'Write-Host "password: $env:LEAK"' }; env = [ordered]@{ LEAK = '$(CodeSignPfxPassword)' } }
                [ordered]@{ task = 'PowerShell@2'; displayName = 'Fail with an error'; inputs = [ordered]@{ pwsh = 'true'; targetType = 'inline'; script = "Write-Error 'denied'`nWrite-Host 'not reached'" } }
                [ordered]@{ task = 'PowerShell@2'; displayName = 'Runs after a failure'; condition = 'succeededOrFailed()'; inputs = [ordered]@{ pwsh = 'true'; targetType = 'inline'; script = '$global:LASTEXITCODE = 3' } }
                [ordered]@{ task = 'PowerShell@2'; displayName = 'Skipped after a failure'; inputs = [ordered]@{ pwsh = 'true'; targetType = 'inline'; script = 'exit 0' } }
            )
        }
        $run = Invoke-GuidePlay -Runner Azure -Document $leakingPipeline -Name 'play-check'
    }

    It 'finds a secret printed outside a masking command' {
        Get-SecretLeak -Run $run | Should -Not -BeNullOrEmpty
    }

    It 'fails a step on an error, as the stop preference makes it terminating' {
        $step = Get-PlayStep -Run $run -Job '*' -Name 'Fail with an error'
        $step.Result | Should -Be 'Failed'
        $step.ExitCode | Should -Not -Be 0
        $step.Lines | Should -Not -Contain 'not reached'
    }

    It 'fails on a non-zero native exit code and honours step conditions' {
        # The wrapper ends with exit $LASTEXITCODE, which a native command sets; the step sets it
        # directly. pwsh 7.6 -Command reports an exit inside the dot-sourced file as 1, not as 3.
        $step = Get-PlayStep -Run $run -Job '*' -Name 'Runs after a failure'
        $step.Result | Should -Be 'Failed'
        $step.ExitCode | Should -Not -Be 0
        (Get-PlayStep -Run $run -Job '*' -Name 'Skipped after a failure').Result | Should -Be 'Skipped'
    }

    It 'stops on a task it does not know, rather than skipping it' {
        $unknown = [ordered]@{ steps = @([ordered]@{ task = 'CmdLine@2'; inputs = [ordered]@{ script = 'echo hi' } }) }
        { Invoke-GuidePlay -Runner Azure -Document $unknown -Name 'play-unknown' } | Should -Throw '*does not know the task CmdLine@2*'
    }

    It 'stops on a run step without shell: pwsh' {
        $workflow = [ordered]@{ on = 'push'; jobs = [ordered]@{ build = [ordered]@{ 'runs-on' = 'ubuntu-latest'; steps = @([ordered]@{ run = 'echo hi' }) } } }
        { Invoke-GuidePlay -Runner GitHub -Document $workflow -Name 'play-shell' } | Should -Throw "*has no 'shell: pwsh'*"
    }
}
