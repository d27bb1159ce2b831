using System.Management.Automation;
using System.Reflection;

namespace CodeSignPS.Loader;

/// <summary>
/// Makes the core's public types reachable by name from PowerShell (<c>[CodeSignPS.Core.Keys.SigningKeyLoader]</c>,
/// a class deriving from <c>SigningKey</c> in Add-Type) although they live in a private load context.
/// </summary>
/// <remarks>
/// PowerShell resolves type literals only in the default load context, by design, so it does not
/// see the core on its own. Type accelerators are the one lookup it also makes, so each public core
/// type is added as an accelerator under its full name; the name is the same one it would have had.
/// The accelerator table is not public API: if a PowerShell release renames it, the module still
/// imports and its cmdlets still work, only core type names stop resolving in scripts, and a warning
/// says so.
/// </remarks>
internal static class CoreTypeNames
{
    private static readonly MethodInfo? AddMethod = FindAcceleratorMethod("Add", typeof(string), typeof(Type));
    private static readonly MethodInfo? RemoveMethod = FindAcceleratorMethod("Remove", typeof(string));

    /// <summary>Adds an accelerator for every public type of <paramref name="core"/>; returns false when PowerShell has no accelerator table.</summary>
    public static bool Register(Assembly core)
    {
        if (AddMethod is null)
        {
            return false;
        }
        foreach (Type type in core.GetExportedTypes())
        {
            if (type.FullName is { } name && !type.IsGenericTypeDefinition)
            {
                AddMethod.Invoke(null, [name, type]);
            }
        }
        return true;
    }

    /// <summary>Removes the accelerators that <see cref="Register"/> added.</summary>
    public static void Unregister(Assembly core)
    {
        if (RemoveMethod is null)
        {
            return;
        }
        foreach (Type type in core.GetExportedTypes())
        {
            if (type.FullName is { } name && !type.IsGenericTypeDefinition)
            {
                RemoveMethod.Invoke(null, [name]);
            }
        }
    }

    private static MethodInfo? FindAcceleratorMethod(string name, params Type[] parameters) =>
        typeof(PSObject).Assembly
            .GetType("System.Management.Automation.TypeAccelerators")?
            .GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters);
}
