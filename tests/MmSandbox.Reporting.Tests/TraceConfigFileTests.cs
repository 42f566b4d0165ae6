using MmSandbox.Core.Config;
using MmSandbox.Core.Tracing;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Tracing;

namespace MmSandbox.Reporting.Tests;

public sealed class TraceConfigFileTests
{
    [Fact]
    public void A_trace_section_loads_with_ranges_single_steps_and_kinds()
    {
        var config = ConfigLoader.LoadText("""
            paths: 10
            trace:
              enabled: true
              paths: [3, 0]
              steps: [0..20, 50, "198..200"]
              kinds: [Quotes, Fills]
            """, "trace.yaml");

        Assert.True(config.Trace.Enabled);
        Assert.Equal([3, 0], config.Trace.Paths);
        Assert.Equal([new StepRange(0, 20), new StepRange(50, 50), new StepRange(198, 200)], config.Trace.Steps!);
        Assert.Equal(["Quotes", "Fills"], config.Trace.Kinds!);
    }

    [Fact]
    public void One_range_as_a_scalar_and_null_for_every_step_and_kind()
    {
        var range = ConfigLoader.LoadText("trace: { steps: 0..20 }", "a.yaml").Trace;
        var all = ConfigLoader.LoadText("trace: { enabled: true, steps: null, kinds: null }", "b.yaml").Trace;

        Assert.Equal([new StepRange(0, 20)], range.Steps!);
        Assert.False(range.Enabled);
        Assert.Null(all.Steps);
        Assert.Null(all.Kinds);
    }

    [Fact]
    public void The_trace_section_can_be_set_from_the_command_line()
    {
        var config = ConfigLoader.LoadText("", "run.yaml", ["trace.enabled=true", "trace.paths=[2]", "trace.steps=5..9"]);

        Assert.True(config.Trace.Enabled);
        Assert.Equal([2], config.Trace.Paths);
        Assert.Equal([new StepRange(5, 9)], config.Trace.Steps!);
    }

    [Fact]
    public void A_config_without_a_trace_is_written_without_a_trace_section()
    {
        Assert.DoesNotContain("trace", ConfigWriter.ToYaml(SimulationConfig.Paper), StringComparison.Ordinal);
        Assert.DoesNotContain("trace", ConfigWriter.ToYaml(SimulationConfig.Paper with { Trace = TraceConfig.Off with { Paths = [4] } }), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enabled_trace_is_written_last_and_loads_back_equal()
    {
        var config = SimulationConfig.Paper with
        {
            Trace = new TraceConfig(true, [5, 1], [new StepRange(0, 20), new StepRange(30, 30)], ["MidPrice", "Fills"]),
        };

        var yaml = ConfigWriter.ToYaml(config);
        var loaded = ConfigLoader.LoadText(yaml, "config_used.yaml");

        Assert.EndsWith("trace:\n  enabled: true\n  paths: [5, 1]\n  steps: [0..20, 30]\n  kinds: [MidPrice, Fills]\n", yaml, StringComparison.Ordinal);
        Assert.Equal(config.Trace.Paths, loaded.Trace.Paths);
        Assert.Equal(config.Trace.Steps!, loaded.Trace.Steps!);
        Assert.Equal(config.Trace.Kinds!, loaded.Trace.Kinds!);
        Assert.Equal(yaml, ConfigWriter.ToYaml(loaded));
    }

    [Fact]
    public void A_trace_file_reads_back_every_value_bit_for_bit_with_nan_and_nested_fields()
    {
        using var folder = new TempFolder();
        var file = folder.File("trace.jsonl");
        var records = new[]
        {
            new TraceRecord(3, 7, "order-flow", "recorder", "Fills",
            [
                new TraceField("quotes", new List<TraceField> { new("bid", 0.1 + 0.2), new("ask", double.NaN) }),
                new TraceField("bid_filled", true),
                new TraceField("count", 12L),
                new TraceField("who", "noise-trader"),
            ]),
            new TraceRecord(200, 7, "clock", "price-feed", "Tick", []),
        };

        TraceFile.Write(file, records, dt: 0.005);
        var lines = TraceFile.Read(file).ToList();

        Assert.Equal("""{"time":0.015,"step":3,"path":7,"sender":"order-flow","receiver":"recorder","type":"Fills","payload":{"quotes":{"bid":0.30000000000000004,"ask":"NaN"},"bid_filled":true,"count":12,"who":"noise-trader"}}""",
                     File.ReadLines(file).First());
        Assert.Equal([0.015, 1.0], lines.Select(l => l.Time));
        Assert.Equal(0.1 + 0.2, TraceFile.Number(TraceFile.Field(lines[0].Record.Payload, "quotes.bid")));
        Assert.True(double.IsNaN(TraceFile.Number(TraceFile.Field(lines[0].Record.Payload, "quotes.ask"))));
        Assert.Equal(true, TraceFile.Field(lines[0].Record.Payload, "bid_filled"));
        Assert.Equal(("clock", "price-feed", "Tick", 2), (lines[1].Record.Sender, lines[1].Record.Receiver, lines[1].Record.Kind, lines[1].Line));
        Assert.EndsWith("\n", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"time\":0", "not a JSON line")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"time\":0,\"step\":1,\"path\":0,\"sender\":\"a\",\"receiver\":\"b\",\"type\":\"Tick\"}", "'payload' is missing")]
    [InlineData("{\"time\":0,\"step\":\"one\",\"path\":0,\"sender\":\"a\",\"receiver\":\"b\",\"type\":\"Tick\",\"payload\":{}}", "not a trace record")]
    public void A_line_that_is_not_a_trace_record_is_named_by_file_and_line(string bad, string fragment)
    {
        using var folder = new TempFolder();
        var file = folder.File("bad.jsonl");
        File.WriteAllText(file, "{\"time\":0,\"step\":0,\"path\":0,\"sender\":\"a\",\"receiver\":\"b\",\"type\":\"Tick\",\"payload\":{}}\n\n" + bad + "\n");

        var e = Assert.Throws<TraceFileException>(() => TraceFile.Read(file).ToList());

        Assert.StartsWith($"{file}:3: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }
}
