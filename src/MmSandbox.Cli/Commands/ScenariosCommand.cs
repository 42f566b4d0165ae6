using System.CommandLine;
using MmSandbox.Actors;
using System.Globalization;
using MmSandbox.Cli.Terminal;
using MmSandbox.Core.Config;
using MmSandbox.Runner.Study;
using Spectre.Console;
using MmSandbox.Runner;

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
        var resume = new Option<bool>("--resume") { Description = "Keep cells whose folder already holds complete results of the same config; run the rest" };
        var force = new Option<bool>("--force") { Description = "Replace results of a different config found in the output folder" };
        // One file cannot hold the traces of many cells; the config's trace section writes one per cell.
        var trace = new Option<string?>("--trace") { Description = "Not for a study: use --set trace.enabled=true to write trace.jsonl into every cell's folder", HelpName = "FILE" };
        trace.Validators.Add(r => r.AddError(
            "--trace FILE traces one run; in a study use --set trace.enabled=true (and trace.paths, trace.steps), which writes trace.jsonl into every cell's folder"));
        var command = new Command("scenarios", "Run the scenario study: every regime × every γ, then summary.csv/json, six figures and report.html")
        {
            configDir, output, gammas, only, paths, seed, set, jobs, resume, force, trace,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(configDir)!, parse.GetValue(output)!, parse.GetValue(gammas),
            parse.GetValue(only), CommonOptions.Overrides(parse.GetValue(set), parse.GetValue(paths), parse.GetValue(seed)),
            new StudyRunOptions(parse.GetValue(jobs), parse.GetValue(resume)), parse.GetValue(force), cancel));
        return command;
    }

    private static async Task<int> RunAsync(string configDir, string outDir, string? gammas, string? only, IReadOnlyList<string> sets,
                                            StudyRunOptions run, bool force, CancellationToken cancel)
    {
        // Warms Akka.NET up on the idle core while the configs load.
        _ = ActorEngine.WarmUp();
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
        var conflicts = StudyJob.PrepareFolder(plan, outDir, force);
        if (conflicts.Count > 0)
        {
            return Errors.BadInput($"'{outDir}' holds results of a different config in {conflicts.Count} cell(s); nothing was run or changed. " +
                $"Use another --out, or --force to replace them.{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", conflicts.Take(5)));
        }

        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Study: {plan.Regimes.Count} regimes × {plan.Gammas.Count} γ = {plan.Cells.Count} cells, {plan.Cells[0].Config.Paths:N0} paths each, {run.Jobs} at a time{(run.Resume ? ", resuming" : "")}"));
        StudyJobResult job;
        try
        {
            job = await StudyProgress.RunAsync(plan, observer => StudyJob.RunAsync(plan, outDir, run, observer, cancellationToken: cancel)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Errors.Interrupted("stopped by Ctrl-C; cells that finished keep their files, the study's aggregate files were not written");
        }
        var outcome = job.Outcome;
        double simulated = job.Simulating.TotalSeconds;
        double total = simulated + job.Rendering.TotalSeconds;
        StudyTable.Print(outDir);
        int kept = outcome.Cells.Count(c => c.Kept);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Study in [bold]{Markup.Escape(outDir)}[/]: report.html, summary.csv, summary.json, figures/ — {total:F1} s ({simulated:F1} s simulating and writing cells, {total - simulated:F1} s figures and report){(kept > 0 ? $"; {kept} complete cells kept" : "")}"));
        var failures = outcome.Failures.ToList();
        if (failures.Count == 0) return ExitCodes.Success;
        Console.Error.WriteLine($"run failed: {failures.Count} of {outcome.Cells.Count} cells failed:");
        foreach (var f in failures) Console.Error.WriteLine($"  {f.Cell}: {f.Error}");
        return ExitCodes.RunFailed;
    }
}
