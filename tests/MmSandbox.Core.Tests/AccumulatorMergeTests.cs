using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

public sealed class AccumulatorMergeTests
{
    [Fact]
    public void Two_recorders_on_alternate_lanes_merged_give_the_bits_of_one_recorder_on_every_lane()
    {
        var config = SimulationConfig.Paper with { Paths = 300, Output = new OutputConfig(RecordPaths: 5) };
        var m = new ModelParameters(config);
        var single = new RunAccumulator(m, config.Metrics, 5);
        var first = new RunAccumulator(m, config.Metrics, 5);
        var second = first.Sibling();
        const int lane = 64;
        for (int start = 0, index = 0; start < config.Paths; start += lane, index++)
        {
            int n = Math.Min(lane, config.Paths - start);
            Simulate(m, config, single, start, n);
            Simulate(m, config, index % 2 == 0 ? first : second, start, n);
        }
        first.Merge(second);

        var expected = single.Finish(EngineKind.Reference, lane);
        var actual = first.Finish(EngineKind.Reference, lane);
        Assert.Equal(Describe(expected.Summary), Describe(actual.Summary));
        Assert.Equal(expected.Series, actual.Series);
        Assert.Equal(expected.TerminalPnl, actual.TerminalPnl);
        Assert.Equal(expected.RecordedPaths.Select(p => p.Path), actual.RecordedPaths.Select(p => p.Path));
    }

    private static void Simulate(ModelParameters m, SimulationConfig config, RunAccumulator run, long first, int n)
    {
        var recorder = new LaneRecorder(m, config.Metrics, run);
        var book = new MakerBook(m);
        var keys = new LaneKeys(m.Seed, first, n);
        var mid = Enumerable.Repeat(m.S0, n).ToArray();
        var next = new double[n];
        double[] r = new double[n], b = new double[n], a = new double[n], s = new double[n];
        bool[] bf = new bool[n], af = new bool[n];
        book.Start(n);
        recorder.Start(first, n);
        for (int k = 0; k < m.Steps; k++)
        {
            book.Quote(k, mid, r, b, a, s);
            OrderFlow.DrawFills(m, k, keys, mid, b, a, bf, af);
            book.Apply(b, a, bf, af);
            recorder.ObserveStep(k, mid, r, b, a, s, bf, af);
            PriceProcess.Advance(m, k, keys.Price, mid, next);
            (mid, next) = (next, mid);
        }
        recorder.ObserveClose(mid);
        recorder.Complete();
    }

    private static string Describe(RunSummary s) => string.Join("\n", typeof(RunSummary).GetProperties().Select(p => p.GetValue(s) switch
    {
        double d => BitConverter.DoubleToInt64Bits(d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join(";", list.Cast<object>()),
        var v => v?.ToString() ?? "null",
    }));
}
