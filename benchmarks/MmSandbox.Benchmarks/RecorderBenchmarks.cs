using BenchmarkDotNet.Attributes;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Benchmarks;

/// <summary>
/// <see cref="LaneRecorder.ObserveStep"/> over a lane: books rebuilt from fills, drawdown, the per-step
/// series, running sums and the look-back metrics (markouts at 1, 5, 10 steps, adverse selection, the
/// inventory-shock VaR). Steps run 0 … N − 1 and the lane restarts at N, as in a run; the inputs cycle
/// through the frames of a <see cref="LaneTape"/>. Times are per path-step.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class RecorderBenchmarks
{
    private ModelParameters _m = null!;
    private LaneTape _tape = null!;
    private LaneRecorder _recorder = null!;
    private int _step;

    /// <summary>Paths per lane.</summary>
    [Params(1024, 4096)]
    public int LaneSize { get; set; }

    /// <summary>The first paths recorded row by row (<c>output.record_paths</c>): 0 as <c>mmsandbox bench</c> runs, 100 as config/base.yaml.</summary>
    [Params(0, 100)]
    public int RecordPaths { get; set; }

    private int LaneSteps => Lanes.PathStepsPerInvoke / LaneSize;

    [GlobalSetup]
    public void Setup()
    {
        var config = Lanes.Paper(LaneSize, LaneSize, RecordPaths);
        _m = new ModelParameters(config);
        _tape = new LaneTape(_m, LaneSize);
        var run = new RunAccumulator(_m, config.Metrics, config.Output.RecordPaths);
        _recorder = new LaneRecorder(_m, config.Metrics, run);
        _recorder.Start(0, LaneSize);
        _step = 0;
    }

    [Benchmark(OperationsPerInvoke = Lanes.PathStepsPerInvoke)]
    public void ObserveStep()
    {
        for (int k = 0; k < LaneSteps; k++)
        {
            var f = _tape.Frames[_step % _tape.Frames.Length];
            _recorder.ObserveStep(_step, f.Mid, f.Reservation, f.Bid, f.Ask, f.Spread, f.BidFilled, f.AskFilled);
            if (++_step == _m.Steps)
            {
                _recorder.Start(0, LaneSize);
                _step = 0;
            }
        }
    }
}
