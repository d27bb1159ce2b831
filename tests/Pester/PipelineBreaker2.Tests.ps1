#Requires -Version 7.4

# Signing batches as the pipeline guides run them: every guide's step runs under
# $ErrorActionPreference = 'Stop' (PowerShell@2 and 'shell: pwsh' both set it), so a file that fails
# in a batch becomes a terminating error. What the other files, the reports and the parameters do
# then is what a pipeline shows.

Describe 'Set-CodeSignature batches under $ErrorActionPreference = Stop' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:ModulePath = Get-CodeSignPSModulePath
        Import-Module $script:ModulePath -Force
        $script:Signer = New-CodeSigningCertificate -Subject 'CN=Batch Breaker Signer' -ValidityDays 3

        # Eight scripts; the fourth carries a signature block whose content is not base64, so
        # signing it fails with ExistingSignatureMalformed while the others can be signed.
        function New-BatchWithMalformedFile {
            param([string] $Folder)
            $null = New-Item -ItemType Directory -Path $Folder
            foreach ($index in 1..8) {
                [IO.File]::WriteAllText((Join-Path $Folder ('f{0:d2}.ps1' -f $index)), "Write-Output $index`n")
            }
            $bad = Join-Path $Folder 'f04.ps1'
            Set-CodeSignature -LiteralPath $bad -Certificate $Signer -CiProvider None | Out-Null
            $text = [IO.File]::ReadAllText($bad) -replace '# SIG # Begin signature block\r?\n# ', "# SIG # Begin signature block`n# !!!"
            [IO.File]::WriteAllText($bad, $text)
            Get-ChildItem -LiteralPath $Folder -File | Sort-Object Name
        }
    }

    It 'Set-CodeSignature: the report of a batch stopped by one file accounts for every file' {
        # The JSON (and JUnit) report of a batch that ended with a terminating error names
        # every file the batch found: the files that were signed, the one that failed, and the files
        # left unsigned because the command stopped (as items, for example Skipped or Failed, or in a
        # run issue such as CommandStopped that names them). The reports are what a pipeline
        # publishes when the step failed, so a file silently missing from them is a file nobody
        # notices is unsigned.
        $folder = Join-Path $TestDrive 'report-complete'
        $files = New-BatchWithMalformedFile -Folder $folder
        $report = Join-Path $TestDrive 'report-complete.json'
        $failure = $null
        try {
            Set-CodeSignature -Path $folder -Recurse -Certificate $Signer -ThrottleLimit 1 -CiProvider None `
                -ReportPath $report -ReportFormat Json -ErrorAction Stop | Out-Null
        }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ExistingSignatureMalformed*'

        $text = [IO.File]::ReadAllText($report)
        $document = $text | ConvertFrom-Json
        $document.failed | Should -BeTrue
        $missing = @($files | Where-Object { -not $text.Contains($_.FullName) } | ForEach-Object Name)
        $missing | Should -BeNullOrEmpty -Because 'every file of the batch is either an item or named by a run issue'
    }

    It 'Set-CodeSignature: under Stop the good files of a batch are still signed, as the cmdlet page says' {
        # docs/cmdlets/Set-CodeSignature.md (section on parallel signing): "A file that fails gets a
        # non-terminating error naming it, and the other files are still signed." docs/signing.md
        # (Batches): "the other files go on". The pipeline guides run every step under
        # $ErrorActionPreference = 'Stop'.
        # The files a.ps1 and c.ps1 are signed, and the command then fails for b.ps1 (a file with two
        # hard links).
        $folder = Join-Path $TestDrive 'others-signed'
        $null = New-Item -ItemType Directory -Path $folder
        foreach ($name in 'a', 'b', 'c') { [IO.File]::WriteAllText((Join-Path $folder "$name.ps1"), "Write-Output '$name'`n") }
        $link = Join-Path $TestDrive 'b-link.ps1'
        $null = New-Item -ItemType HardLink -Path $link -Target (Join-Path $folder 'b.ps1')

        $failure = $null
        try { Set-CodeSignature -Path $folder -Recurse -Certificate $Signer -CiProvider None -ErrorAction Stop | Out-Null }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'FileHasHardLinks*'

        Get-SignatureBlockCount -Path (Join-Path $folder 'a.ps1') | Should -Be 1
        Get-SignatureBlockCount -Path (Join-Path $folder 'c.ps1') | Should -Be 1
        Get-SignatureBlockCount -Path (Join-Path $folder 'b.ps1') | Should -Be 0
    }

    It 'Set-CodeSignature: a report path that is an existing folder is rejected before any file is signed' {
        # A newcomer who keeps one format of the guide and points -ReportPath at the existing
        # staging folder ('$(Build.ArtifactStagingDirectory)') gets ReportPathIsFolder
        # (docs/reports.md, Files).
        # The parameter is rejected before the first file is read or written, like the
        # other parameter errors of the cmdlet (TimestampServerMissing, ReportFormatWithoutReportPath),
        # so a wrong report path never leaves a tree signed by a step that failed.
        $folder = Join-Path $TestDrive 'report-folder-late'
        $null = New-Item -ItemType Directory -Path $folder
        $script = Join-Path $folder 'a.ps1'
        [IO.File]::WriteAllText($script, "Write-Output 1`n")
        $staging = Join-Path $TestDrive 'staging'
        $null = New-Item -ItemType Directory -Path $staging
        $before = Get-FileSha256 -Path $script

        $failure = $null
        try {
            Set-CodeSignature -Path $folder -Recurse -Certificate $Signer -CiProvider None -ReportPath $staging -ErrorAction Stop | Out-Null
        }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ReportPathIsFolder*'
        Get-FileSha256 -Path $script | Should -Be $before
    }
}

Describe 'An audit-mode gate under $ErrorActionPreference = Stop' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:ModulePath = Get-CodeSignPSModulePath
        Import-Module $script:ModulePath -Force

        $script:Root = Join-Path $TestDrive 'audit'
        $script:Scripts = Join-Path $Root 'scripts'
        $null = New-Item -ItemType Directory -Path $Scripts
        $ca = New-CodeSigningCertificate -Subject 'CN=Audit Breaker Root' -CertificateAuthority -ValidityDays 30
        [IO.File]::WriteAllText((Join-Path $Root 'ca.pem'), $ca.ExportCertificatePem())
        $signer = New-CodeSigningCertificate -Subject 'CN=Audit Breaker Signer' -Issuer $ca -ValidityDays 10
        $script:Good = Join-Path $Scripts 'a.ps1'
        [IO.File]::WriteAllText($Good, "Write-Output 1`n")
        Set-CodeSignature -LiteralPath $Good -Certificate $signer -CiProvider None | Out-Null
        $script:Policy = Join-Path $Root 'policy.yaml'
        [IO.File]::WriteAllText($Policy, @"
version: 1
trustStores:
  t: { role: codeSigning, class: enterprise, certificates: [ca.pem] }
publishers:
  p: { trustStores: [t], subject: { CN: Audit Breaker Signer } }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [p]
environments:
  dev: { mode: audit }
  prod: { mode: enforce }
"@)
        $script:SavedAgentTemp = $env:AGENT_TEMPDIRECTORY
        $env:AGENT_TEMPDIRECTORY = Join-Path $TestDrive 'agent-temp'
        $null = New-Item -ItemType Directory -Path $env:AGENT_TEMPDIRECTORY
    }

    AfterAll {
        $env:AGENT_TEMPDIRECTORY = $SavedAgentTemp
    }

    It 'Assert-CodeSigningPolicy: an input not evaluated in audit mode does not fail the step' {
        # docs/cmdlets/Assert-CodeSigningPolicy.md: "An environment with mode: audit never fails";
        # docs/pipeline-output.md: "in an audit-mode environment files that could not be evaluated
        # are warnings too". The command does write the missing path as a warning annotation and a
        # warning run issue, and with -ErrorAction Continue its report says "passed with warnings".
        # Under $ErrorActionPreference = 'Stop' (every guide's step) the dev gate of the
        # guides evaluates a.ps1, writes task.complete SucceededWithIssues and returns, so the step
        # succeeds with issues, matching its warning annotation.
        $records = $null
        $failure = $null
        try {
            $records = Assert-CodeSigningPolicy -Policy $Policy -Environment dev -Root $Scripts `
                -Path $Good, (Join-Path $Root 'not-downloaded') -CiProvider AzurePipelines -ErrorAction Stop 6>&1
        }
        catch { $failure = $_ }
        $failure | Should -BeNullOrEmpty
        @($records | Where-Object { $_.GetType().Name -eq 'PolicyDecision' }).Count | Should -Be 1
        @($records | ForEach-Object { "$_" } | Where-Object { $_ -like '##vso`[task.complete result=SucceededWithIssues;]*' }).Count | Should -Be 1
    }

    It 'Assert-CodeSigningPolicy: an enforce gate stopped by a missing input still reports the files it was given' {
        # docs/cmdlets/Assert-CodeSigningPolicy.md: the gate "writes every decision and a summary,
        # and fails once at the end"; a path that does not exist is "written as an error and counts
        # as not evaluated, so in enforce mode the gate fails"; the report "is written also when the
        # command fails ... an input that was not evaluated".
        # Under $ErrorActionPreference = 'Stop' the JSON report of a prod gate given an
        # unsigned file and a missing folder holds the Deny decision for the unsigned file (and the
        # PathNotFound run issue), so the published report shows both problems of the run.
        $unsigned = Join-Path $Scripts 'unsigned.ps1'
        [IO.File]::WriteAllText($unsigned, "Write-Output 2`n")
        $report = Join-Path $TestDrive 'enforce-stopped.json'
        $failure = $null
        try {
            Assert-CodeSigningPolicy -Policy $Policy -Environment prod -Root $Scripts -Path $unsigned, (Join-Path $Root 'not-downloaded') `
                -CiProvider None -ReportPath $report -ReportFormat Json -ErrorAction Stop | Out-Null
        }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $document = Get-Content -Raw -LiteralPath $report | ConvertFrom-Json
        @($document.runIssues | Where-Object code -eq 'PathNotFound').Count | Should -Be 1
        @($document.items | Where-Object { $_.path -eq $unsigned -and $_.status -eq 'Deny' }).Count | Should -Be 1
    }
}
