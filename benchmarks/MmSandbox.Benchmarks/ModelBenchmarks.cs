using BenchmarkDotNet.Attributes;
using MmSandbox.Core.Model;

namespace MmSandbox.Benchmarks;

/// <summary>
/// One part of a step over a lane, on a lane about 50 steps into a run (<see cref="LaneTape"/>). Each invocation
/// covers <see cref="Lanes.PathStepsPerInvoke"/> path-steps (several lane-steps), so times are per path-step.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class ModelBenchmarks
{
    private ModelParameters _m = null!;
    private LaneTape _tape = null!;
    private LaneFrame _lane = null!;
    private double[] _reservation = [], _bid = [], _ask = [], _spread = [], _next = [], _inventory = [], _cash = [];
    private bool[] _bidFilled = [], _askFilled = [];
    private int _step;

    /// <summary>Paths per lane.</summary>
    [Params(1024, 4096)]
    public int LaneSize { get; set; }

    private int LaneSteps => Lanes.PathStepsPerInvoke / LaneSize;

    [GlobalSetup]
    public void Setup()
    {
        _m = new ModelParameters(Lanes.Paper(LaneSize, LaneSize));
        _tape = new LaneTape(_m, LaneSize);
        _lane = _tape.Last;
        _reservation = new double[LaneSize];
        _bid = new double[LaneSize];
        _ask = new double[LaneSize];
        _spread = new double[LaneSize];
        _next = new double[LaneSize];
        _inventory = (double[])_lane.Inventory.Clone();
        _cash = new double[LaneSize];
        _bidFilled = new bool[LaneSize];
        _askFilled = new bool[LaneSize];
    }

    /// <summary>The step after the last one timed, wrapping at N so τ stays in [dt, T].</summary>
    private int NextStep()
    {
        int step = _step;
        _step = step + 1 == _m.Steps ? 0 : step + 1;
        return step;
    }

    /// <summary><see cref="Quoting.Quote"/>: reservation, bid, ask and spread for every path.</summary>
    [Benchmark(OperationsPerInvoke = Lanes.PathStepsPerInvoke)]
    public void Quote()
    {
        for (int k = 0; k < LaneSteps; k++)
            Quoting.Quote(_m, NextStep(), _lane.Mid, _lane.Inventory, _reservation, _bid, _ask, _spread);
    }

    /// <summary><see cref="OrderFlow.DrawFills"/>: two fill probabilities (two exponentials) and two draws per path.</summary>
    [Benchmark(OperationsPerInvoke = Lanes.PathStepsPerInvoke)]
    public void DrawFills()
    {
        for (int k = 0; k < LaneSteps; k++)
            OrderFlow.DrawFills(_m, NextStep(), _tape.Keys, _lane.Mid, _lane.Bid, _lane.Ask, _bidFilled, _askFilled);
    }

    /// <summary><see cref="Accounting.Apply"/>: the fills of a step booked into inventory and cash.</summary>
    [Benchmark(OperationsPerInvoke = Lanes.PathStepsPerInvoke)]
    public void ApplyFills()
    {
        for (int k = 0; k < LaneSteps; k++)
            Accounting.Apply(_m, _lane.Bid, _lane.Ask, _lane.BidFilled, _lane.AskFilled, _inventory, _cash);
    }

    /// <summary><see cref="PriceProcess.Advance"/>: one binomial mid move per path.</summary>
    [Benchmark(OperationsPerInvoke = Lanes.PathStepsPerInvoke)]
    public void Advance()
    {
        for (int k = 0; k < LaneSteps; k++)
            PriceProcess.Advance(_m, NextStep(), _tape.Keys.Price, _lane.Mid, _next);
    }
}
