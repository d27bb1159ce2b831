using System.Management.Automation;
using CodeSignPS.Core;
using CodeSignPS.Core.Policy;

namespace CodeSignPS.Commands;

/// <summary>
/// What Test-CodeSigningPolicy and Assert-CodeSigningPolicy share: the policy, environment and artifact
/// parameters, loading the policy once in BeginProcessing, collecting the files and folders from the
/// pipeline, and evaluating them all in EndProcessing so that decisions come out in input order.
/// </summary>
public abstract partial class PolicyEvaluationCmdletBase : CodeSignCmdletBase, IDisposable
{
    protected const string PathParameterSet = "Path";
    protected const string LiteralPathParameterSet = "LiteralPath";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<string> _inputs = new();
    private readonly List<string> _notEvaluated = new();
    private PolicyEvaluator? _evaluator;
    private string _root = string.Empty;

    /// <summary>The policy file (YAML).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Policy { get; set; } = string.Empty;

    /// <summary>The environment of the policy whose settings apply.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Environment { get; set; } = string.Empty;

    /// <summary>Files or folders to evaluate; wildcards are expanded and folders are walked recursively.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Files or folders to evaluate, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The folder that rule patterns and exception paths are relative to; the current location by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Root { get; set; }

    /// <summary>Evaluate nothing unless the policy file has a valid detached signature from a store of -PolicyTrustStore.</summary>
    [Parameter]
    public SwitchParameter RequireSignedPolicy { get; set; }

    /// <summary>Trust anchors of policy signers: PEM bundles, DER files or folders of them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PolicyTrustStore { get; set; } = [];

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int ThrottleLimit { get; set; } = System.Environment.ProcessorCount;

    /// <summary>Cancelled when the user presses Ctrl+C or a downstream command stops the pipeline.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <summary>
    /// The inputs and files that could not be evaluated: paths that do not exist or are not on the file
    /// system, and what the walk could not judge (outside the root, unreadable folders). In enforce mode
    /// they fail the gate, because a gate must not pass what it never looked at.
    /// </summary>
    private protected IReadOnlyList<string> NotEvaluated => _notEvaluated;

    /// <summary>The mode of the environment evaluated.</summary>
    protected PolicyMode Mode => _evaluator!.Mode;

    private void BeginEvaluation()
    {
        _root = ResolveRoot();
        try
        {
            string policyPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Policy);
            IReadOnlyList<string> trustStores = PolicyTrustStore.Select(SessionState.Path.GetUnresolvedProviderPathFromPSPath).ToArray();
            LoadedPolicy loaded = PolicyCommandSupport.Load(policyPath, RequireSignedPolicy, trustStores, out IReadOnlyList<Core.Trust.TrustStore>? policySigners);
            EffectivePolicy effective = loaded.Resolve(Environment);
            PolicyTrustMaterial material = PolicyTrustMaterial.Load(effective, policySigners);
            var options = new PolicyEvaluationOptions { MaxDegreeOfParallelism = ThrottleLimit };
            _evaluator = new PolicyEvaluator(effective, material, options, CancellationToken);
            RecordPolicy(policyPath, effective.Mode);
            WriteVerbose($"Evaluating against environment '{Environment}' of '{policyPath}' ({effective.Mode} mode, revocation {effective.RevocationMode}), relative to '{_root}'.");
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
        }
    }

    private void CollectInputs()
    {
        bool isLiteral = ParameterSetName == LiteralPathParameterSet;
        foreach (string input in isLiteral ? LiteralPath : Path)
        {
            _inputs.AddRange(ResolveInput(input, isLiteral));
        }
    }

    private ArtifactWalk EvaluateInputs()
    {
        ArtifactWalk walk = ArtifactWalker.Walk(_inputs, _root);
        foreach (ArtifactIssue issue in walk.Issues)
        {
            ReportIssue(issue);
        }

        WriteVerbose($"Evaluating {walk.Artifacts.Count} artifact(s) on up to {ThrottleLimit} threads.");
        try
        {
            foreach (PolicyDecision decision in _evaluator!.Evaluate(walk.Artifacts, CancellationToken))
            {
                RecordDecision(decision);
                OnDecision(decision);
            }
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        return walk;
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Handles one decision, in input order, on the pipeline thread.</summary>
    private protected abstract void OnDecision(PolicyDecision decision);

    /// <summary>Runs once every decision is handled.</summary>
    private protected abstract void OnCompleted(ArtifactWalk walk);

    /// <summary>Writes a file the walk set aside: a warning for a .p7s without its file, an error otherwise.</summary>
    private void ReportIssue(ArtifactIssue issue)
    {
        if (issue.IsWarning)
        {
            RecordArtifactIssue(issue);
            WriteWarning(issue.Message);
            return;
        }

        _notEvaluated.Add(issue.Path);
        WriteNotEvaluatedError(ErrorRecordFactory.Create(issue.ErrorId, FailureCategory.InvalidArgument, issue.Message, issue.Path));
    }

    private string ResolveRoot()
    {
        string root = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Root ?? ".");
        if (!Directory.Exists(root))
        {
            string message = $"The artifact root '{root}' given with -Root is not an existing folder. Give the folder that the policy's rule patterns and exception paths are relative to.";
            ThrowTerminatingError(ErrorRecordFactory.Create("RootNotFound", FailureCategory.ObjectNotFound, message, root));
        }

        return root;
    }

    private List<string> ResolveInput(string input, bool isLiteral)
    {
        var paths = new List<string>();
        ProviderInfo provider;
        try
        {
            if (isLiteral)
            {
                paths.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out provider, out _));
            }
            else
            {
                paths.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(input, out provider));
            }
        }
        catch (SessionStateException exception)
        {
            WritePathNotFound(input, exception);
            return [];
        }

        if (provider.Name != "FileSystem")
        {
            string message = $"'{input}' is a path of the {provider.Name} provider; only file system paths can be evaluated.";
            _notEvaluated.Add(input);
            WriteNotEvaluatedError(ErrorRecordFactory.Create("NotFileSystemPath", FailureCategory.InvalidArgument, message, input));
            return [];
        }

        List<string> existing = paths.Where(path => File.Exists(path) || Directory.Exists(path)).ToList();
        if (existing.Count < paths.Count)
        {
            WritePathNotFound(input, null);
        }

        return existing;
    }

    private void WritePathNotFound(string input, Exception? inner)
    {
        // Counted as not evaluated: a mistyped path must fail the gate, not turn it into a check of nothing.
        string message = $"Cannot find the path '{input}' because it does not exist, so nothing there was evaluated. Check the path given to -Path or -LiteralPath.";
        _notEvaluated.Add(input);
        WriteNotEvaluatedError(ErrorRecordFactory.FromCodeSignException(new CodeSignException("PathNotFound", FailureCategory.ObjectNotFound, message, input, inner)));
    }

    public void Dispose()
    {
        _evaluator?.Dispose();
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
