namespace CodeSignPS.Core.Signing;

/// <summary>The outcome of one file of a batch: a result or the failure that stopped it.</summary>
public sealed record BatchItem<T>(string Path, T? Outcome, Exception? Error) where T : class;
