using System.Reflection;
using System.Runtime.Loader;

namespace CodeSignPS.Loader;

/// <summary>
/// The private load context of the module's core and the libraries it ships (YamlDotNet). An
/// assembly whose file is in the module's dependencies folder loads here; every other request
/// (the runtime, System.Security.Cryptography.Pkcs, System.Management.Automation) falls through to
/// the default context, so the core shares those types with PowerShell and with the cmdlets.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _folder;

    /// <summary>Creates the context over <paramref name="folder"/>, the module's dependencies folder.</summary>
    public DependencyLoadContext(string folder)
        : base("CodeSignPS", isCollectible: false)
    {
        _folder = folder;
    }

    /// <summary>The folder whose assemblies this context loads.</summary>
    public string Folder => _folder;

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Returning null hands the request to the default context: that is how the core gets the
        // same System.Security.Cryptography.Pkcs and runtime types as PowerShell.
        if (string.IsNullOrEmpty(assemblyName.Name))
        {
            return null;
        }

        string path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
