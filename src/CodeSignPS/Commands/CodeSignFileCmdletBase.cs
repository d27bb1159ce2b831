using System.Collections.ObjectModel;
using System.Management.Automation;
using CodeSignPS.Core;
using CodeSignPS.Core.Formats;
using CodeSignPS.Core.IO;
using CodeSignPS.Core.Trust;

namespace CodeSignPS.Commands;

/// <summary>
/// Shared parameters and per-file loop of the cmdlets that take files: -Path with wildcards,
/// -LiteralPath, -Recurse, provider path resolution, and cancellation when the pipeline stops.
/// Derived cmdlets override <see cref="ProcessFile"/> and never see PowerShell paths.
/// </summary>
public abstract class CodeSignFileCmdletBase : CodeSignCmdletBase, IDisposable
{
    protected const string PathParameterSet = "Path";
    protected const string LiteralPathParameterSet = "LiteralPath";

    private readonly CancellationTokenSource _stopping = new();
    private string[] _path = Array.Empty<string>();
    private string[] _literalPath = Array.Empty<string>();
    private bool _isLiteral;
    private bool _disposed;

    /// <summary>Files or folders to process; wildcards are expanded.</summary>
    /// <remarks>Virtual so that a cmdlet with more parameter sets can repeat the attribute per set.</remarks>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public virtual string[] Path
    {
        get => _path;
        set => _path = value;
    }

    /// <summary>Files or folders to process, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public virtual string[] LiteralPath
    {
        get => _literalPath;
        set
        {
            _literalPath = value;
            _isLiteral = true;
        }
    }

    /// <summary>Process the files in folders and their subfolders.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C or a downstream command stops the pipeline.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    protected override void ProcessRecord()
    {
        string[] inputs = _isLiteral ? _literalPath : _path;
        foreach (string input in inputs)
        {
            foreach (ResolvedFile file in ResolveInput(input))
            {
                OnFileResolved(file);
                ProcessFile(file);
            }
        }
    }

    /// <summary>Handles one resolved file; called on the pipeline thread.</summary>
    private protected abstract void ProcessFile(ResolvedFile file);

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>
    /// Returns true when a signature format handles <paramref name="file"/>. Otherwise writes a
    /// non-terminating UnsupportedFormat error when the caller named the file, or a verbose line when
    /// a wildcard or -Recurse found it, and returns false.
    /// </summary>
    private protected bool IsSupportedFormat(ResolvedFile file)
    {
        if (ArtifactFormatFactory.TryGetFormat(file.Path) is not null)
        {
            return true;
        }

        if (file.IsNamedExplicitly)
        {
            string message = $"'{file.Path}' has the extension '{System.IO.Path.GetExtension(file.Path)}', "
                + "which no signature format handles. Name a PowerShell script file (.ps1, .psm1, .psd1, .ps1xml, .psc1, .cdxml or .mof).";
            WriteInputError(ErrorRecordFactory.Create("UnsupportedFormat", FailureCategory.InvalidArgument, message, file.Path));
        }
        else
        {
            WriteVerbose($"Skipped '{file.Path}': no signature format handles this file type.");
        }

        return false;
    }

    /// <summary>Writes the error for an input that is not processed, after <see cref="OnInputError"/> has seen it.</summary>
    private void WriteInputError(ErrorRecord record)
    {
        OnInputError(record);
        DeliverInputError(record);
    }

    /// <summary>Called before the error for an input that is not processed is written; derived cmdlets record it for their reports.</summary>
    private protected virtual void OnInputError(ErrorRecord record)
    {
    }

    /// <summary>
    /// Writes the error for an input that is not processed. A cmdlet that works in batches overrides
    /// it to hold the error until the batch is done, so that <c>-ErrorAction Stop</c> cannot end the
    /// batch at a bad input.
    /// </summary>
    private protected virtual void DeliverInputError(ErrorRecord record) => WriteError(record);

    /// <summary>Called for each resolved file right before <see cref="ProcessFile"/>, in input order.</summary>
    private protected virtual void OnFileResolved(ResolvedFile file)
    {
    }

    /// <summary>Resolves a path given to a parameter other than -Path, such as a key or trust store file, against the current location.</summary>
    private protected string ResolveParameterPath(string path) =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>Throws <see cref="PipelineStoppedException"/> when a core call ended because the pipeline is stopping.</summary>
    private protected void ThrowIfStopping(OperationCanceledException exception)
    {
        if (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception).Throw();
    }

    private List<ResolvedFile> ResolveInput(string input)
    {
        var files = new List<ResolvedFile>();
        bool isExplicit = _isLiteral || !WildcardPattern.ContainsWildcardCharacters(input);

        foreach (string providerPath in ResolveProviderPaths(input))
        {
            if (Directory.Exists(providerPath))
            {
                AddFolder(providerPath, isExplicit, files);
            }
            else if (IsUnresolvableLink(providerPath))
            {
                string message = $"'{providerPath}' is a symbolic link that does not resolve to a file: its target is missing, or the links form a loop.";
                WriteInputError(ErrorRecordFactory.Create("PathNotFound", FailureCategory.ObjectNotFound, message, providerPath));
            }
            else if (File.Exists(providerPath))
            {
                files.Add(new ResolvedFile(providerPath, isExplicit));
            }
            else
            {
                WritePathNotFound(input, null);
            }
        }

        return files;
    }

    private Collection<string> ResolveProviderPaths(string input)
    {
        Collection<string> paths;
        ProviderInfo provider;
        try
        {
            if (_isLiteral)
            {
                paths = new Collection<string> { SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out provider, out _) };
            }
            else
            {
                paths = SessionState.Path.GetResolvedProviderPathFromPSPath(input, out provider);
            }
        }
        catch (SessionStateException exception)
        {
            // ItemNotFoundException, DriveNotFoundException and ProviderNotFoundException all land here.
            WritePathNotFound(input, exception);
            return new Collection<string>();
        }

        if (provider.Name != "FileSystem")
        {
            string message = $"'{input}' is a path of the {provider.Name} provider; only file system paths can be processed.";
            WriteInputError(ErrorRecordFactory.Create("NotFileSystemPath", FailureCategory.InvalidArgument, message, input));
            return new Collection<string>();
        }

        return paths;
    }

    private void AddFolder(string folder, bool isExplicit, List<ResolvedFile> files)
    {
        if (Recurse)
        {
            IEnumerable<string> found = EnumerateFilesBelow(folder).Order(StringComparer.Ordinal);
            files.AddRange(found.Select(path => new ResolvedFile(path, IsNamedExplicitly: false)));
        }
        else if (isExplicit)
        {
            string message = $"'{folder}' is a folder. Add -Recurse to process the files in it and its subfolders.";
            WriteInputError(ErrorRecordFactory.Create("PathIsFolder", FailureCategory.InvalidArgument, message, folder));
        }
    }

    /// <summary>
    /// Lists the regular files in <paramref name="folder"/> and its subfolders, hidden ones included:
    /// a verification that skipped them would let an unsigned hidden script pass. As with
    /// Get-ChildItem -Recurse, links to folders are not followed (so a link back up the tree cannot
    /// make the walk endless), and unreadable folders are skipped. Named pipes, devices and sockets
    /// are skipped too: reading a pipe would block. So are the temporary files of a signing in
    /// progress.
    /// </summary>
    private static IEnumerable<string> EnumerateFilesBelow(string folder)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            foreach (FileSystemInfo entry in new DirectoryInfo(current).EnumerateFileSystemInfos("*", options))
            {
                if (entry is DirectoryInfo directory)
                {
                    if (directory.LinkTarget is null)
                    {
                        pending.Push(directory.FullName);
                    }
                }
                else if (FileStatus.IsRegularFile(entry.FullName) && !AtomicFileWriter.IsTemporaryFile(entry.FullName))
                {
                    yield return entry.FullName;
                }
            }
        }
    }

    private static bool IsUnresolvableLink(string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is null)
        {
            return false;
        }

        try
        {
            FileSystemInfo? target = file.ResolveLinkTarget(returnFinalTarget: true);
            return target is null || !target.Exists;
        }
        catch (IOException)
        {
            // ELOOP: too many levels of symbolic links.
            return true;
        }
    }

    private void WritePathNotFound(string input, Exception? inner)
    {
        string message = $"Cannot find the path '{input}' because it does not exist.";
        var exception = new CodeSignException("PathNotFound", FailureCategory.ObjectNotFound, message, input, inner);
        WriteInputError(ErrorRecordFactory.FromCodeSignException(exception));
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Releases what the cmdlet opened. PowerShell calls <see cref="Dispose()"/> when the pipeline
    /// ends, also after a stop, which makes this the place for cleanup that must not race with a
    /// core call still running on the pipeline thread.
    /// </summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        if (disposing)
        {
            _stopping.Dispose();
        }

        _disposed = true;
    }

    /// <summary>Loads each trust store once; a missing or unreadable store stops the command.</summary>
    /// <param name="paths">The paths given to the parameter.</param>
    /// <param name="parameterName">The parameter the paths were given with, which error messages name.</param>
    private protected List<TrustStore> LoadTrustStores(string[] paths, string parameterName = "TrustStore")
    {
        var stores = new List<TrustStore>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (string path in paths)
        {
            string resolved = ResolveParameterPath(path);
            if (seen.Add(resolved))
            {
                stores.Add(LoadTrustStore(resolved, parameterName));
            }
        }

        return stores;
    }

    private TrustStore LoadTrustStore(string path, string parameterName)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            string message = $"The trust store '{path}' given with -{parameterName} does not exist. Give a PEM bundle, a DER certificate file or a folder of them.";
            ThrowTerminatingError(ErrorRecordFactory.Create("TrustStoreNotFound", FailureCategory.ObjectNotFound, message, path));
        }

        try
        {
            TrustStore store = TrustStoreLoader.Load(path);
            WriteVerbose($"Loaded trust store '{path}' with {store.Certificates.Count} certificate(s).");
            return store;
        }
        catch (CodeSignException exception)
        {
            // The core's message names the file. The parameter name shows which role the store had.
            string message = $"{exception.Message} It was given with -{parameterName}.";
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(new CodeSignException(exception.ErrorId, exception.Category, message, exception.Target, exception)));
            throw; // ThrowTerminatingError does not return.
        }
        catch (Exception exception) when (ErrorRecordFactory.TryCreateForFile(exception, path, FileAccessKind.Read, out ErrorRecord record))
        {
            ThrowTerminatingError(record);
            throw; // ThrowTerminatingError does not return.
        }
    }
}
