# The Package task: a .nupkg of out/CodeSignPS in out/package.

function New-ModulePackage {
    # Returns the path of the package it wrote.
    param([Parameter(Mandatory)] [object] $Paths)

    if (Test-Path -LiteralPath $Paths.Package) { Remove-Item -LiteralPath $Paths.Package -Recurse -Force }
    $parameters = @{ ModulePath = $Paths.Module; DestinationPath = $Paths.Package }
    $exitCode = Invoke-ChildPwsh -ScriptPath (Join-Path $Paths.Root 'build/New-ModulePackage.ps1') -Parameters $parameters
    if ($exitCode -ne 0) { throw "Packing $($Paths.Module) failed (exit code $exitCode); see the errors above." }

    $version = Get-ProjectVersion -Root $Paths.Root
    $package = Join-Path $Paths.Package "CodeSignPS.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        $found = (Get-ChildItem -LiteralPath $Paths.Package -File).Name -join ', '
        throw "Expected the package $package; found '$found' in $($Paths.Package)."
    }
    Write-Host "Package written to $package"
    return $package
}
