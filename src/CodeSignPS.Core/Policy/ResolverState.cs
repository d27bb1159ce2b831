using CodeSignPS.Core.Trust;

namespace CodeSignPS.Core.Policy;

/// <summary>
/// The settings accumulated while resolving an environment, layer by layer, each with what set it;
/// turned into an <see cref="EffectivePolicy"/> at the end.
/// </summary>
internal sealed class ResolverState
{
    private const string ModePath = "mode";
    private const string CrlsPath = "revocation.crls";

    private readonly Dictionary<string, ResolvedSetting> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResolvedSetting> _ruleLevels = new(StringComparer.Ordinal);
    private readonly List<string> _crls = [];
    private ResolvedSetting _mode = new(PolicyMode.Enforce, SettingOrigin.BuiltIn, null, null, null);
    private ResolvedSetting _crlSource = new(Array.Empty<string>(), SettingOrigin.BuiltIn, null, null, null);

    public ResolverState()
    {
        foreach (SettingDefinition definition in SettingDefinition.All)
        {
            _settings[definition.Path] = new ResolvedSetting(definition.BuiltIn, SettingOrigin.BuiltIn, null, null, null);
        }
    }

    public ResolvedSetting Get(string path) => _settings[path];

    public void Set(string path, ResolvedSetting setting) => _settings[path] = setting;

    public void SetMode(ResolvedSetting mode) => _mode = mode;

    /// <summary>Returns the inherited minimum level for <paramref name="rule"/>, or null when nothing on the way set one.</summary>
    public ResolvedSetting? GetRuleLevel(string rule) => _ruleLevels.GetValueOrDefault(rule);

    public void SetRuleLevel(string rule, ResolvedSetting level) => _ruleLevels[rule] = level;

    /// <summary>Adds CRL patterns: a layer's list extends the inherited one, so it can never loosen revocation.</summary>
    public void AddCrls(IReadOnlyList<PolicyValue<string>> crls, SettingOrigin origin, string sourceName)
    {
        foreach (PolicyValue<string> crl in crls)
        {
            if (!_crls.Contains(crl.Value, StringComparer.Ordinal))
            {
                _crls.Add(crl.Value);
            }
        }

        SourcePosition? position = crls.Count > 0 ? crls[0].Position : null;
        _crlSource = new ResolvedSetting(_crls.ToArray(), origin, sourceName, position, null);
    }

    public EffectivePolicy Build(PolicyDocument document, string? environment) => new()
    {
        Document = document,
        Environment = environment,
        Mode = (PolicyMode)_mode.Value,
        Checks = Enum.GetValues<PolicyCheck>().ToDictionary(check => check, check => (CheckAction)Get(SettingValues.CheckPath(check)).Value),
        RevocationMode = (PolicyRevocationMode)Get("revocation.mode").Value,
        CrlPatterns = _crls.ToArray(),
        Digests = ((IReadOnlyList<string>)Get("algorithms.digests").Value).ToArray(),
        MinRsaBits = (int)Get("algorithms.minRsaBits").Value,
        MinEcBits = (int)Get("algorithms.minEcBits").Value,
        Unsigned = (UnsignedAction)Get("unsigned").Value,
        Uncovered = (UncoveredAction)Get("uncovered").Value,
        MinimumLevel = (ValidationLevel)Get("minimumLevel").Value,
        RuleMinimumLevels = _ruleLevels.ToDictionary(pair => pair.Key, pair => (ValidationLevel)pair.Value.Value, StringComparer.Ordinal),
        Explanation = Explain(document),
    };

    // The order of the file's own blocks: mode, checks, revocation, algorithms, the actions, the
    // levels, then the per-rule levels in the order the rules are written.
    private List<EffectiveSetting> Explain(PolicyDocument document)
    {
        List<EffectiveSetting> rows = [_mode.ToEffective(ModePath)];
        foreach (SettingDefinition definition in SettingDefinition.All)
        {
            rows.Add(_settings[definition.Path].ToEffective(definition.Path));
            if (definition.Path == "revocation.mode")
            {
                rows.Add(_crlSource.ToEffective(CrlsPath));
            }
        }

        IEnumerable<string> ruleOrder = document.Rules.Select(rule => rule.Name)
            .Concat(_ruleLevels.Keys.Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        foreach (string rule in ruleOrder)
        {
            if (_ruleLevels.TryGetValue(rule, out ResolvedSetting? level))
            {
                rows.Add(level.ToEffective(SettingValues.RuleLevelPath(rule)));
            }
        }

        return rows;
    }
}
