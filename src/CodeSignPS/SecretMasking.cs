using System.Management.Automation;
using CodeSignPS.Core.Keys;
using CodeSignPS.Core.Pipeline;

namespace CodeSignPS;

/// <summary>Reads a command's pipeline secrets and has the runner mask them before anything else is written.</summary>
internal static class SecretMasking
{
    /// <summary>
    /// Reads the variables named for a PFX and its password (either may be null) through the
    /// runner's environment, and writes one masking command per value when a runner is active.
    /// Returns null when no variable was named.
    /// </summary>
    public static PipelineSecrets? ReadAndMask(Cmdlet cmdlet, CiProvider? provider, string? pfxVariable, string? passwordVariable)
    {
        if (pfxVariable is null && passwordVariable is null)
        {
            return null;
        }

        CiEnvironment environment = PipelineOutput.Resolve(provider);
        PipelineSecrets secrets = PipelineSecrets.Read(pfxVariable, passwordVariable, environment.GetVariable);
        if (PipelineCommands.For(environment.Provider) is { } commands)
        {
            foreach (string value in secrets.MaskValues)
            {
                PipelineOutput.WriteCommand(cmdlet, commands.MaskSecret(value));
            }
        }

        return secrets;
    }
}
