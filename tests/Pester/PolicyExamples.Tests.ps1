#Requires -Version 7.4

# The example policies in policies/examples, each copied into the test folder with the trust files
# it names, and judged on files signed at test time or on the signed scripts of the packages the
# build restores. Certificates and keys are minted here; third-party files are found, not copied in.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-CodeSignPSModulePath) -Force

    $script:examplesFolder = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../policies/examples'))
    $script:repositoryRoot = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../..'))

    function Copy-ExamplePolicy {
        # Copies one example into a folder of its own, so that its trust/ and crl/ paths resolve there.
        param([Parameter(Mandatory)] [string] $Name)

        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([IO.Path]::GetFileNameWithoutExtension($Name)))
        Copy-Item -LiteralPath (Join-Path $script:examplesFolder $Name) -Destination $folder.FullName
        return Join-Path $folder.FullName $Name
    }

    function Write-Pem {
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [object[]] $Certificate)

        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $Path) -Force
        [IO.File]::WriteAllText($Path, (($Certificate | ForEach-Object { $_.ExportCertificatePem() }) -join "`n") + "`n")
    }

    function New-SignedScript {
        # Writes a small script under -Root and signs it (unless -Certificate is omitted).
        param(
            [Parameter(Mandatory)] [string] $Root,
            [Parameter(Mandatory)] [string] $RelativePath,
            [System.Security.Cryptography.X509Certificates.X509Certificate2] $Certificate,
            [string] $TimestampServer
        )

        $path = Join-Path $Root $RelativePath
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $path) -Force
        $text = if ($path.EndsWith('.psd1')) { "@{ ModuleVersion = '1.0.0' }`n" } else { "Write-Output '$RelativePath'`n" }
        [IO.File]::WriteAllText($path, $text)
        if ($Certificate) {
            $signing = @{ LiteralPath = $path; Certificate = $Certificate; ErrorAction = 'Stop' }
            if ($TimestampServer) { $signing.TimestampServer = $TimestampServer }
            Set-CodeSignature @signing | Out-Null
        }
        return $path
    }

    function Get-Decision {
        param([object[]] $Decisions, [Parameter(Mandatory)] [string] $RelativePath)

        $found = @($Decisions | Where-Object RelativePath -eq $RelativePath)
        if ($found.Count -ne 1) { throw "Expected one decision for '$RelativePath'; found $($found.Count)." }
        return $found[0]
    }
}

Describe 'Committed example policies' {
    It '<Name> loads without errors or warnings' -ForEach @(
        @{ Name = 'small-team.yaml'; Environments = @('dev', 'prod') }
        @{ Name = 'company-vendor-modules.yaml'; Environments = @('dev', 'staging', 'prod') }
        @{ Name = 'restored-packages.yaml'; Environments = @('build') }
    ) {
        $path = Join-Path $examplesFolder $Name

        $null = Get-CodeSigningPolicy -Path $path -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
        $warnings | Should -BeNullOrEmpty
        foreach ($environment in $Environments) {
            $effective = Get-CodeSigningPolicy -Path $path -Environment $environment -WarningAction SilentlyContinue -ErrorAction Stop
            $effective | Should -Not -BeNullOrEmpty -Because "environment '$environment' resolves"
        }
    }

    It '<Name> points editors at the schema' -ForEach @(
        @{ Name = 'small-team.yaml' }
        @{ Name = 'company-vendor-modules.yaml' }
        @{ Name = 'restored-packages.yaml' }
    ) {
        $firstLine = (Get-Content -LiteralPath (Join-Path $examplesFolder $Name) -TotalCount 1)

        $firstLine | Should -Be '# yaml-language-server: $schema=../codesignps-policy.schema.json'
        Join-Path $examplesFolder '../codesignps-policy.schema.json' | Should -Exist
    }
}

Describe 'Example: small team' {
    BeforeAll {
        $policy = Copy-ExamplePolicy -Name 'small-team.yaml'
        $policyFolder = Split-Path -Parent $policy
        $root = Join-Path $TestDrive 'small-team-artifacts'

        $teamRoot = New-CodeSigningCertificate -Subject 'CN=Example Team Root CA, O=Example Team' -CertificateAuthority -ValidityDays 30
        $release = New-CodeSigningCertificate -Subject 'CN=Example Team Release Signing, O=Example Team' -Issuer $teamRoot -ValidityDays 10
        $retired = New-CodeSigningCertificate -Subject 'CN=Example Team Release Signing, O=Example Team' -Issuer $teamRoot -ValidityDays 10
        $alice = New-CodeSigningCertificate -Subject 'CN=Alice, O=Example Team' -ValidityDays 10
        $mallory = New-CodeSigningCertificate -Subject 'CN=Mallory, O=Example Team' -ValidityDays 10

        Write-Pem -Path (Join-Path $policyFolder 'trust/team-root.pem') -Certificate $teamRoot
        Write-Pem -Path (Join-Path $policyFolder 'trust/developers/alice.pem') -Certificate $alice
        $null = New-Item -ItemType Directory -Path (Join-Path $policyFolder 'crl')
        Revoke-CodeSigningCertificate -Certificate $retired -Issuer $teamRoot -CrlPath (Join-Path $policyFolder 'crl/team-root.crl') `
            -Reason Superseded -RevocationTime ([DateTime]::UtcNow.AddMinutes(-1)) -Confirm:$false

        $null = New-SignedScript -Root $root -RelativePath 'deploy/Release.ps1' -Certificate $release
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Tools.psm1' -Certificate $release
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Alice.ps1' -Certificate $alice
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Retired.ps1' -Certificate $retired
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Mallory.ps1' -Certificate $mallory
        $null = New-SignedScript -Root $root -RelativePath 'deploy/Unsigned.ps1'
        $null = New-SignedScript -Root $root -RelativePath 'tests/Release.Tests.ps1'
        [IO.File]::WriteAllText((Join-Path $root 'deploy/run.cmd'), "@echo off`n")

        $common = @{ Policy = $policy; LiteralPath = $root; Root = $root; ErrorAction = 'Stop' }
        $decisions = @{
            dev  = @(Test-CodeSigningPolicy @common -Environment dev)
            prod = @(Test-CodeSigningPolicy @common -Environment prod)
        }
    }

    It 'gives <Path> <Dev> in dev and <Prod> in prod' -ForEach @(
        @{ Path = 'deploy/Release.ps1'; Dev = 'Allow'; Prod = 'Allow' }
        @{ Path = 'deploy/Tools.psm1'; Dev = 'Allow'; Prod = 'Allow' }
        @{ Path = 'deploy/Alice.ps1'; Dev = 'Allow'; Prod = 'Deny' }
        @{ Path = 'deploy/Retired.ps1'; Dev = 'Allow'; Prod = 'Deny' }
        @{ Path = 'deploy/Mallory.ps1'; Dev = 'Deny'; Prod = 'Deny' }
        @{ Path = 'deploy/Unsigned.ps1'; Dev = 'Deny'; Prod = 'Deny' }
        @{ Path = 'tests/Release.Tests.ps1'; Dev = 'Skipped'; Prod = 'Deny' }
        @{ Path = 'deploy/run.cmd'; Dev = 'Skipped'; Prod = 'Deny' }
    ) {
        "$((Get-Decision -Decisions $decisions.dev -RelativePath $Path).Outcome)" | Should -Be $Dev
        "$((Get-Decision -Decisions $decisions.prod -RelativePath $Path).Outcome)" | Should -Be $Prod
    }

    It 'refuses the self-signed developer signature in prod for its level' {
        $alice = Get-Decision -Decisions $decisions.prod -RelativePath 'deploy/Alice.ps1'

        $alice.Publisher | Should -Be 'developers'
        "$($alice.ValidationLevel)" | Should -Be 'SelfSigned'
        "$($alice.RequiredLevel)" | Should -Be 'Internal'
        ($alice.Reasons -join ' ') | Should -Match 'SelfSigned, below the minimum Internal'
    }

    It 'accepts the release signature in prod as Internal' {
        $release = Get-Decision -Decisions $decisions.prod -RelativePath 'deploy/Release.ps1'

        $release.Publisher | Should -Be 'release'
        "$($release.ValidationLevel)" | Should -Be 'Internal'
        ($release.Checks | Where-Object Check -eq 'Revocation').Passed | Should -BeTrue
    }

    It 'denies the revoked release certificate in prod by its CRL' {
        $retired = Get-Decision -Decisions $decisions.prod -RelativePath 'deploy/Retired.ps1'

        ($retired.Checks | Where-Object Check -eq 'Revocation').Passed | Should -BeFalse
    }

    It 'denies a self-signed certificate that the team did not collect' {
        $mallory = Get-Decision -Decisions $decisions.dev -RelativePath 'deploy/Mallory.ps1'

        ($mallory.Checks | Where-Object Check -eq 'Trust').Passed | Should -BeFalse
        $mallory.Publisher | Should -BeNullOrEmpty
    }

    It 'passes the prod gate for the released files alone' {
        $released = @((Join-Path $root 'deploy/Release.ps1'), (Join-Path $root 'deploy/Tools.psm1'))

        { Assert-CodeSigningPolicy -Policy $policy -Environment prod -LiteralPath $released -Root $root -InformationAction SilentlyContinue | Out-Null } |
            Should -Not -Throw
    }
}

Describe 'Example: company with vendor modules' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'OnlineRevocationHelpers.psm1') -Force

        function New-PolicyOidCertificate {
            # New-CodeSigningCertificate cannot add certificate policies, so the vendor leaves are
            # minted with CertificateRequest: a code signing leaf issued by -Issuer that carries -PolicyOid.
            param(
                [Parameter(Mandatory)] [string] $Subject,
                [Parameter(Mandatory)] [System.Security.Cryptography.X509Certificates.X509Certificate2] $Issuer,
                [Parameter(Mandatory)] [string] $PolicyOid
            )

            $key = [System.Security.Cryptography.RSA]::Create(3072)
            $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key,
                [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $extensions = $request.CertificateExtensions
            $extensions.Add([System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($false, $false, 0, $true))
            $extensions.Add([System.Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new('DigitalSignature', $true))
            $codeSigning = [System.Security.Cryptography.OidCollection]::new()
            $null = $codeSigning.Add([System.Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.3'))
            $extensions.Add([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($codeSigning, $false))
            $extensions.Add([System.Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension]::new($request.PublicKey, $false))
            $extensions.Add([System.Security.Cryptography.X509Certificates.X509AuthorityKeyIdentifierExtension]::CreateFromCertificate($Issuer, $true, $false))

            # certificatePolicies (2.5.29.32): SEQUENCE OF PolicyInformation, each a SEQUENCE holding the policy OID.
            $writer = [System.Formats.Asn1.AsnWriter]::new([System.Formats.Asn1.AsnEncodingRules]::DER)
            $outer = $writer.PushSequence()
            $inner = $writer.PushSequence()
            $writer.WriteObjectIdentifier($PolicyOid)
            $inner.Dispose()
            $outer.Dispose()
            $extensions.Add([System.Security.Cryptography.X509Certificates.X509Extension]::new('2.5.29.32', $writer.Encode(), $false))

            $serialNumber = [byte[]]::new(16)
            [System.Security.Cryptography.RandomNumberGenerator]::Fill($serialNumber)
            $serialNumber[0] = $serialNumber[0] -band 0x7F
            $issued = $request.Create($Issuer, [DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(10), $serialNumber)
            return [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($issued, $key)
        }

        function Start-TimestampAuthority {
            # A test timestamp authority on 127.0.0.1 whose root is written to -PkiFolder/tsa-root.pem.
            param([Parameter(Mandatory)] [string] $Assembly, [Parameter(Mandatory)] [string] $PkiFolder)

            $portFile = Join-Path $TestDrive ([IO.Path]::GetRandomFileName() + '.port')
            $arguments = @($Assembly, '--mode', 'openssl', '--port-file', $portFile, '--pki', $PkiFolder,
                '--work', (Join-Path $TestDrive ([IO.Path]::GetRandomFileName())), '--parent-pid', $PID)
            $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru `
                -RedirectStandardOutput "$portFile.out" -RedirectStandardError "$portFile.err"
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path -LiteralPath $portFile)) {
                if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                    throw "The test timestamp authority did not start: $(Get-Content -Raw -LiteralPath "$portFile.err" -ErrorAction Ignore)"
                }
                Start-Sleep -Milliseconds 100
            }

            $port = (Get-Content -Raw -LiteralPath $portFile).Trim()
            return [pscustomobject]@{ Process = $process; Url = "http://127.0.0.1:$port/tsa" }
        }

        $policy = Copy-ExamplePolicy -Name 'company-vendor-modules.yaml'
        $policyFolder = Split-Path -Parent $policy
        $root = Join-Path $TestDrive 'company-artifacts'
        $pkiFolder = Join-Path $TestDrive 'company-tsa'
        $null = New-Item -ItemType Directory -Path $pkiFolder

        $assembly = Get-TestServersAssembly -BuildFolder (Join-Path $TestDrive 'test-servers')
        $tsa = Start-TimestampAuthority -Assembly $assembly -PkiFolder $pkiFolder

        # The internal CA and a throwaway "public" CA, whose root goes into the store of class public.
        $corpRoot = New-CodeSigningCertificate -Subject 'CN=Corp Root CA, O=Corp Ltd' -CertificateAuthority -ValidityDays 30
        $corpRelease = New-CodeSigningCertificate -Subject 'CN=Corp Release Signing, O=Corp Ltd' -Issuer $corpRoot -ValidityDays 10
        $publicRoot = New-CodeSigningCertificate -Subject 'CN=Test Public Code Signing Root, O=Test Public CA' -CertificateAuthority -ValidityDays 30
        $vendorOv = New-PolicyOidCertificate -Subject 'CN=Fabrikam Inc, O=Fabrikam Inc, C=US' -Issuer $publicRoot -PolicyOid '2.23.140.1.4.1'
        $vendorEv = New-PolicyOidCertificate -Subject 'CN=Fabrikam Inc, O=Fabrikam Inc, C=US' -Issuer $publicRoot -PolicyOid '2.23.140.1.3'
        $otherVendor = New-PolicyOidCertificate -Subject 'CN=Northwind Traders, O=Northwind Traders, C=US' -Issuer $publicRoot -PolicyOid '2.23.140.1.3'

        Write-Pem -Path (Join-Path $policyFolder 'trust/corp-root.pem') -Certificate $corpRoot
        Write-Pem -Path (Join-Path $policyFolder 'trust/public-code-signing-roots.pem') -Certificate $publicRoot
        Copy-Item -LiteralPath (Join-Path $pkiFolder 'tsa-root.pem') -Destination (Join-Path $policyFolder 'trust/public-timestamping-roots.pem')

        $stamp = @{ Root = $root; TimestampServer = $tsa.Url }
        $null = New-SignedScript @stamp -RelativePath 'scripts/Deploy.ps1' -Certificate $corpRelease
        $null = New-SignedScript @stamp -RelativePath 'modules/Corp.Tools/Corp.Tools.psm1' -Certificate $corpRelease
        $null = New-SignedScript @stamp -RelativePath 'modules/Corp.Tools/Corp.Tools.psd1' -Certificate $corpRelease
        $null = New-SignedScript @stamp -RelativePath 'vendor/FabrikamOv/FabrikamOv.psm1' -Certificate $vendorOv
        $null = New-SignedScript @stamp -RelativePath 'vendor/FabrikamEv/FabrikamEv.psm1' -Certificate $vendorEv
        $null = New-SignedScript @stamp -RelativePath 'vendor/FabrikamEv/FabrikamEv.psd1' -Certificate $vendorEv
        $null = New-SignedScript @stamp -RelativePath 'vendor/Northwind/Northwind.psm1' -Certificate $otherVendor
        $null = New-SignedScript @stamp -RelativePath 'vendor/Corp/Wrapper.psm1' -Certificate $corpRelease
        $null = New-SignedScript -Root $root -RelativePath 'vendor/FabrikamNoStamp/FabrikamNoStamp.psm1' -Certificate $vendorEv

        $common = @{ Policy = $policy; LiteralPath = $root; Root = $root; ErrorAction = 'Stop' }
        $decisions = @{}
        foreach ($environment in 'dev', 'staging', 'prod') {
            $decisions[$environment] = @(Test-CodeSigningPolicy @common -Environment $environment)
        }
    }

    AfterAll {
        if ($tsa) { Stop-Process -Id $tsa.Process.Id -Force -ErrorAction Ignore }
    }

    It 'gives <Path> <Dev> in dev, <Staging> in staging and <Prod> in prod' -ForEach @(
        @{ Path = 'scripts/Deploy.ps1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
        @{ Path = 'modules/Corp.Tools/Corp.Tools.psm1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
        @{ Path = 'modules/Corp.Tools/Corp.Tools.psd1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
        @{ Path = 'vendor/FabrikamOv/FabrikamOv.psm1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Deny' }
        @{ Path = 'vendor/FabrikamEv/FabrikamEv.psm1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
        @{ Path = 'vendor/FabrikamEv/FabrikamEv.psd1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
        @{ Path = 'vendor/Northwind/Northwind.psm1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
        @{ Path = 'vendor/Corp/Wrapper.psm1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
        @{ Path = 'vendor/FabrikamNoStamp/FabrikamNoStamp.psm1'; Dev = 'Warn'; Staging = 'Warn'; Prod = 'Deny' }
    ) {
        "$((Get-Decision -Decisions $decisions.dev -RelativePath $Path).Outcome)" | Should -Be $Dev
        "$((Get-Decision -Decisions $decisions.staging -RelativePath $Path).Outcome)" | Should -Be $Staging
        "$((Get-Decision -Decisions $decisions.prod -RelativePath $Path).Outcome)" | Should -Be $Prod
    }

    It 'classifies the vendor leaves as OV and EV by their policy OIDs' {
        $ov = Get-Decision -Decisions $decisions.staging -RelativePath 'vendor/FabrikamOv/FabrikamOv.psm1'
        $ev = Get-Decision -Decisions $decisions.prod -RelativePath 'vendor/FabrikamEv/FabrikamEv.psm1'

        "$($ov.ValidationLevel)" | Should -Be 'OV'
        "$($ov.RequiredLevel)" | Should -Be 'OV'
        "$($ev.ValidationLevel)" | Should -Be 'EV'
        "$($ev.RequiredLevel)" | Should -Be 'EV'
        $ev.Publisher | Should -Be 'fabrikam'
    }

    It 'explains that the OV vendor module is below EV in prod' {
        $ov = Get-Decision -Decisions $decisions.prod -RelativePath 'vendor/FabrikamOv/FabrikamOv.psm1'

        ($ov.Reasons -join ' ') | Should -Match 'OV, below the minimum EV'
    }

    It 'keeps own code at Internal in every environment' {
        foreach ($environment in 'dev', 'staging', 'prod') {
            $deploy = Get-Decision -Decisions $decisions[$environment] -RelativePath 'scripts/Deploy.ps1'
            "$($deploy.ValidationLevel)" | Should -Be 'Internal'
            $deploy.Rule | Should -Be 'own-code'
        }
    }

    It 'verifies the vendor timestamps against the public timestamping store' {
        $ev = Get-Decision -Decisions $decisions.prod -RelativePath 'vendor/FabrikamEv/FabrikamEv.psm1'

        ($ev.Checks | Where-Object Check -eq 'Timestamp').Passed | Should -BeTrue
    }
}

Describe 'Example: restored packages' {
    BeforeAll {
        function Find-SdkTrustedRoots {
            # The trustedroots folder of the newest .NET SDK beside the dotnet host that runs the
            # tests (under `dotnet pwsh` the process is dotnet), or beside the dotnet on PATH.
            $hostPath = [Environment]::ProcessPath
            if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -ne 'dotnet') {
                $hostPath = (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
            }
            $target = (Get-Item -LiteralPath $hostPath).ResolveLinkTarget($true)
            $realPath = if ($target) { $target.FullName } else { $hostPath }
            $folders = Get-ChildItem -Path (Join-Path (Split-Path -Parent $realPath) 'sdk/*/trustedroots') -Directory -ErrorAction Ignore |
                Sort-Object { [version](($_.Parent.Name -split '-')[0]) }
            if (-not $folders) { throw "No sdk/*/trustedroots folder was found beside $realPath; install the .NET SDK." }
            return @($folders)[-1].FullName
        }

        function Get-RestoredVersions {
            # The versions the build restores: Pester from Directory.Packages.props, PowerShell from
            # the local tool manifest.
            [xml] $props = Get-Content -Raw -LiteralPath (Join-Path $repositoryRoot 'Directory.Packages.props')
            $pester = @($props.Project.ItemGroup.PackageVersion | Where-Object Include -eq 'Pester')[0].Version
            $tools = Get-Content -Raw -LiteralPath (Join-Path $repositoryRoot '.config/dotnet-tools.json') | ConvertFrom-Json
            return @{ Pester = $pester; PowerShell = $tools.tools.powershell.version }
        }

        $policy = Copy-ExamplePolicy -Name 'restored-packages.yaml'
        $policyFolder = Split-Path -Parent $policy
        $trustedRoots = Find-SdkTrustedRoots
        $null = New-Item -ItemType Directory -Path (Join-Path $policyFolder 'trust')
        foreach ($bundle in 'codesignctl.pem', 'timestampctl.pem') {
            Copy-Item -LiteralPath (Join-Path $trustedRoots $bundle) -Destination (Join-Path $policyFolder "trust/$bundle")
        }

        $versions = Get-RestoredVersions
        $packagesRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
        $pesterTools = Join-Path $packagesRoot "pester/$($versions.Pester)/tools"
        $powerShellTools = Join-Path $packagesRoot "powershell/$($versions.PowerShell)/tools"
        foreach ($folder in $pesterTools, $powerShellTools) {
            if (-not (Test-Path -LiteralPath $folder)) { throw "$folder was not found; restore the packages with the build (dotnet pwsh ./build.ps1 -Task Build)." }
        }

        $decisions = @(Test-CodeSigningPolicy -Policy $policy -Environment build -LiteralPath $pesterTools, $powerShellTools -Root $packagesRoot `
                -WarningVariable walkWarnings -WarningAction SilentlyContinue -ErrorAction Stop)
        $judged = @($decisions | Where-Object Outcome -ne 'Skipped')
        $signedScripts = @(Get-ChildItem -LiteralPath $pesterTools, $powerShellTools -Recurse -File |
                Where-Object { $_.Extension -in '.ps1', '.psm1', '.psd1', '.ps1xml' } |
                Where-Object { [IO.File]::ReadAllText($_.FullName).Contains('SIG # Begin signature block') })
    }

    It 'judges every signed script of both packages' {
        $signedScripts.Count | Should -BeGreaterThan 50
        $judged.Count | Should -Be $signedScripts.Count
        @($judged | Where-Object Rule -eq 'pester-package').Count | Should -BeGreaterThan 0
        @($judged | Where-Object Rule -eq 'powershell-package').Count | Should -BeGreaterThan 0
    }

    It 'allows every judged script' {
        $notAllowed = @($judged | Where-Object Outcome -ne 'Allow' | ForEach-Object { "$($_.RelativePath): $($_.Outcome): $($_.Reasons -join ' ')" })

        $notAllowed | Should -BeNullOrEmpty
    }

    It 'names Microsoft for the PowerShell package and the Pester signer for Pester' {
        @($judged | Where-Object Rule -eq 'powershell-package' | Where-Object Publisher -ne 'microsoft') | Should -BeNullOrEmpty
        @($judged | Where-Object Rule -eq 'pester-package' | Where-Object Publisher -ne 'pester') | Should -BeNullOrEmpty
    }

    It 'proves each signature time with a timestamp from the SDK timestamping roots' {
        $unstamped = @($judged | Where-Object { ($_.Checks | Where-Object Check -eq 'Timestamp').Passed -ne $true } | ForEach-Object RelativePath)

        $unstamped | Should -BeNullOrEmpty
    }

    It 'skips the files no rule covers, such as assemblies' {
        $skipped = @($decisions | Where-Object Outcome -eq 'Skipped')

        $skipped.Count | Should -BeGreaterThan 0
        @($skipped | Where-Object RelativePath -like '*.ps1') | Should -BeNullOrEmpty
        @($skipped | Where-Object RelativePath -like '*.dll').Count | Should -BeGreaterThan 0
    }

    It 'warns only about the NuGet .signature.p7s files, which sign no file beside them' {
        $walkWarnings.Count | Should -BeGreaterThan 0
        @($walkWarnings | Where-Object { "$_" -notmatch '[\\/]\.signature\.p7s' }) | Should -BeNullOrEmpty
    }

    It 'denies a Pester script with one changed byte, and a Microsoft script under the Pester rule' {
        $copyRoot = Join-Path $TestDrive 'packages-copy'
        $copyTools = Join-Path $copyRoot "pester/$($versions.Pester)/tools"
        $null = New-Item -ItemType Directory -Path $copyTools -Force
        Copy-Item -LiteralPath (Join-Path $pesterTools 'Pester.psm1') -Destination $copyTools
        $microsoftScript = $signedScripts | Where-Object FullName -like "$powerShellTools*" | Where-Object Extension -eq '.psd1' | Select-Object -First 1
        Copy-Item -LiteralPath $microsoftScript.FullName -Destination (Join-Path $copyTools 'Borrowed.psd1')
        $tampered = Join-Path $copyTools 'Pester.psm1'
        $text = [IO.File]::ReadAllText($tampered)
        $index = $text.IndexOf('function ', [StringComparison]::Ordinal)
        [IO.File]::WriteAllText($tampered, $text.Remove($index, 1).Insert($index, 'F'), [Text.UTF8Encoding]::new($false))

        $copyDecisions = @(Test-CodeSigningPolicy -Policy $policy -Environment build -LiteralPath $copyTools -Root $copyRoot -ErrorAction Stop)

        $changed = Get-Decision -Decisions $copyDecisions -RelativePath "pester/$($versions.Pester)/tools/Pester.psm1"
        "$($changed.Outcome)" | Should -Be 'Deny'
        ($changed.Checks | Where-Object Check -eq 'Integrity').Passed | Should -BeFalse
        $borrowed = Get-Decision -Decisions $copyDecisions -RelativePath "pester/$($versions.Pester)/tools/Borrowed.psd1"
        "$($borrowed.Outcome)" | Should -Be 'Deny'
        $borrowed.Publisher | Should -BeNullOrEmpty
    }
}
