using System.Text.Json;

namespace MmSandbox.Cli.Tests;

public sealed class RunCommandTests
{
    private const string DefaultOut = "results/run_001";

    [Fact]
    public void Run_with_only_a_path_count_writes_every_result_file_into_results_run_001_and_prints_the_kpi_table()
    {
        using var ws = Workspace.Create();

        var run = ws.Run("run", "--paths", "200");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var file in new[] { "config_used.yaml", "timeseries.csv", "trades.csv", "summary.json", "run_info.json", "run.log" })
            Assert.True(File.Exists(ws.PathOf(Path.Combine(DefaultOut, file))), $"{DefaultOut}/{file} is missing");
        Assert.DoesNotContain(Directory.GetFiles(ws.PathOf(DefaultOut)).Select(Path.GetFileName), name => name!.StartsWith('.'));
        Assert.Contains("PnL mean", run.Stdout);
        Assert.Contains("mean spread", run.Stdout);
        using var summary = JsonDocument.Parse(ws.Read($"{DefaultOut}/summary.json"));
        Assert.Equal(200, summary.RootElement.GetProperty("paths").GetInt32());
    }

    [Fact]
    public void Set_gamma_is_reflected_in_config_used_yaml_and_summary_json()
    {
        using var ws = Workspace.Create();

        var run = ws.Run("run", "--paths", "200", "--set", "output.record_paths=5", "--set", "market_maker.gamma=0.01");

        Assert.True(run.ExitCode == 0, run.ToString());
        var config = File.ReadAllLines(ws.PathOf($"{DefaultOut}/config_used.yaml"));
        Assert.Equal("  gamma: 0.01", Assert.Single(config, l => l.TrimStart().StartsWith("gamma:", StringComparison.Ordinal)));
        using var summary = JsonDocument.Parse(ws.Read($"{DefaultOut}/summary.json"));
        Assert.Equal("0.01", summary.RootElement.GetProperty("gamma").GetRawText());
    }

    [Fact]
    public void Set_with_an_unknown_path_exits_2_names_the_path_and_creates_no_output_folder()
    {
        using var ws = Workspace.Create();

        var run = ws.Run("run", "--paths", "200", "--set", "market_maker.gama=0.01");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("market_maker.gama", run.Stderr);
        Assert.False(Directory.Exists(ws.PathOf("results")), "the output folder was created");
        Cli.AssertNoStackTrace(run);
    }

    [Fact]
    public void A_missing_config_file_exits_2_with_a_message_naming_the_file()
    {
        using var ws = Workspace.Create();

        var run = ws.Run("run", "--paths", "200", "--config", "no-such-config.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("no-such-config.yaml", run.Stderr);
        Assert.False(Directory.Exists(ws.PathOf("results")), "the output folder was created");
        Cli.AssertNoStackTrace(run);
    }

    [Fact]
    public void An_out_path_that_is_an_existing_file_exits_2_and_leaves_the_file_untouched()
    {
        using var ws = Workspace.Create();
        const string Content = "notes that must survive\n";
        var file = ws.Write("notes.txt", Content);

        var run = ws.Run("run", "--paths", "200", "--out", "notes.txt");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("notes.txt", run.Stderr);
        Assert.Equal(Content, File.ReadAllText(file));
        Cli.AssertNoStackTrace(run);
    }

    [Theory]
    [InlineData("--bogus", "run", "--bogus")]
    [InlineData("abc", "run", "--paths", "abc")]
    [InlineData("quantum", "run", "--engine", "quantum")]
    public void A_malformed_command_line_exits_2_names_the_offending_token_and_writes_nothing(string offending, params string[] args)
    {
        using var ws = Workspace.Create();

        var run = ws.Run(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(offending, run.Stderr);
        Assert.False(Directory.Exists(ws.PathOf("results")), "the output folder was created");
        Cli.AssertNoStackTrace(run);
    }
}

/// <summary>Assertions about the program's streams.</summary>
internal static class Cli
{
    /// <summary>.NET prints stack frames as lines that start with "   at ".</summary>
    public static void AssertNoStackTrace(Outcome run)
    {
        Assert.DoesNotContain(run.StderrLines, l => l.StartsWith("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain(run.StdoutLines, l => l.StartsWith("   at ", StringComparison.Ordinal));
    }
}
