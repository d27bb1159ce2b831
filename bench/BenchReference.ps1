# The reference side: osslsigncode run two processes at a time, `openssl speed` for the machine's
# RSA-3072 rates on two cores, and `openssl dgst -sha256` for its hashing rate.

function Get-OsslsigncodeVersion {
    <#
    .SYNOPSIS
    Returns osslsigncode's version, or throws when it is older than 2.9, which first signs scripts.
    #>
    $result = Invoke-BenchProcess -FilePath 'osslsigncode' -ArgumentList @('--version')
    $match = [regex]::Match($result.StdOut + $result.StdErr, 'osslsigncode (\d+)\.(\d+)')
    if (-not $match.Success) {
        throw "Could not read the osslsigncode version from 'osslsigncode --version'; expected a line such as 'osslsigncode 2.9'."
    }

    $version = [version]::new([int]$match.Groups[1].Value, [int]$match.Groups[2].Value)
    if ($version -lt [version]'2.9') {
        throw "osslsigncode $version cannot sign PowerShell scripts; install osslsigncode 2.9 or newer."
    }
    return $version
}

function Get-BenchReferenceMachine {
    <#
    .SYNOPSIS
    Checks that openssl, osslsigncode 2.9 or newer and xargs are on PATH, and returns the machine
    description with osslsigncode's version.

    .DESCRIPTION
    Warns when the load average already exceeds the number of cores, because other processes then
    compete with both sides for the CPU.
    #>
    Assert-BenchTool -Name 'openssl' -Hint 'Install the openssl package.'
    Assert-BenchTool -Name 'osslsigncode' -Hint 'Install osslsigncode 2.9 or newer.'
    Assert-BenchTool -Name 'xargs' -Hint 'Install findutils.'
    $osslsigncodeVersion = Get-OsslsigncodeVersion
    $machine = Get-BenchMachine
    $machine.Osslsigncode = [string]$osslsigncodeVersion
    if ($machine.LoadAverageAtStart -gt $machine.LogicalCores) {
        Write-Warning ("The load average is {0} on {1} cores: other processes compete for the CPU, so the figures will be noisy." -f
            $machine.LoadAverageAtStart, $machine.LogicalCores)
    }
    return $machine
}

function Invoke-OsslsigncodeBatch {
    <#
    .SYNOPSIS
    Runs osslsigncode over a list of arguments with `xargs -P 2` and returns the seconds taken.

    .DESCRIPTION
    This is how a user runs a single-file tool over a release on two cores. ListPath holds
    NUL-separated arguments, and each osslsigncode process gets Command followed by the next
    ArgumentsPerFile of them. Output is discarded, errors go to ErrorLog, and any failing file fails
    the batch, unless AllowFailedFiles is set for files whose rejection is the expected outcome.
    Even then a process killed by a signal, or one that exits with 255 (which stops xargs), fails
    the batch, because the files after it were not processed.
    #>
    param(
        [Parameter(Mandatory)] [string] $ListPath,
        [Parameter(Mandatory)] [int] $ArgumentsPerFile,
        [Parameter(Mandatory)] [string[]] $Command,
        [Parameter(Mandatory)] [string] $ErrorLog,
        [switch] $AllowFailedFiles
    )

    # sh only redirects; the arguments reach xargs and osslsigncode without being parsed again.
    $redirect = 'list="$1"; log="$2"; shift 2; exec xargs "$@" < "$list" > /dev/null 2> "$log"'
    $arguments = @('-c', $redirect, 'sh', $ListPath, $ErrorLog,
        '-0', '-P', '2', '-n', [string]$ArgumentsPerFile, 'osslsigncode') + $Command
    $result = Invoke-BenchProcess -FilePath 'sh' -ArgumentList $arguments
    # GNU and BSD xargs exit with 123 when some command exited with a status from 1 to 125.
    if ($AllowFailedFiles -and $result.ExitCode -eq 123) {
        return $result.Seconds
    }
    if ($result.ExitCode -ne 0) {
        $detail = (Get-Content -LiteralPath $ErrorLog -Tail 10 -ErrorAction Ignore) -join "`n"
        throw "osslsigncode $($Command[0]) failed on at least one file (xargs exit code $($result.ExitCode)):`n$detail"
    }
    return $result.Seconds
}

function Measure-OsslsigncodeScripts {
    <#
    .SYNOPSIS
    Times osslsigncode signing every script into OutputFolder, then verifying every signed copy.
    #>
    param(
        [Parameter(Mandatory)] [string[]] $ScriptPath,
        [Parameter(Mandatory)] [string] $OutputFolder,
        [Parameter(Mandatory)] $Certificates,
        [Parameter(Mandatory)] [string] $WorkFolder
    )

    $signList = [System.Text.StringBuilder]::new()
    $signedPaths = foreach ($path in $ScriptPath) {
        $signedPath = Join-Path $OutputFolder (Split-Path -Leaf $path)
        [void]$signList.Append("-in`0$path`0-out`0$signedPath`0")
        $signedPath
    }
    $signListPath = Join-Path $WorkFolder 'osslsigncode-sign.list'
    [IO.File]::WriteAllText($signListPath, $signList.ToString())

    $signSeconds = Invoke-OsslsigncodeBatch -ListPath $signListPath -ArgumentsPerFile 4 `
        -ErrorLog (Join-Path $WorkFolder 'osslsigncode-sign.log') `
        -Command @('sign', '-certs', $Certificates.LeafCertificate, '-key', $Certificates.LeafKey, '-h', 'sha256')

    $verify = Measure-OsslsigncodeVerify -Path $signedPaths -TrustStore $Certificates.RootCertificate -WorkFolder $WorkFolder

    [pscustomobject]@{
        Files         = $ScriptPath.Count
        SignSeconds   = $signSeconds
        VerifySeconds = $verify.Seconds
        SignRate      = $ScriptPath.Count / $signSeconds
        VerifyRate    = $verify.Rate
    }
}

function Measure-OsslsigncodeVerify {
    <#
    .SYNOPSIS
    Times `osslsigncode verify -CAfile TrustStore -ignore-crl -in F` over every file, two processes
    at a time, and returns the seconds and the files per second.

    .DESCRIPTION
    Without AllowFailedFiles, a file that does not verify fails the batch. With it, rejected files
    count like the others, for damaged files whose rejection is the expected outcome.
    #>
    param(
        [Parameter(Mandatory)] [string[]] $Path,
        [Parameter(Mandatory)] [string] $TrustStore,
        [Parameter(Mandatory)] [string] $WorkFolder,
        [switch] $AllowFailedFiles
    )

    $listPath = Join-Path $WorkFolder 'osslsigncode-verify.list'
    [IO.File]::WriteAllText($listPath, (($Path | ForEach-Object { "-in`0$_" }) -join "`0"))
    $seconds = Invoke-OsslsigncodeBatch -ListPath $listPath -ArgumentsPerFile 2 -AllowFailedFiles:$AllowFailedFiles `
        -ErrorLog (Join-Path $WorkFolder 'osslsigncode-verify.log') `
        -Command @('verify', '-CAfile', $TrustStore, '-ignore-crl')

    [pscustomobject]@{
        Files   = $Path.Count
        Seconds = $seconds
        Rate    = $Path.Count / $seconds
    }
}

function Measure-OpensslRsaSpeed {
    <#
    .SYNOPSIS
    Runs `openssl speed -multi 2 rsa3072` and returns the summed sign and verify operations per second.
    #>
    param([int] $Seconds = 5)

    $result = Invoke-BenchProcess -FilePath 'openssl' -ArgumentList @(
        'speed', '-mr', '-multi', '2', '-seconds', [string]$Seconds, 'rsa3072')
    Assert-BenchProcessSucceeded -Result $result -Description 'openssl speed rsa3072'

    # With -mr the parent prints the children's summed rates as "+F2:<index>:<bits>:<sign/s>:<verify/s>".
    $match = [regex]::Match($result.StdOut, '(?m)^\+F2:\d+:3072:([0-9.]+):([0-9.]+)\s*$')
    if (-not $match.Success) {
        throw "Could not find the '+F2:...:3072:...' summary line in the output of 'openssl speed -mr -multi 2 rsa3072'."
    }

    [pscustomobject]@{
        Processes  = 2
        Seconds    = $Seconds
        SignRate   = [double]::Parse($match.Groups[1].Value, [cultureinfo]::InvariantCulture)
        VerifyRate = [double]::Parse($match.Groups[2].Value, [cultureinfo]::InvariantCulture)
    }
}

function Measure-OpensslDigest {
    <#
    .SYNOPSIS
    Times `openssl dgst -sha256` over one file Repeat times and returns the median and the byte rate.
    #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $Repeat = 5
    )

    $length = (Get-Item -LiteralPath $Path).Length
    $runs = for ($i = 0; $i -lt $Repeat; $i++) {
        $result = Invoke-BenchProcess -FilePath 'openssl' -ArgumentList @('dgst', '-sha256', $Path)
        Assert-BenchProcessSucceeded -Result $result -Description 'openssl dgst -sha256'
        $result.Seconds
    }

    $median = Get-Median -Value $runs
    [pscustomobject]@{
        Bytes         = $length
        RunSeconds    = [double[]]$runs
        MedianSeconds = $median
        ByteRate      = $length / $median
    }
}
