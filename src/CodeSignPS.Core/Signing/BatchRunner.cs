namespace CodeSignPS.Core.Signing;

/// <summary>
/// Runs one operation over many files on worker threads, with bounded parallelism, and hands each
/// outcome back on the enumerating thread (PowerShell writes output only from the pipeline thread).
/// </summary>
/// <remarks>
/// The hand-off is a plain queue under a lock with Monitor.Wait. BlockingCollection spins before it
/// blocks, and on a 2-core machine the waiting thread's spinning took CPU from the workers
/// (hundreds of thousands of sched_yield calls for a few thousand files).
/// </remarks>
internal static class BatchRunner
{
    public static IEnumerable<BatchItem<T>> Run<T>(IReadOnlyList<string> paths, Func<string, T> operation, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        where T : class
    {
        if (paths.Count == 0)
        {
            yield break;
        }

        int parallelism = Math.Clamp(maxDegreeOfParallelism, 1, Math.Max(1, paths.Count));
        Handoff<BatchItem<T>> completed = new();
        Task producer = Task.Run(() => Produce(paths, operation, parallelism, completed, cancellationToken), CancellationToken.None);

        while (completed.TryTake(out BatchItem<T>? item))
        {
            yield return item;
        }

        // Surfaces a cancellation; per-file failures were already yielded as items.
        producer.GetAwaiter().GetResult();
    }

    private static void Produce<T>(IReadOnlyList<string> paths, Func<string, T> operation, int parallelism, Handoff<BatchItem<T>> completed, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            ParallelOptions options = new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
            Parallel.ForEach(paths, options, path =>
            {
                BatchItem<T> item;
                try
                {
                    item = new BatchItem<T>(path, operation(path), null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    item = new BatchItem<T>(path, null, ex);
                }

                completed.Add(item);
            });
        }
        finally
        {
            completed.Complete();
        }
    }

    /// <summary>An unbounded queue from many producers to one consumer that blocks without spinning.</summary>
    private sealed class Handoff<TItem>
    {
        private readonly Queue<TItem> _items = new();
        private bool _completed;

        public void Add(TItem item)
        {
            lock (_items)
            {
                _items.Enqueue(item);
                Monitor.Pulse(_items);
            }
        }

        public void Complete()
        {
            lock (_items)
            {
                _completed = true;
                Monitor.PulseAll(_items);
            }
        }

        /// <summary>Waits for the next item; returns false once the queue is complete and empty.</summary>
        public bool TryTake([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TItem item)
        {
            lock (_items)
            {
                while (_items.Count == 0 && !_completed)
                {
                    Monitor.Wait(_items);
                }

                return _items.TryDequeue(out item);
            }
        }
    }
}
