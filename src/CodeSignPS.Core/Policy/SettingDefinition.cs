using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// One setting that <c>defaults</c>, an environment and an override can set: its YAML path, its
/// built-in value, how to read it from <see cref="PolicySettings"/>, and what counts as loosening it.
/// </summary>
internal sealed class SettingDefinition
{
    // Declared before All, whose initializer reads it: static initializers run in textual order.
    private static readonly IReadOnlyList<string> BuiltInDigests = ["sha256", "sha384", "sha512"];

    private readonly Func<PolicySettings, (object Value, SourcePosition Position)?> _read;
    private readonly Func<object, object, bool> _isLooser;

    private SettingDefinition(string path, object builtIn, Func<PolicySettings, (object, SourcePosition)?> read, Func<object, object, bool> isLooser)
    {
        Path = path;
        BuiltIn = builtIn;
        _read = read;
        _isLooser = isLooser;
    }

    /// <summary>The setting path, as written in overrides and messages.</summary>
    public string Path { get; }

    /// <summary>The value that applies when nothing in the file sets it.</summary>
    public object BuiltIn { get; }

    /// <summary>The settings every <c>defaults</c> block and environment may set, in the order the effective view lists them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } = CreateAll();

    /// <summary>Returns the definition of <paramref name="path"/>, or null when no setting has that path.</summary>
    public static SettingDefinition? Find(string path) => All.FirstOrDefault(definition => definition.Path == path);

    /// <summary>Returns the value <paramref name="settings"/> sets, with its position, or null when it leaves the setting alone.</summary>
    public (object Value, SourcePosition Position)? Read(PolicySettings settings) => _read(settings);

    /// <summary>Whether <paramref name="candidate"/> is looser than <paramref name="inherited"/>.</summary>
    public bool IsLooser(object inherited, object candidate) => _isLooser(inherited, candidate);

    /// <summary>Whether <paramref name="value"/> has the type this setting's values have.</summary>
    public bool Accepts(object value) => BuiltIn switch
    {
        IReadOnlyList<string> => value is IReadOnlyList<string>,
        _ => value.GetType() == BuiltIn.GetType(),
    };

    private static List<SettingDefinition> CreateAll()
    {
        List<SettingDefinition> all = [];
        foreach (PolicyCheck check in Enum.GetValues<PolicyCheck>())
        {
            all.Add(new SettingDefinition(SettingValues.CheckPath(check), BuiltInAction(check), settings => ReadCheck(settings, check), IsLower));
        }

        all.Add(new SettingDefinition("revocation.mode", PolicyRevocationMode.Off, settings => Box(settings.RevocationMode), TurnsRevocationOff));
        all.Add(new SettingDefinition("algorithms.digests", BuiltInDigests, settings => Box(settings.Digests), AddsDigest));
        all.Add(new SettingDefinition("algorithms.minRsaBits", 2048, settings => Box(settings.MinRsaBits), IsLower));
        all.Add(new SettingDefinition("algorithms.minEcBits", 256, settings => Box(settings.MinEcBits), IsLower));
        all.Add(new SettingDefinition("unsigned", UnsignedAction.Deny, settings => Box(settings.Unsigned), IsLower));
        all.Add(new SettingDefinition("uncovered", UncoveredAction.Skip, settings => Box(settings.Uncovered), IsLower));
        all.Add(new SettingDefinition("minimumLevel", ValidationLevel.Unknown, settings => Box(settings.MinimumLevel), IsLower));
        return all;
    }

    private static CheckAction BuiltInAction(PolicyCheck check) => check switch
    {
        PolicyCheck.Timestamp => CheckAction.Warn,
        PolicyCheck.Revocation => CheckAction.Off,
        _ => CheckAction.Enforce,
    };

    private static (object, SourcePosition)? ReadCheck(PolicySettings settings, PolicyCheck check) =>
        settings.Checks.TryGetValue(check, out PolicyValue<CheckAction>? action) ? (action.Value, action.Position) : null;

    private static (object, SourcePosition)? Box<T>(PolicyValue<T>? value) where T : notnull =>
        value is null ? null : (value.Value, value.Position);

    // Check actions, the unsigned and uncovered actions, levels and key sizes are all ordered weakest
    // first, so a lower value is a looser one.
    private static bool IsLower(object inherited, object candidate) =>
        Comparer<object>.Default.Compare(candidate, inherited) < 0;

    // Offline and online both check revocation, so either may replace the other. Only off loosens.
    private static bool TurnsRevocationOff(object inherited, object candidate) =>
        (PolicyRevocationMode)candidate == PolicyRevocationMode.Off && (PolicyRevocationMode)inherited != PolicyRevocationMode.Off;

    // A narrower list of accepted digests is tighter, and accepting one more digest loosens.
    private static bool AddsDigest(object inherited, object candidate)
    {
        var accepted = (IReadOnlyList<string>)inherited;
        return ((IReadOnlyList<string>)candidate).Any(digest => !accepted.Contains(digest, StringComparer.OrdinalIgnoreCase));
    }
}
