using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MmSandbox.Actors;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Benchmarks;

/// <summary>
/// One whole step of the reference engine over one lane, in the order <see cref="ReferenceEngine.Run"/>
/// calls the model: quote, draw fills, book, record, move. The lane runs steps 0 … N − 1, closes
/// (<see cref="LaneRecorder.ObserveClose"/> and the reconciliation of books) and restarts. Times are per path-step.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class ReferenceStepBenchmarks
{
    private ModelParameters _m = null!;
    private MakerBook _book = null!;
    private LaneRecorder _recorder = null!;
    private LaneKeys _keys;
    private double[] _mid = [], _next = [], _reservation = [], _bid = [], _ask = [], _spread = [];
    private bool[] _bidFilled = [], _askFilled = [];
    private int _step;

    /// <summary>Paths per lane (the reference engine itself runs blocks of <see cref="ReferenceEngine.BlockSize"/>).</summary>
    [Params(1024, 4096)]
    public int LaneSize { get; set; }

    private int LaneSteps => Lanes.PathStepsPerInvoke / LaneSize;

    [GlobalSetup]
    public void Setup()
    {
        var config = Lanes.Paper(LaneSize, LaneSize);
        _m = new ModelParameters(config);
        var run = new RunAccumulator(_m, config.Metrics, config.Output.RecordPaths);
        _recorder = new LaneRecorder(_m, config.Metrics, run);
        _book = new MakerBook(_m);
        _keys = new LaneKeys(_m.Seed, 0, LaneSize);
        _mid = new double[LaneSize];
        _next = new double[LaneSize];
        _reservation = new double[LaneSize];
        _bid = new double[LaneSize];
        _ask = new double[LaneSize];
        _spread = new double[LaneSize];
        _bidFilled = new bool[LaneSize];
        _askFilled = new bool[LaneSize];
        StartLane();
    }

    private void StartLane()
    {
        Array.Fill(_mid, _m.S0);
        _book.Start(LaneSize);
        _recorder.Start(0, LaneSize);
        _step = 0;
    }

    [Benchmark(OperationsPerInvoke = Lanes.PathStepsPerInvoke)]
    public void Step()
    {
        for (int k = 0; k < LaneSteps; k++)
        {
            int step = _step;
            _book.Quote(step, _mid, _reservation, _bid, _ask, _spread);
            OrderFlow.DrawFills(_m, step, _keys, _mid, _bid, _ask, _bidFilled, _askFilled);
            _book.Apply(_bid, _ask, _bidFilled, _askFilled);
            _recorder.ObserveStep(step, _mid, _reservation, _bid, _ask, _spread, _bidFilled, _askFilled);
            PriceProcess.Advance(_m, step, _keys.Price, _mid, _next);
            (_mid, _next) = (_next, _mid);
            if (++_step == _m.Steps)
            {
                _recorder.ObserveClose(_mid);
                Reconciliation.Check(0, _book.Inventory, _book.Cash, _recorder.Inventory, _recorder.Cash);
                StartLane();
            }
        }
    }
}

/// <summary>
/// Whole runs of 4096 paths × 200 steps (lanes of 1024, other engine settings as in
/// <see cref="SimulationConfig.Paper"/>, no recorded paths), one per
/// invocation, per path-step: for the actor engine that includes starting and stopping its ActorSystem.
/// The reference engine's run is here for the ratio.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class EngineRunBenchmarks
{
    private const int Paths = 4096;
    private const int PathSteps = Paths * Lanes.PaperSteps;
    private readonly SimulationConfig _config = Lanes.Paper(Paths, laneSize: 1024);

    [Benchmark(OperationsPerInvoke = PathSteps)]
    public Task<RunResult> ActorRun() => new ActorEngine().RunAsync(_config);

    [Benchmark(OperationsPerInvoke = PathSteps, Baseline = true)]
    public RunResult ReferenceRun() => ReferenceEngine.Run(_config);
}
