using System.Collections.Concurrent;

namespace CodeSignPS.Core.Signing;

/// <summary>
/// Runs one operation over many files on worker threads, with bounded parallelism, and hands each
/// outcome back on the enumerating thread (PowerShell writes output only from the pipeline thread).
/// </summary>
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
        using BlockingCollection<BatchItem<T>> completed = new();
        Task producer = Task.Run(() => Produce(paths, operation, parallelism, completed, cancellationToken), CancellationToken.None);

        foreach (BatchItem<T> item in completed.GetConsumingEnumerable(CancellationToken.None))
        {
            yield return item;
        }

        // Surfaces a cancellation; per-file failures were already yielded as items.
        producer.GetAwaiter().GetResult();
    }

    private static void Produce<T>(IReadOnlyList<string> paths, Func<string, T> operation, int parallelism, BlockingCollection<BatchItem<T>> completed, CancellationToken cancellationToken)
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

                completed.Add(item, CancellationToken.None);
            });
        }
        finally
        {
            completed.CompleteAdding();
        }
    }
}
