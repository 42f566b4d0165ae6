using MmSandbox.Runner;
using MmSandbox.Runner.Study;

namespace MmSandbox.Host.Tests;

public sealed class HostProgramTests
{
    private static readonly string[] Cells = ["calm/gamma_0.01", "calm/gamma_0.3", "turbulent/gamma_0.01", "turbulent/gamma_0.3"];

    [Fact]
    public async Task The_host_runs_a_study_set_by_environment_and_command_line_to_the_end_and_writes_the_files_of_the_library()
    {
        using var ws = new Workspace();
        var environment = new Dictionary<string, string>
        {
            ["MmSandbox__Paths"] = "60",
            ["MmSandbox__Sets__0"] = "output.record_paths=2",
        };

        var (code, output) = HostProcess.Run(ws.Root, environment, "--MmSandbox:Gammas=0.01,0.3", "--only", "calm,turbulent", "--jobs", "2", "--out", "study");

        Assert.True(code == 0, output);
        foreach (var cell in Cells)
        {
            foreach (var file in new[] { "config_used.yaml", "summary.json", "series.csv", "run.log" })
                Assert.True(File.Exists(ws[$"study/{cell}/{file}"]), $"{cell}/{file}");
            Assert.Contains("paths: 60", File.ReadAllText(ws[$"study/{cell}/config_used.yaml"]));
        }
        foreach (var file in new[] { "summary.json", "summary.csv", "study.json", "report.html", "findings.md" })
            Assert.True(File.Exists(ws[$"study/{file}"]), file);
        Assert.Contains("4 of 4 cells complete", output);
        Assert.Contains("ActorSystem mmsandbox", output);
        // The run.log of a cell holds its scenario's lines, routed from the host's one ActorSystem.
        Assert.Contains("akka://mmsandbox/user/scenario-", File.ReadAllText(ws["study/calm/gamma_0.01/run.log"]));

        // The same study through the library, each cell in an ActorSystem of its own: the same files, bit for bit.
        var plan = ScenarioRunner.LoadStudy(ws["config"], new StudyOptions([0.01, 0.3], ["calm", "turbulent"], ["output.record_paths=2", "paths=60"]));
        await new ScenarioRunner().RunStudyAsync(plan, ws["library"], new StudyRunOptions(Jobs: 2));
        StudyRender.Render(ws["library"]);
        Workspace.AssertSameFiles(ws["library"], ws["study"]);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_host_with_130_leaving_no_half_written_file_and_the_study_resumes()
    {
        using var ws = new Workspace();
        string[] study = ["--paths", "6000", "--gammas", "0.01,0.1,0.3", "--only", "calm,turbulent", "--jobs", "1", "--MmSandbox:Sets:0=output.record_paths=2", "--out", "stopped"];

        using (var host = HostProcess.Start(ws.Root, null, study))
        {
            WaitFor(() => CompletedCells(ws["stopped"]) >= 1 || host.HasExited);
            host.Interrupt();
            int code = host.WaitForExit(TimeSpan.FromSeconds(60));

            // 130 = 128 + SIGINT, as the command line; the study had cells left, so it was stopped, not finished.
            Assert.True(code == 130, $"exit code {code}\n{host}");
            Assert.Contains("Interrupted", host.Stderr);
        }
        Assert.InRange(CompletedCells(ws["stopped"]), 1, 5);
        Assert.Empty(Directory.GetFiles(ws["stopped"], ".*.tmp-*", SearchOption.AllDirectories));
        Assert.False(File.Exists(ws["stopped/study.json"]), "a stopped study writes no aggregate files");

        var (resumed, output) = HostProcess.Run(ws.Root, null, [.. study, "--resume", "true"]);

        Assert.True(resumed == 0, output);
        Assert.Contains("kept", output);
        var plan = ScenarioRunner.LoadStudy(ws["config"], new StudyOptions([0.01, 0.1, 0.3], ["calm", "turbulent"], ["output.record_paths=2", "paths=6000"]));
        await new ScenarioRunner().RunStudyAsync(plan, ws["clean"], new StudyRunOptions(Jobs: 2));
        StudyRender.Render(ws["clean"]);
        Workspace.AssertSameFiles(ws["clean"], ws["stopped"]);
    }

    [Theory]
    [InlineData("--paths", "-5", "paths")]                  // a config error, with its field path
    [InlineData("--jobs", "many", "MmSandbox")]             // a setting that is not a number
    [InlineData("--config-dir", "no-such-folder", "does not exist")]
    public void Bad_input_exits_2_and_writes_nothing(string option, string value, string message)
    {
        using var ws = new Workspace();

        var (code, output) = HostProcess.Run(ws.Root, null, option, value, "--out", "study");

        Assert.True(code == 2, output);
        Assert.Contains(message, output);
        Assert.False(File.Exists(ws["study/summary.json"]));
        Assert.False(Directory.Exists(ws["study/calm"]));
    }

    private static int CompletedCells(string root) =>
        Directory.Exists(root) ? Directory.GetFiles(root, "summary.json", SearchOption.AllDirectories).Count(f => Path.GetDirectoryName(f) != root) : 0;

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the study to reach the interrupt point");
            Thread.Sleep(20);
        }
    }
}
