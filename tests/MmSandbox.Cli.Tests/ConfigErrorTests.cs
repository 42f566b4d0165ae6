namespace MmSandbox.Cli.Tests;

public sealed class ConfigErrorTests
{
    [Theory]
    // "  sigma: -1": the value starts after two spaces, "sigma", ':' and a space, so at column 10.
    [InlineData("market:\n  sigma: -1\n", "market.sigma", 2, 10)]
    // An unknown key is itself the mistake, so its location is that of the key: column 3, after two spaces.
    [InlineData("market_maker:\n  gama: 0.1\n", "market_maker.gama", 2, 3)]
    public void A_config_with_one_mistake_exits_2_naming_the_field_path_and_its_line_and_column(
        string yaml, string fieldPath, int line, int column)
    {
        using var ws = Workspace.Create();
        ws.Write("bad.yaml", yaml);

        var run = ws.Run("run", "--config", "bad.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(run.StderrLines, l => l.Contains($"bad.yaml:{line}:{column}: {fieldPath}:", StringComparison.Ordinal));
        Assert.False(Directory.Exists(ws.PathOf("results")), "an output folder was created");
        Cli.AssertNoStackTrace(run);
    }

    [Fact]
    public void A_config_with_three_mistakes_lists_all_three_with_their_locations_and_writes_nothing()
    {
        using var ws = Workspace.Create();
        ws.Write("bad.yaml", """
            seed: 42
            dt: fast
            market:
              sigma: -1
            market_maker:
              gama: 0.1

            """.ReplaceLineEndings("\n"));

        var run = ws.Run("run", "--config", "bad.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(run.StderrLines, l => l.Contains("bad.yaml:2:5: dt:", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.Contains("bad.yaml:4:10: market.sigma:", StringComparison.Ordinal));
        Assert.Contains(run.StderrLines, l => l.Contains("bad.yaml:6:3: market_maker.gama:", StringComparison.Ordinal));
        Assert.Equal(3, run.StderrLines.Count(l => l.Contains("bad.yaml:", StringComparison.Ordinal)));
        Assert.Contains("3 problems", run.Stderr);
        Assert.False(Directory.Exists(ws.PathOf("results")), "an output folder was created");
        Cli.AssertNoStackTrace(run);
    }
}
