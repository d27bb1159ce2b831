using CodeSignPS.Core.Policy;

namespace CodeSignPS.Core.Tests.Policy.Eval;

public sealed class EvalOutcomeTests
{
    private static PolicyCheckResult Check(CheckAction action, bool? passed) => new(PolicyCheck.Trust, action, passed, "message");

    // ---- combining check results ----

    [Theory]
    [InlineData(CheckAction.Enforce, true, PolicyMode.Enforce, PolicyOutcome.Allow)]
    [InlineData(CheckAction.Enforce, false, PolicyMode.Enforce, PolicyOutcome.Deny)]
    [InlineData(CheckAction.Enforce, false, PolicyMode.Audit, PolicyOutcome.Audit)]
    [InlineData(CheckAction.Warn, false, PolicyMode.Enforce, PolicyOutcome.Warn)]
    [InlineData(CheckAction.Warn, false, PolicyMode.Audit, PolicyOutcome.Warn)]
    [InlineData(CheckAction.Off, null, PolicyMode.Enforce, PolicyOutcome.Allow)]
    [InlineData(CheckAction.Enforce, null, PolicyMode.Enforce, PolicyOutcome.Allow)]
    public void CombineOutcome_OneCheck_FollowsAction(CheckAction action, bool? passed, PolicyMode mode, PolicyOutcome expected)
        => Assert.Equal(expected, PolicyEvaluator.CombineOutcome([Check(CheckAction.Enforce, true), Check(action, passed)], mode));

    [Fact]
    public void CombineOutcome_WarnThenEnforceFailure_Denies()
        => Assert.Equal(PolicyOutcome.Deny, PolicyEvaluator.CombineOutcome([Check(CheckAction.Warn, false), Check(CheckAction.Enforce, false)], PolicyMode.Enforce));

    [Fact]
    public void CombineOutcome_NoChecks_Allows()
        => Assert.Equal(PolicyOutcome.Allow, PolicyEvaluator.CombineOutcome([], PolicyMode.Enforce));

    // ---- ordered parallel run ----

    [Fact]
    public void RunInOrder_ResultsFinishOutOfOrder_YieldsInputOrder()
    {
        int[] items = Enumerable.Range(0, 200).ToArray();

        List<string> results = PolicyEvaluator.RunInOrder(items, (item, _) =>
        {
            Thread.Sleep((200 - item) % 7);
            return item.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, maxDegreeOfParallelism: 8, CancellationToken.None).ToList();

        Assert.Equal(items.Select(item => item.ToString(System.Globalization.CultureInfo.InvariantCulture)), results);
    }

    [Fact]
    public void RunInOrder_Cancelled_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        int[] items = Enumerable.Range(0, 1000).ToArray();

        IEnumerable<string> run = PolicyEvaluator.RunInOrder(items, (item, token) =>
        {
            if (item == 10)
            {
                cancellation.Cancel();
            }

            token.ThrowIfCancellationRequested();
            return "done";
        }, maxDegreeOfParallelism: 4, cancellation.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => run.ToList());
    }

    [Fact]
    public void RunInOrder_CallerStopsEarly_StopsTheWork()
    {
        int evaluated = 0;
        int[] items = Enumerable.Range(0, 10_000).ToArray();

        string first = PolicyEvaluator.RunInOrder(items, (item, _) =>
        {
            Interlocked.Increment(ref evaluated);
            Thread.Sleep(1);
            return "done";
        }, maxDegreeOfParallelism: 2, CancellationToken.None).First();

        Assert.Equal("done", first);
        Assert.True(Volatile.Read(ref evaluated) < items.Length, $"{evaluated} items were evaluated after the caller stopped reading.");
    }

    [Fact]
    public void RunInOrder_Empty_YieldsNothing()
        => Assert.Empty(PolicyEvaluator.RunInOrder(Array.Empty<int>(), (item, _) => "x", 4, CancellationToken.None));
}
