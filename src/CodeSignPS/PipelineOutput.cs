using System.Management.Automation;
using CodeSignPS.Core.Pipeline;

namespace CodeSignPS;

/// <summary>Writes runner log commands where the runner reads them: the host's output, like Write-Host.</summary>
internal static class PipelineOutput
{
    /// <summary>The tags of every log command line, so a caller can filter them in the information stream.</summary>
    private static readonly string[] Tags = ["PSHOST", "CodeSignPS.Pipeline"];

    /// <summary>The runner a command reports to: <paramref name="provider"/> when given, else the detected one.</summary>
    public static CiEnvironment Resolve(CiProvider? provider) => CiEnvironment.Resolve(provider);

    /// <summary>Writes one log command line.</summary>
    public static void WriteCommand(Cmdlet cmdlet, string line) =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = line, NoNewLine = false }, Tags);
}
