namespace CodeSignPS.Core.Tests.Reporting;

/// <summary>Shares one <see cref="ReportScenario"/> across a test class: minting and signing are the slow part.</summary>
public sealed class ReportScenarioFixture : IDisposable
{
    public ReportScenario Scenario { get; } = new();

    public void Dispose() => Scenario.Dispose();
}
