using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests.Corpus;

/// <summary>
/// Random damage to a valid config: whatever the text, the loader either gives a valid configuration or throws a
/// <see cref="ConfigException"/> whose every error has a path and a message; never another exception, never a hang.
/// </summary>
public sealed class MutationProperties : IDisposable
{
    /// <summary>config/base.yaml as committed: the paper's setup, with its comments.</summary>
    internal const string ValidYaml = """
        # The paper's setup: Avellaneda & Stoikov (2008), section 4.
        # Every field has a default; see the README's config reference. Model time: T = 1.
        seed: 42
        paths: 1000
        horizon: 1.0            # T
        dt: 0.005               # N = T / dt = 200 steps

        market:
          s0: 100               # initial mid, price units
          mu: 0                 # drift per unit time
          sigma: 2              # volatility per √time
          price_model: binomial # binomial (±1, the paper) | gaussian

        order_flow:
          A: 140                # λ(δ) = A·e^(−k·δ), arrivals per unit time
          k: 1.5                # per price unit
          fill_probability: linear   # linear: min(1, λ·dt) (the paper) | poisson: 1 − e^(−λ·dt)
          order_size: 1
          fee_bps: 0
          fills_per_step: independent # independent (the paper) | one (the original Python study)

        market_maker:
          strategy: avellaneda-stoikov  # avellaneda-stoikov | symmetric
          gamma: 0.1            # risk aversion
          max_inventory: null   # null: no limit
          sigma: null           # null: the market's σ
          k: null               # null: the order flow's k
          quote_mid: current    # current (the paper) | previous (the original Python study)

        metrics:
          markout_horizons: [1, 5, 10]  # steps
          adverse_horizon_steps: 10
          var_horizon_steps: 10
          var_levels: [0.95, 0.99]

        output:
          record_paths: 100     # the first paths, written row by row to timeseries.csv and trades.csv

        engine:
          kind: actors          # actors | reference (the same numbers, bit for bit)
          lane_size: 4096       # paths per message
          lanes_in_flight: 4    # lanes simulated at once by the actor engine
          pipelines: 2          # role pipelines
          watchdog_seconds: 60  # a scenario with no step completed for this long (wall clock) is stopped and the silent actor named

        """;

    /// <summary>Values that have broken parsers before: nulls, non-finite numbers, half brackets, tags, anchors, long and odd text.</summary>
    private static readonly string[] NastyTokens =
    [
        "", "~", "null", "NULL", ".nan", ".NaN", ".inf", "-.inf", "+.INF", "nan", "infinity", "-1", "0", "-0", "1e309",
        "-1e309", "1e-400", "4.9e-324", "1.7976931348623157e308", "99999999999999999999", "18446744073709551616",
        "0x10", "0o17", "1_000", "1,5", "1.5.2", "true", "yes", "off", "[", "]", "{", "}", "[]", "{}", "{a: 1}",
        "[1, [2, [3]]]", "[1, 2", "{a: 1", "{a: 1\nzz: 2", "[1,\n2", "'", "\"", "''", "\"unterminated", "'it''s'",
        "\"\\u00e9\\t\\0\"", "\"a\\0b\"", "&a 1", "*a", "*undefined", "&a [1, *a]", "!!int 5", "!!str 5", "!custom x",
        "!!binary aGk=", "|", "|\n  block", ">-\n  folded", "- 1", "? x", "? [a]\n: b", ":", "::", ": x", "a: b: c",
        "#", "# comment", "%YAML 1.2", "---", "...", "--- x", "@", "`", "\t", " \t ", "\r", "\r\n", "\u0085", "\u2028",
        "\uFEFF", "\u0000", "\u0007", "ü∑σ√γ", "😀", "\uD800", "\u202Egnirts", "base.yaml", "missing.yaml", "/dev/null",
        "/dev/zero", ".", "..", "/", new string('9', 400), new string('x', 5000), new string('[', 300) + new string(']', 300),
        new string('[', 20_000), string.Concat(Enumerable.Repeat("{a: ", 20_000)), string.Concat(Enumerable.Repeat("- ", 3_000)),
        "market", "seed: 1", "  sigma: 2", "base: base.yaml", "base: base.yaml\nbase: missing.yaml",
    ];

    /// <summary>Keys to insert: known ones at the wrong level, near and far misses, YAML's special keys.</summary>
    private static readonly string[] Keys =
    [
        "seed", "paths", "dt", "market", "sigma", "gamma", "gama", "sigm", "lane_sise", "markout_horizon", "k", "A", "a",
        "engine", "base", "<<", "? x", "- x", "\"quoted key\"", "'single'", "&anchor key", "*alias", "!tag key", "1", "~",
        "null", "", "ünïcode", new string('k', 2000),
    ];

    private readonly TempFolder _folder = new();

    public MutationProperties()
    {
        File.WriteAllText(_folder.File("base.yaml"), "paths: 7\nmarket:\n  sigma: 3\n");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_unmutated_text_is_the_paper_configuration()
    {
        ConfigAssert.Equal(SimulationConfig.Paper, ConfigLoader.LoadText(ValidYaml, "valid.yaml"));
    }

    [Property(MaxTest = 1000)]
    public Property A_mutated_config_loads_to_a_valid_config_or_throws_only_config_errors() =>
        Prop.ForAll(Arb.From(MutatedText()), mutated =>
        {
            var run = Task.Run(() => Outcome(mutated.Text));
            Assert.True(run.Wait(TimeSpan.FromSeconds(20)), $"the loader did not return within 20 s on\n{mutated}");
            var (config, errors, exception) = run.Result;
            Assert.True(exception is null, $"{exception}\non\n{mutated}");
            if (config is not null)
            {
                Assert.Empty(config.Validate());
            }
            else
            {
                Assert.NotEmpty(errors);
                Assert.All(errors, e =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Path), $"an error without a path: {e}\non\n{mutated}");
                    Assert.False(string.IsNullOrWhiteSpace(e.Message), $"an error without a message: {e}\non\n{mutated}");
                    Assert.False(e.ToString().Any(char.IsControl), $"an error that is not one printable line: {e}\non\n{mutated}");
                });
            }
            var outcome = config is not null ? "loaded, valid"
                : errors.Any(e => e.Path == YamlSyntaxPath) ? "refused: malformed YAML"
                : "refused: field errors";
            return Prop.Collect(true, outcome);
        });

    private const string YamlSyntaxPath = "(yaml)";

    private (SimulationConfig? Config, IReadOnlyList<ConfigError> Errors, Exception? Exception) Outcome(string text)
    {
        try
        {
            return (ConfigLoader.LoadText(text, "mutated.yaml", baseDirectory: _folder.Path), [], null);
        }
        catch (ConfigException e)
        {
            return (null, e.Errors, null);
        }
        catch (Exception e)
        {
            return (null, [], e);
        }
    }

    /// <summary>The valid text after one to five random mutations.</summary>
    private static Gen<MutatedText> MutatedText() =>
        Gen.ListOf(Mutation(), 5).SelectMany(all => Gen.Choose(1, 5).Select(n =>
        {
            var applied = all.Take(n).ToList();
            var text = applied.Aggregate(ValidYaml, (t, m) => m.Apply(t));
            return new MutatedText(text, applied);
        }));

    private static Gen<TextMutation> Mutation()
    {
        var index = Gen.Choose(0, 10_000);
        var token = Gen.Elements(NastyTokens);
        return Gen.OneOf(
            index.Select(i => (TextMutation)new DeleteLine(i)),
            index.Select(i => (TextMutation)new DuplicateLine(i)),
            index.Two().Select(p => (TextMutation)new SwapLines(p.Item1, p.Item2)),
            index.Zip(token).Select(p => (TextMutation)new ReplaceValue(p.Item1, p.Item2)),
            index.Zip(token).Select(p => (TextMutation)new ReplaceValue(p.Item1, p.Item2)),
            index.Zip(Gen.Choose(-4, 4)).Select(p => (TextMutation)new Reindent(p.Item1, p.Item2)),
            index.Zip(Gen.Elements(Keys).Zip(token)).Select(p => (TextMutation)new InsertKey(p.Item1, p.Item2.Item1, p.Item2.Item2)),
            index.Select(i => (TextMutation)new Truncate(i)),
            index.Zip(index).Select(p => (TextMutation)new InsertTab(p.Item1, p.Item2)),
            index.Zip(token).Select(p => (TextMutation)new InsertText(p.Item1, p.Item2)));
    }
}

/// <summary>A config text and the mutations that made it from the valid one (shown when a case fails).</summary>
public sealed record MutatedText(string Text, IReadOnlyList<TextMutation> Mutations)
{
    public override string ToString() =>
        $"mutations: {string.Join("; ", Mutations.Select(m => Shorten(m.ToString(), 300)))}\n--- text ({Text.Length} chars) ---\n{Shorten(Text, 4000)}";

    private static string Shorten(string s, int max) => s.Length > max ? s[..max] + $"… ({s.Length} chars)" : s;
}

/// <summary>One change to a config text; indices are taken modulo the number of lines or characters.</summary>
public abstract record TextMutation
{
    public abstract string Apply(string text);

    protected static List<string> Lines(string text) => [.. text.Split('\n')];

    protected static string Join(List<string> lines) => string.Join('\n', lines);
}

public sealed record DeleteLine(int Index) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        lines.RemoveAt(Index % lines.Count);
        return Join(lines);
    }
}

public sealed record DuplicateLine(int Index) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        int i = Index % lines.Count;
        lines.Insert(i, lines[i]);
        return Join(lines);
    }
}

public sealed record SwapLines(int First, int Second) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        int i = First % lines.Count, j = Second % lines.Count;
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return Join(lines);
    }
}

/// <summary>Replaces what follows the first ': ' of a line (or the whole line when it has none) with a token.</summary>
public sealed record ReplaceValue(int Index, string Token) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        int i = Index % lines.Count;
        int colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
        lines[i] = colon < 0 ? Token : lines[i][..(colon + 2)] + Token;
        return Join(lines);
    }
}

public sealed record Reindent(int Index, int Delta) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        int i = Index % lines.Count;
        var body = lines[i].TrimStart(' ');
        int indent = Math.Max(0, lines[i].Length - body.Length + Delta);
        lines[i] = new string(' ', indent) + body;
        return Join(lines);
    }
}

public sealed record InsertKey(int Index, string Key, string Token) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        int i = Index % (lines.Count + 1);
        var indent = Index % 3 == 0 ? "" : "  ";
        lines.Insert(i, $"{indent}{Key}: {Token}");
        return Join(lines);
    }
}

public sealed record Truncate(int At) : TextMutation
{
    public override string Apply(string text) => text[..(At % (text.Length + 1))];
}

public sealed record InsertTab(int Line, int Column) : TextMutation
{
    public override string Apply(string text)
    {
        var lines = Lines(text);
        int i = Line % lines.Count;
        int at = Column % 3 == 0 ? 0 : Column % (lines[i].Length + 1);
        lines[i] = lines[i].Insert(at, "\t");
        return Join(lines);
    }
}

public sealed record InsertText(int At, string Token) : TextMutation
{
    public override string Apply(string text) => text.Insert(At % (text.Length + 1), Token);
}
