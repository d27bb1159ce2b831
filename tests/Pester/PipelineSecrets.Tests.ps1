#Requires -Version 7.4

# Signing keys read from environment variables, as pipelines pass secrets. A child pwsh plays an
# Azure Pipelines job and then a GitHub Actions job: it opens the key from the variables, then fails
# after the key is loaded (the timestamp server answers HTTP 503, the issuer is no CA). Every
# stream, $Error, the reports, the step summary and the temporary folders are then searched for
# the password and the PFX in plain, base64 and hex form. Only masking commands may contain them.

Describe 'Pipeline secrets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.SetCodeSignatureCommand'
        $signer = New-TestSigningCertificate
        $signerCer = Join-Path $TestDrive 'signer.cer'
        [IO.File]::WriteAllBytes($signerCer, $signer.RawData)

        # A password with the characters the runners escape (% ; ]) and a random part no file can
        # hold by chance.
        $password = 'Pw%;]' + [Guid]::NewGuid().ToString('N').Substring(0, 16)
        $pfxBytes = $signer.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $password)
        $pfxPath = Join-Path $TestDrive 'signer.pfx'
        [IO.File]::WriteAllBytes($pfxPath, $pfxBytes)
        # Wrapped at 76 characters, as base64 tools and pasted secrets often are.
        $pfxBase64 = [Convert]::ToBase64String($pfxBytes, [Base64FormattingOptions]::InsertLineBreaks)
        $pkcs8 = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($signer).ExportPkcs8PrivateKey()

        # Returns the text forms of a secret: as given, base64, and hex in both cases.
        function Get-TextForms {
            param([byte[]] $Bytes)
            @(
                [Convert]::ToBase64String($Bytes)
                [Convert]::ToHexString($Bytes)
                [Convert]::ToHexString($Bytes).ToLowerInvariant()
            )
        }

        # Slices of a binary secret: a leak of part of it is still a leak, and base64 of a part
        # depends on where the part starts, so hex and raw slices cover what base64 slices cannot.
        function Get-ByteSlices {
            param([byte[]] $Bytes, [int] $Length = 24)
            foreach ($offset in @(64, [int]($Bytes.Length / 2), ($Bytes.Length - 64))) {
                , [byte[]] $Bytes[$offset..($offset + $Length - 1)]
            }
        }

        $passwordBytes = [Text.Encoding]::UTF8.GetBytes($password)
        $script:textSecrets = [System.Collections.Generic.List[string]]::new()
        $script:textSecrets.Add($password)
        (Get-TextForms $passwordBytes) | ForEach-Object { $script:textSecrets.Add($_) }
        $script:textSecrets.Add([Convert]::ToBase64String($pfxBytes))
        foreach ($line in $pfxBase64 -split "`r?`n" | Where-Object Length -GE 24) { $script:textSecrets.Add($line) }
        foreach ($secret in @($pfxBytes, $pkcs8)) {
            foreach ($slice in Get-ByteSlices $secret) {
                [Convert]::ToHexString($slice), [Convert]::ToHexString($slice).ToLowerInvariant() | ForEach-Object { $script:textSecrets.Add($_) }
            }
        }
        $pkcs8Base64 = [Convert]::ToBase64String($pkcs8)
        $script:textSecrets.Add($pkcs8Base64.Substring([int]($pkcs8Base64.Length / 2), 40))

        $script:byteSecrets = [System.Collections.Generic.List[byte[]]]::new()
        $script:byteSecrets.Add($passwordBytes)
        foreach ($secret in @($pfxBytes, $pkcs8)) {
            foreach ($slice in Get-ByteSlices $secret) { $script:byteSecrets.Add($slice) }
        }

        # Returns the secrets found in $Text, by their position in the list, for messages that do not repeat them.
        function Find-TextSecret {
            param([string] $Text)
            for ($i = 0; $i -lt $script:textSecrets.Count; $i++) {
                if ($Text.Contains($script:textSecrets[$i], [StringComparison]::Ordinal)) { "text secret #$i" }
            }
        }

        # Latin-1 maps each byte to one character, so a byte search becomes a string search.
        function Find-ByteSecret {
            param([byte[]] $Content)
            $text = [Text.Encoding]::Latin1.GetString($Content)
            for ($i = 0; $i -lt $script:byteSecrets.Count; $i++) {
                if ($text.Contains([Text.Encoding]::Latin1.GetString($script:byteSecrets[$i]), [StringComparison]::Ordinal)) { "byte secret #$i" }
            }
        }

        $script:serversAssembly = Get-TestServersAssembly -BuildFolder (Join-Path $TestDrive 'test-servers')
        $failingServer = Start-TestTimestampServer -Assembly $script:serversAssembly -Mode unavailable -PkiFolder (Join-Path $TestDrive 'tsa-pki') -WorkFolder $TestDrive

        # Started through 'dotnet pwsh', this process is dotnet itself and needs pwsh.dll first.
        $script:pwsh = [Environment]::ProcessPath
        $script:pwshPrefix = if ([IO.Path]::GetFileNameWithoutExtension($script:pwsh) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

        # The job the child runs. It names the variables and never holds a value itself.
        $script:jobScript = Join-Path $TestDrive 'job.ps1'
        Set-Content -LiteralPath $script:jobScript -Value @'
param([string] $ModulePath, [string] $Work, [string] $PfxPath, [string] $TimestampServer)
$ErrorActionPreference = 'Continue'
Import-Module $ModulePath
$report = @{ ReportFormat = 'JUnit', 'Sarif', 'Markdown', 'Json' }
$failing = @{ TimestampServer = $TimestampServer; TimestampRetryCount = 0; Verbose = $true; Debug = $true }

'=== base64 variable'
$target = New-Item -ItemType File -Path (Join-Path $Work 'base64.ps1') -Value "Write-Output 'base64'`n" -Force
& { Set-CodeSignature -LiteralPath $target.FullName -CertificateBase64Variable SIGNING_PFX -PasswordVariable SIGNING_PFX_PASSWORD @failing @report -ReportPath (Join-Path $Work 'reports-base64') } *>&1

'=== secure file'
$target = New-Item -ItemType File -Path (Join-Path $Work 'file.ps1') -Value "Write-Output 'file'`n" -Force
& { Set-CodeSignature -LiteralPath $target.FullName -CertificatePath $PfxPath -PasswordVariable SIGNING_PFX_PASSWORD @failing @report -ReportPath (Join-Path $Work 'reports-file') } *>&1

'=== import'
& { Import-CodeSigningCertificate -CertificateBase64Variable SIGNING_PFX -PasswordVariable SIGNING_PFX_PASSWORD -Verbose -Debug | Format-List Subject, Thumbprint, HasPrivateKey } *>&1

'=== issuer'
& { New-CodeSigningCertificate -Subject 'CN=Leaf' -IssuerCertificateBase64Variable SIGNING_PFX -IssuerPasswordVariable SIGNING_PFX_PASSWORD -Verbose -Debug } *>&1

'=== wrong password'
& { Set-CodeSignature -LiteralPath $target.FullName -CertificateBase64Variable SIGNING_PFX -PasswordVariable WRONG_PASSWORD -Verbose -Debug } *>&1

'=== errors'
$Error | Format-List * -Force | Out-String -Width 4096
foreach ($record in $Error) {
    $exception = if ($record -is [System.Management.Automation.ErrorRecord]) { $record.Exception } else { $record }
    $exception.ToString()
    $record.TargetObject | Out-String -Width 4096
}
'=== end'
'@

        # Runs the job in a child pwsh as the runner of $Provider would; returns its output and folders.
        function Invoke-PipelineJob {
            param([string] $Provider)

            $root = Join-Path $TestDrive "job-$Provider"
            $folders = [ordered]@{}
            foreach ($name in 'agent-temp', 'runner-temp', 'tmp', 'work') {
                $folders[$name] = (New-Item -ItemType Directory -Path (Join-Path $root $name) -Force).FullName
            }
            $summary = Join-Path $root 'step-summary.md'

            $start = [System.Diagnostics.ProcessStartInfo]::new($script:pwsh)
            foreach ($argument in @($script:pwshPrefix) + @('-NoProfile', '-NonInteractive', '-File', $script:jobScript,
                    '-ModulePath', (Get-CodeSignPSModulePath), '-Work', $folders['work'], '-PfxPath', $pfxPath, '-TimestampServer', $failingServer.Url)) {
                $start.ArgumentList.Add($argument)
            }
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $start.UseShellExecute = $false
            foreach ($name in 'TF_BUILD', 'GITHUB_ACTIONS', 'GITHUB_STEP_SUMMARY', 'CI') { $null = $start.Environment.Remove($name) }
            if ($Provider -eq 'AzurePipelines') { $start.Environment['TF_BUILD'] = 'True' } else { $start.Environment['GITHUB_ACTIONS'] = 'true' }
            $start.Environment['AGENT_TEMPDIRECTORY'] = $folders['agent-temp']
            $start.Environment['RUNNER_TEMP'] = $folders['runner-temp']
            $start.Environment['TMPDIR'] = $folders['tmp']
            $start.Environment['GITHUB_STEP_SUMMARY'] = $summary
            $start.Environment['SIGNING_PFX'] = $pfxBase64
            $start.Environment['SIGNING_PFX_PASSWORD'] = $password
            $start.Environment['WRONG_PASSWORD'] = 'wrong-' + $password.Substring(5)

            $process = [System.Diagnostics.Process]::Start($start)
            $stderrTask = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEnd()
            $process.WaitForExit()
            [pscustomobject]@{
                Stdout   = $stdout
                Stderr   = $stderrTask.GetAwaiter().GetResult()
                ExitCode = $process.ExitCode
                Folders  = $folders
                Summary  = $summary
            }
        }
    }

    AfterAll {
        if ($failingServer) { Stop-Process -Id $failingServer.Process.Id -Force -ErrorAction Ignore }
    }

    Context 'A job on <_>' -ForEach 'AzurePipelines', 'GitHubActions' {
        BeforeAll {
            $provider = $_
            $maskPrefix = if ($provider -eq 'AzurePipelines') { '##vso[task.setsecret]' } else { '::add-mask::' }
            $job = Invoke-PipelineJob -Provider $provider
            $lines = ($job.Stdout + "`n" + $job.Stderr) -split "`r?`n"
        }

        It 'loads the key and then fails on the timestamp server' {
            $job.Stdout | Should -Match 'Signing with CN=CodeSignPS Test Signer'
            $job.Stdout | Should -Match 'TimestampFailed'
            $job.Stdout | Should -Match 'IssuerNotCertificateAuthority'
            $job.Stdout | Should -Match 'PfxPasswordInvalid'
            $job.Stdout | Should -Match '=== end'
        }

        It 'masks the password, its base64 and every line of the PFX' {
            $escape = if ($provider -eq 'AzurePipelines') { { param($v) $v.Replace('%', '%AZP25') } } else { { param($v) $v.Replace('%', '%25') } }
            $masks = $lines | Where-Object { $_.StartsWith($maskPrefix, [StringComparison]::Ordinal) }
            $masks | Should -Contain ($maskPrefix + (& $escape $password))
            $masks | Should -Contain ($maskPrefix + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($password)))
            $masks | Should -Contain ($maskPrefix + [Convert]::ToBase64String($pfxBytes))
            foreach ($line in $pfxBase64 -split "`r?`n") {
                $masks | Should -Contain ($maskPrefix + $line)
            }
        }

        It 'masks before the command writes anything else' {
            foreach ($marker in '=== base64 variable', '=== secure file', '=== import', '=== issuer') {
                $index = [array]::IndexOf($lines, $marker)
                $index | Should -BeGreaterOrEqual 0
                $lines[$index + 1].StartsWith($maskPrefix, [StringComparison]::Ordinal) | Should -BeTrue -Because "the first line after '$marker' must be a masking command"
            }
        }

        It 'writes the secrets in no line but a masking command' {
            $leaks = for ($i = 0; $i -lt $lines.Count; $i++) {
                if ($lines[$i].StartsWith($maskPrefix, [StringComparison]::Ordinal)) { continue }
                foreach ($found in Find-TextSecret $lines[$i]) { "output line $($i + 1): $found" }
            }
            $leaks | Should -BeNullOrEmpty
        }

        It 'writes the secrets nowhere when wrapped lines are joined' {
            # The error view wraps messages at the console width, behind a '|' gutter and colour
            # codes, so a secret could be split over lines. Joined without them, it would show.
            $text = ($lines | Where-Object { -not $_.StartsWith($maskPrefix, [StringComparison]::Ordinal) } |
                ForEach-Object { ($_ -replace '\x1b\[[0-9;]*m', '') -replace '^\s*\|', '' }) -join ''
            Find-TextSecret ($text -replace '\s', '') | Should -BeNullOrEmpty
        }

        It 'writes the secrets in no report, summary or temporary file' {
            $files = @(Get-ChildItem -LiteralPath @($job.Folders.Values) -Recurse -File -Force)
            if (Test-Path -LiteralPath $job.Summary) { $files += Get-Item -LiteralPath $job.Summary }
            $leaks = foreach ($file in $files) {
                $content = [IO.File]::ReadAllBytes($file.FullName)
                foreach ($found in @(Find-TextSecret ([Text.Encoding]::UTF8.GetString($content))) + @(Find-ByteSecret $content)) { "$($file.FullName): $found" }
            }
            $leaks | Should -BeNullOrEmpty
        }

        It 'writes a report in every format, so the scan covers them' {
            $reports = @(Get-ChildItem -LiteralPath (Join-Path $job.Folders['work'] 'reports-base64'), (Join-Path $job.Folders['work'] 'reports-file') -File -ErrorAction Ignore)

            $reports.Count | Should -Be 8
        }

        It 'leaves no key file in the temporary folders' {
            $left = @(Get-ChildItem -LiteralPath $job.Folders['agent-temp'], $job.Folders['runner-temp'], $job.Folders['tmp'] -Recurse -Force |
                Where-Object { $_.Extension -in '.pfx', '.p12', '.key', '.pem', '.keychain' -or $_.Name -match 'key' })
            $left.FullName | Should -BeNullOrEmpty
        }
    }

    Context 'Errors' {
        BeforeAll {
            $sample = New-TestScript -Path (Join-Path $TestDrive 'errors/sample.ps1')
            $script:savedVariables = @{}
            foreach ($name in 'CSPS_TEST_PFX', 'CSPS_TEST_PASSWORD', 'CSPS_TEST_WRONG', 'CSPS_TEST_GARBLED', 'CSPS_TEST_UNSET') {
                $script:savedVariables[$name] = [Environment]::GetEnvironmentVariable($name)
            }
            $wrong = 'wrong-' + [Guid]::NewGuid().ToString('N')
            $garbled = 'not base64: ' + [Guid]::NewGuid().ToString('N') + '!'
            $env:CSPS_TEST_PFX = $pfxBase64
            $env:CSPS_TEST_PASSWORD = $password
            $env:CSPS_TEST_WRONG = $wrong
            $env:CSPS_TEST_GARBLED = $garbled
            $env:CSPS_TEST_UNSET = $null

            # Runs a command that stops with a key error; returns the error record.
            function Get-KeyFailure {
                param([scriptblock] $Command)
                try { & $Command } catch { return $_ }
                throw 'The command did not fail.'
            }

            # Everything an error record carries that a log could show.
            function Get-ErrorText {
                param([System.Management.Automation.ErrorRecord[]] $Records)
                foreach ($record in $Records) {
                    $record | Format-List * -Force | Out-String -Width 4096
                    $record.Exception.ToString()
                    "$($record.TargetObject)"
                }
            }
        }

        AfterAll {
            foreach ($name in $script:savedVariables.Keys) {
                [Environment]::SetEnvironmentVariable($name, $script:savedVariables[$name])
            }
        }

        It 'names the password variable and not the value when the password is wrong' {
            $failures = @(Get-KeyFailure { Set-CodeSignature -LiteralPath $sample.FullName -CertificateBase64Variable CSPS_TEST_PFX -PasswordVariable CSPS_TEST_WRONG -CiProvider None })

            $failures[0].FullyQualifiedErrorId | Should -Be "PfxPasswordInvalid,$command"
            $failures[0].Exception.Message | Should -BeLike "*'CSPS_TEST_WRONG'*'CSPS_TEST_PFX'*"
            $failures[0].TargetObject | Should -Be 'CSPS_TEST_PFX'
            $text = Get-ErrorText $failures
            $text | Should -Not -Match ([regex]::Escape($wrong))
            Find-TextSecret ($text -join "`n") | Should -BeNullOrEmpty
        }

        It 'names the variable and says how to map it when it is not set' {
            $failures = @(Get-KeyFailure { Set-CodeSignature -LiteralPath $sample.FullName -CertificateBase64Variable CSPS_TEST_UNSET -CiProvider None })

            $failures[0].FullyQualifiedErrorId | Should -Be "SecretVariableNotSet,$command"
            $failures[0].Exception.Message | Should -BeLike "*'CSPS_TEST_UNSET'*not set*env:*secrets.CSPS_TEST_UNSET*"
        }

        It 'reports an empty password variable as not set' {
            $env:CSPS_TEST_WRONG = ''
            try {
                $failures = @(Get-KeyFailure { Set-CodeSignature -LiteralPath $sample.FullName -CertificatePath $pfxPath -PasswordVariable CSPS_TEST_WRONG -CiProvider None })
            }
            finally {
                $env:CSPS_TEST_WRONG = $wrong
            }

            $failures[0].FullyQualifiedErrorId | Should -Be "SecretVariableNotSet,$command"
            $failures[0].Exception.Message | Should -BeLike "*'CSPS_TEST_WRONG'*empty*"
        }

        It 'names the variable and not the value when it is not base64' {
            $failures = @(Get-KeyFailure { Set-CodeSignature -LiteralPath $sample.FullName -CertificateBase64Variable CSPS_TEST_GARBLED -CiProvider None })

            $failures[0].FullyQualifiedErrorId | Should -Be "SecretVariableNotBase64,$command"
            $failures[0].Exception.Message | Should -BeLike "*'CSPS_TEST_GARBLED'*"
            (Get-ErrorText $failures) -join "`n" | Should -Not -Match ([regex]::Escape($garbled.Substring(12)))
        }

        It 'masks and never quotes a value passed where the name belongs' {
            $output = [System.Collections.Generic.List[string]]::new()
            $failures = @(Get-KeyFailure { Set-CodeSignature -LiteralPath $sample.FullName -CertificatePath $pfxPath -PasswordVariable $password -CiProvider GitHubActions 6>&1 | ForEach-Object { $output.Add("$_") } })

            $failures[0].FullyQualifiedErrorId | Should -Be "SecretVariableNameInvalid,$command"
            $output[0] | Should -Be ('::add-mask::' + $password.Replace('%', '%25'))
            Find-TextSecret (($output | Select-Object -Skip 1) -join "`n") | Should -BeNullOrEmpty
            Find-TextSecret ((Get-ErrorText $failures) -join "`n") | Should -BeNullOrEmpty
        }

        It 'masks and never quotes a variable value passed as its name' {
            $plain = 'Plain' + [Guid]::NewGuid().ToString('N')
            $env:CSPS_TEST_PLAIN = $plain
            try {
                $output = [System.Collections.Generic.List[string]]::new()
                $failures = @(Get-KeyFailure { Set-CodeSignature -LiteralPath $sample.FullName -CertificatePath $pfxPath -PasswordVariable $env:CSPS_TEST_PLAIN -CiProvider AzurePipelines 6>&1 | ForEach-Object { $output.Add("$_") } })
            }
            finally {
                $env:CSPS_TEST_PLAIN = $null
            }

            $failures[0].FullyQualifiedErrorId | Should -Be "SecretVariableNameInvalid,$command"
            $output[0] | Should -Be ('##vso[task.setsecret]' + $plain)
            (Get-ErrorText $failures) -join "`n" | Should -Not -Match $plain
            ($output | Select-Object -Skip 1) -join "`n" | Should -Not -Match $plain
        }

        It 'rejects -Password with -PasswordVariable' {
            { Set-CodeSignature -LiteralPath $sample.FullName -CertificatePath $pfxPath -Password (ConvertTo-SecureString $password -AsPlainText -Force) -PasswordVariable CSPS_TEST_PASSWORD } |
                Should -Throw -ErrorId 'AmbiguousParameterSet,CodeSignPS.Commands.SetCodeSignatureCommand'
        }

        It 'signs with a PFX variable that has no password, as Key Vault exports it' {
            $env:CSPS_TEST_PFX = [Convert]::ToBase64String($signer.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx))
            try {
                Set-CodeSignature -LiteralPath $sample.FullName -CertificateBase64Variable CSPS_TEST_PFX -CiProvider None -ErrorAction Stop
            }
            finally {
                $env:CSPS_TEST_PFX = $pfxBase64
            }

            (Get-CodeSignature -LiteralPath $sample.FullName -TrustStore $signerCer).Status | Should -Be 'Valid'
        }

        It 'signs with a secure file and a password variable' {
            $path = (New-TestScript -Path (Join-Path $TestDrive 'errors/file.ps1')).FullName

            Set-CodeSignature -LiteralPath $path -CertificatePath $pfxPath -PasswordVariable CSPS_TEST_PASSWORD -CiProvider None -ErrorAction Stop

            (Get-CodeSignature -LiteralPath $path -TrustStore $signerCer).Status | Should -Be 'Valid'
        }
    }

    Context 'Certificate cmdlets' {
        BeforeAll {
            $authority = New-TestSigningCertificate -Subject 'CN=CodeSignPS Pipeline CA' -CertificateAuthority
            $authorityPfx = Join-Path $TestDrive 'authority.pfx'
            [IO.File]::WriteAllBytes($authorityPfx, $authority.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $password))
            $script:savedVariables = @{ CSPS_TEST_CA = $env:CSPS_TEST_CA; CSPS_TEST_CA_PASSWORD = $env:CSPS_TEST_CA_PASSWORD }
            $env:CSPS_TEST_CA = [Convert]::ToBase64String([IO.File]::ReadAllBytes($authorityPfx))
            $env:CSPS_TEST_CA_PASSWORD = $password
        }

        AfterAll {
            foreach ($name in $script:savedVariables.Keys) {
                [Environment]::SetEnvironmentVariable($name, $script:savedVariables[$name])
            }
        }

        It 'imports a PFX from -CertificateBase64Variable with -PasswordVariable' {
            $certificate = Import-CodeSigningCertificate -CertificateBase64Variable CSPS_TEST_CA -PasswordVariable CSPS_TEST_CA_PASSWORD -CiProvider None -ErrorAction Stop

            $certificate.Thumbprint | Should -Be $authority.Thumbprint
            $certificate.HasPrivateKey | Should -BeTrue
        }

        It 'imports a PFX from -CertificatePath alone with -PasswordVariable' {
            $certificate = Import-CodeSigningCertificate -CertificatePath $authorityPfx -PasswordVariable CSPS_TEST_CA_PASSWORD -CiProvider None -ErrorAction Stop

            $certificate.HasPrivateKey | Should -BeTrue
        }

        It 'rejects -Password with -PasswordVariable on Import-CodeSigningCertificate' {
            { Import-CodeSigningCertificate -Path $authorityPfx -Password (ConvertTo-SecureString $password -AsPlainText -Force) -PasswordVariable CSPS_TEST_CA_PASSWORD } |
                Should -Throw -ErrorId 'PasswordParametersConflict,CodeSignPS.Commands.ImportCodeSigningCertificateCommand'
        }

        It 'issues a certificate with the CA from <Source>' -ForEach @(
            @{ Source = '-IssuerCertificateBase64Variable'; Arguments = @{ IssuerCertificateBase64Variable = 'CSPS_TEST_CA'; IssuerPasswordVariable = 'CSPS_TEST_CA_PASSWORD' } }
            @{ Source = '-IssuerCertificatePath'; Arguments = @{ IssuerCertificatePath = 'PLACEHOLDER'; IssuerPasswordVariable = 'CSPS_TEST_CA_PASSWORD' } }
        ) {
            if ($Arguments.IssuerCertificatePath) { $Arguments.IssuerCertificatePath = $authorityPfx }

            $certificate = New-CodeSigningCertificate -Subject 'CN=CodeSignPS Pipeline Leaf' @Arguments -CiProvider None -ErrorAction Stop

            $certificate.Issuer | Should -Be $authority.Subject
            $certificate.HasPrivateKey | Should -BeTrue
        }

        It 'masks the issuer secrets on GitHub Actions' {
            $output = New-CodeSigningCertificate -Subject 'CN=CodeSignPS Pipeline Leaf' -IssuerCertificateBase64Variable CSPS_TEST_CA -IssuerPasswordVariable CSPS_TEST_CA_PASSWORD -CiProvider GitHubActions 6>&1

            $masks = @($output | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" })
            $masks | Should -Contain ('::add-mask::' + $env:CSPS_TEST_CA)
            $masks | Should -Contain ('::add-mask::' + $password.Replace('%', '%25'))
        }

        It 'rejects two issuers' {
            { New-CodeSigningCertificate -Subject 'CN=Two' -Issuer $authority -IssuerCertificatePath $authorityPfx } |
                Should -Throw -ErrorId 'IssuerParametersConflict,CodeSignPS.Commands.NewCodeSigningCertificateCommand'
        }
    }
}
