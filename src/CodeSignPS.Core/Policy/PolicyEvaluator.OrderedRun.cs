namespace CodeSignPS.Core.Policy;

/// <summary>Runs the evaluation of many artifacts on every core and hands the decisions back in input order.</summary>
public sealed partial class PolicyEvaluator
{
    /// <summary>
    /// Runs <paramref name="evaluate"/> over <paramref name="items"/> with up to
    /// <paramref name="maxDegreeOfParallelism"/> at once, and yields the results in input order.
    /// </summary>
    internal static IEnumerable<TResult> RunInOrder<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, TResult> evaluate, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        where TResult : class
        => new OrderedParallelRun<TItem, TResult>(items, evaluate, maxDegreeOfParallelism, cancellationToken).Results();

    private sealed class OrderedParallelRun<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, TResult> evaluate, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        where TResult : class
    {
        private readonly TResult?[] _slots = new TResult?[items.Count];
        private readonly object _gate = new();
        private bool _finished;
        private Exception? _failure;

        public IEnumerable<TResult> Results()
        {
            if (items.Count == 0)
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
                    TResult result = WaitFor(index);
                    _slots[index] = null;
                    yield return result;
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
                var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism), CancellationToken = token };
                Parallel.For(0, _slots.Length, options, index =>
                {
                    TResult result = evaluate(items[index], token);
                    lock (_gate)
                    {
                        _slots[index] = result;
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

        private TResult WaitFor(int index)
        {
            lock (_gate)
            {
                while (_slots[index] is null && !_finished)
                {
                    Monitor.Wait(_gate);
                }

                if (_slots[index] is { } result)
                {
                    return result;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0] : _failure ?? new OperationCanceledException());
            throw new InvalidOperationException("Unreachable.");
        }
    }
}
