using Akka.Actor;
using Akka.TestKit.Xunit2;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Actors.Scenario;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using Xunit.Abstractions;

namespace MmSandbox.Actors.Tests;

/// <summary>
/// Stands in a role in front of the real actor (its child, under the same name): every message goes
/// through <paramref name="intercept"/> first, which may change it or throw. Failures of the real actor
/// escalate, so the scenario supervisor sees them as it would without the interceptor.
/// </summary>
internal sealed class Interceptor : ParticipantActor
{
    public Interceptor(Props real, string name, Func<object, object?> intercept)
    {
        var inner = Context.ActorOf(real, name);
        // A null from the intercept drops the message: the role goes silent.
        ReceiveAny(message =>
        {
            if (intercept(message) is { } passed) inner.Forward(passed);
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Escalate);

    public static Func<Props, Props> Around(string name, Func<object, object?> intercept) =>
        real => Props.Create(() => new Interceptor(real, name, intercept));
}

public sealed class ScenarioActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Scenario_completes_with_every_path_recorded()
    {
        var config = Lanes.Paper(50) with { Engine = SimulationConfig.Paper.Engine with { LaneSize = 16 } };
        var scenario = Sys.ActorOf(ScenarioActor.Props(config));
        scenario.Tell(new RunScenario());
        var done = ExpectMsg<ScenarioCompleted>(TimeSpan.FromSeconds(30));
        Assert.Equal(50, done.Result.TerminalPnl.Count);
    }

    [Fact]
    public void A_throwing_market_maker_ends_the_scenario_with_ScenarioFailed_naming_actor_and_step()
    {
        var config = Lanes.Paper(10);
        var overrides = new RoleOverrides
        {
            MarketMaker = Interceptor.Around(MarketMakerActor.Name, message => message is IStepMessage { Step: >= 5 } step
                ? throw new InvalidOperationException($"injected failure at step {step.Step}")
                : message),
        };
        var scenario = Sys.ActorOf(ScenarioActor.Props(config, overrides: overrides));
        Watch(scenario);

        scenario.Tell(new RunScenario());

        var failed = ExpectMsg<ScenarioFailed>(TimeSpan.FromSeconds(10));
        Assert.Equal(MarketMakerActor.Name, failed.Actor);
        Assert.Equal(5, failed.Step);
        Assert.Contains("injected failure", failed.Cause.Message);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_maker_whose_book_disagrees_with_its_fills_fails_the_run_at_the_close()
    {
        var config = Lanes.Paper(4);
        // The maker's book reaches the recorder with one unit of inventory too many on path 0.
        var overrides = new RoleOverrides
        {
            Recorder = Interceptor.Around(RecorderActor.Name, message => message is BookClosed b
                ? b with { Inventory = b.Inventory.ToArray().Select((q, i) => i == 0 ? q + 1 : q).ToArray() }
                : message),
        };
        var scenario = Sys.ActorOf(ScenarioActor.Props(config, overrides: overrides));
        scenario.Tell(new RunScenario());

        var failed = ExpectMsg<ScenarioFailed>(TimeSpan.FromSeconds(30));
        Assert.Equal(RecorderActor.Name, failed.Actor);
        Assert.Equal(config.Steps, failed.Step);
        Assert.IsType<BookMismatchException>(failed.Cause);
    }
}

public sealed class EngineEquivalenceSpec
{
    [Theory]
    [InlineData(1, 40)]
    [InlineData(7, 300)]
    [InlineData(1024, 2500)]
    public async Task Actor_engine_equals_the_reference_engine_bit_for_bit(int laneSize, int paths)
    {
        var config = SimulationConfig.Paper with
        {
            Paths = paths,
            Output = new OutputConfig(RecordPaths: 12),
            Engine = SimulationConfig.Paper.Engine with { LaneSize = laneSize, LanesInFlight = 3 },
        };
        var reference = ReferenceEngine.Run(config with { Engine = config.Engine with { Kind = EngineKind.Reference } });
        var actors = await new ActorEngine().RunAsync(config);

        AssertSameBits(reference.TerminalPnl, actors.TerminalPnl);
        AssertSameBits(reference.FinalInventory, actors.FinalInventory);
        Assert.Equal(Describe(reference.Summary), Describe(actors.Summary));
        Assert.Equal(reference.RecordedPaths.Count, actors.RecordedPaths.Count);
        for (int p = 0; p < reference.RecordedPaths.Count; p++)
        {
            var (a, b) = (reference.RecordedPaths[p], actors.RecordedPaths[p]);
            Assert.Equal(a.Path, b.Path);
            AssertSameBits(a.Mid, b.Mid);
            AssertSameBits(a.Bid, b.Bid);
            AssertSameBits(a.Ask, b.Ask);
            AssertSameBits(a.Pnl, b.Pnl);
            Assert.Equal(a.Trades, b.Trades);
        }
    }

    [Fact]
    public async Task Warming_up_once_per_process_leaves_runs_bit_for_bit_equal_to_the_reference_engine()
    {
        var warmUp = ActorEngine.WarmUp();
        Assert.Same(warmUp, ActorEngine.WarmUp());
        await warmUp;
        Assert.True(warmUp.IsCompletedSuccessfully);

        var config = SimulationConfig.Paper with { Paths = 300, Engine = SimulationConfig.Paper.Engine with { LaneSize = 64 } };
        var reference = ReferenceEngine.Run(config with { Engine = config.Engine with { Kind = EngineKind.Reference } });
        var actors = await new ActorEngine().RunAsync(config);

        AssertSameBits(reference.TerminalPnl, actors.TerminalPnl);
        Assert.Equal(Describe(reference.Summary), Describe(actors.Summary));
    }

    [Fact]
    public async Task Different_seeds_give_different_results()
    {
        var config = SimulationConfig.Paper with { Paths = 200 };
        var a = await new ActorEngine().RunAsync(config);
        var b = await new ActorEngine().RunAsync(config with { Seed = 43 });
        Assert.NotEqual(a.Summary.PnlMean, b.Summary.PnlMean);
    }

    /// <summary>Every KPI as round-trip text, less the fields that name the engine and lane size.</summary>
    private static string Describe(RunSummary s)
    {
        var neutral = s with { Engine = EngineKind.Reference, LaneSize = 0 };
        return string.Join("\n", typeof(RunSummary).GetProperties().Select(p => $"{p.Name}={Text(p.GetValue(neutral))}"));
    }

    private static string Text(object? value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join(";", list.Cast<object>().Select(Text)),
        _ => value?.ToString() ?? "null",
    };

    private static void AssertSameBits(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"index {i}: {expected[i]:R} vs {actual[i]:R}");
    }
}
