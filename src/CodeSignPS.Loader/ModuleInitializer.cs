using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace CodeSignPS.Loader;

/// <summary>
/// Registers, when the module is imported, the handler that loads CodeSignPS.Core from the
/// dependencies folder into <see cref="DependencyLoadContext"/>, and removes it with the module.
/// The core's own references (YamlDotNet) then resolve inside that context, so another module's
/// YamlDotNet in the same session neither replaces ours nor is replaced by it.
/// </summary>
/// <remarks>
/// This assembly is a nested module of the manifest, so PowerShell imports it, and runs this
/// initializer, before it reads the types of CodeSignPS.dll. Reading those types already loads the
/// core: PowerShell lists a module's exported types before it runs that module's initializer, and
/// the cmdlet types need core types to load. A handler inside CodeSignPS.dll would come too late.
/// This assembly references neither the core nor the cmdlets.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <summary>
    /// The folder next to this assembly that contains the core and its private dependencies. The
    /// build (build/BuildModule.ps1) lays it out under the same name.
    /// </summary>
    public const string DependencyFolderName = "dependencies";

    private const string CoreAssemblyName = "CodeSignPS.Core";

    private static readonly Lazy<DependencyLoadContext> Context = new(CreateContext);

    /// <inheritdoc/>
    public void OnImport()
    {
        // Removing before adding keeps a second import (Import-Module -Force, another runspace)
        // from registering the handler twice.
        AssemblyLoadContext.Default.Resolving -= ResolveCore;
        AssemblyLoadContext.Default.Resolving += ResolveCore;

        if (!CoreTypeNames.Register(LoadCore()))
        {
            // Not an error: the cmdlets work without it, only [CodeSignPS.Core.*] names in scripts do not resolve.
            using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddCommand("Write-Warning").AddParameter("Message",
                "CodeSignPS could not make its CodeSignPS.Core types known to this PowerShell version; the cmdlets work, but scripts cannot name those types.").Invoke();
        }
    }

    /// <inheritdoc/>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // The context itself stays: CodeSignPS.dll stays loaded after Remove-Module and keeps its
        // binding to the core it already loaded, which a later import reuses.
        AssemblyLoadContext.Default.Resolving -= ResolveCore;
        CoreTypeNames.Unregister(LoadCore());
    }

    private static Assembly LoadCore() => Context.Value.LoadFromAssemblyName(new AssemblyName(CoreAssemblyName));

    private static Assembly? ResolveCore(AssemblyLoadContext context, AssemblyName name)
    {
        // This handler resolves only the core. The private context resolves the core's dependencies,
        // and the default context's other handlers resolve every other name.
        if (!string.Equals(name.Name, CoreAssemblyName, StringComparison.Ordinal))
        {
            return null;
        }
        return Context.Value.LoadFromAssemblyName(name);
    }

    private static DependencyLoadContext CreateContext()
    {
        string moduleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)
            ?? throw new InvalidOperationException("CodeSignPS.Loader.dll was loaded without a file location, so its dependencies folder cannot be found; import the module with Import-Module from its folder.");
        return new DependencyLoadContext(Path.Combine(moduleFolder, DependencyFolderName));
    }
}
