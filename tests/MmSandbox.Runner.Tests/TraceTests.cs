using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Actors.Scenario;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Tracing;
using MmSandbox.Reporting.Tracing;

namespace MmSandbox.Runner.Tests;

/// <summary>Traces written by runs: they hold enough to rebuild a path's book, are byte-identical run to run, and cost nothing when off.</summary>
public sealed class TraceTests
{
    private static readonly SimulationConfig Small = SimulationConfig.Paper with
    {
        Paths = 64,
        Output = new OutputConfig(RecordPaths: 64),
        Engine = SimulationConfig.Paper.Engine with { LaneSize = 16, LanesInFlight = 3, Pipelines = 2 },
    };

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    public async Task A_traced_path_replayed_through_the_recorder_alone_rebuilds_its_inventory_cash_and_pnl_exactly(int path)
    {
        using var folder = new TempFolder();
        var config = Small with { Trace = TraceConfig.Off with { Enabled = true, Paths = [path], Kinds = ["MidPrice", "Fills", "BookClosed"] } };

        var outcome = await Backtest.RunAsync(config, folder["run"], null, CancellationToken.None);
        // What the recorder was told, and nothing else: the traced mids and fills (with the quotes they filled at).
        var told = TraceFile.Read(folder[$"run/{TraceFile.FileName}"]).Select(l => l.Record).Where(r => r.Receiver == "recorder").ToList();
        var mids = told.Where(r => r.Kind == "MidPrice").ToDictionary(r => r.Step, r => Value(r, "mid"));
        var fills = told.Where(r => r.Kind == "Fills").ToDictionary(r => r.Step);
        var book = Assert.Single(told, r => r.Kind == "BookClosed");

        var m = new ModelParameters(config);
        var replay = new LaneRecorder(m, config.Metrics, new RunAccumulator(m, config.Metrics, recordPaths: 0));
        replay.Start(path, 1);
        var recorded = Assert.Single(outcome.Result.RecordedPaths, p => p.Path == path);
        for (int k = 0; k < m.Steps; k++)
        {
            var f = fills[k];
            replay.ObserveStep(k, [mids[k]], [Value(f, "quotes.reservation")], [Value(f, "quotes.bid")], [Value(f, "quotes.ask")],
                               [Value(f, "quotes.spread")], [(bool)TraceFile.Field(f.Payload, "bid_filled")!], [(bool)TraceFile.Field(f.Payload, "ask_filled")!]);
            Assert.Equal(recorded.Inventory[k], replay.Inventory[0]);
            Assert.Equal(recorded.Cash[k], replay.Cash[0]);
            Assert.Equal(recorded.Pnl[k], Accounting.MarkToMarket(replay.Cash[0], replay.Inventory[0], mids[k]));
        }
        replay.ObserveClose([mids[m.Steps]]);

        Assert.Equal(outcome.Result.TerminalPnl[path], Accounting.MarkToMarket(replay.Cash[0], replay.Inventory[0], mids[m.Steps]));
        Assert.Equal(outcome.Result.FinalInventory[path], replay.Inventory[0]);
        // The maker's own book at the close, as traced, agrees too.
        Assert.Equal((Value(book, "inventory"), Value(book, "cash")), (replay.Inventory[0], replay.Cash[0]));
        Assert.Contains(fills.Values, f => (bool)TraceFile.Field(f.Payload, "bid_filled")! || (bool)TraceFile.Field(f.Payload, "ask_filled")!);
    }

    [Fact]
    public async Task Two_runs_write_byte_identical_traces_whatever_the_lane_size_lanes_in_flight_or_pipelines()
    {
        using var folder = new TempFolder();
        var config = Small with { Trace = TraceConfig.Off with { Enabled = true, Paths = [63, 0, 16], Steps = [new StepRange(0, 3), new StepRange(199, 200)] } };
        var engines = new[] { config.Engine, config.Engine, config.Engine with { LaneSize = 5, LanesInFlight = 4, Pipelines = 3 }, config.Engine with { LaneSize = 64, LanesInFlight = 1, Pipelines = 1 } };

        for (int i = 0; i < engines.Length; i++)
            await Backtest.RunAsync(config with { Engine = engines[i] }, folder[$"run{i}"], null, CancellationToken.None);

        var first = File.ReadAllBytes(folder[$"run0/{TraceFile.FileName}"]);
        Assert.True(first.Length > 0);
        for (int i = 1; i < engines.Length; i++)
            Assert.Equal(first, File.ReadAllBytes(folder[$"run{i}/{TraceFile.FileName}"]));
    }

    [Fact]
    public async Task Tracing_off_writes_no_trace_and_a_trace_file_changes_no_result_file()
    {
        using var folder = new TempFolder();

        await Backtest.RunAsync(Small, folder["off"], null, CancellationToken.None);
        await Backtest.RunAsync(Small, folder["on"], null, CancellationToken.None, traceFile: folder["elsewhere/run.trace.jsonl"]);

        Assert.False(File.Exists(folder[$"off/{TraceFile.FileName}"]));
        Assert.False(File.Exists(folder[$"on/{TraceFile.FileName}"]));
        Assert.True(new FileInfo(folder["elsewhere/run.trace.jsonl"]).Length > 0);
        foreach (var name in new[] { "config_used.yaml", "timeseries.csv", "trades.csv", "series.csv", "summary.json" })
            Assert.Equal(File.ReadAllBytes(folder[$"off/{name}"]), File.ReadAllBytes(folder[$"on/{name}"]));
    }

    [Fact]
    public async Task A_failed_run_writes_the_messages_traced_up_to_the_failure_and_no_results()
    {
        using var folder = new TempFolder();
        var config = Small with { Paths = 8, Trace = TraceConfig.Off with { Enabled = true, Paths = [2] } };
        EngineFactory failing = (c, log) => new ActorEngine(new ActorEngineOptions(log, Roles: new RoleOverrides
        {
            MarketMaker = real => Props.Create(() => new ThrowsAtStep(real, MarketMakerActor.Name, 3)),
        }));

        var e = await Assert.ThrowsAsync<ScenarioFailedException>(() => Backtest.RunAsync(config, folder["run"], null, CancellationToken.None, failing));

        Assert.Contains("injected failure at step 3", e.Message);
        var records = TraceFile.Read(folder[$"run/{TraceFile.FileName}"]).Select(l => l.Record).ToList();
        Assert.Equal(3, records.Max(r => r.Step));
        Assert.Contains(records, r => r is { Step: 3, Kind: "MidPrice", Receiver: MarketMakerActor.Name });
        Assert.False(File.Exists(folder["run/summary.json"]));
    }

    /// <summary>Stands in front of a role and throws on its first message of step <c>step</c>.</summary>
    private sealed class ThrowsAtStep : ParticipantActor
    {
        public ThrowsAtStep(Props real, string name, int step)
        {
            var inner = Context.ActorOf(real, name);
            ReceiveAny(message =>
            {
                if (message is IStepMessage { Step: var k } && k >= step) throw new InvalidOperationException($"injected failure at step {k}");
                inner.Forward(message);
            });
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Escalate);
    }

    private static double Value(TraceRecord record, string field) => TraceFile.Number(TraceFile.Field(record.Payload, field));
}
