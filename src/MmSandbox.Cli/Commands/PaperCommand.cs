using System.CommandLine;
using MmSandbox.Actors;
using MmSandbox.Actors.Scenario;
using MmSandbox.Cli.Terminal;
using MmSandbox.Runner;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.IO;
using MmSandbox.Reporting.Paper;
using Spectre.Console;

namespace MmSandbox.Cli.Commands;

/// <summary>
/// <c>mmsandbox paper</c>: both strategies at the paper's γ values on common random numbers (one
/// seed, so every run sees the same mids and arrival draws), printed in the paper's table layout
/// beside the published values, and written as paper.md and paper.json.
/// </summary>
public static class PaperCommand
{
    /// <summary>The default output folder.</summary>
    public const string DefaultOut = "results/paper";

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var output = new Option<string>("--out", "-o") { Description = $"Where paper.md and paper.json go (default: {DefaultOut})", DefaultValueFactory = _ => DefaultOut };
        var paths = CommonOptions.Paths("Paths per run (default: the config's paths, 1000 in config/base.yaml as in the paper)");
        var seed = CommonOptions.Seed();
        var engine = CommonOptions.Engine();
        var set = CommonOptions.Set();
        var command = new Command("paper", "Reproduce Avellaneda & Stoikov (2008), Table 1 layout, at γ = 0.1, 0.01, 1")
        {
            config, output, paths, seed, engine, set,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(config)!, parse.GetValue(output)!,
            CommonOptions.Overrides(parse.GetValue(set), parse.GetValue(paths), parse.GetValue(seed), parse.GetValue(engine)), cancel));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, string outDir, IReadOnlyList<string> sets, CancellationToken cancel)
    {
        // Warms Akka.NET up on the idle core while the configs load.
        _ = ActorEngine.WarmUp();
        var configs = new List<SimulationConfig>();
        try
        {
            foreach (double gamma in PaperTable.Gammas)
            {
                foreach (var strategy in new[] { Strategy.AvellanedaStoikov, Strategy.Symmetric })
                {
                    var overrides = new List<string>(sets)
                    {
                        FormattableString.Invariant($"market_maker.gamma={gamma}"),
                        $"market_maker.strategy={EnumNames.Name(strategy)}",
                        "output.record_paths=0",
                    };
                    configs.Add(Reporting.Configuration.ConfigLoader.Load(configPath, overrides));
                }
            }
        }
        catch (ConfigException e)
        {
            return Errors.BadConfig(e);
        }
        if (OutputFolder.Problem(outDir) is { } problem) return Errors.BadInput(problem);

        var rows = new List<PaperRow>();
        try
        {
            long total = configs.Sum(c => (long)c.Paths);
            await ProgressDisplay.RunAsync($"paper: {configs.Count} runs", total, async counter =>
            {
                long done = 0;
                foreach (var config in configs)
                {
                    var offset = new Progress(counter, done);
                    var outcome = await Backtest.RunAsync(config, null, offset, cancel).ConfigureAwait(false);
                    rows.Add(PaperRow.From(outcome.Result.Summary));
                    done += config.Paths;
                }
                return 0;
            }).ConfigureAwait(false);
        }
        catch (ScenarioFailedException e)
        {
            return Errors.RunFailed(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Errors.Interrupted("stopped by Ctrl-C before the end; nothing was written");
        }

        var first = configs[0];
        Print(rows, first.Paths, first.Seed);
        Directory.CreateDirectory(outDir);
        AtomicFile.WriteAllText(Path.Combine(outDir, "paper.md"), PaperTable.ToMarkdown(rows, first.Paths, first.Seed));
        AtomicFile.Write(Path.Combine(outDir, "paper.json"), stream => PaperTable.WriteJson(stream, rows, first.Paths, first.Seed));
        AnsiConsole.MarkupLine($"Written [bold]{Markup.Escape(Path.Combine(outDir, "paper.md"))}[/] and paper.json");
        return ExitCodes.Success;
    }

    private static void Print(IReadOnlyList<PaperRow> rows, int paths, ulong seed)
    {
        var table = new Table().Title($"Avellaneda & Stoikov (2008): {paths:N0} paths, seed {seed}");
        foreach (var column in new[] { "γ", "strategy", "source", "avg spread", "profit", "std(profit)", "final q", "std(final q)" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(Cells(row, "this run"));
            if (PaperTable.PublishedFor(row.Gamma, row.Strategy) is { } published) table.AddRow(Cells(published, "[grey]paper[/]"));
        }
        AnsiConsole.Write(table);
    }

    private static string[] Cells(PaperRow r, string source) =>
    [
        Kpis.Format(r.Gamma, "0.###"), PaperTable.Label(r.Strategy), source, Kpis.Format(r.AverageSpread, "F2"),
        Kpis.Format(r.Profit, "F2"), Kpis.Format(r.ProfitStd, "F2"), Kpis.Format(r.FinalInventory, "F2"), Kpis.Format(r.FinalInventoryStd, "F2"),
    ];

    /// <summary>Reports paths done within one run as paths done across all runs.</summary>
    private sealed class Progress(PathCounter total, long offset) : IProgress<long>
    {
        public void Report(long value) => total.Report(offset + value);
    }
}
