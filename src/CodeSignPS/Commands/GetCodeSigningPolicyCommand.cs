using System.Management.Automation;
using CodeSignPS.Core;
using CodeSignPS.Core.Policy;

namespace CodeSignPS.Commands;

/// <summary>Loads and validates policy files and writes an environment's effective settings, or where each came from.</summary>
[Cmdlet(VerbsCommon.Get, "CodeSigningPolicy", DefaultParameterSetName = PathParameterSet)]
[OutputType(typeof(EffectivePolicy), typeof(EffectiveSetting))]
public sealed class GetCodeSigningPolicyCommand : CodeSignCmdletBase
{
    private const string PathParameterSet = "Path";
    private const string LiteralPathParameterSet = "LiteralPath";

    private string[] _policyTrustStores = [];

    /// <summary>Policy files; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathParameterSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Policy files, taken exactly as written.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>The environment whose settings are shown; the defaults block when left out.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Environment { get; set; }

    /// <summary>Write one row per setting, with where in the file it was set.</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    /// <summary>Use a policy only when its detached signature verifies against -PolicyTrustStore.</summary>
    [Parameter]
    public SwitchParameter RequireSignedPolicy { get; set; }

    /// <summary>Trust stores of the policy signers, for -RequireSignedPolicy.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PolicyTrustStore { get; set; } = [];

    protected override void BeginProcessing()
    {
        _policyTrustStores = PolicyTrustStore.Select(SessionState.Path.GetUnresolvedProviderPathFromPSPath).ToArray();
        if (_policyTrustStores.Length > 0 && !RequireSignedPolicy)
        {
            WriteWarning("-PolicyTrustStore is used only with -RequireSignedPolicy; the policy signature is not checked.");
        }
    }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathParameterSet;
        foreach (string input in literal ? LiteralPath : Path)
        {
            foreach (string policyPath in ResolvePolicyPaths(input, literal))
            {
                WritePolicy(policyPath);
            }
        }
    }

    private void WritePolicy(string policyPath)
    {
        EffectivePolicy effective;
        try
        {
            LoadedPolicy loaded = PolicyCommandSupport.Load(policyPath, RequireSignedPolicy, _policyTrustStores);
            WriteVerbose($"Loaded the policy '{policyPath}' with {loaded.Document.Environments.Count} environment(s).");
            foreach (PolicyWarning warning in loaded.Warnings)
            {
                WriteWarning(warning.ToString());
            }

            effective = loaded.Resolve(Environment);
        }
        catch (PolicyLoadException exception)
        {
            // One record for the whole file: its message lists every problem, and the target is the
            // list itself, so a script can read line and column without parsing the message.
            ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, ErrorCategory.InvalidData, exception.Errors));
            return;
        }
        catch (CodeSignException exception)
        {
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(exception));
            return;
        }

        if (Explain)
        {
            WriteObject(effective.Explanation, enumerateCollection: true);
        }
        else
        {
            WriteObject(effective);
        }
    }

    private List<string> ResolvePolicyPaths(string input, bool literal)
    {
        List<string> paths = [];
        try
        {
            ProviderInfo provider;
            if (literal)
            {
                paths.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out provider, out _));
            }
            else
            {
                paths.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(input, out provider));
            }

            if (provider.Name != "FileSystem")
            {
                string message = $"'{input}' is a path of the {provider.Name} provider; a policy must be a file system path.";
                ThrowTerminatingError(ErrorRecordFactory.Create("NotFileSystemPath", FailureCategory.InvalidArgument, message, input));
            }
        }
        catch (SessionStateException exception)
        {
            string message = $"Cannot find the policy file '{input}' because it does not exist.";
            ThrowTerminatingError(ErrorRecordFactory.FromCodeSignException(new CodeSignException("PolicyNotFound", FailureCategory.ObjectNotFound, message, input, exception)));
        }

        return paths;
    }
}
