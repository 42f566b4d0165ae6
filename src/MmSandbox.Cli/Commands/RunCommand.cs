using System.CommandLine;
using MmSandbox.Actors;
using MmSandbox.Actors.Scenario;
using MmSandbox.Cli.Terminal;
using MmSandbox.Runner;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;
using MmSandbox.Reporting.Tracing;
using Spectre.Console;

namespace MmSandbox.Cli.Commands;

/// <summary><c>mmsandbox run</c>: one backtest into one results folder.</summary>
public static class RunCommand
{
    /// <summary>The default results folder.</summary>
    public const string DefaultOut = "results/run_001";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var output = new Option<string>("--out", "-o") { Description = $"Results folder (default: {DefaultOut})", DefaultValueFactory = _ => DefaultOut };
        var set = CommonOptions.Set();
        var paths = CommonOptions.Paths();
        var seed = CommonOptions.Seed();
        var engine = CommonOptions.Engine();
        var force = new Option<bool>("--force") { Description = "Replace results of a different config found in the output folder" };
        var trace = new Option<string?>("--trace")
        {
            Description = "Write every protocol message of the traced paths and steps (config trace: section; default path 0, every step) to FILE as JSON lines",
            HelpName = "FILE",
        };
        var command = new Command("run", "Run one backtest and write config_used.yaml, timeseries.csv, trades.csv, series.csv and summary.json")
        {
            config, output, set, paths, seed, engine, force, trace,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(config)!, parse.GetValue(output)!,
            CommonOptions.Overrides(parse.GetValue(set), parse.GetValue(paths), parse.GetValue(seed), parse.GetValue(engine)), parse.GetValue(force), cancel,
            parse.GetValue(trace)));
        return command;
    }

    /// <summary>Loads, runs, writes, prints; returns the exit code.</summary>
    public static async Task<int> RunAsync(string configPath, string outDir, IReadOnlyList<string> sets, bool force, CancellationToken cancel,
                                           string? traceFile = null)
    {
        // Warms Akka.NET up on the idle core while the config loads; a reference-engine run only spends that idle time.
        _ = ActorEngine.WarmUp();
        SimulationConfig config;
        try
        {
            config = ConfigLoader.Load(configPath, sets);
            // --trace enables the config's trace selection for this run only: config_used.yaml stays as loaded.
            if (traceFile is not null) (config with { Trace = config.Trace with { Enabled = true } }).EnsureValid();
        }
        catch (ConfigException e)
        {
            return Errors.BadConfig(e);
        }
        if (traceFile is not null && TraceTarget.Problem(traceFile) is { } traceProblem) return Errors.BadInput(traceProblem);
        if (OutputFolder.Problem(outDir) is { } problem) return Errors.BadInput(problem);
        if (!force && File.Exists(Path.Combine(outDir, StudyManifest.FileName)))
            return Errors.BadInput($"'{outDir}' holds a scenario study; a run there would replace its summary.json. Use another --out, or --force.");
        var existing = Path.Combine(outDir, ResultWriter.ConfigFileName);
        if (!force && File.Exists(existing) && File.ReadAllText(existing) != ConfigWriter.ToYaml(config))
            return Errors.BadInput($"'{outDir}' holds the results of a different config; nothing was run or changed. Use another --out, or --force to replace them.");

        try
        {
            var run = await ProgressDisplay.RunAsync($"{EnumNames.Name(config.Engine.Kind)}: {config.Paths:N0} paths", config.Paths,
                counter => Backtest.SimulateAsync(config, outDir, counter, cancel, traceFile: traceFile)).ConfigureAwait(false);
            // The files are written on another core while the KPIs print; a failure to write still ends the command with its error.
            var writing = Task.Run(run.Write, CancellationToken.None);
            Kpis.Print(run.Outcome.Result.Summary, run.Outcome.Info);
            await writing.ConfigureAwait(false);
            AnsiConsole.MarkupLine($"Results in [bold]{Markup.Escape(outDir)}[/]");
            if ((traceFile ?? (config.Trace.Enabled ? Path.Combine(outDir, TraceFile.FileName) : null)) is { } written)
                AnsiConsole.MarkupLine($"Trace in [bold]{Markup.Escape(written)}[/] (read it with 'mmsandbox trace {Markup.Escape(written)}')");
            return ExitCodes.Success;
        }
        catch (ScenarioFailedException e)
        {
            int code = Errors.RunFailed(e.Message);
            // A failed run still writes what was traced up to the failure.
            if ((traceFile ?? (config.Trace.Enabled ? Path.Combine(outDir, TraceFile.FileName) : null)) is { } written && File.Exists(written))
                Console.Error.WriteLine($"the messages traced up to the failure are in {written}");
            return code;
        }
        catch (OperationCanceledException)
        {
            return Errors.Interrupted("stopped by Ctrl-C before the end; no results were written");
        }
    }
}
