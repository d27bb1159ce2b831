namespace CodeSignPS.Core.Policy;

/// <summary>Runs the evaluation of many artifacts on every core and hands the decisions back in input order.</summary>
public sealed partial class PolicyEvaluator
{
    private sealed class OrderedParallelRun(PolicyEvaluator evaluator, IReadOnlyList<Artifact> artifacts, CancellationToken cancellationToken)
    {
        private readonly PolicyDecision?[] _slots = new PolicyDecision?[artifacts.Count];
        private readonly object _gate = new();
        private bool _finished;
        private Exception? _failure;

        public IEnumerable<PolicyDecision> Results()
        {
            if (artifacts.Count == 0)
            {
                yield break;
            }

            // Cancelled as well when the caller stops reading early, so no work outlives the enumeration.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task producer = Task.Run(() => Produce(stop.Token), CancellationToken.None);
            try
            {
                for (int index = 0; index < _slots.Length; index++)
                {
                    PolicyDecision decision = WaitFor(index);
                    _slots[index] = null;
                    yield return decision;
                }
            }
            finally
            {
                stop.Cancel();
                producer.Wait(CancellationToken.None);
            }
        }

        private void Produce(CancellationToken token)
        {
            try
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, evaluator._options.MaxDegreeOfParallelism), CancellationToken = token };
                Parallel.For(0, _slots.Length, options, index =>
                {
                    PolicyDecision decision = evaluator.Evaluate(artifacts[index], token);
                    lock (_gate)
                    {
                        _slots[index] = decision;
                        Monitor.PulseAll(_gate);
                    }
                });
            }
            catch (Exception exception)
            {
                _failure = exception;
            }
            finally
            {
                lock (_gate)
                {
                    _finished = true;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private PolicyDecision WaitFor(int index)
        {
            lock (_gate)
            {
                while (_slots[index] is null && !_finished)
                {
                    Monitor.Wait(_gate);
                }

                if (_slots[index] is { } decision)
                {
                    return decision;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : _failure ?? new OperationCanceledException());
            throw new InvalidOperationException("Unreachable.");
        }
    }
}
