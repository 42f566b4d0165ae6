using System.Text.Json;

namespace MmSandbox.Cli.Tests;

/// <summary>One small run with the base config, shared by the tests that read its files or compare against them.</summary>
public sealed class BaselineRun : IDisposable
{
    public const int Paths = 200;
    public const int RecordPaths = 5;
    public const int Steps = 200;           // horizon 1 / dt 0.005 in config/base.yaml
    public const string Out = "results/run_001";

    private readonly Workspace _workspace = Workspace.Create();

    public BaselineRun()
    {
        Outcome = _workspace.Run(Arguments());
        Assert.True(Outcome.ExitCode == 0, Outcome.ToString());
    }

    internal Outcome Outcome { get; }

    public string Folder => _workspace.PathOf(Out);

    /// <summary>The baseline's command line, with <paramref name="extra"/> appended.</summary>
    public static string[] Arguments(params string[] extra) =>
        ["run", "--paths", Paths.ToString(System.Globalization.CultureInfo.InvariantCulture), "--set", $"output.record_paths={RecordPaths}", .. extra];

    public void Dispose() => _workspace.Dispose();
}

public sealed class ResultFileTests(BaselineRun baseline) : IClassFixture<BaselineRun>
{
    private static readonly string[] ComparedFiles = ["config_used.yaml", "timeseries.csv", "trades.csv", "summary.json"];

    [Fact]
    public void Timeseries_csv_has_the_documented_header_and_one_row_per_recorded_path_and_step()
    {
        var lines = DataLines(Path.Combine(baseline.Folder, "timeseries.csv"), out var header);

        Assert.Equal("path,step,t,mid,reservation,bid,ask,spread,inventory,cash,pnl", header);
        Assert.Equal(BaselineRun.RecordPaths * (BaselineRun.Steps + 1), lines.Count);
        var expectedKeys = Enumerable.Range(0, BaselineRun.RecordPaths)
            .SelectMany(path => Enumerable.Range(0, BaselineRun.Steps + 1).Select(step => $"{path},{step}"));
        Assert.Equal(expectedKeys, lines.Select(l => string.Join(',', l.Split(',').Take(2))));
    }

    [Fact]
    public void Timeseries_csv_leaves_reservation_bid_ask_and_spread_empty_only_on_the_last_row_of_each_path()
    {
        var rows = DataLines(Path.Combine(baseline.Folder, "timeseries.csv"), out _).Select(l => l.Split(',')).ToList();

        Assert.All(rows, r => Assert.Equal(11, r.Length));
        foreach (var row in rows)
        {
            bool last = row[1] == BaselineRun.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var quoteFields = row[4..8];
            if (last)
                Assert.All(quoteFields, f => Assert.Equal("", f));
            else
                Assert.All(quoteFields, f => Assert.NotEqual("", f));
            Assert.All(row[..4].Concat(row[8..]), f => Assert.NotEqual("", f));
        }
    }

    [Fact]
    public void Trades_csv_has_the_documented_header_and_only_buy_or_sell_sides()
    {
        var rows = DataLines(Path.Combine(baseline.Folder, "trades.csv"), out var header).Select(l => l.Split(',')).ToList();

        Assert.Equal("path,step,t,side,price,size,mid,fee,inventory,cash", header);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(10, r.Length));
        Assert.All(rows, r => Assert.Contains(r[3], new[] { "buy", "sell" }));
        Assert.Contains(rows, r => r[3] == "buy");
        Assert.Contains(rows, r => r[3] == "sell");
    }

    [Fact]
    public void Two_runs_with_the_same_seed_write_byte_identical_config_timeseries_trades_and_summary()
    {
        using var ws = Workspace.Create();

        var again = ws.Run(BaselineRun.Arguments());

        Assert.True(again.ExitCode == 0, again.ToString());
        foreach (var file in ComparedFiles)
            AssertSameBytes(Path.Combine(baseline.Folder, file), ws.PathOf(Path.Combine(BaselineRun.Out, file)));
    }

    [Fact]
    public void A_different_seed_changes_summary_json_and_timeseries_csv()
    {
        using var ws = Workspace.Create();

        var other = ws.Run(BaselineRun.Arguments("--seed", "7"));

        Assert.True(other.ExitCode == 0, other.ToString());
        var folder = ws.PathOf(BaselineRun.Out);
        Assert.Contains("seed: 7", File.ReadAllLines(Path.Combine(folder, "config_used.yaml")));
        Assert.NotEqual(File.ReadAllText(Path.Combine(baseline.Folder, "timeseries.csv")), File.ReadAllText(Path.Combine(folder, "timeseries.csv")));
        // Not only the echoed seed: the numbers themselves must move.
        Assert.NotEqual(SummaryExcept(Path.Combine(baseline.Folder, "summary.json"), "seed"),
                        SummaryExcept(Path.Combine(folder, "summary.json"), "seed"));
    }

    [Theory]
    [InlineData("reference", 4096, "--engine", "reference")]
    [InlineData("actors", 7, "--set", "engine.lane_size=7")]
    public void Another_engine_or_lane_size_writes_the_same_results_as_the_actor_engine_with_its_default_lanes(
        string engine, int laneSize, params string[] option)
    {
        using var ws = Workspace.Create();

        var other = ws.Run(BaselineRun.Arguments(option));

        Assert.True(other.ExitCode == 0, other.ToString());
        var folder = ws.PathOf(BaselineRun.Out);
        AssertSameBytes(Path.Combine(baseline.Folder, "timeseries.csv"), Path.Combine(folder, "timeseries.csv"));
        AssertSameBytes(Path.Combine(baseline.Folder, "trades.csv"), Path.Combine(folder, "trades.csv"));

        var config = File.ReadAllText(Path.Combine(folder, "config_used.yaml"));
        Assert.Equal(WithoutSection(File.ReadAllText(Path.Combine(baseline.Folder, "config_used.yaml")), "engine"), WithoutSection(config, "engine"));
        Assert.Contains($"  kind: {engine}", config.Split('\n'));
        Assert.Contains($"  lane_size: {laneSize}", config.Split('\n'));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(engine, summary.RootElement.GetProperty("engine").GetString());
        // The reference engine reports its own fixed block size there, whatever the config says.
        if (engine == "actors")
            Assert.Equal(laneSize, summary.RootElement.GetProperty("lane_size").GetInt32());
        Assert.Equal(SummaryExcept(Path.Combine(baseline.Folder, "summary.json"), "engine", "lane_size"),
                     SummaryExcept(Path.Combine(folder, "summary.json"), "engine", "lane_size"));
    }

    /// <summary>The lines after the header; the file must end with one newline.</summary>
    private static List<string> DataLines(string file, out string header)
    {
        var text = File.ReadAllText(file);
        Assert.EndsWith("\n", text);
        var lines = text[..^1].Split('\n');
        header = lines[0];
        return [.. lines.Skip(1)];
    }

    /// <summary>The top-level properties of a summary, in order, as raw JSON text, without <paramref name="excluded"/>.</summary>
    private static List<string> SummaryExcept(string file, params string[] excluded)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return [.. json.RootElement.EnumerateObject().Where(p => !excluded.Contains(p.Name)).Select(p => $"{p.Name}: {p.Value.GetRawText()}")];
    }

    /// <summary>A YAML text without the top-level <paramref name="section"/> and its indented lines.</summary>
    private static string WithoutSection(string yaml, string section)
    {
        var kept = new List<string>();
        bool inside = false;
        foreach (var line in yaml.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
                inside = line == $"{section}:";
            if (!inside)
                kept.Add(line);
        }
        return string.Join('\n', kept);
    }

    private static void AssertSameBytes(string expectedFile, string actualFile)
    {
        var expected = File.ReadAllBytes(expectedFile);
        var actual = File.ReadAllBytes(actualFile);
        int length = Math.Min(expected.Length, actual.Length);
        int first = Enumerable.Range(0, length).FirstOrDefault(i => expected[i] != actual[i], -1);
        if (first < 0 && expected.Length == actual.Length)
            return;
        int at = first < 0 ? length : first;
        Assert.Fail($"{Path.GetFileName(actualFile)} differs from the baseline at byte {at} of {expected.Length} (got {actual.Length} bytes):\n"
                    + $"  expected …{Excerpt(expected, at)}…\n  actual   …{Excerpt(actual, at)}…");
    }

    private static string Excerpt(byte[] bytes, int at)
    {
        int from = Math.Max(0, at - 40);
        return System.Text.Encoding.UTF8.GetString(bytes, from, Math.Min(bytes.Length, at + 40) - from).Replace("\n", "⏎");
    }
}
