using MmSandbox.Core.Config;

namespace MmSandbox.Reporting.Configuration;

/// <summary>The YAML keys of a configuration, in the order they are written, and the spellings of its enums.</summary>
internal static class ConfigSchema
{
    /// <summary>The key naming a base file to merge over.</summary>
    public const string BaseKey = "base";

    /// <summary>Top-level fields, then sections, in the order written.</summary>
    public static readonly IReadOnlyList<string> Top =
        ["seed", "paths", "horizon", "dt", "market", "order_flow", "market_maker", "participants", "metrics", "output", "engine", "trace"];

    /// <summary>The keys of each section, by section name.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Sections = new Dictionary<string, IReadOnlyList<string>>
    {
        ["market"] = ["s0", "mu", "sigma", "price_model"],
        ["order_flow"] = ["A", "k", "fill_probability", "order_size", "fee_bps", "fills_per_step"],
        ["market_maker"] = ["strategy", "gamma", "max_inventory", "sigma", "k", "quote_mid"],
        ["metrics"] = ["markout_horizons", "adverse_horizon_steps", "var_horizon_steps", "var_levels"],
        ["output"] = ["record_paths"],
        ["engine"] = ["kind", "lane_size", "lanes_in_flight", "pipelines", "watchdog_seconds"],
        ["trace"] = ["enabled", "paths", "steps", "kinds"],
    };

    /// <summary>Every path a <c>--set</c> may name: top-level fields, sections, and section fields.</summary>
    public static IReadOnlyList<string> SettablePaths { get; } =
        [.. Top.SelectMany(key => Sections.TryGetValue(key, out var fields) ? [key, .. fields.Select(f => $"{key}.{f}")] : new[] { key })];

    /// <summary>The YAML spelling of an enum value.</summary>
    public static string Name<T>(T value) where T : struct, Enum => EnumNames.Name(value);

    /// <summary>The allowed spellings of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> NamesOf<T>() where T : struct, Enum => EnumNames.Of<T>();

    /// <summary>Parses a YAML spelling; false when it names no value.</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum => EnumNames.TryParse(text, out value);

    /// <summary>The candidate closest to <paramref name="name"/> within edit distance 2 (ignoring case), if any.</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d <= 2 && d < Math.Max(name.Length, candidate.Length) && d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
