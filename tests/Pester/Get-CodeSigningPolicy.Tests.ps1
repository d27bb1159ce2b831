#Requires -Version 7.4

# Get-CodeSigningPolicy: effective settings, the explanation, load errors and signed policies.

Describe 'Get-CodeSigningPolicy' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $script:policyPath = Join-Path $TestDrive 'policy.yaml'
        Set-Content -LiteralPath $policyPath -NoNewline -Value @'
version: 1
trustStores:
  public-roots: { role: codeSigning, class: public, certificates: [trust/roots.pem] }
publishers:
  vendor: { trustStores: [public-roots], subject: { O: Fabrikam Inc } }
defaults:
  checks: { trust: enforce, timestamp: warn }
rules:
  - name: vendor-modules
    include: ["vendor/**/*.psm1"]
    publishers: [vendor]
    minimumLevel: OV
environments:
  dev: { mode: audit }
  staging:
    extends: dev
    mode: enforce
    checks: { timestamp: enforce }
  prod:
    extends: staging
    rules: { vendor-modules: { minimumLevel: EV } }
    overrides:
      - { setting: checks.timestamp, value: warn, reason: "TSA outage" }
'@

        $script:badPath = Join-Path $TestDrive 'bad.yaml'
        Set-Content -LiteralPath $badPath -NoNewline -Value @'
version: 1
environments:
  dev: { checks: { trust: warn } }
  prod: { extends: prod }
'@
    }

    It 'writes the effective settings of an environment' {
        $policy = Get-CodeSigningPolicy -Path $policyPath -Environment staging

        $policy | Should -BeOfType ([CodeSignPS.Core.Policy.EffectivePolicy])
        $policy.Environment | Should -Be 'staging'
        $policy.Mode | Should -Be 'Enforce'
        $policy.ActionFor('Timestamp') | Should -Be 'Enforce'
    }

    It 'writes the defaults without -Environment' {
        $policy = Get-CodeSigningPolicy -LiteralPath $policyPath

        $policy.Environment | Should -BeNullOrEmpty
        $policy.ActionFor('Trust') | Should -Be 'Enforce'
    }

    It 'expands wildcards in -Path' {
        $policies = @(Get-CodeSigningPolicy -Path (Join-Path $TestDrive 'pol*.yaml') -Environment dev)

        $policies.Count | Should -Be 1
        $policies[0].Mode | Should -Be 'Audit'
    }

    It 'explains every setting with its origin, line and override reason' {
        $rows = Get-CodeSigningPolicy -Path $policyPath -Environment prod -Explain

        $rows[0] | Should -BeOfType ([CodeSignPS.Core.Policy.EffectiveSetting])
        $timestamp = $rows | Where-Object Setting -EQ 'checks.timestamp'
        $timestamp.Value | Should -Be 'warn'
        $timestamp.Origin | Should -Be 'Override'
        $timestamp.SourceName | Should -Be 'prod'
        $timestamp.Reason | Should -Be 'TSA outage'
        $timestamp.Position.Line | Should -Be 23
        ($rows | Where-Object Setting -EQ 'mode').SourceName | Should -Be 'staging'
        ($rows | Where-Object Setting -EQ 'rules.vendor-modules.minimumLevel').Value | Should -Be 'EV'
        ($rows | Where-Object Setting -EQ 'checks.expiry').Origin | Should -Be 'BuiltIn'
    }

    It 'shows the explanation as a table with a Line column' {
        $table = Get-CodeSigningPolicy -Path $policyPath -Environment prod -Explain | Format-Table | Out-String -Width 200

        $table | Should -Match 'Setting\s+Value\s+Origin\s+Source\s+Line\s+Reason'
        $table | Should -Match 'checks\.timestamp\s+warn\s+Override\s+prod\s+23\s+TSA outage'
    }

    It 'lists every problem of a file in one PolicyInvalid error' {
        $failure = { Get-CodeSigningPolicy -Path $badPath -Environment dev } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyInvalid,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Message | Should -BeLike "*bad.yaml(3,*LoosenedSetting*"
        $failure.Exception.Message | Should -BeLike "*bad.yaml(4,*ExtendsCycle*"
        $codes = @($failure.TargetObject | ForEach-Object Code)
        $codes | Should -Contain 'LoosenedSetting'
        $codes | Should -Contain 'ExtendsCycle'
        @($failure.Exception.Errors).Count | Should -Be @($failure.TargetObject).Count
    }

    It 'names the environments when one is missing' {
        $failure = { Get-CodeSigningPolicy -Path $policyPath -Environment qa } | Should -Throw -PassThru

        $failure.FullyQualifiedErrorId | Should -BeLike 'PolicyEnvironmentNotFound,*'
        $failure.Exception.Message | Should -BeLike '*dev, staging, prod*'
    }

    It 'reports a missing policy file' {
        { Get-CodeSigningPolicy -Path (Join-Path $TestDrive 'none.yaml') } | Should -Throw -ErrorId 'PolicyNotFound,*'
    }

    Context 'with -RequireSignedPolicy' {
        BeforeAll {
            $authority = New-TestCertificateAuthority -Name 'Policy Signers'
            $script:rootPath = Join-Path $TestDrive 'policy-root.cer'
            [IO.File]::WriteAllBytes($rootPath, $authority.Root.RawData)
            $otherAuthority = New-TestCertificateAuthority -Name 'Other'
            $script:otherRootPath = Join-Path $TestDrive 'other-root.cer'
            [IO.File]::WriteAllBytes($otherRootPath, $otherAuthority.Root.RawData)

            $script:signedPath = Join-Path $TestDrive 'signed.yaml'
            Copy-Item -LiteralPath $policyPath -Destination $signedPath
            Set-CodeSignature -LiteralPath $signedPath -Detached -Certificate $authority.Leaf -ErrorAction Stop | Out-Null
        }

        It 'loads a policy signed by a trusted signer' {
            $policy = Get-CodeSigningPolicy -LiteralPath $signedPath -Environment prod -RequireSignedPolicy -PolicyTrustStore $rootPath

            $policy.Environment | Should -Be 'prod'
        }

        It 'rejects a policy without a signature' {
            { Get-CodeSigningPolicy -Path $policyPath -RequireSignedPolicy -PolicyTrustStore $rootPath } |
                Should -Throw -ErrorId 'PolicySignatureMissing,*'
        }

        It 'rejects a policy changed after signing' {
            $tampered = Join-Path $TestDrive 'tampered.yaml'
            Copy-Item -LiteralPath $signedPath -Destination $tampered
            Copy-Item -LiteralPath "$signedPath.p7s" -Destination "$tampered.p7s"
            Add-Content -LiteralPath $tampered -Value '  qa: {}'

            $failure = { Get-CodeSigningPolicy -Path $tampered -RequireSignedPolicy -PolicyTrustStore $rootPath } | Should -Throw -PassThru

            $failure.FullyQualifiedErrorId | Should -BeLike 'PolicySignatureInvalid,*'
            $failure.Exception.Message | Should -BeLike '*HashMismatch*'
        }

        It 'rejects a signer from another root' {
            { Get-CodeSigningPolicy -Path $signedPath -RequireSignedPolicy -PolicyTrustStore $otherRootPath } |
                Should -Throw -ErrorId 'PolicyNotTrusted,*'
        }

        It 'needs -PolicyTrustStore' {
            { Get-CodeSigningPolicy -Path $signedPath -RequireSignedPolicy } | Should -Throw -ErrorId 'PolicyTrustStoreMissing,*'
        }
    }
}
