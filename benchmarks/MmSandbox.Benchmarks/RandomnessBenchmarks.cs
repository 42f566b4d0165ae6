using BenchmarkDotNet.Attributes;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Benchmarks;

/// <summary>The counter-based generator over a lane of 4096 stream keys; times are per path (one draw or one key).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class RandomnessBenchmarks
{
    private const int Lane = 4096;
    private const ulong Seed = 42;
    private readonly ulong[] _keys = new ulong[Lane];
    private readonly ulong[] _derived = new ulong[Lane];
    private readonly double[] _draws = new double[Lane];
    private ulong _counter;
    private long _firstPath;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Lane; i++) _keys[i] = StreamKey.For(Seed, i, Purpose.BidArrival);
    }

    /// <summary>One uniform per path, as a fill or binomial price step draws them.</summary>
    [Benchmark(OperationsPerInvoke = Lane)]
    public void Uniform()
    {
        ulong counter = _counter++;
        for (int i = 0; i < _keys.Length; i++) _draws[i] = CounterRng.Uniform(_keys[i], counter);
    }

    /// <summary>One standard normal per path (two uniforms, a log, a square root and a cosine), as the gaussian price model draws them.</summary>
    [Benchmark(OperationsPerInvoke = Lane)]
    public void StandardNormal()
    {
        ulong counter = _counter++;
        for (int i = 0; i < _keys.Length; i++) _draws[i] = CounterRng.StandardNormal(_keys[i], counter);
    }

    /// <summary>One stream key per path: <see cref="StreamKey.For"/> (three mixes).</summary>
    [Benchmark(OperationsPerInvoke = Lane)]
    public void StreamKeyFor()
    {
        long first = _firstPath;
        _firstPath += Lane;
        for (int i = 0; i < _derived.Length; i++) _derived[i] = StreamKey.For(Seed, first + i, Purpose.Price);
    }

    /// <summary>All four keys of each path and their arrays, as a lane's start derives them (<see cref="LaneKeys"/>).</summary>
    [Benchmark(OperationsPerInvoke = Lane)]
    public LaneKeys NewLaneKeys()
    {
        long first = _firstPath;
        _firstPath += Lane;
        return new LaneKeys(Seed, first, Lane);
    }
}
