using System.Globalization;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MmSandbox.Runner.Study;

/// <summary>What a user may change about a study from the command line.</summary>
/// <param name="Gammas">Replaces the γ grid of study.yaml.</param>
/// <param name="Only">Runs only these regimes (in the study's order).</param>
/// <param name="Sets">Overrides for every cell, as <c>path=value</c> (γ comes from the grid and wins).</param>
public sealed record StudyOptions(IReadOnlyList<double>? Gammas = null, IReadOnlyList<string>? Only = null, IReadOnlyList<string>? Sets = null);

/// <summary>
/// Reads a study from a config folder: <c>study.yaml</c> (the γ grid and the panel order) and one
/// file per regime in <c>regimes/</c> (adding a regime is adding a file). Every cell's config is
/// resolved and validated before anything runs; all errors are reported together.
/// </summary>
public static class StudyPlanLoader
{
    /// <summary>The study file inside the config folder.</summary>
    public const string StudyFile = "study.yaml";
    /// <summary>The folder of regime files inside the config folder.</summary>
    public const string RegimesFolder = "regimes";

    private static readonly string[] StudyKeys = ["gammas", "regime_order"];

    /// <summary>Loads and resolves the study in <paramref name="configDir"/>; throws <see cref="ConfigException"/> with every error.</summary>
    public static StudyPlan Load(string configDir, StudyOptions? options = null)
    {
        options ??= new StudyOptions();
        var errors = new List<ConfigError>();
        string studyPath = Path.Combine(configDir, StudyFile);
        string regimesDir = Path.Combine(configDir, RegimesFolder);
        if (!Directory.Exists(configDir))
            throw new ConfigException([new ConfigError("--config-dir", $"the folder '{configDir}' does not exist")]);

        var (gammas, order) = ReadStudyFile(studyPath, errors);
        if (options.Gammas is { Count: > 0 } chosen) gammas = [.. chosen];
        CheckGammas(gammas, options.Gammas is { Count: > 0 } ? "--gammas" : "gammas", options.Gammas is { Count: > 0 } ? "--gammas" : studyPath, errors);

        var files = Directory.Exists(regimesDir)
            ? Directory.GetFiles(regimesDir, "*.yaml").Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
            errors.Add(new ConfigError(RegimesFolder, $"no regime files (*.yaml) in '{regimesDir}'") { File = regimesDir });
        var names = files.Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        // Panel order: study.yaml's regime_order first, then any other regime file alphabetically.
        var ordered = order.Where(names.Contains).Concat(names.Where(n => !order.Contains(n))).ToList();
        foreach (var missing in order.Where(n => !names.Contains(n)))
            errors.Add(new ConfigError("regime_order", $"names '{missing}', which has no file {RegimesFolder}/{missing}.yaml") { File = studyPath });
        if (options.Only is { Count: > 0 } only)
        {
            foreach (var unknown in only.Where(n => !names.Contains(n)))
                errors.Add(new ConfigError("--only", $"'{unknown}' is not a regime; the regimes are: {string.Join(", ", ordered)}"));
            ordered = ordered.Where(only.Contains).ToList();
        }

        var regimes = new List<Regime>();
        var cells = new List<StudyCell>();
        foreach (var name in ordered)
        {
            string file = files[names.IndexOf(name)];
            Regime? regime = null;
            foreach (double gamma in gammas)
            {
                var sets = new List<string>(options.Sets ?? []) { string.Create(CultureInfo.InvariantCulture, $"market_maker.gamma={gamma:R}") };
                try
                {
                    var config = ConfigLoader.Load(file, sets);
                    regime ??= new Regime(name, file, config.Market.Mu, config.Market.Sigma);
                    cells.Add(new StudyCell(regime, gamma, config));
                }
                catch (ConfigException e)
                {
                    // The same mistake would repeat for every γ: report the regime's errors once.
                    errors.AddRange(e.Errors);
                    break;
                }
            }
            if (regime is not null) regimes.Add(regime);
        }
        if (errors.Count > 0) throw new ConfigException(errors.Distinct().ToList());
        return new StudyPlan(regimes, gammas, cells);
    }

    /// <summary>Parses a comma-separated γ list such as <c>0.01,0.1</c>; throws <see cref="ConfigException"/> when malformed.</summary>
    public static IReadOnlyList<double> ParseGammas(string text)
    {
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double g))
                throw new ConfigException([new ConfigError("--gammas", $"'{part}' is not a number; give a comma-separated list such as 0.01,0.1", text)]);
            values.Add(g);
        }
        return values;
    }

    private static (List<double> Gammas, List<string> Order) ReadStudyFile(string path, List<ConfigError> errors)
    {
        var gammas = new List<double> { 0.001, 0.01, 0.05, 0.1, 0.3 };
        var order = new List<string> { "calm", "turbulent", "uptrend", "downtrend" };
        if (!File.Exists(path)) return (gammas, order);
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError("(yaml)", e.Message) { File = path, Location = new SourceLocation((int)e.Start.Line, (int)e.Start.Column) });
            return (gammas, order);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return (gammas, order);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(At(new ConfigError("(root)", "must be a mapping with 'gammas' and 'regime_order'"), path, stream.Documents[0].RootNode));
            return (gammas, order);
        }
        foreach (var (keyNode, value) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            switch (key)
            {
                case "gammas":
                    gammas = ReadList(value, "gammas", path, errors, (YamlScalarNode n, out double v) =>
                        double.TryParse(n.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out v), "a number");
                    break;
                case "regime_order":
                    order = ReadList(value, "regime_order", path, errors, (YamlScalarNode n, out string v) =>
                    {
                        v = n.Value ?? "";
                        return v.Length > 0;
                    }, "a regime name");
                    break;
                default:
                    errors.Add(At(new ConfigError(key, $"unknown key; allowed: {string.Join(", ", StudyKeys)}"), path, keyNode));
                    break;
            }
        }
        return (gammas, order);
    }

    private delegate bool TryRead<T>(YamlScalarNode node, out T value);

    private static List<T> ReadList<T>(YamlNode node, string key, string path, List<ConfigError> errors, TryRead<T> read, string what)
    {
        var list = new List<T>();
        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(At(new ConfigError(key, $"must be a list, e.g. [0.01, 0.1]"), path, node));
            return list;
        }
        for (int i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode scalar && read(scalar, out var value)) list.Add(value);
            else errors.Add(At(new ConfigError($"{key}[{i}]", $"must be {what}"), path, sequence.Children[i]));
        }
        return list;
    }

    private static void CheckGammas(List<double> gammas, string field, string file, List<ConfigError> errors)
    {
        if (gammas.Count == 0) errors.Add(new ConfigError(field, "must list at least one γ") { File = file });
        for (int i = 0; i < gammas.Count; i++)
        {
            if (!(gammas[i] > 0 && double.IsFinite(gammas[i])))
                errors.Add(new ConfigError($"{field}[{i}]", "must be a finite number > 0", gammas[i]) { File = file });
            else if (gammas.Take(i).Contains(gammas[i]))
                errors.Add(new ConfigError($"{field}[{i}]", "is listed twice", gammas[i]) { File = file });
        }
    }

    private static ConfigError At(ConfigError error, string file, YamlNode node) =>
        error with { File = file, Location = new SourceLocation((int)node.Start.Line, (int)node.Start.Column) };
}
