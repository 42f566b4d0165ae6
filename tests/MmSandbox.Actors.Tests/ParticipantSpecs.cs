using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using MmSandbox.Actors.Participants;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;
using MmSandbox.Core.Randomness;
using Xunit.Abstractions;

namespace MmSandbox.Actors.Tests;

/// <summary>Participants and their context for specs: the paper's run on three paths.</summary>
internal static class Participants
{
    public static ParticipantConfig Of(ParticipantKind kind, string name, params (string Key, double Value)[] set)
    {
        var parameters = new Dictionary<string, double>(ParticipantConfig.Default(kind).Parameters, StringComparer.Ordinal);
        foreach (var (key, value) in set) parameters[key] = value;
        return new ParticipantConfig(kind.Name, name, parameters);
    }

    public static ParticipantContext Context(ParticipantConfig self, IActorRef clock, IActorRef exchange)
    {
        var config = Lanes.Paper() with { Participants = [self] };
        return new ParticipantContext(new ModelParameters(config), config, self, Slots: 1, clock, exchange);
    }

    /// <summary>The mid that follows 100 at step 0 on lane paths 0…2, from the price stream (paper, σ√dt = 0.1414).</summary>
    public static int[] NextMoveSigns(ModelParameters m) =>
        [.. new LaneKeys(m.Seed, 0, 3).Price.Select(key => Math.Sign(PriceProcess.Next(m, 100, PriceProcess.Shock(m.PriceModel, key, 0)) - 100))];
}

public sealed class NoiseTraderActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    private (IActorRef Trader, TestProbe Clock, TestProbe Exchange) Start(double rate)
    {
        var (clock, exchange) = (CreateTestProbe(), CreateTestProbe());
        var self = Participants.Of(ParticipantKinds.NoiseTrader, "noise", ("rate", rate));
        return (Sys.ActorOf(ParticipantRegistry.PropsFor(Participants.Context(self, clock, exchange)), "noise"), clock, exchange);
    }

    [Fact]
    public void Noise_trader_answers_a_mid_with_an_order_on_every_path_at_a_rate_that_makes_arrival_certain()
    {
        // rate·dt = 5000: 1 − e^(−5000) = 1. The side is the trader's draw 1 of the step: < 1/2 buys.
        var (trader, clock, exchange) = Start(1e6);

        trader.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));

        var orders = exchange.ExpectMsg<Orders>();
        Assert.Equal((0, "noise"), (orders.Step, orders.Participant));
        var expected = Enumerable.Range(0, 3)
            .Select(path => CounterRng.Uniform(StreamKey.ForParticipant(42, path, "noise"), 0 * ParticipantStreams.DrawsPerStep + 1) < 0.5 ? (sbyte)1 : (sbyte)-1);
        Assert.Equal(expected, orders.Sides.ToArray());
        clock.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Noise_trader_at_rate_zero_still_answers_with_orders_all_zero()
    {
        var (trader, _, exchange) = Start(0);
        trader.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));
        Assert.Equal(new sbyte[3], exchange.ExpectMsg<Orders>().Sides.ToArray());
    }

    [Fact]
    public void Noise_trader_reports_done_after_its_executions_and_only_done_at_the_close()
    {
        var (trader, clock, exchange) = Start(20);
        trader.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));
        exchange.ExpectMsg<Orders>();

        trader.Tell(new Executions(0, Lanes.Lane(), "noise", new double[3], new double[3]));

        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, "noise"), (done.Step, done.Participant));
        trader.Tell(Lanes.Mid(200, [100.0, 100.0, 100.0], close: true));
        Assert.Equal(200, clock.ExpectMsg<StepDone>().Step);
        exchange.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}

public sealed class InformedTraderActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    private (IActorRef Trader, TestProbe Clock, TestProbe Exchange) Start(double accuracy)
    {
        var (clock, exchange) = (CreateTestProbe(), CreateTestProbe());
        var self = Participants.Of(ParticipantKinds.InformedTrader, "insider", ("rate", 1e6), ("accuracy", accuracy));
        return (Sys.ActorOf(ParticipantRegistry.PropsFor(Participants.Context(self, clock, exchange)), "insider"), clock, exchange);
    }

    [Fact]
    public void Informed_trader_with_accuracy_one_answers_a_mid_with_orders_in_the_direction_of_the_next_move()
    {
        var (trader, clock, exchange) = Start(1);

        trader.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));

        var orders = exchange.ExpectMsg<Orders>();
        Assert.Equal((0, "insider"), (orders.Step, orders.Participant));
        Assert.Equal(Participants.NextMoveSigns(Lanes.Model()), orders.Sides.ToArray().Select(s => (int)s));
        clock.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Informed_trader_reports_done_after_its_executions_and_only_done_at_the_close()
    {
        var (trader, clock, exchange) = Start(0.9);
        trader.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));
        exchange.ExpectMsg<Orders>();

        trader.Tell(new Executions(0, Lanes.Lane(), "insider", new double[3], new double[3]));

        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, "insider"), (done.Step, done.Participant));
        trader.Tell(Lanes.Mid(200, [100.0, 100.0, 100.0], close: true));
        Assert.Equal(200, clock.ExpectMsg<StepDone>().Step);
        exchange.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}

public sealed class CompetingMakerActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Competing_maker_quotes_under_its_own_name_with_its_own_gamma_s_spread_and_reports_done_after_its_fills()
    {
        var (clock, exchange) = (CreateTestProbe(), CreateTestProbe());
        var self = Participants.Of(ParticipantKinds.MarketMaker, "rival", ("gamma", 0.5));
        var maker = Sys.ActorOf(ParticipantRegistry.PropsFor(Participants.Context(self, clock, exchange)), "rival");

        maker.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));

        var quotes = exchange.ExpectMsg<Quotes>();
        Assert.Equal("rival", quotes.Maker);
        // γσ²T + (2/γ)ln(1 + γ/k) = 0.5·4·1 + 4·ln(4/3) = 3.150728 (paper, eq. 30), centred on the mid when flat.
        double spread = 2 + 4 * Math.Log(4.0 / 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(100 - spread / 2, quotes.Bids.Span[i], 12);
            Assert.Equal(100 + spread / 2, quotes.Asks.Span[i], 12);
        }
        clock.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        maker.Tell(new Fills(0, Lanes.Lane(), quotes, new bool[3], new bool[3]));
        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, "rival"), (done.Step, done.Participant));
    }

    [Fact]
    public void Competing_maker_only_reports_done_at_the_close_and_hands_its_book_to_no_one()
    {
        var (clock, exchange) = (CreateTestProbe(), CreateTestProbe());
        var maker = Sys.ActorOf(ParticipantRegistry.PropsFor(Participants.Context(Participants.Of(ParticipantKinds.MarketMaker, "rival"), clock, exchange)));
        maker.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));
        var quotes = exchange.ExpectMsg<Quotes>();
        maker.Tell(new Fills(0, Lanes.Lane(), quotes, new bool[3], new bool[3]));
        clock.ExpectMsg<StepDone>();

        maker.Tell(Lanes.Mid(200, [100.0, 100.0, 100.0], close: true));

        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((200, "rival"), (done.Step, done.Participant));
        exchange.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}

public sealed class ExchangeActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly ParticipantConfig[] Listed =
    [
        Participants.Of(ParticipantKinds.NoiseTrader, "noise"),
        Participants.Of(ParticipantKinds.MarketMaker, "rival"),
        Participants.Of(ParticipantKinds.InformedTrader, "insider"),
    ];

    [Theory]
    [InlineData("mid quotes rival noise insider")]
    [InlineData("insider rival noise quotes mid")]
    [InlineData("noise mid insider quotes rival")]
    public void Exchange_waits_for_every_quote_and_order_in_any_order_then_answers_each_participant_and_the_recorder(string arrival)
    {
        // No background flow (A·dt = 5e−15), so only the takers trade: the matching is worked out by hand below.
        var config = Lanes.Paper() with { OrderFlow = Lanes.Paper().OrderFlow with { A = 1e-12 }, Participants = Listed };
        var (clock, recorder, maker, rival, noise, insider) =
            (CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var exchange = Sys.ActorOf(OrderFlowActor.Props(new ModelParameters(config), 1, clock, recorder, Listed), OrderFlowActor.Name);
        var primaryQuotes = Lanes.Quotes(0, [99.5, 99.5, 99.5], [100.5, 100.5, 100.5]);
        var rivalQuotes = Lanes.Quotes(0, [99.6, 99.6, 99.6], [100.4, 100.4, 100.4]) with { Maker = "rival" };
        var messages = new Dictionary<string, (object Message, IActorRef Sender)>
        {
            ["mid"] = (Lanes.Mid(0, [100.0, 100.0, 100.0]), TestActor),
            ["quotes"] = (primaryQuotes, maker.Ref),
            ["rival"] = (rivalQuotes, rival.Ref),
            ["noise"] = (new Orders(0, Lanes.Lane(), "noise", new sbyte[] { 1, 1, 1 }), noise.Ref),
            ["insider"] = (new Orders(0, Lanes.Lane(), "insider", new sbyte[] { 1, 0, -1 }), insider.Ref),
        };
        var order = arrival.Split(' ');
        foreach (var key in order[..^1]) exchange.Tell(messages[key].Message, messages[key].Sender);
        recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        exchange.Tell(messages[order[^1]].Message, messages[order[^1]].Sender);

        // Noise buys first (listed first): the rival's 100.4 on every path. The insider then buys the maker's 100.5 on
        // path 0, sends nothing on path 1, and sells to the best bid, the rival's 99.6, on path 2.
        const double none = double.NaN;
        var makerFills = maker.ExpectMsg<Fills>();
        Assert.Same(primaryQuotes, makerFills.Quotes);
        Assert.Equal(new[] { true, false, false }, makerFills.AskFilled.ToArray());
        Assert.Equal(new[] { false, false, false }, makerFills.BidFilled.ToArray());
        var rivalFills = rival.ExpectMsg<Fills>();
        Assert.Equal("rival", rivalFills.Quotes.Maker);
        Assert.Equal(new[] { true, true, true }, rivalFills.AskFilled.ToArray());
        Assert.Equal(new[] { false, false, true }, rivalFills.BidFilled.ToArray());
        AssertExecutions(noise.ExpectMsg<Executions>(), "noise", [100.4, 100.4, 100.4], [none, none, none]);
        AssertExecutions(insider.ExpectMsg<Executions>(), "insider", [100.5, none, none], [none, none, 99.6]);

        // The recorder: the maker under study's fills, then every participant's executions in config order.
        Assert.Same(makerFills, recorder.ExpectMsg<Fills>());
        AssertExecutions(recorder.ExpectMsg<Executions>(), "noise", [100.4, 100.4, 100.4], [none, none, none]);
        AssertExecutions(recorder.ExpectMsg<Executions>(), "rival", [none, none, 99.6], [100.4, 100.4, 100.4]);
        AssertExecutions(recorder.ExpectMsg<Executions>(), "insider", [100.5, none, none], [none, none, 99.6]);
        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, OrderFlowActor.Name), (done.Step, done.Participant));
        recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private static void AssertExecutions(Executions e, string participant, double[] buy, double[] sell)
    {
        Assert.Equal((0, participant), (e.Step, e.Participant));
        Assert.Equal(buy, e.BuyPrice.ToArray());
        Assert.Equal(sell, e.SellPrice.ToArray());
    }
}

public sealed class CustomParticipantSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public async Task A_registered_kind_runs_in_a_scenario_end_to_end_and_appears_in_the_summary()
    {
        MomentumTraderActor.Register();
        var config = Lanes.Paper(30) with
        {
            Participants = [ParticipantConfig.Default(MomentumTraderActor.Kind), ParticipantConfig.Default(ParticipantKinds.NoiseTrader)],
            Engine = SimulationConfig.Paper.Engine with { LaneSize = 8, LanesInFlight = 2 },
        };
        var engine = new ActorEngine();

        var result = await engine.RunAsync(config);

        var momentum = result.Summary.Participants[0];
        Assert.Equal(("momentum-trader", "momentum_trader", ParticipantRole.Taker), (momentum.Name, momentum.Kind, momentum.Role));
        // It orders on every step (binomial moves of 0.1414 ≥ min_move 0): one order per path and step, filled when a
        // quote is still standing, so it trades on many of the 200 steps.
        Assert.InRange(momentum.BuysPerPathMean + momentum.SellsPerPathMean, 20, 200);
        Assert.Equal("noise-trader", result.Summary.Participants[1].Name);
        Assert.Equal(0, engine.DeadLetters);
    }

    [Fact]
    public void The_reference_engine_refuses_a_kind_it_does_not_ship()
    {
        MomentumTraderActor.Register();
        var config = Lanes.Paper(3) with
        {
            Participants = [ParticipantConfig.Default(MomentumTraderActor.Kind)],
            Engine = SimulationConfig.Paper.Engine with { Kind = EngineKind.Reference },
        };

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ReferenceEngine.Run(config)).Errors);
        Assert.Equal("engine.kind", error.Path);
        Assert.Contains("momentum_trader", error.Message, StringComparison.Ordinal);
    }
}

public sealed class ParticipantEngineEquivalenceSpec
{
    private static readonly ParticipantConfig[] AllKinds =
    [
        Participants.Of(ParticipantKinds.NoiseTrader, "noise", ("rate", 40)),
        Participants.Of(ParticipantKinds.MarketMaker, "rival", ("gamma", 0.1)),
        Participants.Of(ParticipantKinds.InformedTrader, "insider"),
        Participants.Of(ParticipantKinds.NoiseTrader, "noise-2"),
    ];

    [Theory]
    [InlineData(1, 24)]
    [InlineData(7, 120)]
    [InlineData(4096, 300)]
    public async Task Actor_engine_equals_the_reference_engine_bit_for_bit_with_participants_of_every_kind(int laneSize, int paths)
    {
        var config = SimulationConfig.Paper with
        {
            Paths = paths,
            Output = new OutputConfig(RecordPaths: 6),
            Engine = SimulationConfig.Paper.Engine with { LaneSize = laneSize, LanesInFlight = 3 },
            Participants = AllKinds,
        };
        var reference = ReferenceEngine.Run(config with { Engine = config.Engine with { Kind = EngineKind.Reference } });
        var actors = await new ActorEngine().RunAsync(config);

        Bits.Equal(reference.TerminalPnl, actors.TerminalPnl, "terminal PnL");
        Bits.Equal(reference.FinalInventory, actors.FinalInventory, "final inventory");
        Bits.EqualSummaries(reference.Summary with { Engine = EngineKind.Reference, LaneSize = 0 }, actors.Summary with { Engine = EngineKind.Reference, LaneSize = 0 });
        Assert.Equal(AllKinds.Select(p => p.Name), actors.Summary.Participants.Select(p => p.Name));
        for (int p = 0; p < reference.RecordedPaths.Count; p++)
        {
            Bits.Equal(reference.RecordedPaths[p].Bid, actors.RecordedPaths[p].Bid, $"bid of recorded path {p}");
            Bits.Equal(reference.RecordedPaths[p].Pnl, actors.RecordedPaths[p].Pnl, $"PnL of recorded path {p}");
        }
        // The participants traded: the comparison is not of empty books.
        Assert.All(actors.Summary.Participants, s => Assert.True(s.BuysPerPathMean + s.SellsPerPathMean > 0, s.Name));
    }
    [Fact]
    public async Task Actor_engine_equals_the_reference_engine_with_participants_under_the_original_study_s_mechanics_and_an_inventory_limit()
    {
        // One fill per step, quotes from the previous mid, gaussian moves, a fee, and a limit that leaves sides unquoted (NaN).
        var config = SimulationConfig.Paper with
        {
            Paths = 60,
            Market = SimulationConfig.Paper.Market with { PriceModel = PriceModel.Gaussian },
            OrderFlow = SimulationConfig.Paper.OrderFlow with { FillsPerStep = FillsPerStep.One, FillProbability = FillProbability.Poisson, FeeBps = 5 },
            MarketMaker = SimulationConfig.Paper.MarketMaker with { QuoteMid = QuoteMid.Previous, MaxInventory = 2 },
            Output = new OutputConfig(RecordPaths: 3),
            Engine = SimulationConfig.Paper.Engine with { LaneSize = 5, LanesInFlight = 2, Pipelines = 2 },
            Participants = AllKinds,
        };
        var reference = ReferenceEngine.Run(config with { Engine = config.Engine with { Kind = EngineKind.Reference } });
        var actors = await new ActorEngine().RunAsync(config);

        Bits.Equal(reference.TerminalPnl, actors.TerminalPnl, "terminal PnL");
        Bits.EqualSummaries(reference.Summary with { Engine = EngineKind.Reference, LaneSize = 0 }, actors.Summary with { Engine = EngineKind.Reference, LaneSize = 0 });
        Assert.All(actors.Summary.Participants, s => Assert.True(s.BuysPerPathMean + s.SellsPerPathMean > 0, s.Name));
    }
}

/// <summary>Equality of doubles by their bits, so NaN equals NaN and a last-bit difference fails.</summary>
internal static class Bits
{
    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what} [{i}]: {expected[i]:R} vs {actual[i]:R}");
    }

    /// <summary>Every property of the two summaries, the participants' field by field.</summary>
    public static void EqualSummaries(RunSummary expected, RunSummary actual)
    {
        foreach (var property in typeof(RunSummary).GetProperties())
            Same(property.GetValue(expected), property.GetValue(actual), property.Name);
    }

    private static void Same(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case double e:
                Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits((double)actual!), $"{path}: {e:R} vs {actual:R}");
                return;
            case string or Enum or int or long or ulong or bool or null:
                Assert.Equal(expected, actual);
                return;
            case System.Collections.IEnumerable list:
                var left = list.Cast<object?>().ToList();
                var right = ((System.Collections.IEnumerable)actual!).Cast<object?>().ToList();
                Assert.Equal(left.Count, right.Count);
                for (int i = 0; i < left.Count; i++) Same(left[i], right[i], $"{path}[{i}]");
                return;
            default:
                foreach (var property in expected.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
                    Same(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
                return;
        }
    }
}

public sealed class ParticipantDocumentationSpec
{
    [Fact]
    public void The_participants_guide_shows_the_momentum_trader_file_unchanged()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MmSandbox.sln"))) root = root.Parent;
        Assert.NotNull(root);
        string Read(params string[] parts) => File.ReadAllText(Path.Combine([root.FullName, .. parts])).ReplaceLineEndings("\n");

        var code = Read("tests", "MmSandbox.Actors.Tests", "MomentumTrader.cs").TrimEnd('\n');
        var guide = Read("docs", "PARTICIPANTS.md");

        Assert.Contains("```csharp\n" + code + "\n```", guide, StringComparison.Ordinal);
    }
}
