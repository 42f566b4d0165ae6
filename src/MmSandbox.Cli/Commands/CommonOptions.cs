using System.CommandLine;

namespace MmSandbox.Cli.Commands;

/// <summary>Options shared by the commands that load a config.</summary>
public static class CommonOptions
{
    /// <summary>The default config file.</summary>
    public const string DefaultConfig = "config/base.yaml";

    /// <summary><c>--config FILE</c>.</summary>
    public static Option<string> Config(string? defaultValue = DefaultConfig) => new("--config", "-c")
    {
        Description = "The YAML config file" + (defaultValue is null ? "" : $" (default: {defaultValue})"),
        DefaultValueFactory = defaultValue is null ? null! : _ => defaultValue,
        Required = defaultValue is null,
    };

    /// <summary><c>--set path=value</c>, repeatable.</summary>
    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override one config field, e.g. --set market_maker.gamma=0.01 (repeatable; the value is YAML)",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary><c>--paths N</c>.</summary>
    public static Option<int?> Paths(string description = "Number of paths (same as --set paths=N)") => new("--paths")
    {
        Description = description,
        CustomParser = result => Parse(result, "--paths", "a whole number ≥ 1", (string text, out int? value) =>
        {
            bool ok = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int v) && v >= 1;
            value = ok ? v : null;
            return ok;
        }),
    };

    /// <summary><c>--seed S</c>.</summary>
    public static Option<ulong?> Seed() => new("--seed")
    {
        Description = "Root random seed (same as --set seed=S)",
        CustomParser = result => Parse(result, "--seed", "a whole number in [0, 2^64)", (string text, out ulong? value) =>
        {
            bool ok = ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong v);
            value = ok ? v : null;
            return ok;
        }),
    };

    private delegate bool TryParse<T>(string text, out T value);

    private static T? Parse<T>(System.CommandLine.Parsing.ArgumentResult result, string option, string allowed, TryParse<T?> tryParse)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (tryParse(text, out var value)) return value;
        result.AddError($"{option} must be {allowed}, got '{text}'");
        return default;
    }

    /// <summary><c>--engine actors|reference</c>.</summary>
    public static Option<string?> Engine() => new Option<string?>("--engine")
    {
        Description = "actors (default) or reference (same as --set engine.kind=…)",
    }.AcceptOnlyFromAmong("actors", "reference");

    /// <summary>The <c>--set</c> overrides with the shorthand options appended, so every value goes through the same checks.</summary>
    public static List<string> Overrides(string[]? sets, int? paths = null, ulong? seed = null, string? engine = null)
    {
        var all = new List<string>(sets ?? []);
        if (paths is { } p) all.Add(FormattableString.Invariant($"paths={p}"));
        if (seed is { } s) all.Add(FormattableString.Invariant($"seed={s}"));
        if (engine is not null) all.Add($"engine.kind={engine}");
        return all;
    }
}
