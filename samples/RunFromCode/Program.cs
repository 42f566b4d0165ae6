using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Runner;
using MmSandbox.Runner.Study;

// A config from YAML (fields it leaves out take the paper's values), with two fields overridden.
var config = ScenarioRunner.LoadConfig("config/base.yaml", ["paths=200", "market_maker.gamma=0.05"]);

// One scenario on the actor engine, in an ActorSystem of its own; results come back as objects.
var result = await new ScenarioRunner().RunAsync(config);
var kpis = result.Summary;
Console.WriteLine($"PnL {kpis.PnlMean:F2} ± {kpis.PnlStd:F2}, spread {kpis.SpreadMean:F3}, fills per path {kpis.TradesPerPathMean:F1}");
Console.WriteLine($"VaR {kpis.TailRisk[0].Level:P0}: {kpis.TailRisk[0].ValueAtRisk:F2}; adverse selection {kpis.AdverseSelectionRate:P1}");
var close = result.Series[^1];                      // per-step statistics over all paths; the last row is the close
Console.WriteLine($"at the close: mid {close.MidMean:F2}, inventory {close.InventoryMean:F2} ± {close.InventoryStd:F2}");
var path = result.RecordedPaths[0];                 // the first recorded path, step by step, with its fills
Console.WriteLine($"path {path.Path}: {path.Trades.Count} fills, final PnL {path.Pnl[^1]:F2}");

// The same scenario inside an ActorSystem you own (a host's, say): a top-level actor, stopped afterwards.
using (var system = ActorSystem.Create("my-app", ScenarioHocon.Load()))
{
    var inside = await new ScenarioRunner(system).RunAsync(config);
    Console.WriteLine($"same bits in a shared system: {inside.Summary.PnlMean == kpis.PnlMean}");
    await system.Terminate();
}

// A study (regimes × γ) written to a folder as `mmsandbox scenarios` writes it; each cell's results are objects too.
var plan = ScenarioRunner.LoadStudy("config", new StudyOptions(Gammas: [0.01, 0.1], Only: ["calm"], Sets: ["paths=200"]));
var study = await new ScenarioRunner().RunStudyAsync(plan, "results/from-code", new StudyRunOptions(Jobs: 2));
foreach (var cell in study.Cells)
    Console.WriteLine($"{cell.Cell}: PnL {cell.Outcome?.Result.Summary.PnlMean:F2}");
StudyRender.Render("results/from-code");            // figures, report.html and findings.md, from the files alone
