using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using MmSandbox.Actors;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;

namespace MmSandbox.Benchmarks;

/// <summary>
/// Whole runs of both engines at lane sizes 1 … 16384 (<c>engine.lane_size</c>; the other engine settings
/// as in <see cref="SimulationConfig.Paper"/>: 4 lanes in flight, 2 actor pipelines).
/// Small lanes are slow on the actor engine, so the run has <see cref="PathsFor"/> paths: 16,384 from lanes
/// of 256 up, fewer below. <c>Mean</c> and <c>Allocated</c> are per run; the <c>ns/path-step</c>,
/// <c>M path-steps/s</c> and <c>B/path-step</c> columns divide by the run's paths × 200 steps.
/// The reference engine runs blocks of <see cref="ReferenceEngine.BlockSize"/> whatever the lane size,
/// so its rows are the control.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[Config(typeof(SweepConfig))]
public class LaneSizeSweepBenchmarks
{
    private SimulationConfig _config = null!;

    /// <summary>Paths per lane.</summary>
    [Params(1, 16, 256, 1024, 4096, 16384)]
    public int LaneSize { get; set; }

    /// <summary>Paths of the run at <paramref name="laneSize"/>: 256 lanes' worth, at least 1,024 and at most 16,384.</summary>
    public static int PathsFor(int laneSize) => Math.Clamp(laneSize * 256, 1024, 16_384);

    [GlobalSetup]
    public void Setup() => _config = Lanes.Paper(PathsFor(LaneSize), LaneSize);

    [Benchmark]
    public RunResult Reference() => ReferenceEngine.Run(_config);

    [Benchmark]
    public Task<RunResult> Actors() => new ActorEngine().RunAsync(_config);

    private sealed class SweepConfig : ManualConfig
    {
        public SweepConfig() => AddColumn(PathStepColumns.For(c => PathsFor((int)c.Parameters[nameof(LaneSize)]!) * (long)Lanes.PaperSteps));
    }
}
