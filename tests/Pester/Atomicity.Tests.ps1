# A file being signed is either fully signed or left byte for byte as it was: these tests kill a
# signing process part way through a large file and fill a small tmpfs, then compare SHA-256.

BeforeAll {
    $modulePath = if ($env:CODESIGNPS_MODULE_PATH) { $env:CODESIGNPS_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/CodeSignPS' }
    $script:ModuleManifest = Join-Path $modulePath 'CodeSignPS.psd1'
    # Started through 'dotnet pwsh', this process is dotnet itself and needs pwsh.dll as its first argument.
    $script:Pwsh = [Environment]::ProcessPath
    $script:PwshPrefix = if ([System.IO.Path]::GetFileNameWithoutExtension($script:Pwsh) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

    $rsa = [System.Security.Cryptography.RSA]::Create(3072)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        'CN=Atomicity Test', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $eku = [System.Security.Cryptography.OidCollection]::new()
    $null = $eku.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($eku, $false))
    $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
    $script:PfxPath = Join-Path $TestDrive 'atomicity.pfx'
    [System.IO.File]::WriteAllBytes($script:PfxPath, $certificate.Export('Pfx', 'atomicity'))

    function script:New-LargeScript([string] $Path, [long] $Bytes) {
        $line = [System.Text.Encoding]::ASCII.GetBytes("Write-Output 'line of a large generated script used to test atomic replacement'`r`n")
        $stream = [System.IO.File]::Create($Path)
        try {
            for ($written = 0L; $written -lt $Bytes; $written += $line.Length) { $stream.Write($line, 0, $line.Length) }
        }
        finally { $stream.Dispose() }
    }

    function script:Start-Signing([string] $Path) {
        $command = "Import-Module '$script:ModuleManifest'; " +
            "Set-CodeSignature -LiteralPath '$Path' -CertificatePath '$script:PfxPath' " +
            "-Password (ConvertTo-SecureString 'atomicity' -AsPlainText -Force) -ErrorAction Stop"
        $arguments = @($script:PwshPrefix) + @('-NoProfile', '-NonInteractive', '-Command', "`"$command`"")
        Start-Process -FilePath $script:Pwsh -ArgumentList $arguments -PassThru
    }
}

Describe 'Signing is atomic' {
    It 'leaves a large file unchanged when the signing process is killed as it writes' {
        $path = Join-Path $TestDrive 'large.ps1'
        New-LargeScript -Path $path -Bytes 150MB
        $before = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        $process = Start-Signing -Path $path
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while (-not $process.HasExited -and [DateTime]::UtcNow -lt $deadline -and
               -not (Get-ChildItem -LiteralPath $TestDrive -Filter '.codesignps-*.tmp' -Force)) {
            Start-Sleep -Milliseconds 5
        }
        $wasRunning = -not $process.HasExited
        $process.Kill()
        $process.WaitForExit()

        $wasRunning | Should -BeTrue -Because 'the kill must land while the file is being written'
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $before
    }

    It 'leaves a large file unchanged when the signing process is killed while hashing' {
        $path = Join-Path $TestDrive 'hashing.ps1'
        New-LargeScript -Path $path -Bytes 150MB
        $before = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        $process = Start-Signing -Path $path
        # The child needs about a second to start and import; the kill then lands in the read or hash.
        Start-Sleep -Milliseconds 1500
        $wasRunning = -not $process.HasExited
        $process.Kill()
        $process.WaitForExit()

        $wasRunning | Should -BeTrue
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $before
    }

    It 'leaves the file unchanged and reports FileWriteFailed on a full tmpfs' {
        $isRoot = $IsLinux -and ((& id -u) -eq '0')
        if (-not $isRoot) {
            if ($env:CI -eq 'true') { throw 'The tmpfs test needs root on Linux, and CI runs as root.' }
            Set-ItResult -Skipped -Because 'mounting a tmpfs needs root on Linux'
            return
        }

        $mount = Join-Path ([System.IO.Path]::GetTempPath()) "csps-tmpfs-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $mount
        & mount -t tmpfs -o size=1m tmpfs $mount
        $LASTEXITCODE | Should -Be 0
        try {
            $path = Join-Path $mount 'full.ps1'
            New-LargeScript -Path $path -Bytes 700KB
            $before = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

            Import-Module $script:ModuleManifest -Force
            $password = ConvertTo-SecureString 'atomicity' -AsPlainText -Force
            Set-CodeSignature -LiteralPath $path -CertificatePath $script:PfxPath -Password $password -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'FileWriteFailed*'
            (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $before
            @(Get-ChildItem -LiteralPath $mount -Force).Count | Should -Be 1
        }
        finally {
            & umount $mount
            Remove-Item -LiteralPath $mount -Force
        }
    }
}
