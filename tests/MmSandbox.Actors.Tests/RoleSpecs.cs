using Akka.Actor;
using Akka.TestKit.Xunit2;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Core.Model;
using Xunit.Abstractions;

namespace MmSandbox.Actors.Tests;

public sealed class PriceFeedActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Price_feed_publishes_the_initial_mid_at_step_0_and_reports_done()
    {
        var m = Lanes.Model();
        var clock = CreateTestProbe();
        var subscriber = CreateTestProbe();
        var feed = Sys.ActorOf(PriceFeedActor.Props(m, 1, clock, [subscriber]), PriceFeedActor.Name);

        feed.Tell(new Tick(0, Lanes.Lane()));

        var mid = subscriber.ExpectMsg<MidPrice>();
        Assert.Equal(0, mid.Step);
        Assert.All(mid.Mids.ToArray(), s => Assert.Equal(100.0, s));
        Assert.False(mid.IsClose);
        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, PriceFeedActor.Name), (done.Step, done.Participant));
    }

    [Fact]
    public void Price_feed_moves_each_mid_by_one_binomial_step_of_sigma_root_dt()
    {
        var m = Lanes.Model();
        var clock = CreateTestProbe();
        var subscriber = CreateTestProbe();
        var feed = Sys.ActorOf(PriceFeedActor.Props(m, 1, clock, [subscriber]));

        feed.Tell(new Tick(0, Lanes.Lane()));
        subscriber.ExpectMsg<MidPrice>();
        feed.Tell(new Tick(1, Lanes.Lane()));
        var mid = subscriber.ExpectMsg<MidPrice>();

        // σ√dt = 2·√0.005 ≈ 0.141421; μ = 0. The sign is the path's own price draw at step 0.
        var keys = new LaneKeys(m.Seed, 0, 3);
        for (int i = 0; i < 3; i++)
        {
            double expected = 100 + PriceProcess.Shock(m.PriceModel, keys.Price[i], 0) * 2 * Math.Sqrt(0.005);
            Assert.Equal(expected, mid.Mids.Span[i], 12);
            Assert.Equal(2 * Math.Sqrt(0.005), Math.Abs(mid.Mids.Span[i] - 100), 12);
        }
    }

    [Fact]
    public void Price_feed_marks_step_N_as_the_close()
    {
        var m = Lanes.Model();
        var clock = CreateTestProbe();
        var subscriber = CreateTestProbe();
        var feed = Sys.ActorOf(PriceFeedActor.Props(m, 1, clock, [subscriber]));
        for (int k = 0; k <= m.Steps; k++) feed.Tell(new Tick(k, Lanes.Lane()));
        var mids = subscriber.ReceiveN(m.Steps + 1).Cast<MidPrice>().ToList();
        Assert.All(mids.Take(m.Steps), x => Assert.False(x.IsClose));
        Assert.True(mids[^1].IsClose);
    }
}

public sealed class MarketMakerActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Market_maker_quotes_symmetrically_around_the_mid_when_flat()
    {
        var m = Lanes.Model(1);
        var (clock, orderFlow, recorder) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var mm = Sys.ActorOf(MarketMakerActor.Props(m, 1, clock, orderFlow, recorder), MarketMakerActor.Name);

        mm.Tell(Lanes.Mid(0, [100.0]));

        var q = orderFlow.ExpectMsg<Quotes>();
        // Full spread at t = 0: γσ²T + (2/γ)ln(1 + γ/k) = 0.4 + 20·ln(16/15) ≈ 1.690771 (paper, eq. 30).
        double spread = 0.4 + 20 * Math.Log(16.0 / 15.0);
        Assert.Equal(100 - spread / 2, q.Bids.Span[0], 12);
        Assert.Equal(100 + spread / 2, q.Asks.Span[0], 12);
    }

    [Fact]
    public void Market_maker_skews_both_quotes_down_when_long_and_reports_done_after_its_fills()
    {
        var m = Lanes.Model(1);
        var (clock, orderFlow, recorder) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var mm = Sys.ActorOf(MarketMakerActor.Props(m, 1, clock, orderFlow, recorder));

        mm.Tell(Lanes.Mid(0, [100.0]));
        var quotes = orderFlow.ExpectMsg<Quotes>();
        clock.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        mm.Tell(new Fills(0, Lanes.Lane(1), quotes, new[] { true }, new[] { false }));
        Assert.Equal(MarketMakerActor.Name, clock.ExpectMsg<StepDone>().Participant);

        mm.Tell(Lanes.Mid(1, [100.0]));
        var q = orderFlow.ExpectMsg<Quotes>();
        // Long one unit: r = s − q·γσ²τ = 100 − 0.1·4·0.995 = 99.602 (paper, eq. 29).
        Assert.Equal(100 - 0.4 * 0.995, q.Reservation.Span[0], 12);
        Assert.True((q.Bids.Span[0] + q.Asks.Span[0]) / 2 < 100.0);
    }

    [Fact]
    public void Market_maker_hands_its_book_to_the_recorder_at_the_close()
    {
        var m = Lanes.Model(1);
        var (clock, orderFlow, recorder) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var mm = Sys.ActorOf(MarketMakerActor.Props(m, 1, clock, orderFlow, recorder));
        mm.Tell(Lanes.Mid(0, [100.0]));
        var quotes = orderFlow.ExpectMsg<Quotes>();
        mm.Tell(new Fills(0, Lanes.Lane(1), quotes, new[] { false }, new[] { true }));
        clock.ExpectMsg<StepDone>();

        mm.Tell(Lanes.Mid(m.Steps, [100.0], close: true));

        var book = recorder.ExpectMsg<BookClosed>();
        Assert.Equal(-1.0, book.Inventory.Span[0]);
        Assert.Equal(quotes.Asks.Span[0], book.Cash.Span[0], 12);
        orderFlow.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}

public sealed class OrderFlowActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Order_flow_waits_for_both_the_mid_and_the_quotes_whatever_their_order()
    {
        var m = Lanes.Model(3);
        var (clock, recorder, maker) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var flow = Sys.ActorOf(OrderFlowActor.Props(m, 1, clock, recorder), OrderFlowActor.Name);

        // Quotes first (from the maker), the mid second: nothing may happen before both are in.
        flow.Tell(Lanes.Quotes(0, [99.0, 99.5, 99.9], [101.0, 100.5, 100.1]), maker);
        recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        flow.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));

        var toMaker = maker.ExpectMsg<Fills>();
        var toRecorder = recorder.ExpectMsg<Fills>();
        Assert.Same(toMaker, toRecorder);
        Assert.Equal(OrderFlowActor.Name, clock.ExpectMsg<StepDone>().Participant);

        // The same draws as the model function on the same inputs.
        var keys = new LaneKeys(m.Seed, 0, 3);
        var bid = new bool[3];
        var ask = new bool[3];
        OrderFlow.DrawFills(m, 0, keys, [100.0, 100.0, 100.0], [99.0, 99.5, 99.9], [101.0, 100.5, 100.1], bid, ask);
        Assert.Equal(bid, toMaker.BidFilled.ToArray());
        Assert.Equal(ask, toMaker.AskFilled.ToArray());
    }

    [Fact]
    public void Order_flow_never_fills_a_side_that_is_not_quoted()
    {
        var m = Lanes.Model(1);
        var (clock, recorder, maker) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        var flow = Sys.ActorOf(OrderFlowActor.Props(m, 1, clock, recorder));
        for (int k = 0; k < 50; k++)
        {
            // A quote right at the mid fills with probability min(1, A·dt) = 0.7; NaN never.
            flow.Tell(Lanes.Mid(k, [100.0]));
            flow.Tell(Lanes.Quotes(k, [double.NaN], [100.0]), maker);
            var fills = maker.ExpectMsg<Fills>();
            Assert.False(fills.BidFilled.Span[0]);
            clock.ExpectMsg<StepDone>();
        }
    }
}

public sealed class RecorderActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    [Fact]
    public void Recorder_reports_a_step_done_only_when_it_holds_the_mid_and_the_fills()
    {
        var config = Lanes.Paper(1);
        var m = new ModelParameters(config);
        var clock = CreateTestProbe();
        var recorder = Sys.ActorOf(RecorderActor.Props(m, config, 1, clock), RecorderActor.Name);
        var quotes = Lanes.Quotes(0, [99.0], [101.0]);

        recorder.Tell(new Fills(0, Lanes.Lane(1), quotes, new[] { true }, new[] { false }));
        clock.ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        recorder.Tell(Lanes.Mid(0, [100.0]));

        var done = clock.ExpectMsg<StepDone>();
        Assert.Equal((0, RecorderActor.Name), (done.Step, done.Participant));
    }
}

public sealed class VirtualClockActorSpec(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly string[] Participants = ["price-feed", "market-maker", "order-flow", "recorder"];

    [Fact]
    public void Clock_holds_step_1_back_until_every_participant_is_done_with_step_0()
    {
        var priceFeed = CreateTestProbe();
        var clock = Sys.ActorOf(VirtualClockActor.Props(steps: 5, paths: 3, laneSize: 3, slots: 1, Participants, progress: null));
        clock.Tell(new StartClock(priceFeed, TestActor));
        var tick = priceFeed.ExpectMsg<Tick>();
        Assert.Equal(0, tick.Step);

        foreach (var p in Participants.Take(3)) clock.Tell(new StepDone(0, tick.Lane, p));
        priceFeed.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        clock.Tell(new StepDone(0, tick.Lane, Participants[3]));
        Assert.Equal(1, priceFeed.ExpectMsg<Tick>().Step);
    }

    [Fact]
    public void Clock_runs_every_lane_to_the_close_and_then_reports_all_lanes_completed()
    {
        var priceFeed = CreateTestProbe();
        var clock = Sys.ActorOf(VirtualClockActor.Props(steps: 2, paths: 5, laneSize: 2, slots: 2, Participants, progress: null));
        clock.Tell(new StartClock(priceFeed, TestActor));
        var lanes = new HashSet<int>();
        for (int ticks = 0; ticks < 3 * 3; ticks++)
        {
            var tick = priceFeed.ExpectMsg<Tick>();
            lanes.Add(tick.Lane.Index);
            foreach (var p in Participants) clock.Tell(new StepDone(tick.Step, tick.Lane, p));
        }
        ExpectMsg<AllLanesCompleted>();
        Assert.Equal([0, 1, 2], lanes.Order());
    }
}
