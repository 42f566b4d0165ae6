namespace MmSandbox.Cli.Tests;

public sealed class RunSafetyTests
{
    [Fact]
    public void Run_refuses_a_folder_holding_another_configs_results_unless_forced()
    {
        using var ws = Workspace.Create();
        Assert.Equal(0, ws.Run("run", "--paths", "100", "--out", "out").ExitCode);
        var summary = ws.Read("out/summary.json");

        var refused = ws.Run("run", "--paths", "100", "--seed", "9", "--out", "out");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("--force", refused.Stderr);
        Assert.Equal(summary, ws.Read("out/summary.json"));

        var same = ws.Run("run", "--paths", "100", "--out", "out");          // the same config may rerun: the files come out identical
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Equal(summary, ws.Read("out/summary.json"));

        var forced = ws.Run("run", "--paths", "100", "--seed", "9", "--out", "out", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("\"seed\": 9", ws.Read("out/summary.json"));
    }

    [Fact]
    public void With_no_command_the_program_lists_its_commands_and_exits_0()
    {
        using var ws = Workspace.Create();
        var run = ws.Run();
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var command in new[] { "run", "paper", "validate", "scenarios", "plot", "bench" })
            Assert.Contains(run.StdoutLines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
    }
}
