#Requires -Version 7.4

Describe 'Test-CodeSigningPolicy' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'PolicyEvaluationFixture.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $fixture = New-PolicyFixture -Directory $TestDrive
        $command = 'CodeSignPS.Commands.TestCodeSigningPolicyCommand'
        $policy = @{ Policy = $fixture.PolicyPath; Root = $fixture.Root }
    }

    Context 'Paths' {
        It 'takes one file with -LiteralPath' {
            $decision = Test-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good -ErrorAction Stop

            $decision.RelativePath | Should -Be 'scripts/Good.ps1'
            "$($decision.Outcome)" | Should -Be 'Allow'
            $decision.Environment | Should -Be 'prod'
        }

        It 'expands wildcards in -Path' {
            $decisions = @(Test-CodeSigningPolicy @policy -Environment staging -Path (Join-Path $fixture.Root 'scripts/*.ps1') -ErrorAction Stop)

            $decisions.Count | Should -Be 8
        }

        It 'walks a folder recursively without a switch' {
            $decisions = @(Test-CodeSigningPolicy @policy -Environment staging -Path $fixture.Root -WarningAction SilentlyContinue -ErrorAction Stop)

            $decisions.RelativePath | Should -Contain 'release/app.zip'
            $decisions.RelativePath | Should -Contain 'docs/readme.md'
        }

        It 'takes files from Get-ChildItem through the pipeline' {
            $decisions = @(Get-ChildItem -LiteralPath (Join-Path $fixture.Root 'scripts') -Filter 'Good.ps1' | Test-CodeSigningPolicy @policy -Environment prod)

            $decisions.RelativePath | Should -Be @('scripts/Good.ps1')
        }

        It 'keeps the input order of files named one by one' {
            $decisions = @(Test-CodeSigningPolicy @policy -Environment staging -LiteralPath $fixture.Paths.Unsigned, $fixture.Paths.Good)

            $decisions.RelativePath | Should -Be @('scripts/Unsigned.ps1', 'scripts/Good.ps1')
        }

        It 'judges the file a .p7s signs when the .p7s is named' {
            $decision = Test-CodeSigningPolicy @policy -Environment prod -LiteralPath "$($fixture.Paths.App).p7s" -ErrorAction Stop

            $decision.RelativePath | Should -Be 'release/app.zip'
            "$($decision.Outcome)" | Should -Be 'Allow'
        }

        It 'warns once about a .p7s whose file is missing and writes no decision for it' {
            $decisions = @(Test-CodeSigningPolicy @policy -Environment staging -LiteralPath $fixture.Paths.Orphan -WarningVariable warnings -WarningAction SilentlyContinue)

            $decisions | Should -BeNullOrEmpty
            @($warnings).Count | Should -Be 1
            "$($warnings[0])" | Should -Match 'orphan\.zip'
        }

        It 'writes ArtifactOutsideRoot for a file outside -Root, naming the file and the root' {
            $outside = Join-Path $TestDrive 'outside.ps1'
            Set-Content -LiteralPath $outside -Value "Write-Output 'outside'"

            $decisions = @(Test-CodeSigningPolicy @policy -Environment staging -LiteralPath $outside, $fixture.Paths.Good -ErrorVariable problems -ErrorAction SilentlyContinue)

            $decisions.RelativePath | Should -Be @('scripts/Good.ps1')
            $problems[0].FullyQualifiedErrorId | Should -Be "ArtifactOutsideRoot,$command"
            $problems[0].Exception.Message | Should -Match ([regex]::Escape($outside))
            $problems[0].Exception.Message | Should -Match ([regex]::Escape($fixture.Root))
        }

        It 'writes PathNotFound for a missing file and goes on' {
            $decisions = @(Test-CodeSigningPolicy @policy -Environment staging -LiteralPath (Join-Path $fixture.Root 'missing.ps1'), $fixture.Paths.Good -ErrorVariable problems -ErrorAction SilentlyContinue)

            $decisions.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be "PathNotFound,$command"
        }

        It 'takes rule paths relative to the current location without -Root' {
            Push-Location -LiteralPath $fixture.Root
            try {
                $decision = Test-CodeSigningPolicy -Policy $fixture.PolicyPath -Environment prod -LiteralPath $fixture.Paths.Good
            }
            finally {
                Pop-Location
            }

            $decision.RelativePath | Should -Be 'scripts/Good.ps1'
        }
    }

    Context '-Quiet' {
        It 'returns true when nothing is denied' {
            Test-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good -Quiet | Should -BeTrue
        }

        It 'returns false when something is denied' {
            Test-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good, $fixture.Paths.Unsigned -Quiet | Should -BeFalse
        }

        It 'returns true in audit mode, where nothing is denied' {
            Test-CodeSigningPolicy @policy -Environment dev -LiteralPath $fixture.Paths.Unsigned -Quiet | Should -BeTrue
        }
    }

    Context 'Whole-call failures' {
        It 'stops with RootNotFound for a -Root that does not exist' {
            { Test-CodeSigningPolicy -Policy $fixture.PolicyPath -Environment prod -LiteralPath $fixture.Paths.Good -Root (Join-Path $TestDrive 'nowhere') } |
                Should -Throw -ErrorId "RootNotFound,$command"
        }

        It 'stops with PolicyEnvironmentNotFound for an unknown environment' {
            { Test-CodeSigningPolicy @policy -Environment qa -LiteralPath $fixture.Paths.Good } |
                Should -Throw -ErrorId "PolicyEnvironmentNotFound,$command"
        }

        It 'evaluates nothing with -RequireSignedPolicy when the policy has no signature' {
            $store = Join-Path $TestDrive 'trust/contoso-root.pem'

            { Test-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good -RequireSignedPolicy -PolicyTrustStore $store } |
                Should -Throw
        }
    }

    Context 'Output' {
        It 'lists every check in order, integrity first' {
            $decision = Test-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good

            @($decision.Checks.Check | ForEach-Object { "$_" }) | Should -Be @('Integrity', 'Trust', 'Timestamp', 'Expiry', 'Revocation', 'Algorithms')
            ($decision.Checks | Where-Object Check -eq 'Timestamp').Passed | Should -BeNullOrEmpty
        }

        It 'shows a table with the outcome and the relative path' {
            $text = Test-CodeSigningPolicy @policy -Environment prod -LiteralPath $fixture.Paths.Good | Out-String -Width 200

            $text | Should -Match 'Outcome\s+RelativePath'
            $text | Should -Match 'Allow\s+scripts/Good\.ps1'
        }
    }
}
