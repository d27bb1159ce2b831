#Requires -Version 7.4

# Servers and certificates for the online revocation tests: a CRL server from
# tests/CodeSignPS.TestServers and an `openssl ocsp` responder, both reached at 127.0.0.1, and a CA whose
# leaves name them in their CRL distribution point and authority information access extensions.

Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1')

$script:OcspSigningOid = '1.3.6.1.5.5.7.3.9'

function Get-FreeTcpPort {
    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start()
    try { return $probe.LocalEndpoint.Port } finally { $probe.Stop() }
}

function Start-TestCrlServer {
    <#
    .SYNOPSIS
    Starts a CRL server process (crl-files, crl-hang, crl-error or crl-garbage) serving -Folder; returns the process and its base URL.
    #>
    param(
        [Parameter(Mandatory)] [string] $Assembly,
        [Parameter(Mandatory)] [string] $Folder,
        [string] $Mode = 'crl-files'
    )

    $server = Start-TestServerProcess -Assembly $Assembly -Arguments @('--mode', $Mode, '--folder', $Folder) -Folder $Folder -Description "test CRL server ($Mode)"
    [pscustomobject]@{ Process = $server.Process; Url = "http://127.0.0.1:$($server.Port)/" }
}

function Start-TestOcspResponder {
    <#
    .SYNOPSIS
    Starts `openssl ocsp` on -Port for -Authority, with -Revoked marked keyCompromise in its index; returns the process.
    .NOTES
    openssl 3.0 declares -port as a non-negative number and rejects "127.0.0.1:PORT", so the
    responder listens on every interface while the test runs; the tests connect to 127.0.0.1 only.
    #>
    param(
        [Parameter(Mandatory)] [object] $Authority,
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [int] $Port,
        [System.Security.Cryptography.X509Certificates.X509Certificate2[]] $Good = @(),
        [System.Security.Cryptography.X509Certificates.X509Certificate2[]] $Revoked = @(),
        [DateTimeOffset] $RevokedAt = [DateTimeOffset]::UtcNow.AddHours(-1)
    )

    $format = { param($time) $time.UtcDateTime.ToString("yyMMddHHmmss'Z'", [cultureinfo]::InvariantCulture) }
    $lines = @(
        foreach ($certificate in $Good) { "V`t$(& $format ([DateTimeOffset]$certificate.NotAfter))`t`t$($certificate.SerialNumber)`tunknown`t/$($certificate.Subject)" }
        foreach ($certificate in $Revoked) { "R`t$(& $format ([DateTimeOffset]$certificate.NotAfter))`t$(& $format $RevokedAt),keyCompromise`t$($certificate.SerialNumber)`tunknown`t/$($certificate.Subject)" }
    )
    [IO.File]::WriteAllText((Join-Path $Folder 'index.txt'), (($lines | ForEach-Object { "$_`n" }) -join ''))
    [IO.File]::WriteAllText((Join-Path $Folder 'ca.pem'), $Authority.Root.ExportCertificatePem())
    [IO.File]::WriteAllText((Join-Path $Folder 'ocsp.pem'), $Authority.Responder.ExportCertificatePem())
    $key = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Authority.Responder)
    [IO.File]::WriteAllText((Join-Path $Folder 'ocsp.key'), $key.ExportPkcs8PrivateKeyPem())

    $out = Join-Path $Folder 'ocsp.out'
    $arguments = @('ocsp', '-index', 'index.txt', '-port', $Port, '-rsigner', 'ocsp.pem', '-rkey', 'ocsp.key', '-CA', 'ca.pem', '-ndays', '1')
    $process = Start-Process -FilePath 'openssl' -ArgumentList $arguments -WorkingDirectory $Folder -PassThru `
        -RedirectStandardOutput $out -RedirectStandardError "$out.err"
    # openssl prints ACCEPT once it listens; a bare TCP probe would block its single-connection loop.
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while (-not (Select-String -LiteralPath $out -Pattern '^ACCEPT' -Quiet -ErrorAction Ignore)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            throw "openssl ocsp did not start on port ${Port}: $(Get-Content -Raw -LiteralPath "$out.err" -ErrorAction Ignore)"
        }
        Start-Sleep -Milliseconds 100
    }
    return $process
}

function New-OnlineTestAuthority {
    <#
    .SYNOPSIS
    Mints a root CA and a delegated OCSP responder certificate it issued.
    #>
    param([string] $Name = 'CodeSignPS Online Test')

    $root = New-TestSigningCertificate -Subject "CN=$Name Root CA $([guid]::NewGuid().ToString('N'))" -CertificateAuthority -ValidFor ([TimeSpan]::FromDays(365)) -KeySize 2048
    $responder = New-TestSigningCertificate -Subject "CN=$Name OCSP Responder" -Issuer $root -ExtendedKeyUsage $script:OcspSigningOid -KeySize 2048
    [pscustomobject]@{ Root = $root; Responder = $responder }
}

function New-OnlineTestFixture {
    <#
    .SYNOPSIS
    Mints an authority, writes its root to -Folder/root.cer and starts a CRL server serving -Folder/served, plus a second one in -SecondMode; returns them with the list of processes that Stop-OnlineTestProcesses ends.
    #>
    param(
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $SecondMode,
        [string] $Name = 'CodeSignPS Online Test'
    )

    $assembly = Get-TestServersAssembly -BuildFolder (Join-Path $Folder 'test-servers')
    $authority = New-OnlineTestAuthority -Name $Name
    $rootPath = Join-Path $Folder 'root.cer'
    [IO.File]::WriteAllBytes($rootPath, $authority.Root.RawData)
    $crlFolder = (New-Item -ItemType Directory -Path (Join-Path $Folder 'served')).FullName
    $crlServer = Start-TestCrlServer -Assembly $assembly -Folder $crlFolder
    $secondServer = Start-TestCrlServer -Assembly $assembly -Folder $crlFolder -Mode $SecondMode
    $processes = [System.Collections.Generic.List[object]]::new()
    $processes.Add($crlServer.Process)
    $processes.Add($secondServer.Process)
    [pscustomobject]@{
        Authority    = $authority
        RootPath     = $rootPath
        CrlFolder    = $crlFolder
        CrlServer    = $crlServer
        SecondServer = $secondServer
        Processes    = $processes
    }
}

function Stop-OnlineTestProcesses {
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Processes)

    foreach ($process in $Processes) {
        Stop-Process -Id $process.Id -Force -ErrorAction Ignore
    }
}

function New-OnlineSignedScript {
    <#
    .SYNOPSIS
    Writes -Folder/-Name.ps1 and signs it with -Certificate; returns its path.
    #>
    param(
        [Parameter(Mandatory)] $Certificate,
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Name
    )

    $path = (New-TestScript -Path (Join-Path $Folder "$Name.ps1") -Text "Write-Output '$Name'").FullName
    Set-CodeSignature -LiteralPath $path -Certificate $Certificate -ErrorAction Stop | Out-Null
    return $path
}

function New-OnlineTestLeaf {
    <#
    .SYNOPSIS
    Issues a code signing leaf from -Authority that names -CrlUrl and -OcspUrl when given.
    #>
    param(
        [Parameter(Mandatory)] [object] $Authority,
        [string] $Subject = 'CN=CodeSignPS Online Signer',
        [string] $CrlUrl,
        [string] $OcspUrl
    )

    $rsa = [System.Security.Cryptography.RSA]::Create(3072)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($false, $false, 0, $true))
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new([System.Security.Cryptography.X509Certificates.X509KeyUsageFlags]::DigitalSignature, $true))
    $usages = [System.Security.Cryptography.OidCollection]::new()
    $null = $usages.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509AuthorityKeyIdentifierExtension]::CreateFromCertificate($Authority.Root, $true, $false))
    if ($CrlUrl) {
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder]::BuildCrlDistributionPointExtension([string[]]@($CrlUrl), $false))
    }
    if ($OcspUrl) {
        $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509AuthorityInformationAccessExtension]::new([string[]]@($OcspUrl), $null, $false))
    }

    # A first byte below 0x80 and above 0x0F keeps the serial's hex form the same in .NET and openssl.
    $serial = [byte[]]::new(12)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($serial)
    $serial[0] = 0x12
    $issued = $request.Create($Authority.Root, [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(30), $serial)
    return [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($issued, $rsa)
}

function New-OnlineTestCrl {
    <#
    .SYNOPSIS
    Writes a DER CRL of -Authority to -Path, listing -Revoked with keyCompromise.
    #>
    param(
        [Parameter(Mandatory)] [object] $Authority,
        [Parameter(Mandatory)] [string] $Path,
        [System.Security.Cryptography.X509Certificates.X509Certificate2[]] $Revoked = @(),
        [int] $CrlNumber = 1
    )

    $builder = [System.Security.Cryptography.X509Certificates.CertificateRevocationListBuilder]::new()
    foreach ($certificate in $Revoked) {
        $builder.AddEntry($certificate, [DateTimeOffset]::UtcNow.AddHours(-2), [System.Security.Cryptography.X509Certificates.X509RevocationReason]::KeyCompromise)
    }
    $crl = $builder.Build($Authority.Root, [System.Numerics.BigInteger]$CrlNumber, [DateTimeOffset]::UtcNow.AddDays(1), [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1, [DateTimeOffset]::UtcNow.AddHours(-1))
    [IO.File]::WriteAllBytes($Path, $crl)
}

Export-ModuleMember -Function Get-FreeTcpPort, Start-TestCrlServer, Start-TestOcspResponder, New-OnlineTestAuthority, New-OnlineTestFixture,
    Stop-OnlineTestProcesses, New-OnlineSignedScript, New-OnlineTestLeaf, New-OnlineTestCrl
