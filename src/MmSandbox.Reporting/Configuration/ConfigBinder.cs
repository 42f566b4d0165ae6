using System.Globalization;
using System.Text.RegularExpressions;
using MmSandbox.Core.Config;

namespace MmSandbox.Reporting.Configuration;

/// <summary>
/// Binds a located YAML tree to a <see cref="SimulationConfig"/> by hand, field by field: a missing field takes the
/// value of <see cref="SimulationConfig.Paper"/>, a wrong one becomes a <see cref="ConfigError"/> with the node's
/// file and line:column, and binding goes on so that every error is reported.
/// </summary>
internal sealed partial class ConfigBinder
{
    private const string IntegerText = "an integer";
    private const string NumberText = "a finite number";

    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, YamlValue> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);

    /// <summary>Binding errors, in the order of the fields.</summary>
    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>The configuration in <paramref name="root"/>; defaults stand in for missing and wrong fields.</summary>
    public SimulationConfig Bind(YamlMap? root)
    {
        var d = SimulationConfig.Paper;
        var top = ReadFields(root, "", [.. ConfigSchema.Top, ConfigSchema.BaseKey]);
        return new SimulationConfig(
            Seed: Seed(top, d.Seed),
            Paths: Integer(top, "", "paths", d.Paths),
            Horizon: Number(top, "", "horizon", d.Horizon),
            Dt: Number(top, "", "dt", d.Dt),
            Market: BindMarket(Section(top, "market"), "market", d.Market),
            OrderFlow: BindOrderFlow(Section(top, "order_flow"), "order_flow", d.OrderFlow),
            MarketMaker: BindMarketMaker(Section(top, "market_maker"), "market_maker", d.MarketMaker),
            Metrics: BindMetrics(Section(top, "metrics"), "metrics", d.Metrics),
            Output: BindOutput(Section(top, "output"), "output", d.Output),
            Engine: BindEngine(Section(top, "engine"), "engine", d.Engine))
        {
            Participants = BindParticipants(top, "participants"),
            Trace = BindTrace(Section(top, "trace"), "trace", d.Trace),
        };
    }

    /// <summary>
    /// The errors of <see cref="SimulationConfig.Validate"/>, each with the file and line:column of its field (or of
    /// the nearest enclosing section that was written), leaving out fields that already failed to bind.
    /// </summary>
    public IEnumerable<ConfigError> Locate(IEnumerable<ConfigError> validationErrors, string defaultFile)
    {
        foreach (var error in validationErrors)
        {
            if (_failed.Any(p => Covers(p, error.Path)))
                continue;
            var node = NodeAtOrAbove(error.Path);
            yield return error with { File = node?.File ?? defaultFile, Location = node?.Location };
        }
    }

    private MarketConfig BindMarket(YamlMap? map, string path, MarketConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new MarketConfig(
            S0: Number(f, path, "s0", d.S0),
            Mu: Number(f, path, "mu", d.Mu),
            Sigma: Number(f, path, "sigma", d.Sigma),
            PriceModel: Choice(f, path, "price_model", d.PriceModel));
    }

    private OrderFlowConfig BindOrderFlow(YamlMap? map, string path, OrderFlowConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new OrderFlowConfig(
            A: Number(f, path, "A", d.A),
            K: Number(f, path, "k", d.K),
            FillProbability: Choice(f, path, "fill_probability", d.FillProbability),
            OrderSize: Number(f, path, "order_size", d.OrderSize),
            FeeBps: Number(f, path, "fee_bps", d.FeeBps),
            FillsPerStep: Choice(f, path, "fills_per_step", d.FillsPerStep));
    }

    private MarketMakerConfig BindMarketMaker(YamlMap? map, string path, MarketMakerConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new MarketMakerConfig(
            Strategy: Choice(f, path, "strategy", d.Strategy),
            Gamma: Number(f, path, "gamma", d.Gamma),
            MaxInventory: NullableNumber(f, path, "max_inventory", d.MaxInventory, "null (no limit)"),
            Sigma: NullableNumber(f, path, "sigma", d.Sigma, "null (the market's σ)"),
            K: NullableNumber(f, path, "k", d.K, "null (the order flow's k)"),
            QuoteMid: Choice(f, path, "quote_mid", d.QuoteMid));
    }

    private MetricsConfig BindMetrics(YamlMap? map, string path, MetricsConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new MetricsConfig(
            MarkoutHorizons: List(f, path, "markout_horizons", d.MarkoutHorizons, "a list of integers, e.g. [1, 5, 10]",
                                  (node, p) => ReadInteger(node, p, out int v) ? v : null),
            AdverseHorizonSteps: Integer(f, path, "adverse_horizon_steps", d.AdverseHorizonSteps),
            VarHorizonSteps: Integer(f, path, "var_horizon_steps", d.VarHorizonSteps),
            VarLevels: List(f, path, "var_levels", d.VarLevels, "a list of numbers, e.g. [0.95, 0.99]",
                            (node, p) => ReadNumber(node, p, NumberText, out double v) ? v : null));
    }

    private OutputConfig BindOutput(YamlMap? map, string path, OutputConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new OutputConfig(RecordPaths: Integer(f, path, "record_paths", d.RecordPaths));
    }

    private EngineConfig BindEngine(YamlMap? map, string path, EngineConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new EngineConfig(
            Kind: Choice(f, path, "kind", d.Kind),
            LaneSize: Integer(f, path, "lane_size", d.LaneSize),
            LanesInFlight: Integer(f, path, "lanes_in_flight", d.LanesInFlight),
            WatchdogSeconds: Number(f, path, "watchdog_seconds", d.WatchdogSeconds),
            Pipelines: Integer(f, path, "pipelines", d.Pipelines));
    }

    /// <summary>
    /// The <c>participants:</c> list: each item a mapping with <c>kind</c>, an optional <c>name</c> (default: the kind's,
    /// numbered from the second of a kind) and the kind's parameters (defaults for those not written).
    /// </summary>
    private IReadOnlyList<ParticipantConfig> BindParticipants(FieldSet f, string path)
    {
        const string Expected = "a list of participants, e.g. [{kind: noise_trader, rate: 20}, {kind: informed_trader}]";
        if (!f.TryGet(path, out var node) || node is YamlScalar { IsNull: true })
            return [];
        if (node is not YamlList list)
            return Fail<IReadOnlyList<ParticipantConfig>>(node, path, $"must be {Expected}, not {Describe(node)}", [], ValueOf(node));
        var participants = new List<ParticipantConfig>(list.Items.Count);
        var seenKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            _nodes[itemPath] = list.Items[i];
            if (list.Items[i] is not YamlMap map)
            {
                Error(list.Items[i], itemPath, $"must be a mapping with at least 'kind', e.g. {{kind: noise_trader}}, not {Describe(list.Items[i])}", ValueOf(list.Items[i]));
                continue;
            }
            if (BindParticipant(map, itemPath, seenKinds) is { } participant)
                participants.Add(participant);
        }
        return participants;
    }

    private ParticipantConfig? BindParticipant(YamlMap map, string path, Dictionary<string, int> seenKinds)
    {
        var kinds = ParticipantKinds.All.Select(k => k.Name).ToList();
        var kindNode = map.Entries.FirstOrDefault(e => e.Key.Text == "kind").Value;
        if (kindNode is null)
        {
            Error(map, $"{path}.kind", $"is missing; every participant must name its kind, one of {string.Join(", ", kinds)}");
            return null;
        }
        _nodes[$"{path}.kind"] = kindNode;
        if (Scalar(kindNode, $"{path}.kind", $"one of {string.Join(", ", kinds)}") is not { } kindText)
            return null;
        if (!ParticipantKinds.TryGet(kindText.Text, out var kind))
        {
            var suggestion = ConfigSchema.Suggest(kindText.Text, kinds);
            var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
            Error(kindText, $"{path}.kind", $"unknown participant kind '{kindText.Text}'; allowed: {string.Join(", ", kinds)}{hint}", kindText.Text);
            return null;
        }
        var f = ReadFields(map, path, ["kind", "name", .. kind.Parameters.Select(p => p.Name)]);
        int occurrence = seenKinds[kind.Name] = seenKinds.GetValueOrDefault(kind.Name) + 1;
        string name = occurrence == 1 ? kind.DefaultName : $"{kind.DefaultName}-{occurrence}";
        if (f.TryGet("name", out var nameNode) && Scalar(nameNode, $"{path}.name", "a name such as 'noise-1'") is { } nameText)
            name = nameText.Text;
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var spec in kind.Parameters)
            parameters[spec.Name] = Number(f, path, spec.Name, spec.Default);
        return new ParticipantConfig(kind.Name, name, parameters);
    }

    private TraceConfig BindTrace(YamlMap? map, string path, TraceConfig d)
    {
        var f = ReadFields(map, path, ConfigSchema.Sections[path]);
        return new TraceConfig(
            Enabled: Boolean(f, path, "enabled", d.Enabled),
            Paths: List(f, path, "paths", d.Paths, "a list of path indices, e.g. [0, 3]", (node, p) => ReadInteger(node, p, out int v) ? v : null),
            Steps: Steps(f, path, "steps", d.Steps),
            Kinds: Names(f, path, "kinds", d.Kinds));
    }

    private bool Boolean(FieldSet f, string path, string key, bool fallback)
    {
        var keyPath = YamlTree.Join(path, key);
        const string Expected = "true or false";
        if (!f.TryGet(key, out var node) || Scalar(node, keyPath, Expected) is not { } s)
            return fallback;
        if (s.IsPlain && bool.TryParse(s.Text, out bool value))
            return value;
        return Fail(s, keyPath, $"must be {Expected}", fallback);
    }

    /// <summary>Steps as a step (<c>5</c>), a range (<c>0..20</c>), a list of either, or null for every step.</summary>
    private IReadOnlyList<StepRange>? Steps(FieldSet f, string path, string key, IReadOnlyList<StepRange>? fallback)
    {
        const string Expected = "a step, a range first..last such as \"0..20\", a list of them, or null for every step";
        var keyPath = YamlTree.Join(path, key);
        if (!f.TryGet(key, out var node))
            return fallback;
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar s:
                return ReadStepRange(s, keyPath, Expected) is { } one ? [one] : fallback;
            case YamlList list:
                var ranges = new List<StepRange>(list.Items.Count);
                bool ok = true;
                for (int i = 0; i < list.Items.Count; i++)
                {
                    var itemPath = $"{keyPath}[{i}]";
                    _nodes[itemPath] = list.Items[i];
                    if (Scalar(list.Items[i], itemPath, Expected) is { } item && ReadStepRange(item, itemPath, Expected) is { } r)
                        ranges.Add(r);
                    else
                        ok = false;
                }
                if (ok)
                    return ranges;
                _failed.Add(keyPath);
                return fallback;
            default:
                return Fail(node, keyPath, $"must be {Expected}, not {Describe(node)}", fallback);
        }
    }

    private StepRange? ReadStepRange(YamlScalar s, string path, string expected)
    {
        if (StepRange.TryParse(s.Text, out var range))
            return range;
        return Fail<StepRange?>(s, path, $"must be {expected}", null);
    }

    /// <summary>A list of names, or null.</summary>
    private IReadOnlyList<string>? Names(FieldSet f, string path, string key, IReadOnlyList<string>? fallback)
    {
        const string Expected = "a list of message types, e.g. [Quotes, Fills], or null for every type";
        var keyPath = YamlTree.Join(path, key);
        if (!f.TryGet(key, out var node))
            return fallback;
        if (node is YamlScalar { IsNull: true })
            return null;
        if (node is not YamlList list)
            return Fail(node, keyPath, $"must be {Expected}, not {Describe(node)}", fallback, ValueOf(node));
        var names = new List<string>(list.Items.Count);
        bool ok = true;
        for (int i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{keyPath}[{i}]";
            _nodes[itemPath] = list.Items[i];
            if (Scalar(list.Items[i], itemPath, "a message type such as Fills") is { } s)
                names.Add(s.Text);
            else
                ok = false;
        }
        if (ok)
            return names;
        _failed.Add(keyPath);
        return fallback;
    }

    /// <summary>The known keys of <paramref name="map"/>; unknown keys are reported, known values remembered by path.</summary>
    private FieldSet ReadFields(YamlMap? map, string path, IReadOnlyList<string> allowed)
    {
        var known = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var (key, value) in map?.Entries ?? [])
        {
            var keyPath = YamlTree.Join(path, key.Text);
            if (allowed.Contains(key.Text))
            {
                known[key.Text] = value;
                _nodes[keyPath] = value;
                continue;
            }
            var suggestion = ConfigSchema.Suggest(key.Text, allowed);
            var message = suggestion is null
                ? $"unknown key '{key.Text}'; allowed keys{(path.Length == 0 ? "" : $" in {path}")}: {string.Join(", ", allowed)}"
                : $"unknown key '{key.Text}'; did you mean '{suggestion}'?";
            Error(key, keyPath, message);
        }
        return new FieldSet(known);
    }

    /// <summary>The mapping of a section, or null when it is absent, empty, or not a mapping (reported).</summary>
    private YamlMap? Section(FieldSet f, string key)
    {
        if (!f.TryGet(key, out var node))
            return null;
        switch (node)
        {
            case YamlMap map:
                return map;
            case YamlScalar { IsNull: true }:
                return null;
            default:
                var keys = string.Join(", ", ConfigSchema.Sections[key]);
                Error(node, key, $"must be a mapping with the keys {keys}, not {Describe(node)}", ValueOf(node));
                return null;
        }
    }

    private ulong Seed(FieldSet f, ulong fallback)
    {
        const string Expected = "an integer ≥ 0";
        if (!f.TryGet("seed", out var node) || Scalar(node, "seed", Expected) is not { } s)
            return fallback;
        if (!s.IsPlain)
            return Fail(s, "seed", $"must be {Expected}, {NotPlain(s)}", fallback);
        if (!IntegerSyntax().IsMatch(s.Text))
            return Fail(s, "seed", $"must be {Expected}", fallback);
        if (s.Text.StartsWith('-') && s.Text.TrimStart('-').Trim('0').Length > 0)
            return Fail(s, "seed", $"must be {Expected}", fallback);
        return ulong.TryParse(s.Text.TrimStart('+', '-'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : Fail(s, "seed", $"must be an integer in [0, {ulong.MaxValue}]", fallback);
    }

    private int Integer(FieldSet f, string path, string key, int fallback) =>
        f.TryGet(key, out var node) && ReadInteger(node, YamlTree.Join(path, key), out int v) ? v : fallback;

    private double Number(FieldSet f, string path, string key, double fallback) =>
        f.TryGet(key, out var node) && ReadNumber(node, YamlTree.Join(path, key), NumberText, out double v) ? v : fallback;

    private double? NullableNumber(FieldSet f, string path, string key, double? fallback, string nullMeaning)
    {
        if (!f.TryGet(key, out var node))
            return fallback;
        if (node is YamlScalar { IsNull: true })
            return null;
        return ReadNumber(node, YamlTree.Join(path, key), $"{NumberText} or {nullMeaning}", out double v) ? v : fallback;
    }

    private T Choice<T>(FieldSet f, string path, string key, T fallback) where T : struct, Enum
    {
        var names = ConfigSchema.NamesOf<T>();
        var keyPath = YamlTree.Join(path, key);
        var expected = $"one of {string.Join(", ", names)}";
        if (!f.TryGet(key, out var node) || Scalar(node, keyPath, expected) is not { } s)
            return fallback;
        if (ConfigSchema.TryParse<T>(s.Text, out var value))
            return value;
        var suggestion = ConfigSchema.Suggest(s.Text, names);
        var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
        return Fail(s, keyPath, $"unknown value '{s.Text}'; allowed: {string.Join(", ", names)}{hint}", fallback);
    }

    private IReadOnlyList<T> List<T>(FieldSet f, string path, string key, IReadOnlyList<T> fallback, string expected,
                                     Func<YamlValue, string, T?> read) where T : struct
    {
        var keyPath = YamlTree.Join(path, key);
        if (!f.TryGet(key, out var node))
            return fallback;
        if (node is not YamlList list)
        {
            var what = node is YamlScalar { IsNull: true } ? "null" : Describe(node);
            return Fail(node, keyPath, $"must be {expected}, not {what}", fallback, ValueOf(node));
        }
        var items = new List<T>(list.Items.Count);
        bool ok = true;
        for (int i = 0; i < list.Items.Count; i++)
        {
            var itemPath = $"{keyPath}[{i}]";
            _nodes[itemPath] = list.Items[i];
            if (read(list.Items[i], itemPath) is { } v)
                items.Add(v);
            else
                ok = false;
        }
        if (ok)
            return items;
        _failed.Add(keyPath);
        return fallback;
    }

    private bool ReadInteger(YamlValue node, string path, out int value)
    {
        value = 0;
        if (Scalar(node, path, IntegerText) is not { } s)
            return false;
        if (!s.IsPlain)
            return Fail(s, path, $"must be {IntegerText}, {NotPlain(s)}", false);
        if (!IntegerSyntax().IsMatch(s.Text))
        {
            var why = FloatSyntax().IsMatch(s.Text) ? $"must be {IntegerText} (a whole number without a decimal point or exponent)" : $"must be {IntegerText}";
            return Fail(s, path, why, false);
        }
        if (!int.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return Fail(s, path, $"must be an integer in [{int.MinValue}, {int.MaxValue}]", false);
        return true;
    }

    private bool ReadNumber(YamlValue node, string path, string expected, out double value)
    {
        value = 0;
        if (Scalar(node, path, expected) is not { } s)
            return false;
        if (s.IsPlain && NonFiniteSyntax().IsMatch(s.Text))
            return Fail(s, path, $"must be {expected}; .nan, .inf and -.inf are not allowed", false);
        if (!s.IsPlain)
            return Fail(s, path, $"must be {expected}, {NotPlain(s)}", false);
        if (!IntegerSyntax().IsMatch(s.Text) && !FloatSyntax().IsMatch(s.Text))
            return Fail(s, path, $"must be {expected}", false);
        value = double.Parse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
            return Fail(s, path, $"must be {expected}; {s.Text} is beyond the range of a double", false);
        return true;
    }

    /// <summary>The scalar in <paramref name="node"/> if it holds a non-empty, non-null one; otherwise reports why not.</summary>
    private YamlScalar? Scalar(YamlValue node, string path, string expected)
    {
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                Error(node, path, $"must not be null; expected {expected}");
                return null;
            case YamlScalar { Text.Length: 0 } s:
                Error(s, path, $"must not be an empty string; expected {expected}", "");
                return null;
            case YamlScalar s:
                return s;
            default:
                Error(node, path, $"must be {expected}, not {Describe(node)}");
                return null;
        }
    }

    private T Fail<T>(YamlValue node, string path, string message, T fallback, object? value = null)
    {
        Error(node, path, message, value ?? ValueOf(node));
        return fallback;
    }

    private void Error(YamlValue node, string path, string message, object? value = null)
    {
        _failed.Add(path);
        _errors.Add(new ConfigError(path, message, value) { File = node.File, Location = node.Location });
    }

    private YamlValue? NodeAtOrAbove(string path)
    {
        while (path.Length > 0)
        {
            if (_nodes.TryGetValue(path, out var node))
                return node;
            int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }
        return null;
    }

    private static bool Covers(string failed, string path) =>
        path == failed || path.StartsWith(failed + ".", StringComparison.Ordinal) || path.StartsWith(failed + "[", StringComparison.Ordinal);

    /// <summary>Why a scalar that is not plain is no number: it is quoted, or it carries a tag such as <c>!!float</c>.</summary>
    private static string NotPlain(YamlScalar s) =>
        s.IsTagged ? "not a tagged value (write the number alone, without a tag)" : "not a quoted string";

    private static string Describe(YamlValue node) => node switch
    {
        YamlMap => "a mapping",
        YamlList => "a list",
        YamlScalar { IsNull: true } => "null",
        _ => "a scalar",
    };

    private static object? ValueOf(YamlValue node) => node is YamlScalar { IsNull: false } s ? s.Text : null;

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerSyntax();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatSyntax();

    [GeneratedRegex(@"^[-+]?(\.?(inf|nan)|infinity)$", RegexOptions.IgnoreCase)]
    private static partial Regex NonFiniteSyntax();
}

/// <summary>The known keys of one mapping and their values.</summary>
internal sealed class FieldSet(IReadOnlyDictionary<string, YamlValue> values)
{
    /// <summary>The value under <paramref name="key"/>, when written.</summary>
    public bool TryGet(string key, out YamlValue value) => values.TryGetValue(key, out value!);
}
