# Helpers shared by the cmdlet tests: where the built module is, certificates minted at test time,
# and script files with a chosen encoding and line ending. Nothing here is committed key material.

Set-StrictMode -Version Latest

$script:CodeSigningOid = '1.3.6.1.5.5.7.3.3'

# Script text per extension; the signature formats only frame the block, so the body only has
# to look like the kind of file it claims to be.
$script:ScriptTextByExtension = @{
    '.ps1'    = "param()`nWrite-Output 'Hello from a signed script'`n"
    '.psm1'   = "function Get-Greeting { 'Hello from a signed module' }`nExport-ModuleMember -Function Get-Greeting`n"
    '.psd1'   = "@{`n    ModuleVersion = '1.0.0'`n    RootModule = 'Test.psm1'`n}`n"
    '.ps1xml' = "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<Types>`n</Types>`n"
    '.psc1'   = "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<PSConsoleFile ConsoleSchemaVersion=`"1.0`">`n</PSConsoleFile>`n"
    '.cdxml'  = "<?xml version=`"1.0`" encoding=`"utf-8`"?>`n<PowerShellMetadata xmlns=`"http://schemas.microsoft.com/cmdlets-over-objects/2009/11`">`n</PowerShellMetadata>`n"
    '.mof'    = "instance of MSFT_TestSetting`n{`n    Name = `"Example`";`n};`n"
}

function Get-CodeSignPSModulePath {
    <#
    .SYNOPSIS
    Returns the module to test: $env:CODESIGNPS_MODULE_PATH, or out/CodeSignPS of this repository.
    #>
    if ($env:CODESIGNPS_MODULE_PATH) {
        return $env:CODESIGNPS_MODULE_PATH
    }

    return [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../out/CodeSignPS'))
}

function New-TestSigningCertificate {
    <#
    .SYNOPSIS
    Mints an RSA certificate with its private key: a code signing leaf by default, or a CA.
    .PARAMETER Issuer
    The CA certificate (with private key) that issues the new one; self-signed when omitted.
    .PARAMETER ExtendedKeyUsage
    EKU OIDs of a leaf; code signing by default.
    .PARAMETER ValidFor
    How long from now the certificate stays valid; the validity starts five minutes ago.
    #>
    [CmdletBinding()]
    [OutputType([System.Security.Cryptography.X509Certificates.X509Certificate2])]
    param(
        [string] $Subject = 'CN=CodeSignPS Test Signer, O=CodeSignPS Tests',
        [System.Security.Cryptography.X509Certificates.X509Certificate2] $Issuer,
        [switch] $CertificateAuthority,
        [string[]] $ExtendedKeyUsage = @($script:CodeSigningOid),
        [TimeSpan] $ValidFor = [TimeSpan]::FromDays(30),
        [int] $KeySize = 3072
    )

    $rsa = [System.Security.Cryptography.RSA]::Create($KeySize)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    Add-TestCertificateExtensions -Request $request -CertificateAuthority:$CertificateAuthority -ExtendedKeyUsage $ExtendedKeyUsage

    # The validity is computed after key generation, which can take a second or more, so that a
    # short -ValidFor still starts from the moment the certificate exists.
    $notBefore = [DateTimeOffset]::UtcNow.AddMinutes(-5)
    $notAfter = [DateTimeOffset]::UtcNow.Add($ValidFor)
    if (-not $Issuer) {
        return $request.CreateSelfSigned($notBefore, $notAfter)
    }

    $request.CertificateExtensions.Add([System.Security.Cryptography.X509Certificates.X509AuthorityKeyIdentifierExtension]::CreateFromCertificate($Issuer, $true, $false))
    $serialNumber = [byte[]]::new(16)
    [System.Security.Cryptography.RandomNumberGenerator]::Fill($serialNumber)
    $serialNumber[0] = $serialNumber[0] -band 0x7F
    $issued = $request.Create($Issuer, $notBefore, $notAfter, $serialNumber)
    return [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($issued, $rsa)
}

function Add-TestCertificateExtensions {
    param(
        [System.Security.Cryptography.X509Certificates.CertificateRequest] $Request,
        [switch] $CertificateAuthority,
        [string[]] $ExtendedKeyUsage
    )

    $extensions = $Request.CertificateExtensions
    $extensions.Add([System.Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension]::new($Request.PublicKey, $false))
    if ($CertificateAuthority) {
        $extensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
        $extensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new([System.Security.Cryptography.X509Certificates.X509KeyUsageFlags]'KeyCertSign, CrlSign', $true))
        return
    }

    $extensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($false, $false, 0, $true))
    $extensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new([System.Security.Cryptography.X509Certificates.X509KeyUsageFlags]::DigitalSignature, $true))
    $usages = [System.Security.Cryptography.OidCollection]::new()
    foreach ($oid in $ExtendedKeyUsage) {
        $null = $usages.Add([System.Security.Cryptography.Oid]::new($oid))
    }
    $extensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
}

function New-TestCertificateAuthority {
    <#
    .SYNOPSIS
    Mints a throwaway root CA and a code signing leaf it issued; returns both.
    #>
    [CmdletBinding()]
    param(
        [string] $Name = 'CodeSignPS Test'
    )

    $root = New-TestSigningCertificate -Subject "CN=$Name Root CA" -CertificateAuthority -ValidFor ([TimeSpan]::FromDays(365))
    $leaf = New-TestSigningCertificate -Subject "CN=$Name Publisher" -Issuer $root
    [pscustomobject]@{
        Root = $root
        Leaf = $leaf
    }
}

function Export-TestCertificate {
    <#
    .SYNOPSIS
    Writes a certificate in the forms Set-CodeSignature reads: PFX with password, PEM certificate,
    PEM PKCS#8 key (plain and encrypted with the same password) and DER .cer; returns the paths.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
        [Parameter(Mandatory)] [string] $Directory,
        [Parameter(Mandatory)] [string] $Name,
        [string] $Password = 'Test-Passw0rd'
    )

    $files = [pscustomobject]@{
        PfxPath              = Join-Path $Directory "$Name.pfx"
        CertificatePemPath   = Join-Path $Directory "$Name.crt.pem"
        KeyPemPath           = Join-Path $Directory "$Name.key.pem"
        EncryptedKeyPemPath  = Join-Path $Directory "$Name.key.encrypted.pem"
        CerPath              = Join-Path $Directory "$Name.cer"
        Password             = ConvertTo-SecureString -String $Password -AsPlainText -Force
    }

    $key = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
    $pbe = [System.Security.Cryptography.PbeParameters]::new([System.Security.Cryptography.PbeEncryptionAlgorithm]::Aes256Cbc, [System.Security.Cryptography.HashAlgorithmName]::SHA256, 100000)
    [IO.File]::WriteAllBytes($files.PfxPath, $Certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $Password))
    [IO.File]::WriteAllText($files.CertificatePemPath, $Certificate.ExportCertificatePem())
    [IO.File]::WriteAllText($files.KeyPemPath, $key.ExportPkcs8PrivateKeyPem())
    [IO.File]::WriteAllText($files.EncryptedKeyPemPath, $key.ExportEncryptedPkcs8PrivateKeyPem($Password, $pbe))
    [IO.File]::WriteAllBytes($files.CerPath, $Certificate.RawData)
    return $files
}

function Get-TestScriptText {
    param([Parameter(Mandatory)] [string] $Extension)

    return $script:ScriptTextByExtension[$Extension.ToLowerInvariant()]
}

function New-TestScript {
    <#
    .SYNOPSIS
    Writes a script file with the given encoding and line ending; returns its FileInfo.
    .PARAMETER Text
    The script text; a sample of the kind the extension names when omitted. Line breaks are
    rewritten to -LineEnding.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $Text,
        [ValidateSet('Utf8Bom', 'Utf8', 'Utf16LE', 'Utf16BE', 'Windows1252')]
        [string] $Encoding = 'Utf8Bom',
        [ValidateSet('LF', 'CRLF')]
        [string] $LineEnding = 'LF'
    )

    if (-not $Text) {
        $Text = Get-TestScriptText -Extension ([IO.Path]::GetExtension($Path))
    }
    $newLine = if ($LineEnding -eq 'CRLF') { "`r`n" } else { "`n" }
    $Text = $Text -replace "`r?`n", $newLine

    $parent = Split-Path -Parent $Path
    if ($parent -and -not (Test-Path -LiteralPath $parent)) {
        $null = New-Item -ItemType Directory -Path $parent
    }

    [IO.File]::WriteAllBytes($Path, (ConvertTo-TestBytes -Text $Text -Encoding $Encoding))
    return Get-Item -LiteralPath $Path
}

function ConvertTo-TestBytes {
    param([string] $Text, [string] $Encoding)

    $encoder = switch ($Encoding) {
        'Utf8Bom' { [Text.UTF8Encoding]::new($true) }
        'Utf8' { [Text.UTF8Encoding]::new($false) }
        'Utf16LE' { [Text.UnicodeEncoding]::new($false, $true) }
        'Utf16BE' { [Text.UnicodeEncoding]::new($true, $true) }
        'Windows1252' { [Text.Encoding]::Latin1 }
    }

    [byte[]] $preamble = $encoder.GetPreamble()
    [byte[]] $body = $encoder.GetBytes($Text)
    return [byte[]] ($preamble + $body)
}

function Get-FileSha256 {
    param([Parameter(Mandatory)] [string] $Path)

    return (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash
}

function Get-SignatureBlockCount {
    <#
    .SYNOPSIS
    Counts begin markers of signature blocks in a file, whatever its encoding.
    #>
    param([Parameter(Mandatory)] [string] $Path)

    $text = Get-Content -LiteralPath $Path -Raw
    return ([regex]::Matches($text, 'SIG # Begin signature block')).Count
}

function Remove-SignatureEndMarker {
    <#
    .SYNOPSIS
    Deletes the end marker line of the signature block of a UTF-8 file, leaving a block that
    begins and never ends.
    #>
    param([Parameter(Mandatory)] [string] $Path)

    $text = [IO.File]::ReadAllText($Path)
    $broken = [regex]::Replace($text, '(?m)^.*SIG # End signature block.*(\r?\n)?', '')
    [IO.File]::WriteAllText($Path, $broken, [Text.UTF8Encoding]::new($true))
}

function Get-TestServersAssembly {
    <#
    .SYNOPSIS
    Returns the path of CodeSignPS.TestServers.dll: $env:CODESIGNPS_TEST_SERVERS when it exists, else builds the project into -BuildFolder.
    #>
    param([Parameter(Mandatory)] [string] $BuildFolder)

    if ($env:CODESIGNPS_TEST_SERVERS -and (Test-Path -LiteralPath $env:CODESIGNPS_TEST_SERVERS)) {
        return $env:CODESIGNPS_TEST_SERVERS
    }

    $project = Join-Path $PSScriptRoot '../CodeSignPS.TestServers'
    $log = & dotnet build $project --nologo -c Debug -o $BuildFolder 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Building $project failed: $log" }
    return Join-Path $BuildFolder 'CodeSignPS.TestServers.dll'
}

function Start-TestServerProcess {
    <#
    .SYNOPSIS
    Starts CodeSignPS.TestServers with -Arguments and waits until it writes its port; returns the process and the port.
    .NOTES
    The server stops by itself when this PowerShell process exits (--parent-pid), so a crashed run
    leaves no server behind. Its output goes next to the port file in -Folder.
    #>
    param(
        [Parameter(Mandatory)] [string] $Assembly,
        [Parameter(Mandatory)] [string[]] $Arguments,
        [Parameter(Mandatory)] [string] $Folder,
        [Parameter(Mandatory)] [string] $Description
    )

    $portFile = Join-Path $Folder ([IO.Path]::GetRandomFileName() + '.port')
    $allArguments = @($Assembly) + $Arguments + @('--port-file', $portFile, '--parent-pid', $PID)
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $allArguments -PassThru `
        -RedirectStandardOutput "$portFile.out" -RedirectStandardError "$portFile.err"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-Path -LiteralPath $portFile)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            Stop-Process -Id $process.Id -Force -ErrorAction Ignore
            throw "The $Description did not start within 60 s: $(Get-Content -Raw -LiteralPath "$portFile.err" -ErrorAction Ignore)"
        }
        Start-Sleep -Milliseconds 100
    }

    [pscustomobject]@{ Process = $process; Port = [int](Get-Content -Raw -LiteralPath $portFile).Trim() }
}

function Start-TestTimestampServer {
    <#
    .SYNOPSIS
    Starts a test timestamp authority (-Mode openssl, silent, unavailable, ...) whose PKI is in -PkiFolder; returns the process, its URL and its counters URL.
    #>
    param(
        [Parameter(Mandatory)] [string] $Assembly,
        [Parameter(Mandatory)] [string] $Mode,
        [Parameter(Mandatory)] [string] $PkiFolder,
        [Parameter(Mandatory)] [string] $WorkFolder,
        [int] $DelayMs = 0
    )

    $arguments = @('--mode', $Mode, '--pki', $PkiFolder, '--work', (Join-Path $WorkFolder ([IO.Path]::GetRandomFileName())), '--delay-ms', $DelayMs)
    $server = Start-TestServerProcess -Assembly $Assembly -Arguments $arguments -Folder $WorkFolder -Description "test timestamp authority ($Mode)"
    [pscustomobject]@{
        Process  = $server.Process
        Url      = "http://127.0.0.1:$($server.Port)/tsa"
        StatsUrl = "http://127.0.0.1:$($server.Port)/stats"
    }
}

function Save-SignedScriptForWindowsCheck {
    <#
    .SYNOPSIS
    Keeps a copy of a script a test signed, with the root its signature chains to, for
    build/Test-WindowsSignatures.ps1, which checks it with Windows' own Get-AuthenticodeSignature.
    Does nothing unless $env:CODESIGNPS_SIGNED_SCRIPT_DIR names a folder.
    .PARAMETER Root
    The trust anchor of the signature: the CA root, or the signer itself when it is self-signed.
    .PARAMETER Label
    What the test signed, shown next to the script in the check's table.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Root,
        [Parameter(Mandatory)] [string] $Label
    )

    if (-not $env:CODESIGNPS_SIGNED_SCRIPT_DIR) { return }
    $folder = Join-Path $env:CODESIGNPS_SIGNED_SCRIPT_DIR ([guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Force -Path $folder
    Copy-Item -LiteralPath $Path -Destination $folder
    [IO.File]::WriteAllBytes((Join-Path $folder 'root.cer'), $Root.RawData)
    [IO.File]::WriteAllText((Join-Path $folder 'label.txt'), $Label)
}

Export-ModuleMember -Function @(
    'Get-CodeSignPSModulePath'
    'New-TestSigningCertificate'
    'New-TestCertificateAuthority'
    'Export-TestCertificate'
    'Get-TestScriptText'
    'New-TestScript'
    'Get-FileSha256'
    'Get-SignatureBlockCount'
    'Remove-SignatureEndMarker'
    'Get-TestServersAssembly'
    'Start-TestServerProcess'
    'Start-TestTimestampServer'
    'Save-SignedScriptForWindowsCheck'
)
