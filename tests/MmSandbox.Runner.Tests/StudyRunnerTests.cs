using System.Text.Json;
using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Scenario;
using MmSandbox.Runner.Study;

namespace MmSandbox.Runner.Tests;

public sealed class StudyRunnerTests
{
    private static readonly string[] CellFiles = ["config_used.yaml", "timeseries.csv", "trades.csv", "series.csv", "summary.json", "run_info.json"];

    private static StudyPlan TinyPlan(params string[] sets) => StudyPlanLoader.Load(TempFolder.RepositoryConfig,
        new StudyOptions(Gammas: [0.01, 0.3], Only: ["calm", "turbulent"], Sets: ["paths=60", "output.record_paths=3", .. sets]));

    [Fact]
    public async Task A_tiny_study_writes_every_cell_folder_and_the_aggregate_files()
    {
        using var temp = new TempFolder();
        var plan = TinyPlan();

        var outcome = await StudyRunner.RunAsync(plan, temp.Path, jobs: 2);

        Assert.All(outcome.Cells, c => Assert.True(c.Completed, c.Error));
        foreach (var cell in new[] { "calm/gamma_0.01", "calm/gamma_0.3", "turbulent/gamma_0.01", "turbulent/gamma_0.3" })
            Assert.All(CellFiles, f => Assert.True(File.Exists(Path.Combine(temp.Path, cell, f)), $"{cell}/{f}"));
        var csv = File.ReadAllLines(temp["summary.csv"]);
        Assert.Equal(5, csv.Length);
        Assert.StartsWith("regime,gamma,status,seed,paths", csv[0]);
        Assert.Equal(["calm,0.01,completed", "calm,0.3,completed", "turbulent,0.01,completed", "turbulent,0.3,completed"],
            csv.Skip(1).Select(l => string.Join(',', l.Split(',').Take(3))));
        using var summary = JsonDocument.Parse(File.ReadAllText(temp["summary.json"]));
        var cells = summary.RootElement.GetProperty("cells");
        Assert.Equal(4, cells.GetArrayLength());
        Assert.Equal(0.3, cells[1].GetProperty("summary").GetProperty("gamma").GetDouble());
        using var manifest = JsonDocument.Parse(File.ReadAllText(temp["study.json"]));
        Assert.Equal(["calm", "turbulent"], manifest.RootElement.GetProperty("regimes").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Within_a_regime_every_gamma_sees_the_same_mid_paths()
    {
        using var temp = new TempFolder();
        await StudyRunner.RunAsync(TinyPlan(), temp.Path, jobs: 1);

        foreach (var regime in new[] { "calm", "turbulent" })
        {
            var low = Mids(Path.Combine(temp.Path, regime, "gamma_0.01", "timeseries.csv"));
            var high = Mids(Path.Combine(temp.Path, regime, "gamma_0.3", "timeseries.csv"));
            Assert.Equal(3 * 201, low.Count);
            Assert.Equal(low, high);
            // … while the strategy's own numbers differ between γ.
            Assert.NotEqual(File.ReadAllText(Path.Combine(temp.Path, regime, "gamma_0.01", "summary.json")),
                            File.ReadAllText(Path.Combine(temp.Path, regime, "gamma_0.3", "summary.json")));
        }
    }

    [Fact]
    public async Task A_failing_cell_is_reported_and_every_other_cell_completes()
    {
        using var temp = new TempFolder();
        var plan = TinyPlan();
        var broken = plan.Cells.Single(c => c.Regime.Name == "calm" && c.Gamma == 0.3).Config;
        // The market maker of that one cell throws at step 7; every other cell runs as usual.
        EngineFactory engines = (config, log) => new ActorEngine(new ActorEngineOptions(log, Roles: ReferenceEquals(config, broken)
            ? new RoleOverrides { MarketMaker = real => Props.Create(() => new ThrowAt(real, 7)) }
            : null));

        var outcome = await StudyRunner.RunAsync(plan, temp.Path, jobs: 2, engines: engines);

        var failed = Assert.Single(outcome.Failures);
        Assert.Equal(("calm", 0.3), (failed.Cell.Regime.Name, failed.Cell.Gamma));
        Assert.Contains("market-maker", failed.Error);
        Assert.Contains("step 7", failed.Error);
        Assert.Equal(3, outcome.Cells.Count(c => c.Completed));
        Assert.False(File.Exists(Path.Combine(temp.Path, "calm", "gamma_0.3", "summary.json")));
        Assert.Contains("calm,0.3,failed", File.ReadAllText(temp["summary.csv"]));
        Assert.Contains("\"status\": \"failed\"", File.ReadAllText(temp["study.json"]));
    }

    [Fact]
    public async Task The_files_do_not_depend_on_how_many_cells_run_at_once()
    {
        using var one = new TempFolder();
        using var two = new TempFolder();
        await StudyRunner.RunAsync(TinyPlan(), one.Path, jobs: 1);
        await StudyRunner.RunAsync(TinyPlan(), two.Path, jobs: 2);

        foreach (var file in Directory.GetFiles(one.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".log") && !f.EndsWith("run_info.json")))
        {
            var relative = Path.GetRelativePath(one.Path, file);
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two.Path, relative))), relative);
        }
    }

    private static List<string> Mids(string timeseries) =>
        File.ReadLines(timeseries).Skip(1).Select(l => l.Split(',')[3]).ToList();

    /// <summary>Forwards to the real maker until step <c>failAt</c>, then throws (as the maker).</summary>
    private sealed class ThrowAt : Actors.Roles.ParticipantActor
    {
        public ThrowAt(Props real, int failAt)
        {
            var inner = Context.ActorOf(real, Actors.Roles.MarketMakerActor.Name);
            ReceiveAny(message =>
            {
                if (message is IStepMessage { Step: var step } && step >= failAt) throw new InvalidOperationException($"injected at step {step}");
                inner.Forward(message);
            });
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Escalate);
    }
}
