using System.Text.Json;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Actors.Tracing;
using MmSandbox.Core.Config;
using MmSandbox.Core.Tracing;
using Xunit.Abstractions;

namespace MmSandbox.Actors.Tests;

/// <summary>A participant of another kind, with a message type the tracer has never seen.</summary>
public sealed record TestOrders(int Step, LaneId Lane, ReadOnlyMemory<double> Sizes, sbyte[] Sides, ReadOnlyMemory<Venue> Venues,
                            Quotes Against, string Trader, Venue Default) : IStepMessage;

/// <summary>A per-path struct inside an array.</summary>
public readonly record struct Venue(int Id, double Fee);

/// <summary>Answers every message with nothing: a receiver for hook tests.</summary>
internal sealed class Sink : ParticipantActor
{
    public Sink() => ReceiveAny(_ => { });
}

public sealed class TraceSpecs(ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TraceConfig Path1 = TraceConfig.Off with { Enabled = true, Paths = [1] };

    [Fact]
    public void A_participant_hands_each_step_message_to_the_trace_with_sender_and_receiver_names()
    {
        var trace = new MessageTrace(Path1);
        MessageTrace.Install(Sys, trace);
        var sink = Sys.ActorOf(Props.Create(() => new Sink()), "order-flow");
        var sender = CreateTestProbe("market-maker");

        sink.Tell(Lanes.Quotes(3, [99.0, 98.5, 97.0], [101.0, 101.5, 102.0]), sender.Ref);
        sink.Tell(new LaneRecorded(Lanes.Lane()), sender.Ref);   // not a step message: not traced
        sink.Tell(Lanes.Mid(4, [100.0, 100.5, 99.0]), sender.Ref);
        AwaitCondition(() => trace.Records().Count == 2, TimeSpan.FromSeconds(5));

        var records = trace.Records();
        Assert.Equal(new TraceRecord(3, 1, "market-maker", "order-flow", "Quotes", []) with { Payload = records[0].Payload }, records[0]);
        Assert.Equal(["reservation=100", "bid=98.5", "ask=101.5", "spread=3", "maker=market-maker"], records[0].Payload.Select(f => $"{f.Name}={f.Value}"));
        Assert.Equal(["mid=100.5", "is_close=False"], records[1].Payload.Select(f => $"{f.Name}={f.Value}"));
    }

    [Fact]
    public void Without_a_trace_installed_a_participant_traces_nothing_and_the_system_has_no_trace()
    {
        var sink = Sys.ActorOf(Props.Create(() => new Sink()), "order-flow");
        sink.Tell(Lanes.Mid(0, [100.0, 100.0, 100.0]));

        Assert.Null(MessageTrace.Of(Sys));
    }

    [Fact]
    public void Steps_and_kinds_outside_the_selection_are_not_traced()
    {
        var trace = new MessageTrace(Path1 with { Steps = [new StepRange(2, 3)], Kinds = ["MidPrice"] });
        var lane = Lanes.Lane();
        trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, Lanes.Mid(1, [1, 2, 3]));
        trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, Lanes.Mid(2, [1, 2, 3]));
        trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, Lanes.Quotes(2, [1, 2, 3], [4, 5, 6]));
        trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, new Tick(3, lane));
        trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, new MidPrice(3, lane with { FirstPath = 2 }, new double[] { 7, 8, 9 }, false));

        var record = Assert.Single(trace.Records());
        Assert.Equal((2, 1L, 2.0), (record.Step, record.Path, (double)record.Payload[0].Value!));
    }

    [Fact]
    public void A_new_message_type_is_traced_generically_per_path_arrays_indexed_nested_messages_nested_scalars_copied()
    {
        var lane = new LaneId(0, 0, 10, 2);
        var quotes = new Quotes(0, lane, new double[] { 100, 101 }, new double[] { 99, 100 }, new double[] { 101, double.NaN }, new double[] { 2, 2 });
        var orders = new TestOrders(0, lane, new double[] { 1.5, 2.5 }, [1, -1], new Venue[] { new(1, 0.1), new(2, 0.2) }, quotes, "noise-trader", new Venue(7, 0));

        var payload = TracePayload.Of(orders, 1);

        Assert.Equal(["size", "side", "venue", "against", "trader", "default"], payload.Select(f => f.Name));
        Assert.Equal(2.5, payload[0].Value);
        Assert.Equal(-1L, payload[1].Value);
        Assert.Equal(["id=2", "fee=0.2"], ((IReadOnlyList<TraceField>)payload[2].Value!).Select(f => $"{f.Name}={f.Value}"));
        var against = (IReadOnlyList<TraceField>)payload[3].Value!;
        Assert.Equal(["reservation", "bid", "ask", "spread", "maker"], against.Select(f => f.Name));
        Assert.True(double.IsNaN((double)against[2].Value!));
        Assert.Equal("noise-trader", payload[4].Value);
    }

    [Fact]
    public void A_trace_past_its_limit_throws_a_message_that_says_how_to_narrow_it()
    {
        var trace = new MessageTrace(TraceConfig.Off with { Enabled = true, Paths = [0, 1, 2] }, maxMessages: 5);
        trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, Lanes.Mid(0, [1, 2, 3]));

        var e = Assert.Throws<InvalidOperationException>(() => trace.Capture(ActorRefs.Nobody, ActorRefs.Nobody, Lanes.Mid(1, [1, 2, 3])));

        Assert.Contains("more than 5 messages; list fewer trace.paths or narrow trace.steps or trace.kinds", e.Message);
        Assert.Equal(3, trace.Records().Count);
    }

    [Theory]
    [InlineData("BidFilled", "bid_filled")]
    [InlineData("IsClose", "is_close")]
    [InlineData("A", "a")]
    [InlineData("VWAPPrice", "vwap_price")]
    public void Property_names_become_snake_case(string name, string expected) => Assert.Equal(expected, TracePayload.SnakeCase(name));

    [Theory]
    [InlineData("Mids", "Mid")]
    [InlineData("Quantities", "Quantity")]
    [InlineData("Reservation", "Reservation")]
    [InlineData("Status", "Status")]
    [InlineData("BidFilled", "BidFilled")]
    public void Per_path_array_names_become_singular(string name, string expected) => Assert.Equal(expected, TracePayload.Singular(name));

    [Fact]
    public void Every_step_message_of_the_protocol_has_its_place_in_the_trace_order()
    {
        var kinds = typeof(IStepMessage).Assembly.GetTypes()
            .Where(t => typeof(IStepMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false })
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

        // A new message type: add its name to TraceConfig.KnownKinds, so trace.kinds accepts it.
        Assert.All(kinds, kind => Assert.Contains(kind, TraceConfig.KnownKinds));
    }

    [Fact]
    public async Task A_trace_does_not_depend_on_lane_size_lanes_in_flight_or_pipelines_and_changes_no_result()
    {
        var traced = Lanes.Paper(40) with { Trace = TraceConfig.Off with { Enabled = true, Paths = [0, 17, 39], Steps = [new StepRange(0, 4), new StepRange(198, 200)] } };
        var engines = new (int LaneSize, int InFlight, int Pipelines)[] { (4096, 4, 2), (7, 3, 3), (1, 5, 2), (16, 1, 1) };
        string? first = null;
        foreach (var (laneSize, inFlight, pipelines) in engines)
        {
            var config = traced with { Engine = traced.Engine with { LaneSize = laneSize, LanesInFlight = inFlight, Pipelines = pipelines } };
            var engine = new ActorEngine();
            await engine.RunAsync(config);
            string text = JsonSerializer.Serialize(engine.Trace!.Select(r => new { r.Step, r.Path, r.Sender, r.Receiver, r.Kind, Payload = r.Payload.Select(f => $"{f.Name}={Text(f.Value)}") }));
            first ??= text;
            Assert.Equal(first, text);
        }
        // 3 paths × 8 steps: a quoting step brings 11 messages (Tick, 3 MidPrice, Quotes, 2 Fills, 4 StepDone), the close 9 (BookClosed instead of quotes and fills).
        using var doc = JsonDocument.Parse(first!);
        Assert.Equal(3 * (7 * 11 + 9), doc.RootElement.GetArrayLength());

        var plain = new ActorEngine();
        var off = await plain.RunAsync(Lanes.Paper(40));
        var on = await new ActorEngine().RunAsync(traced);
        Assert.Null(plain.Trace);
        Assert.Equal(off.TerminalPnl, on.TerminalPnl);
        Assert.Equal(off.FinalInventory, on.FinalInventory);
    }

    private static string Text(object? value) => value switch
    {
        IReadOnlyList<TraceField> nested => "{" + string.Join(",", nested.Select(f => $"{f.Name}={Text(f.Value)}")) + "}",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };
}
