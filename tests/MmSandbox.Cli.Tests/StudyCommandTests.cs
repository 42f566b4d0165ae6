using System.Diagnostics;
using System.Text;

namespace MmSandbox.Cli.Tests;

/// <summary>A workspace holding the repository's whole config/ folder (base, study and regimes).</summary>
internal static class StudyWorkspace
{
    public static Workspace Create()
    {
        var workspace = Workspace.Create();
        var source = Path.Combine(Repository.Root, "config");
        foreach (var file in Directory.GetFiles(source, "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(workspace.Root, "config", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        return workspace;
    }

    /// <summary>A small study: two regimes × three γ, few paths.</summary>
    public static string[] Small(string outDir, params string[] more) => SmallOf("calm,turbulent", outDir, more);

    /// <summary>A small study of the regimes <paramref name="only"/> × three γ, few paths.</summary>
    public static string[] SmallOf(string only, string outDir, params string[] more) =>
        ["scenarios", "--only", only, "--gammas", "0.01,0.1,0.3", "--paths", "150", "--set", "output.record_paths=2", "--jobs", "2", "--out", outDir, .. more];

    /// <summary>Every result file below <paramref name="root"/> (not logs, not timings) by relative path.</summary>
    public static SortedDictionary<string, byte[]> ResultFiles(string root) => new(
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith("run_info.json", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);

    public static void AssertSameFiles(string expectedRoot, string actualRoot)
    {
        var expected = ResultFiles(expectedRoot);
        var actual = ResultFiles(actualRoot);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }
}

public sealed class StudyCommandTests
{
    [Fact]
    public void A_small_study_writes_its_cells_the_aggregates_six_figures_and_the_report()
    {
        using var ws = StudyWorkspace.Create();
        var run = ws.Run(StudyWorkspace.Small("study"));

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var regime in new[] { "calm", "turbulent" })
            foreach (var gamma in new[] { "0.01", "0.1", "0.3" })
                Assert.True(File.Exists(ws.PathOf($"study/{regime}/gamma_{gamma}/summary.json")), $"{regime} γ {gamma}");
        Assert.Equal(7, File.ReadAllLines(ws.PathOf("study/summary.csv")).Length);
        foreach (var figure in new[] { "00_mid_overview", "01_quoting_2x2", "02_pnl_2x2", "03_inventory_2x2", "04_var_bars_2x2", "05_markout_boxplot_2x2" })
        {
            Assert.True(new FileInfo(ws.PathOf($"study/figures/{figure}.png")).Length > 10_000, figure);
            Assert.True(new FileInfo(ws.PathOf($"study/figures/{figure}.svg")).Length > 1_000, figure);
        }
        var report = ws.Read("study/report.html");
        Assert.Contains("Findings", report);
        Assert.DoesNotContain("src=\"http", report);
        Assert.Contains("Scenario study", run.Stdout);
    }

    [Fact]
    public void Plot_redraws_the_figures_and_report_from_the_files_alone()
    {
        using var ws = StudyWorkspace.Create();
        Assert.Equal(0, ws.Run(StudyWorkspace.Small("study")).ExitCode);
        var before = StudyWorkspace.ResultFiles(ws.PathOf("study"));
        Directory.Delete(ws.PathOf("study/figures"), recursive: true);
        File.Delete(ws.PathOf("study/report.html"));
        // Without the configs: plot reads only the study folder.
        Directory.Delete(ws.PathOf("config"), recursive: true);

        var plot = ws.Run("plot", "--in", "study");

        Assert.True(plot.ExitCode == 0, plot.ToString());
        var after = StudyWorkspace.ResultFiles(ws.PathOf("study"));
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(after[kv.Key]), kv.Key));
    }

    [Fact]
    public void Plot_on_a_folder_that_is_not_a_study_exits_2()
    {
        using var ws = StudyWorkspace.Create();
        Directory.CreateDirectory(ws.PathOf("empty"));
        var plot = ws.Run("plot", "--in", "empty");
        Assert.True(plot.ExitCode == 2, plot.ToString());
        Assert.Contains("study.json", plot.Stderr);
    }

    [Fact]
    public void A_study_refuses_a_folder_holding_another_configs_results_unless_forced()
    {
        using var ws = StudyWorkspace.Create();
        Assert.Equal(0, ws.Run(StudyWorkspace.Small("study")).ExitCode);
        var before = StudyWorkspace.ResultFiles(ws.PathOf("study"));

        var refused = ws.Run(StudyWorkspace.Small("study", "--seed", "7"));

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("--force", refused.Stderr);
        Assert.Contains("seed", refused.Stderr);
        var untouched = StudyWorkspace.ResultFiles(ws.PathOf("study"));
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(untouched[kv.Key]), kv.Key));

        var forced = ws.Run(StudyWorkspace.Small("study", "--seed", "7", "--force"));

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("seed: 7", ws.Read("study/calm/gamma_0.1/config_used.yaml"));
    }

    [Fact]
    public void A_study_and_a_single_run_never_write_into_each_others_folders_unless_forced()
    {
        using var ws = StudyWorkspace.Create();
        Assert.Equal(0, ws.Run("run", "--paths", "100", "--out", "single").ExitCode);
        var runSummary = ws.Read("single/summary.json");

        var study = ws.Run(StudyWorkspace.Small("single"));

        Assert.True(study.ExitCode == 2, study.ToString());
        Assert.Contains("single run", study.Stderr);
        Assert.Equal(runSummary, ws.Read("single/summary.json"));

        Assert.Equal(0, ws.Run(StudyWorkspace.Small("study")).ExitCode);
        var studySummary = ws.Read("study/summary.json");
        var run = ws.Run("run", "--paths", "100", "--out", "study");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("scenario study", run.Stderr);
        Assert.Equal(studySummary, ws.Read("study/summary.json"));
    }

    [Fact]
    public void Resume_keeps_complete_cells_of_the_same_config_and_gives_the_same_files()
    {
        using var ws = StudyWorkspace.Create();
        Assert.Equal(0, ws.Run(StudyWorkspace.Small("full")).ExitCode);
        Assert.Equal(0, ws.Run(StudyWorkspace.SmallOf("calm", "part")).ExitCode);

        var resumed = ws.Run(StudyWorkspace.Small("part", "--resume"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("3 complete cells kept", resumed.Stdout);
        StudyWorkspace.AssertSameFiles(ws.PathOf("full"), ws.PathOf("part"));
    }
}

/// <summary>Studies stopped from outside at several moments, then resumed.</summary>
public sealed class InterruptedStudyTests
{
    [Theory]
    [InlineData(0)]   // killed before any cell completed
    [InlineData(1)]   // … after the first completed cell
    [InlineData(4)]   // … with most cells complete and others mid-write
    [InlineData(6)]   // … after the last cell, while the aggregates, figures and report are written
    public void A_study_killed_at_any_moment_and_resumed_gives_the_files_of_an_uninterrupted_study(int completedCells)
    {
        using var ws = StudyWorkspace.Create();
        Assert.Equal(0, ws.Run(StudyWorkspace.Small("clean")).ExitCode);

        using (var child = Start(ws, StudyWorkspace.Small("killed")))
        {
            WaitFor(() => CompletedCells(ws.PathOf("killed")) >= completedCells || child.HasExited);
            if (!child.HasExited) child.Kill(entireProcessTree: true);   // SIGKILL: no clean-up runs
            child.WaitForExit();
        }

        var resumed = ws.Run(StudyWorkspace.Small("killed", "--resume"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        StudyWorkspace.AssertSameFiles(ws.PathOf("clean"), ws.PathOf("killed"));
    }

    [Fact]
    public void Ctrl_C_stops_a_study_cleanly_and_it_can_be_resumed()
    {
        using var ws = StudyWorkspace.Create();
        Assert.Equal(0, ws.Run(StudyWorkspace.Small("clean")).ExitCode);

        using var child = Start(ws, StudyWorkspace.Small("stopped"));
        WaitFor(() => CompletedCells(ws.PathOf("stopped")) >= 1 || child.HasExited);
        using (var signal = Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) signal.WaitForExit();
        Assert.True(child.WaitForExit(60_000), "the study did not stop within 60 s of Ctrl-C");

        // 130 is the conventional exit code of a program stopped by Ctrl-C (128 + SIGINT); 0 if it had just finished.
        Assert.Contains(child.ExitCode, new[] { 0, 130 });
        // Nothing half-written: no temporary files, and every cell folder is complete or lacks its summary.
        Assert.Empty(Directory.GetFiles(ws.PathOf("stopped"), ".*.tmp-*", SearchOption.AllDirectories));
        var resumed = ws.Run(StudyWorkspace.Small("stopped", "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        StudyWorkspace.AssertSameFiles(ws.PathOf("clean"), ws.PathOf("stopped"));
    }

    private static int CompletedCells(string root) =>
        Directory.Exists(root) ? Directory.GetFiles(root, "summary.json", SearchOption.AllDirectories).Count(f => Path.GetDirectoryName(f) != root) : 0;

    private static Process Start(Workspace ws, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ws.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Mmsandbox.Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the study to reach the kill point");
            Thread.Sleep(20);
        }
    }
}
