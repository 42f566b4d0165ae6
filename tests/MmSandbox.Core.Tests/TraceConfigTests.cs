using MmSandbox.Core.Config;
using MmSandbox.Core.Tracing;

namespace MmSandbox.Core.Tests;

public sealed class TraceConfigTests
{
    private static readonly TraceConfig On = TraceConfig.Off with { Enabled = true };

    private static IReadOnlyList<string> ErrorPaths(TraceConfig trace, EngineKind engine = EngineKind.Actors) =>
        (SimulationConfig.Paper with { Trace = trace, Engine = SimulationConfig.Paper.Engine with { Kind = engine } }).Validate().Select(e => e.Path).ToList();

    [Fact]
    public void Tracing_is_off_by_default_and_the_default_selection_enabled_is_valid()
    {
        Assert.False(SimulationConfig.Paper.Trace.Enabled);
        Assert.Empty(ErrorPaths(On));
        Assert.Equal(201, On.CountSteps(200));   // steps 0 … N
    }

    [Theory]
    [InlineData("5", 5, 5)]
    [InlineData("0..20", 0, 20)]
    [InlineData(" 3 .. 4 ", 3, 4)]
    public void A_step_or_a_range_reads_as_an_inclusive_range(string text, int first, int last)
    {
        Assert.True(StepRange.TryParse(text, out var range));
        Assert.Equal(new StepRange(first, last), range);
    }

    [Theory]
    [InlineData("5..2")]
    [InlineData("-1..2")]
    [InlineData("a..b")]
    [InlineData("1...3")]
    [InlineData("")]
    public void A_malformed_range_does_not_read(string text) => Assert.False(StepRange.TryParse(text, out _));

    [Fact]
    public void Overlapping_ranges_count_each_step_once_and_stop_at_the_close()
    {
        var trace = On with { Steps = [new StepRange(0, 10), new StepRange(5, 12), new StepRange(190, 400), new StepRange(300, 300)] };

        Assert.Equal(13 + 11, trace.CountSteps(200));
        Assert.True(trace.TracesStep(12));
        Assert.False(trace.TracesStep(13));
    }

    [Fact]
    public void Every_mistake_is_reported_with_its_field_path()
    {
        var trace = On with { Paths = [0, 1000, 0], Steps = [new StepRange(0, 201), new StepRange(4, 2)], Kinds = ["Fill", "Fills", "Fills"] };

        Assert.Equal(["trace.paths[1]", "trace.paths[2]", "trace.steps[0]", "trace.steps[1]", "trace.kinds[0]", "trace.kinds[2]"], ErrorPaths(trace));
    }

    [Fact]
    public void An_unknown_kind_names_the_known_ones_and_suggests_the_closest()
    {
        var error = Assert.Single((SimulationConfig.Paper with { Trace = On with { Kinds = ["fills"] } }).Validate());

        Assert.Contains("Tick, MidPrice, Quotes, Orders, Fills, Executions, BookClosed, StepDone", error.Message);
        Assert.Contains("did you mean 'Fills'?", error.Message);
    }

    [Fact]
    public void A_trace_larger_than_the_limit_is_refused_with_a_way_to_narrow_it_but_only_when_enabled()
    {
        var wide = TraceConfig.Off with { Paths = [.. Enumerable.Range(0, 200)] };   // 200 paths × 201 steps

        Assert.Empty(ErrorPaths(wide));
        var error = Assert.Single((SimulationConfig.Paper with { Trace = wide with { Enabled = true } }).Validate());
        Assert.Equal("trace", error.Path);
        Assert.Contains("40,200 path-steps", error.Message);
        Assert.Contains("narrow trace.steps", error.Message);
    }

    [Fact]
    public void The_reference_engine_refuses_an_enabled_trace()
    {
        Assert.Equal(["trace.enabled"], ErrorPaths(On, EngineKind.Reference));
        Assert.Empty(ErrorPaths(TraceConfig.Off, EngineKind.Reference));
    }

    [Fact]
    public void A_trace_lists_a_step_by_path_then_step_then_the_protocol_order_of_types_then_sender()
    {
        TraceRecord R(long path, int step, string kind, string sender = "a") => new(step, path, sender, "x", kind, []);
        var records = new[]
        {
            R(0, 1, "Tick"), R(0, 0, "StepDone", "recorder"), R(0, 0, "StepDone", "clock"), R(0, 0, "Fills"), R(0, 0, "Orders"),
            R(0, 0, "Quotes"), R(0, 0, "BookClosed"), R(0, 0, "MidPrice"), R(0, 0, "Tick"), R(1, 0, "Tick"),
        };

        Array.Sort(records, TraceOrder.Instance);

        Assert.Equal(["0/0 Tick", "0/0 MidPrice", "0/0 Quotes", "0/0 Orders", "0/0 Fills", "0/0 BookClosed", "0/0 StepDone clock",
                      "0/0 StepDone recorder", "0/1 Tick", "1/0 Tick"],
                     records.Select(r => $"{r.Path}/{r.Step} {r.Kind}{(r.Kind == "StepDone" ? " " + r.Sender : "")}"));
    }
}
