using Akka.Actor;
using Akka.TestKit.Xunit2;
using MmSandbox.Actors.Participants;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Config;
using Xunit.Abstractions;

namespace MmSandbox.Actors.Tests;

/// <summary>
/// An example participant, the one docs/PARTICIPANTS.md walks through: a taker that buys after the mid went up
/// and sells after it went down, by at least <c>min_move</c>. It needs no random draws.
/// </summary>
public sealed class MomentumTraderActor : TakerActor
{
    /// <summary>The kind configs name: <c>- kind: momentum_trader</c>, with its one parameter.</summary>
    public static ParticipantKind Kind { get; } = new("momentum_trader", ParticipantRole.Taker, "momentum-trader",
        [new ParameterSpec("min_move", 0, 0, 1e6, "the smallest |s_k − s_(k−1)| it trades on, in price units")],
        "buys after an up-move and sells after a down-move of at least min_move");

    private readonly double[][] _previous;   // s_(k−1) per lane slot and path

    /// <summary>Makes <c>momentum_trader</c> valid in configs and tells the actor engine to play it with this actor.</summary>
    public static void Register() => ParticipantRegistry.Register(Kind, Props);

    /// <summary>Props for the participant of <paramref name="context"/>.</summary>
    public static Props Props(ParticipantContext context) => Akka.Actor.Props.Create(() => new MomentumTraderActor(context));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public MomentumTraderActor(ParticipantContext context) : base(context) => _previous = new double[context.Slots][];

    /// <inheritdoc />
    protected override void StartLane(LaneId lane) => _previous[lane.Slot] = Enumerable.Repeat(Setup.Model.S0, lane.Count).ToArray();

    /// <inheritdoc />
    protected override void Decide(MidPrice mid, Span<sbyte> orders)
    {
        var previous = _previous[mid.Lane.Slot];
        double minMove = Setup.Self["min_move"];
        var s = mid.Mids.Span;
        for (int i = 0; i < orders.Length; i++)
        {
            double move = s[i] - previous[i];
            if (move != 0 && Math.Abs(move) >= minMove) orders[i] = (sbyte)Math.Sign(move);
            previous[i] = s[i];
        }
    }
}

public sealed class MomentumTraderActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Momentum_trader_buys_after_an_up_move_sells_after_a_down_move_and_reports_done_after_its_executions()
    {
        MomentumTraderActor.Register();
        var self = ParticipantConfig.Default(MomentumTraderActor.Kind) with { Parameters = new Dictionary<string, double> { ["min_move"] = 0.1 } };
        var config = SimulationConfig.Paper with { Paths = 3, Participants = [self] };
        var (clock, exchange) = (CreateTestProbe(), CreateTestProbe());
        var context = new ParticipantContext(new(config), config, self, Slots: 1, clock, exchange);
        var trader = Sys.ActorOf(ParticipantRegistry.PropsFor(context), self.Name);
        var lane = new LaneId(0, 0, 0, 3);

        // Step 0 compares with s0 = 100: up 0.5, down 0.3, up 0.05 (below min_move).
        trader.Tell(new MidPrice(0, lane, new[] { 100.5, 99.7, 100.05 }, IsClose: false));

        var orders = exchange.ExpectMsg<Orders>();
        Assert.Equal((0, "momentum-trader"), (orders.Step, orders.Participant));
        Assert.Equal(new sbyte[] { 1, -1, 0 }, orders.Sides.ToArray());
        clock.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        trader.Tell(new Executions(0, lane, "momentum-trader", new[] { 100.9, double.NaN, double.NaN }, new[] { double.NaN, 99.3, double.NaN }));
        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, "momentum-trader"), (done.Step, done.Participant));

        // At the close it trades no more: it only reports done.
        trader.Tell(new MidPrice(200, lane, new[] { 101.0, 99.0, 100.0 }, IsClose: true));
        Assert.Equal(200, clock.ExpectMsg<StepDone>().Step);
        exchange.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
