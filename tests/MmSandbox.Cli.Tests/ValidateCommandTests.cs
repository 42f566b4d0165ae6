namespace MmSandbox.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Validate_on_the_base_config_exits_0_and_prints_the_resolved_yaml()
    {
        using var ws = Workspace.Create();

        var run = ws.Run("validate", "--config", "config/base.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  gamma: 0.1", run.StdoutLines);
        Assert.Contains("  lane_size: 4096", run.StdoutLines);
    }

    [Fact]
    public void Validate_output_is_a_config_that_validates_to_the_same_text()
    {
        using var ws = Workspace.Create();
        var first = ws.Run("validate", "--config", "config/base.yaml");
        Assert.True(first.ExitCode == 0, first.ToString());
        ws.Write("resolved.yaml", first.Stdout);

        var second = ws.Run("validate", "--config", "resolved.yaml");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [Fact]
    public void Validate_on_a_bad_file_exits_2_and_names_the_field()
    {
        using var ws = Workspace.Create();
        ws.Write("bad.yaml", "market:\n  sigma: -1\n");

        var run = ws.Run("validate", "--config", "bad.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("bad.yaml:2:10: market.sigma:", run.Stderr);
        Assert.DoesNotContain("gamma", run.Stdout);
        Cli.AssertNoStackTrace(run);
    }
}
