using System.CommandLine;
using System.Globalization;
using MmSandbox.Cli.Terminal;
using MmSandbox.Core.Config;
using MmSandbox.Runner.Study;
using Spectre.Console;

namespace MmSandbox.Cli.Commands;

/// <summary><c>mmsandbox scenarios</c>: the whole study, regimes × γ, with aggregates, figures and a report.</summary>
public static class ScenariosCommand
{
    /// <summary>The default config folder.</summary>
    public const string DefaultConfigDir = "config";
    /// <summary>The default output folder.</summary>
    public const string DefaultOut = "results/scenarios";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var configDir = new Option<string>("--config-dir") { Description = $"Folder with study.yaml and regimes/*.yaml (default: {DefaultConfigDir})", DefaultValueFactory = _ => DefaultConfigDir };
        var output = new Option<string>("--out", "-o") { Description = $"Study folder (default: {DefaultOut})", DefaultValueFactory = _ => DefaultOut };
        var gammas = new Option<string?>("--gammas") { Description = "Comma-separated γ grid, e.g. 0.01,0.1 (default: study.yaml's)" };
        var only = new Option<string?>("--only") { Description = "Comma-separated regimes to run, e.g. calm,turbulent (default: all)" };
        var paths = CommonOptions.Paths("Paths per cell (same as --set paths=N)");
        var seed = CommonOptions.Seed();
        var set = CommonOptions.Set();
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Cells run in parallel (default: the number of cores); never changes a result",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--jobs must be a whole number ≥ 1");
        });
        var command = new Command("scenarios", "Run the scenario study: every regime × every γ, then summary.csv/json, six figures and report.html")
        {
            configDir, output, gammas, only, paths, seed, set, jobs,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(configDir)!, parse.GetValue(output)!, parse.GetValue(gammas),
            parse.GetValue(only), CommonOptions.Overrides(parse.GetValue(set), parse.GetValue(paths), parse.GetValue(seed)), parse.GetValue(jobs), cancel));
        return command;
    }

    private static async Task<int> RunAsync(string configDir, string outDir, string? gammas, string? only, IReadOnlyList<string> sets, int jobs,
                                            CancellationToken cancel)
    {
        StudyPlan plan;
        try
        {
            var options = new StudyOptions(
                gammas is null ? null : StudyPlanLoader.ParseGammas(gammas),
                only?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                sets);
            plan = StudyPlanLoader.Load(configDir, options);
        }
        catch (ConfigException e)
        {
            return Errors.BadConfig(e);
        }
        if (OutputFolder.Problem(outDir) is { } problem) return Errors.BadInput(problem);

        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Study: {plan.Regimes.Count} regimes × {plan.Gammas.Count} γ = {plan.Cells.Count} cells, {plan.Cells[0].Config.Paths:N0} paths each, {jobs} at a time"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        StudyOutcome outcome;
        try
        {
            outcome = await StudyProgress.RunAsync(plan, observer => StudyRunner.RunAsync(plan, outDir, jobs, observer, cancel)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Errors.RunFailed("cancelled; cells that finished keep their files, the study's aggregate files were not written");
        }
        double simulated = clock.Elapsed.TotalSeconds;
        StudyOutputs.Render(outDir);
        double total = clock.Elapsed.TotalSeconds;
        StudyTable.Print(outcome);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Study in [bold]{Markup.Escape(outDir)}[/]: report.html, summary.csv, summary.json, figures/ — {total:F1} s ({simulated:F1} s simulating, {total - simulated:F1} s figures and report)"));
        var failures = outcome.Failures.ToList();
        if (failures.Count == 0) return ExitCodes.Success;
        Console.Error.WriteLine($"run failed: {failures.Count} of {outcome.Cells.Count} cells failed:");
        foreach (var f in failures) Console.Error.WriteLine($"  {f.Cell}: {f.Error}");
        return ExitCodes.RunFailed;
    }
}
