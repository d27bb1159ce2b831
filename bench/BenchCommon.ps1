# Helpers shared by the benchmark scripts: process timing, medians, phases, status counts and the
# pwsh command line.

function Get-Median {
    <#
    .SYNOPSIS
    Returns the median of a list of numbers (the mean of the two middle values for an even count).
    #>
    param([Parameter(Mandatory)] [double[]] $Value)

    $sorted = [double[]]($Value | Sort-Object)
    $middle = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2 -eq 1) {
        return $sorted[$middle]
    }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Invoke-BenchProcess {
    <#
    .SYNOPSIS
    Runs a program, waits for it and returns its exit code, output and wall-clock time in seconds.

    .DESCRIPTION
    The clock runs from the process start to its exit, so the figure includes the program's own
    start-up, as a user running the command would see it. Output is read on background tasks so a
    full pipe cannot stall the child.
    #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{}
    )

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) {
        $startInfo.ArgumentList.Add($argument)
    }
    foreach ($name in $Environment.Keys) {
        $startInfo.Environment[$name] = [string]$Environment[$name]
    }
    # Child PowerShell processes write plain text, so messages quoted in the results carry no escape codes.
    $startInfo.Environment['NO_COLOR'] = '1'
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.UseShellExecute = $false

    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $standardOutput = $process.StandardOutput.ReadToEndAsync()
    $standardError = $process.StandardError.ReadToEndAsync()
    $process.WaitForExit()
    $stopwatch.Stop()

    [pscustomobject]@{
        ExitCode = $process.ExitCode
        Seconds  = $stopwatch.Elapsed.TotalSeconds
        StdOut   = $standardOutput.GetAwaiter().GetResult()
        StdErr   = $standardError.GetAwaiter().GetResult()
    }
}

function Assert-BenchProcessSucceeded {
    <#
    .SYNOPSIS
    Throws with the command and the tail of its error output when a process exited non-zero.
    #>
    param(
        [Parameter(Mandatory)] $Result,
        [Parameter(Mandatory)] [string] $Description
    )

    if ($Result.ExitCode -ne 0) {
        $detail = (($Result.StdErr + "`n" + $Result.StdOut).Trim() -split "`n" | Select-Object -Last 10) -join "`n"
        throw "$Description failed with exit code $($Result.ExitCode):`n$detail"
    }
}

function Get-PwshCommand {
    <#
    .SYNOPSIS
    Returns the program and leading arguments that start the same PowerShell as this session.

    .DESCRIPTION
    Under `dotnet pwsh` the process is the dotnet host running pwsh.dll, so the child is started the
    same way, without the tool shim; under an installed pwsh the process path is pwsh itself.
    #>
    $processPath = [Environment]::ProcessPath
    $leafName = [IO.Path]::GetFileNameWithoutExtension($processPath)
    if ($leafName -eq 'dotnet') {
        return [pscustomobject]@{ FilePath = $processPath; Prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
    }
    return [pscustomobject]@{ FilePath = $processPath; Prefix = @() }
}

function Assert-BenchTool {
    <#
    .SYNOPSIS
    Throws when a command-line tool the reference side needs is not on PATH.
    #>
    param(
        [Parameter(Mandatory)] [string] $Name,
        [Parameter(Mandatory)] [string] $Hint
    )

    if (-not (Get-Command -Name $Name -CommandType Application -ErrorAction Ignore)) {
        throw "The benchmark needs '$Name' on PATH, but it was not found. $Hint"
    }
}

function Get-BenchLoadAverage {
    <#
    .SYNOPSIS
    Returns the one-minute load average from /proc/loadavg, or -1 where there is none (outside Linux).
    #>
    if (-not (Test-Path -LiteralPath '/proc/loadavg')) {
        return -1.0
    }
    return [double]::Parse((Get-Content -LiteralPath '/proc/loadavg').Split(' ')[0], [cultureinfo]::InvariantCulture)
}

function Get-BenchMachine {
    <#
    .SYNOPSIS
    Describes the machine and tools a run measured: CPU, cores, OS, load average, versions.

    .DESCRIPTION
    The CPU name and the load average come from /proc, so they are 'unknown' and -1 outside Linux.
    #>
    $cpu = 'unknown'
    if (Test-Path -LiteralPath '/proc/cpuinfo') {
        $match = Select-String -LiteralPath '/proc/cpuinfo' -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1
        if ($match) { $cpu = $match.Matches[0].Groups[1].Value }
    }
    $loadAverage = Get-BenchLoadAverage

    [ordered]@{
        Cpu                = $cpu
        LogicalCores       = [Environment]::ProcessorCount
        Os                 = [Runtime.InteropServices.RuntimeInformation]::OSDescription
        LoadAverageAtStart = $loadAverage
        PowerShell         = [string]$PSVersionTable.PSVersion
        Openssl            = (Invoke-BenchProcess -FilePath 'openssl' -ArgumentList @('version')).StdOut.Trim()
        Osslsigncode       = ''
    }
}

function New-BenchPhaseLog {
    <#
    .SYNOPSIS
    Starts the clock of a bench run, whose phases Complete-BenchPhase records.
    #>
    [pscustomobject]@{
        Watch       = [System.Diagnostics.Stopwatch]::StartNew()
        Start       = [TimeSpan]::Zero
        Seconds     = [ordered]@{}
        LoadAverage = [ordered]@{}
    }
}

function Complete-BenchPhase {
    <#
    .SYNOPSIS
    Records the seconds since the previous phase ended, to show where the bench's own time goes,
    and the load average at its end, because a load that changes between phases skews the ratios.
    #>
    param(
        [Parameter(Mandatory)] $Log,
        [Parameter(Mandatory)] [string] $Name
    )

    $Log.Seconds[$Name] = ($Log.Watch.Elapsed - $Log.Start).TotalSeconds
    $Log.LoadAverage[$Name] = Get-BenchLoadAverage
    $Log.Start = $Log.Watch.Elapsed
}

function Measure-Round {
    # Runs Action once under a Stopwatch and returns the seconds with whatever Action returned.
    param([scriptblock] $Action)

    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $Action
    $stopwatch.Stop()
    [pscustomobject]@{ Seconds = $stopwatch.Elapsed.TotalSeconds; Output = $output }
}

function Get-StatusCount {
    # Counts results by Status, e.g. @{ Valid = 2000 }.
    param($Result)

    $counts = [ordered]@{}
    foreach ($group in @($Result) | Group-Object -Property { [string]$_.Status }) {
        $counts[$group.Name] = $group.Count
    }
    return $counts
}
