#Requires -Version 7.4

Describe 'Assert-CodeSigningPolicy' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'PolicyEvaluationFixture.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $fixture = New-PolicyFixture -Directory $TestDrive
        $command = 'CodeSignPS.Commands.AssertCodeSigningPolicyCommand'
        $policy = @{ Policy = $fixture.PolicyPath; Root = $fixture.Root; InformationAction = 'SilentlyContinue' }
    }

    Context 'Enforce mode' {
        It 'writes the decisions and then one PolicyGateFailed error listing the denied files' {
            $decisions = [Collections.Generic.List[object]]::new()
            $failure = $null
            try {
                Assert-CodeSigningPolicy @policy -Environment staging -LiteralPath $fixture.Paths.Good, $fixture.Paths.Unsigned, $fixture.Paths.Tampered |
                    ForEach-Object { $decisions.Add($_) }
            }
            catch {
                $failure = $_
            }

            $decisions.Count | Should -Be 3
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -Be "PolicyGateFailed,$command"
            $failure.Exception.Message | Should -Match 'denies 2 artifact'
            $failure.Exception.Message | Should -Match 'scripts/Unsigned\.ps1'
            $failure.Exception.Message | Should -Match 'scripts/Tampered\.ps1'
            $failure.Exception.Message | Should -Not -Match 'scripts/Good\.ps1'
        }

        It 'does not fail when every artifact is allowed' {
            { Assert-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good, $fixture.Paths.App | Out-Null } | Should -Not -Throw
        }

        It 'fails when a file outside -Root could not be evaluated' {
            $outside = Join-Path $TestDrive 'outside.ps1'
            Set-Content -LiteralPath $outside -Value "Write-Output 'outside'"

            { Assert-CodeSigningPolicy @policy -Environment prod -LiteralPath $outside, $fixture.Paths.Good -ErrorAction SilentlyContinue | Out-Null } |
                Should -Throw -ErrorId "PolicyGateFailed,$command"
        }
    }

    Context 'Audit mode' {
        It 'never fails, and reports would-be denials as Audit' {
            $decisions = @(Assert-CodeSigningPolicy @policy -Environment dev -LiteralPath $fixture.Paths.Unsigned, $fixture.Paths.Stranger)

            @($decisions.Outcome | ForEach-Object { "$_" }) | Should -Be @('Audit', 'Audit')
        }
    }

    Context 'Summary' {
        It 'writes the counts per outcome on the information stream' {
            $null = Assert-CodeSigningPolicy @policy -Environment dev -LiteralPath $fixture.Paths.Good, $fixture.Paths.Unsigned, $fixture.Paths.Readme -InformationVariable info

            $summary = @($info | Where-Object { $_.Tags -contains 'CodeSigningPolicySummary' })[0].MessageData
            $summary.Environment | Should -Be 'dev'
            $summary.Total | Should -Be 3
            $summary.Allow | Should -Be 1
            $summary.Audit | Should -Be 1
            $summary.Skipped | Should -Be 1
            $summary.Deny | Should -Be 0
        }

        It 'writes the summary as a verbose line' {
            $verbose = Assert-CodeSigningPolicy @policy -Environment dev -LiteralPath $fixture.Paths.Good -Verbose 4>&1 |
                Where-Object { $_ -is [Management.Automation.VerboseRecord] }

            ($verbose.Message -join "`n") | Should -Match 'Summary for environment ''dev'' \(Audit mode\): Allow 1'
        }
    }
}
