using System.Text.Json;
using System.Text.RegularExpressions;

namespace MmSandbox.Cli.Tests;

/// <summary>One <c>paper --paths 300</c>, shared by the tests that read its table and files.</summary>
public sealed class PaperRun : IDisposable
{
    public const string Out = "paper-out";

    private readonly Workspace _workspace = Workspace.Create();

    public PaperRun()
    {
        Outcome = _workspace.Run("paper", "--paths", "300", "--out", Out);
        Assert.True(Outcome.ExitCode == 0, Outcome.ToString());
    }

    internal Outcome Outcome { get; }

    public string PathOf(string file) => _workspace.PathOf(Path.Combine(Out, file));

    public void Dispose() => _workspace.Dispose();
}

public sealed partial class PaperCommandTests(PaperRun paper) : IClassFixture<PaperRun>
{
    [Fact]
    public void Paper_exits_0_and_writes_paper_md_and_paper_json_for_the_paths_asked()
    {
        Assert.Contains("| 0.1 | inventory | paper |", File.ReadAllText(paper.PathOf("paper.md")));
        using var json = JsonDocument.Parse(File.ReadAllText(paper.PathOf("paper.json")));
        Assert.Equal(300, json.RootElement.GetProperty("paths").GetInt32());
    }

    [Fact]
    public void Paper_json_has_both_strategies_at_each_of_the_papers_gammas_and_published_values_only_at_gamma_0_1()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(paper.PathOf("paper.json")));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(
            ["0.1 inventory", "0.1 symmetric", "0.01 inventory", "0.01 symmetric", "1 inventory", "1 symmetric"],
            rows.Select(r => $"{r.GetProperty("gamma").GetRawText()} {r.GetProperty("strategy").GetString()}"));
        Assert.All(rows, r => Assert.Equal(r.GetProperty("gamma").GetDouble() == 0.1, r.TryGetProperty("published", out _)));
    }

    [Fact]
    public void Paper_prints_the_published_rows_beside_the_runs_rows()
    {
        Assert.Equal(2, paper.Outcome.StdoutLines.Count(l => PaperWord().IsMatch(l)));
        Assert.Equal(6, paper.Outcome.StdoutLines.Count(l => l.Contains("this run", StringComparison.Ordinal)));
    }

    [Fact]
    public void Inventory_strategy_has_a_lower_profit_std_than_the_symmetric_one_at_every_gamma()
    {
        // The paper's main qualitative result (section 4): inventory-aware quotes trade a little mean profit for a
        // much narrower profit distribution.
        using var json = JsonDocument.Parse(File.ReadAllText(paper.PathOf("paper.json")));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (Gamma: r.GetProperty("gamma").GetDouble(), Strategy: r.GetProperty("strategy").GetString(),
                          Std: r.GetProperty("std_profit").GetDouble()))
            .ToList();

        foreach (var gamma in new[] { 0.1, 0.01, 1.0 })
        {
            double inventory = Assert.Single(rows, r => r.Gamma == gamma && r.Strategy == "inventory").Std;
            double symmetric = Assert.Single(rows, r => r.Gamma == gamma && r.Strategy == "symmetric").Std;
            Assert.True(inventory < symmetric, $"γ = {gamma}: std(profit) inventory {inventory} ≥ symmetric {symmetric}");
        }
    }

    [Fact]
    public void Paper_table_on_redirected_stdout_keeps_strategy_names_and_column_headings_whole()
    {
        // Output is redirected here, as in CI logs or `mmsandbox paper > table.txt`.
        var stdout = paper.Outcome.Stdout;

        Assert.Contains("inventory", stdout);
        Assert.Contains("symmetric", stdout);
        Assert.Contains("std(profit)", stdout);
        Assert.Contains("std(final q)", stdout);
        Assert.DoesNotContain("…", stdout);
    }

    [Fact]
    public void Paper_honours_set_paths_when_no_paths_option_is_given()
    {
        using var ws = Workspace.Create();

        var run = ws.Run("paper", "--set", "paths=150", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(ws.Read("out/paper.json"));
        Assert.Equal(150, json.RootElement.GetProperty("paths").GetInt32());
    }

    /// <summary>"paper" as the source of a table row, not inside a name such as paper.md or paper-out.</summary>
    [GeneratedRegex(@"(?<![\w./-])paper(?![\w.-])")]
    private static partial Regex PaperWord();
}
