<#
.SYNOPSIS
    Checks every script the test run signed with Windows' own Get-AuthenticodeSignature; run by the
    Windows jobs of azure-pipelines.yml and .github/workflows/ci.yml after build.ps1 -Task Test.
.DESCRIPTION
    With CODESIGNPS_SIGNED_SCRIPT_DIR set, the signing tests copy each script they signed into a
    folder of its own under that folder, next to root.cer, the certificate its signature chains to,
    and label.txt, the test that signed it (tests/Pester/TestHelpers.psm1,
    Save-SignedScriptForWindowsCheck). This script adds those roots to LocalMachine\Root for the
    check and removes the ones it added afterwards, also when the check fails. It never uses
    CurrentUser\Root, where adding a root opens a confirmation dialog. Adding to LocalMachine needs
    an elevated session, which hosted agents and runners have.

    Every script must come out Valid. The script prints one row per script and fails (throws, so
    the step exits non-zero) when any is not Valid or when no script was collected.

    It runs in Windows PowerShell 5.1 and in PowerShell 7, so each can be the judge.
.PARAMETER Path
    The folder the tests filled: the value CODESIGNPS_SIGNED_SCRIPT_DIR had during the test run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Path
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($PSVersionTable.PSEdition -eq 'Core' -and -not $IsWindows) {
    throw 'Get-AuthenticodeSignature checks signatures only on Windows; run this script on a Windows agent.'
}
if (-not (Test-Path -LiteralPath $Path -PathType Container)) {
    throw "The folder of signed scripts '$Path' does not exist; run build.ps1 -Task Test with CODESIGNPS_SIGNED_SCRIPT_DIR set to it first."
}

$samples = @(Get-ChildItem -LiteralPath $Path -Directory | Where-Object { Test-Path -LiteralPath (Join-Path $_.FullName 'root.cer') })
if ($samples.Count -eq 0) {
    throw "'$Path' holds no signed script with its root.cer; the signing tests collect them only when CODESIGNPS_SIGNED_SCRIPT_DIR is set."
}

# Each root once, however many scripts chain to it.
$roots = @{}
foreach ($sample in $samples) {
    $root = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (Join-Path $sample.FullName 'root.cer')
    $roots[$root.Thumbprint] = $root
}

$store = New-Object System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'Root', 'LocalMachine'
$store.Open('ReadWrite')
$added = New-Object System.Collections.Generic.List[System.Security.Cryptography.X509Certificates.X509Certificate2]
$rows = New-Object System.Collections.Generic.List[object]
try {
    foreach ($root in $roots.Values) {
        if ($store.Certificates.Find('FindByThumbprint', $root.Thumbprint, $false).Count -eq 0) {
            $store.Add($root)
            $added.Add($root)
        }
    }

    foreach ($sample in $samples) {
        $labelPath = Join-Path $sample.FullName 'label.txt'
        $label = if (Test-Path -LiteralPath $labelPath) { (Get-Content -LiteralPath $labelPath -Raw).Trim() } else { $sample.Name }
        $scripts = Get-ChildItem -LiteralPath $sample.FullName -File | Where-Object { $_.Name -ne 'root.cer' -and $_.Name -ne 'label.txt' }
        foreach ($script in $scripts) {
            $signature = Get-AuthenticodeSignature -LiteralPath $script.FullName
            $rows.Add([pscustomobject]@{
                    Status  = [string] $signature.Status
                    File    = $script.Name
                    Test    = $label
                    Message = $signature.StatusMessage
                })
        }
    }
}
finally {
    foreach ($root in $added) { $store.Remove($root) }
    $store.Close()
}

$rows | Sort-Object Status, Test, File | Format-Table -AutoSize -Wrap -Property Status, File, Test, Message | Out-String -Width 220 | Write-Host

$invalid = @($rows | Where-Object { $_.Status -ne 'Valid' })
$engine = "PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition))"
if ($invalid.Count -gt 0) {
    throw "$($invalid.Count) of $($rows.Count) scripts signed by the tests are not Valid under $engine's Get-AuthenticodeSignature; see the table above."
}
Write-Host "All $($rows.Count) scripts signed by the tests are Valid under $engine's Get-AuthenticodeSignature."
