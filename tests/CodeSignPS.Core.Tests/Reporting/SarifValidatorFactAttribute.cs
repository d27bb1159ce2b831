namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>A fact that needs the SARIF Multitool: skipped without it, except under CI=true where it runs and fails.</summary>
internal sealed class SarifValidatorFactAttribute : FactAttribute
{
    public SarifValidatorFactAttribute()
    {
        if (SarifMultitool.Path is null && !SarifMultitool.IsRequired)
        {
            Skip = $"{SarifMultitool.VariableName} does not name the SARIF Multitool; build.ps1 -Task Test installs it when npm is available.";
        }
    }
}
