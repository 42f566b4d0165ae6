using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Actors.Scenario;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;
using MmSandbox.Runner.Study;

namespace MmSandbox.Runner.Tests;

public sealed class ScenarioRunnerTests
{
    private static readonly string BaseYaml = Path.Combine(TempFolder.RepositoryConfig, "base.yaml");

    private static SimulationConfig Small(params string[] sets) =>
        ScenarioRunner.LoadConfig(BaseYaml, ["paths=120", "output.record_paths=3", "engine.lane_size=32", .. sets]);

    [Fact]
    public async Task The_objects_it_returns_are_the_files_the_command_line_writes()
    {
        using var temp = new TempFolder();
        var config = Small();

        var result = await new ScenarioRunner().RunAsync(config);
        // What `mmsandbox run --out` does.
        await Backtest.RunAsync(config, temp.Path, null, CancellationToken.None);

        Assert.Null(result.OutputFolder);
        Assert.Equal(120, result.Summary.Paths);
        Assert.Equal(3, result.RecordedPaths.Count);
        Assert.Equal(File.ReadAllText(temp[ResultWriter.ConfigFileName]), ConfigWriter.ToYaml(result.Config));
        Assert.Equal(File.ReadAllBytes(temp[ResultWriter.SummaryFileName]), Bytes(s => ResultWriter.WriteSummary(s, result.Summary)));
        Assert.Equal(File.ReadAllBytes(temp[ResultWriter.SeriesFileName]), Bytes(s => ResultWriter.WriteSeries(s, config.Dt, result.Series)));
        Assert.Equal(File.ReadAllBytes(temp[ResultWriter.TimeseriesFileName]), Bytes(s => ResultWriter.WriteTimeseries(s, config.Dt, result.RecordedPaths)));
        Assert.Equal(File.ReadAllBytes(temp[ResultWriter.TradesFileName]), Bytes(s => ResultWriter.WriteTrades(s, config.Dt, result.RecordedPaths)));
        using var summary = SummaryReader.Read(temp[ResultWriter.SummaryFileName]);
        Assert.Equal(result.Summary.PnlMean, SummaryReader.Number(summary, "pnl_mean"));
    }

    [Fact]
    public async Task A_simulated_backtest_writes_no_result_until_written_and_then_the_files_of_a_whole_run()
    {
        using var simulated = new TempFolder();
        using var whole = new TempFolder();
        var config = Small();

        var run = await Backtest.SimulateAsync(config, simulated.Path, null, CancellationToken.None);
        Assert.False(File.Exists(simulated[ResultWriter.SummaryFileName]));
        Assert.False(File.Exists(simulated[ResultWriter.TimeseriesFileName]));
        run.Write();
        await Backtest.RunAsync(config, whole.Path, null, CancellationToken.None);

        foreach (var name in new[] { ResultWriter.ConfigFileName, ResultWriter.SummaryFileName, ResultWriter.SeriesFileName,
                                     ResultWriter.TimeseriesFileName, ResultWriter.TradesFileName })
            Assert.Equal(File.ReadAllBytes(whole[name]), File.ReadAllBytes(simulated[name]));
        Assert.True(File.Exists(simulated[RunInfoWriter.FileName]));
    }

    [Fact]
    public async Task With_an_output_folder_it_writes_the_files_of_a_run()
    {
        using var temp = new TempFolder();
        var result = await new ScenarioRunner().RunAsync(Small(), temp["run"]);

        Assert.Equal(temp["run"], result.OutputFolder);
        foreach (var file in new[] { "config_used.yaml", "timeseries.csv", "trades.csv", "series.csv", "summary.json", "run_info.json", "run.log" })
            Assert.True(File.Exists(Path.Combine(temp["run"], file)), file);
    }

    [Fact]
    public void A_config_is_loaded_from_yaml_text_with_overrides_and_every_mistake_is_reported()
    {
        var config = ScenarioRunner.ParseConfig("paths: 50\nmarket:\n  sigma: 3\n", ["market_maker.gamma=0.05"]);
        Assert.Equal((50, 3.0, 0.05), (config.Paths, config.Market.Sigma, config.MarketMaker.Gamma));

        var e = Assert.Throws<ConfigException>(() => ScenarioRunner.ParseConfig("paths: -1\nmarket:\n  sigma: -2\n"));
        Assert.Equal(2, e.Errors.Count);
    }

    [Fact]
    public async Task A_scenario_inside_a_given_ActorSystem_gives_the_bits_of_a_system_of_its_own_and_leaves_no_actor_behind()
    {
        var config = Small("engine.lanes_in_flight=3", "engine.pipelines=2");
        var own = await new ScenarioRunner().RunAsync(config);
        var system = ActorSystem.Create("host-test", ScenarioHocon.Load());
        try
        {
            var engine = new ActorEngine(new ActorEngineOptions { System = system });
            var inside = await engine.RunAsync(config);
            var again = await new ScenarioRunner(system).RunAsync(config);

            Assert.Equal(0, engine.DeadLetters);
            foreach (var result in new[] { inside, again.Result })
            {
                Assert.Equal(Bytes(s => ResultWriter.WriteSummary(s, own.Summary)), Bytes(s => ResultWriter.WriteSummary(s, result.Summary)));
                Assert.Equal(Bytes(s => ResultWriter.WriteSeries(s, config.Dt, own.Series)), Bytes(s => ResultWriter.WriteSeries(s, config.Dt, result.Series)));
                Assert.Equal(Bytes(s => ResultWriter.WriteTrades(s, config.Dt, own.RecordedPaths)), Bytes(s => ResultWriter.WriteTrades(s, config.Dt, result.RecordedPaths)));
                Assert.Equal(own.Result.TerminalPnl, result.TerminalPnl);
            }
            await AssertNoTopLevelActors(system);
            Assert.False(system.WhenTerminated.IsCompleted, "the engine must not terminate a system it was given");
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Theory]
    [InlineData(false)]   // the market maker throws at step 7
    [InlineData(true)]    // … or goes silent from step 7: the watchdog names it
    public async Task A_failing_scenario_inside_a_given_ActorSystem_is_reported_stopped_and_the_system_runs_the_next(bool silent)
    {
        var config = Small("engine.watchdog_seconds=0.4");
        var system = ActorSystem.Create("host-test", ScenarioHocon.Load());
        try
        {
            var faulty = new ActorEngine(new ActorEngineOptions(Roles: new RoleOverrides { MarketMaker = real => Props.Create(() => new FaultyRole(real, 7, silent)) })
            {
                System = system,
            });

            var e = await Assert.ThrowsAsync<ScenarioFailedException>(() => faulty.RunAsync(config));

            Assert.Equal((MarketMakerActor.Name, 7), (e.Failure.Actor, e.Failure.Step));
            if (silent) Assert.Contains("engine.watchdog_seconds", e.Failure.Cause.Message);
            await AssertNoTopLevelActors(system);
            var next = await new ScenarioRunner(system).RunAsync(config);
            Assert.Equal(120, next.Summary.Paths);
            await AssertNoTopLevelActors(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_cancelled_scenario_inside_a_given_ActorSystem_is_stopped()
    {
        var system = ActorSystem.Create("host-test", ScenarioHocon.Load());
        try
        {
            using var cancel = new CancellationTokenSource();
            var progress = new CancelAfterFirstPaths(cancel);
            var run = new ScenarioRunner(system).RunAsync(Small("paths=200000", "engine.lane_size=64"), progress: progress, cancellationToken: cancel.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

            await AssertNoTopLevelActors(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_study_of_scenarios_side_by_side_in_one_ActorSystem_writes_the_files_and_returns_the_objects_of_the_default_study()
    {
        using var temp = new TempFolder();
        var plan = ScenarioRunner.LoadStudy(TempFolder.RepositoryConfig,
            new StudyOptions(Gammas: [0.01, 0.3], Only: ["calm", "turbulent"], Sets: ["paths=60", "output.record_paths=2"]));
        var system = ActorSystem.Create("host-test", ScenarioHocon.Load());
        StudyOutcome shared;
        try
        {
            shared = await new ScenarioRunner(system).RunStudyAsync(plan, temp["shared"], new StudyRunOptions(Jobs: 2));
            await AssertNoTopLevelActors(system);
        }
        finally
        {
            await system.Terminate();
        }
        var own = await new ScenarioRunner().RunStudyAsync(plan, temp["own"], new StudyRunOptions(Jobs: 2));

        Assert.All(shared.Cells, c => Assert.True(c.Completed, c.Error));
        Assert.Equal(own.Cells.Select(c => c.Outcome!.Result.Summary.PnlMean), shared.Cells.Select(c => c.Outcome!.Result.Summary.PnlMean));
        AssertSameResultFiles(temp["own"], temp["shared"]);
        // Each cell's run.log holds the lines of its own scenario actor only.
        foreach (var cell in plan.Cells)
        {
            var sources = File.ReadAllLines(Path.Combine(temp["shared"], cell.RelativePath, "run.log"))
                .Select(line => line.Split(' ')[3].TrimEnd(':')).Distinct().ToList();
            var source = Assert.Single(sources);
            Assert.StartsWith("akka://host-test/user/scenario-", source);
        }
    }

    /// <summary>
    /// The user guardian holds no actor: a scenario run inside a given system leaves none. The guardian forgets a stopped
    /// child a moment after those watching it are told, so this waits up to 5 s for it.
    /// </summary>
    private static async Task AssertNoTopLevelActors(ActorSystem system)
    {
        var guardian = (ActorRefWithCell)((ExtendedActorSystem)system).Guardian;
        for (int i = 0; i < 100 && guardian.Children.Any(); i++) await Task.Delay(50);
        Assert.Empty(guardian.Children.Select(a => a.Path.Name));
    }

    private static byte[] Bytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    private static void AssertSameResultFiles(string expectedRoot, string actualRoot)
    {
        static SortedDictionary<string, byte[]> Files(string root) => new(Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith("run_info.json", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes), StringComparer.Ordinal);
        var expected = Files(expectedRoot);
        var actual = Files(actualRoot);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }

    private sealed class CancelAfterFirstPaths(CancellationTokenSource cancel) : IProgress<long>
    {
        public void Report(long value)
        {
            if (value > 0) cancel.Cancel();
        }
    }

    /// <summary>Plays a role and, from step <c>failAt</c> on, throws or drops every message.</summary>
    private sealed class FaultyRole : ParticipantActor
    {
        public FaultyRole(Props real, int failAt, bool silent)
        {
            var inner = Context.ActorOf(real, MarketMakerActor.Name);
            ReceiveAny(message =>
            {
                if (message is IStepMessage { Step: var step } && step >= failAt)
                {
                    if (silent) return;
                    throw new InvalidOperationException($"injected at step {step}");
                }
                inner.Forward(message);
            });
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Escalate);
    }
}
