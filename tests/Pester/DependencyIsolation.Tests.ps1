#Requires -Version 7.4
# The module keeps CodeSignPS.Core and YamlDotNet in its own assembly load context: another
# YamlDotNet in the same session, loaded before or after the module, works beside ours. Each order
# runs in a fresh pwsh, since a session cannot unload an assembly.

Describe 'Dependency isolation' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $modulePath = Get-CodeSignPSModulePath
        $repositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath

        function Get-OtherYamlDotNetPath {
            # build.ps1 -Task Test restores it through build/tools and passes its path; run alone,
            # the test finds the same version in the NuGet package folder.
            if ($env:CODESIGNPS_OTHER_YAMLDOTNET) { return $env:CODESIGNPS_OTHER_YAMLDOTNET }
            [xml] $props = Get-Content -LiteralPath (Join-Path $repositoryRoot 'Directory.Packages.props') -Raw
            $version = @($props.Project.PropertyGroup | ForEach-Object { $_['IsolationTestYamlDotNetVersion'] } | Where-Object { $_ })[0].InnerText
            $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
            return Join-Path $packages "yamldotnet/$version/lib/net8.0/YamlDotNet.dll"
        }

        $otherYamlDotNet = Get-OtherYamlDotNetPath
        if (-not (Test-Path -LiteralPath $otherYamlDotNet)) {
            throw "Expected the second YamlDotNet at '$otherYamlDotNet'; run build.ps1 -Task Test, which restores it through build/tools."
        }
        $otherVersion = [Reflection.AssemblyName]::GetAssemblyName($otherYamlDotNet).Version.ToString()
        $moduleVersion = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $modulePath 'dependencies/YamlDotNet.dll')).Version.ToString()

        # A small valid policy with a self-signed trust anchor, minted here.
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=Isolation Test Signer', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
        [IO.File]::WriteAllText((Join-Path $TestDrive 'team-root.pem'), $certificate.ExportCertificatePem())
        $policyPath = Join-Path $TestDrive 'policy.yaml'
        Set-Content -LiteralPath $policyPath -Value @'
version: 1
trustStores:
  team-root: { role: codeSigning, class: selfSigned, certificates: [team-root.pem] }
publishers:
  team: { trustStores: [team-root], subject: { CN: Isolation Test Signer } }
rules:
  - name: scripts
    include: ["**/*.ps1"]
    publishers: [team]
environments:
  dev: { mode: audit }
'@

        # Runs in the child pwsh: uses the other YamlDotNet and our policies in the given order,
        # each step in its own try, and reports what worked and which context holds what.
        $childScript = Join-Path $TestDrive 'isolation.ps1'
        Set-Content -LiteralPath $childScript -Value @'
param([string] $ModulePath, [string] $OtherYamlDotNet, [string] $PolicyPath, [string] $Order)
$ErrorActionPreference = 'Stop'
$steps = [System.Collections.Generic.List[object]]::new()

function Invoke-Step {
    param([string] $Name, [scriptblock] $Action)
    try { $steps.Add([pscustomobject]@{ Name = $Name; Result = [string] (& $Action); Error = $null }) }
    catch { $steps.Add([pscustomobject]@{ Name = $Name; Result = $null; Error = $_.Exception.Message }) }
}

$useOther = {
    Add-Type -LiteralPath $OtherYamlDotNet
    $deserializer = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
    $document = $deserializer.Deserialize[object]("name: probe`nitems: [a, b, c]")
    "$($document['name']) $($document['items'].Count)"
}
$useOurs = {
    Import-Module -Name (Join-Path $ModulePath 'CodeSignPS.psd1')
    $policy = Get-CodeSigningPolicy -Path $PolicyPath -Environment dev -ErrorAction Stop
    if ($null -eq $policy) { throw 'Get-CodeSigningPolicy returned nothing.' }
    'loaded'
}

if ($Order -eq 'OtherFirst') {
    Invoke-Step 'other' $useOther
    Invoke-Step 'ours' $useOurs
    Invoke-Step 'other again' $useOther
}
else {
    Invoke-Step 'ours' $useOurs
    Invoke-Step 'other' $useOther
    Invoke-Step 'ours again' $useOurs
}

$loaded = foreach ($context in [System.Runtime.Loader.AssemblyLoadContext]::All) {
    foreach ($assembly in $context.Assemblies) {
        $name = $assembly.GetName()
        if ($name.Name -in 'YamlDotNet', 'CodeSignPS.Core') {
            [pscustomobject]@{ Context = $context.Name; Name = $name.Name; Version = $name.Version.ToString() }
        }
    }
}
[pscustomobject]@{ Steps = @($steps); Loaded = @($loaded) } | ConvertTo-Json -Depth 4 -Compress
'@

        function Invoke-IsolationRun {
            param([string] $Order)
            $process = [Environment]::ProcessPath
            $prefix = @()
            if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
            $arguments = @('-NoProfile', '-NonInteractive', '-File', $childScript, '-ModulePath', $modulePath,
                '-OtherYamlDotNet', $otherYamlDotNet, '-PolicyPath', $policyPath, '-Order', $Order)
            $output = & $process @prefix @arguments 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The child pwsh exited with code ${LASTEXITCODE}: $($output -join [Environment]::NewLine)" }
            return ($output | Select-Object -Last 1 | ConvertFrom-Json)
        }

        function Assert-IsolatedRun {
            param([object] $Run)
            foreach ($step in $Run.Steps) {
                $step.Error | Should -BeNullOrEmpty -Because "step '$($step.Name)' must work beside the other YamlDotNet"
            }
            $otherResults = @(($Run.Steps | Where-Object Name -like 'other*').Result)
            $otherResults.Count | Should -BeGreaterThan 0
            foreach ($result in $otherResults) {
                $result | Should -Be 'probe 3' -Because 'the other YamlDotNet deserializes the probe document'
            }

            $yaml = @($Run.Loaded | Where-Object Name -eq 'YamlDotNet')
            ($yaml.Version | Sort-Object -Unique).Count | Should -Be 2 -Because 'both YamlDotNet versions are loaded side by side'
            ($yaml | Where-Object Context -eq 'CodeSignPS').Version | Should -Be $moduleVersion
            ($yaml | Where-Object Context -eq 'Default').Version | Should -Be $otherVersion
            ($Run.Loaded | Where-Object Name -eq 'CodeSignPS.Core').Context | Should -Be 'CodeSignPS'
        }
    }

    It 'uses a policy after another YamlDotNet was loaded, and that YamlDotNet still works' {
        Assert-IsolatedRun -Run (Invoke-IsolationRun -Order OtherFirst)
    }

    It 'lets another YamlDotNet load and work after a policy was used' {
        Assert-IsolatedRun -Run (Invoke-IsolationRun -Order OursFirst)
    }

    It 'keeps the module and the other package on different YamlDotNet versions' {
        # Otherwise the two tests above would pass without showing anything.
        $otherVersion | Should -Not -Be $moduleVersion
    }
}
