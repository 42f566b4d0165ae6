namespace MmSandbox.Host.Tests;

/// <summary>The README's "Running scenarios from code" sample is samples/RunFromCode/Program.cs, word for word, and it runs.</summary>
public sealed class ReadmeSampleTests
{
    private static readonly string Sample = Path.Combine(Workspace.RepositoryRoot, "samples", "RunFromCode", "Program.cs");

    [Fact]
    public void The_README_quotes_the_sample_program_as_it_is()
    {
        var program = File.ReadAllText(Sample).ReplaceLineEndings("\n").TrimEnd();
        var readme = File.ReadAllText(Path.Combine(Workspace.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains($"```csharp\n{program}\n```", readme);
    }

    [Fact]
    public void The_sample_program_runs_a_scenario_in_both_kinds_of_system_and_a_study()
    {
        using var ws = new Workspace();

        var (code, output) = HostProcess.RunProgram(Path.Combine(AppContext.BaseDirectory, "RunFromCode.dll"), ws.Root, null);

        Assert.True(code == 0, output);
        Assert.Contains("same bits in a shared system: True", output);
        Assert.Contains("calm γ = 0.1: PnL", output);
        Assert.True(File.Exists(ws["results/from-code/report.html"]), output);
    }
}
