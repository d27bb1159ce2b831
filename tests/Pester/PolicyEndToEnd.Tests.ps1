#Requires -Version 7.4

# A folder of scripts and a detached-signed archive, signed at test time with an internal CA and a
# self-signed developer certificate, judged by one policy across dev (audit), staging and prod.
Describe 'Policy evaluation across environments' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'PolicyEvaluationFixture.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $fixture = New-PolicyFixture -Directory $TestDrive
        $common = @{ Policy = $fixture.PolicyPath; LiteralPath = $fixture.Root; Root = $fixture.Root; WarningAction = 'SilentlyContinue' }
        $decisions = @{}
        foreach ($environment in 'dev', 'staging', 'prod') {
            $decisions[$environment] = @(Test-CodeSigningPolicy @common -Environment $environment -ErrorAction Stop)
        }
    }

    Context 'Outcomes per environment' {
        It 'gives <Path> the outcome <Dev> in dev, <Staging> in staging and <Prod> in prod' -ForEach @(
            @{ Path = 'scripts/Good.ps1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
            @{ Path = 'scripts/DevOnly.ps1'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Deny' }
            @{ Path = 'scripts/Tampered.ps1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
            @{ Path = 'scripts/Unsigned.ps1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
            @{ Path = 'scripts/Stranger.ps1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
            @{ Path = 'scripts/Legacy.ps1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Allow' }
            @{ Path = 'scripts/Expired.ps1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
            @{ Path = 'scripts/Changed.ps1'; Dev = 'Audit'; Staging = 'Deny'; Prod = 'Deny' }
            @{ Path = 'release/app.zip'; Dev = 'Allow'; Staging = 'Allow'; Prod = 'Allow' }
            @{ Path = 'docs/readme.md'; Dev = 'Skipped'; Staging = 'Skipped'; Prod = 'Deny' }
        ) {
            Get-DecisionOutcome -Decisions $decisions.dev -RelativePath $Path | Should -Be $Dev
            Get-DecisionOutcome -Decisions $decisions.staging -RelativePath $Path | Should -Be $Staging
            Get-DecisionOutcome -Decisions $decisions.prod -RelativePath $Path | Should -Be $Prod
        }

        It 'never denies in audit mode' {
            @($decisions.dev | Where-Object Outcome -eq 'Deny') | Should -BeNullOrEmpty
        }
    }

    Context 'Explanations' {
        It 'names the rule, the publisher and the level of an allowed script' {
            $good = $decisions.prod | Where-Object RelativePath -eq 'scripts/Good.ps1'

            $good.Rule | Should -Be 'scripts'
            $good.Publisher | Should -Be 'contoso-release'
            "$($good.ValidationLevel)" | Should -Be 'Internal'
            "$($good.RequiredLevel)" | Should -Be 'Internal'
        }

        It 'explains that a self-signed script is below the prod minimum level' {
            $devOnly = $decisions.prod | Where-Object RelativePath -eq 'scripts/DevOnly.ps1'

            $devOnly.Publisher | Should -Be 'dev-signer'
            ($devOnly.Reasons -join ' ') | Should -Match 'SelfSigned, below the minimum Internal'
        }

        It 'reports a tampered script as an integrity failure' {
            $tampered = $decisions.staging | Where-Object RelativePath -eq 'scripts/Tampered.ps1'
            $integrity = $tampered.Checks | Where-Object Check -eq 'Integrity'

            $integrity.Passed | Should -BeFalse
            ($tampered.Reasons -join ' ') | Should -Match 'Integrity failed'
        }

        It 'reports a script of an unknown CA as a trust failure' {
            $stranger = $decisions.staging | Where-Object RelativePath -eq 'scripts/Stranger.ps1'

            ($stranger.Checks | Where-Object Check -eq 'Trust').Passed | Should -BeFalse
            $stranger.Publisher | Should -BeNullOrEmpty
        }

        It 'verifies a detached-signed archive with its .p7s' {
            $app = $decisions.prod | Where-Object RelativePath -eq 'release/app.zip'

            $app.Rule | Should -Be 'release'
            $app.Verification.SignaturePath | Should -Be "$($fixture.Paths.App).p7s"
        }

        It 'judges no .p7s file on its own' {
            @($decisions.prod | Where-Object RelativePath -like '*.p7s') | Should -BeNullOrEmpty
        }

        It 'emits decisions in the ordinal order of the walk' {
            $paths = @($decisions.prod.RelativePath)

            $paths | Should -Be ([string[]] [Linq.Enumerable]::Order([string[]] $paths, [StringComparer]::Ordinal))
        }
    }

    Context 'Exceptions' {
        It 'allows a file with a valid exception and names its ticket' {
            $legacy = $decisions.prod | Where-Object RelativePath -eq 'scripts/Legacy.ps1'

            $legacy.Exception.Ticket.Value | Should -Be 'OPS-1001'
            $legacy.Reasons[0] | Should -Match 'OPS-1001'
        }

        It 'reports an expired exception as an error and judges the file without it' {
            $expired = $decisions.prod | Where-Object RelativePath -eq 'scripts/Expired.ps1'

            $expired.IsExceptionExpired | Should -BeTrue
            ($expired.Reasons -join ' ') | Should -Match 'expired on'
        }

        It 'ignores an exception whose file changed since it was written' {
            $changed = $decisions.prod | Where-Object RelativePath -eq 'scripts/Changed.ps1'

            $changed.Exception | Should -BeNullOrEmpty
            ($changed.Reasons -join ' ') | Should -Match 'changed since the exception was written'
        }
    }

    Context 'The gate' {
        It 'fails in prod with PolicyGateFailed' {
            { Assert-CodeSigningPolicy @common -Environment prod -InformationAction SilentlyContinue | Out-Null } |
                Should -Throw -ErrorId 'PolicyGateFailed,CodeSignPS.Commands.AssertCodeSigningPolicyCommand'
        }

        It 'passes in dev, which is in audit mode' {
            { Assert-CodeSigningPolicy @common -Environment dev -InformationAction SilentlyContinue | Out-Null } | Should -Not -Throw
        }
    }
}
