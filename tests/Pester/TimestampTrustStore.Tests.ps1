#Requires -Version 7.4

# Errors in the stores given with -TimestampTrustStore name that parameter, so a user who gave
# both -TrustStore and -TimestampTrustStore knows which list holds the broken path.

Describe 'Get-CodeSignature -TimestampTrustStore errors' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-Module (Get-CodeSignPSModulePath) -Force

        $command = 'CodeSignPS.Commands.GetCodeSignatureCommand'
        $signer = New-TestSigningCertificate
        $signerFiles = Export-TestCertificate -Certificate $signer -Directory $TestDrive -Name signer
        $script = Join-Path $TestDrive 'signed.ps1'
        $null = New-TestScript -Path $script
        Set-CodeSignature -LiteralPath $script -Certificate $signer -ErrorAction Stop
    }

    It 'names -TimestampTrustStore when its store does not exist' {
        $missing = Join-Path $TestDrive 'no-such-tsa-store.pem'

        $failure = { Get-CodeSignature -LiteralPath $script -TrustStore $signerFiles.CerPath -TimestampTrustStore $missing -ErrorAction Stop } |
            Should -Throw -ErrorId "TrustStoreNotFound,$command" -PassThru

        $failure.Exception.Message | Should -Match '-TimestampTrustStore'
        $failure.Exception.Message | Should -Not -Match '-TrustStore\b'
    }

    It 'names -TimestampTrustStore when its store holds no certificate' {
        $empty = Join-Path $TestDrive 'empty-tsa-store.pem'
        [IO.File]::WriteAllText($empty, '')

        $failure = { Get-CodeSignature -LiteralPath $script -TrustStore $signerFiles.CerPath -TimestampTrustStore $empty -ErrorAction Stop } |
            Should -Throw -ErrorId "TrustStoreEmpty,$command" -PassThru

        $failure.Exception.Message | Should -Match ([regex]::Escape($empty))
        $failure.Exception.Message | Should -Match 'It was given with -TimestampTrustStore\.'
    }

    It 'names -TrustStore when a code signing store is broken' {
        $empty = Join-Path $TestDrive 'empty-store.pem'
        [IO.File]::WriteAllText($empty, '')

        $failure = { Get-CodeSignature -LiteralPath $script -TrustStore $empty -ErrorAction Stop } |
            Should -Throw -ErrorId "TrustStoreEmpty,$command" -PassThru

        $failure.Exception.Message | Should -Match 'It was given with -TrustStore\.'
    }
}
