using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Model;

namespace MmSandbox.Benchmarks;

/// <summary>The configurations and lane states the benchmarks run on: the paper's setup, no per-path rows.</summary>
public static class Lanes
{
    /// <summary>
    /// Path-steps done by one invocation of a lane benchmark, whatever its lane size (1024 → 16 lane-steps,
    /// 4096 → 4), so that <c>OperationsPerInvoke</c> can be one constant and the time reads per path-step.
    /// </summary>
    public const int PathStepsPerInvoke = 16_384;

    /// <summary>Steps of <see cref="SimulationConfig.Paper"/>: T / dt = 1 / 0.005.</summary>
    public const int PaperSteps = 200;

    /// <summary>The paper's setup with <paramref name="paths"/> paths in lanes of <paramref name="laneSize"/> and no recorded paths.</summary>
    public static SimulationConfig Paper(int paths, int laneSize, int recordPaths = 0)
    {
        var paper = SimulationConfig.Paper;
        var config = paper with
        {
            Paths = paths,
            Output = new OutputConfig(recordPaths),
            Engine = paper.Engine with { LaneSize = laneSize },
        };
        if (config.Steps != PaperSteps) throw new InvalidOperationException($"The paper's setup has {config.Steps} steps, not {PaperSteps}.");
        return config.EnsureValid();
    }
}

/// <summary>One step of a lane as the engine hands it on: the mids, the quotes made against them and which filled.</summary>
public sealed class LaneFrame(int count)
{
    /// <summary>Mids at the step.</summary>
    public double[] Mid { get; } = new double[count];
    /// <summary>The maker's inventory before the step's fills.</summary>
    public double[] Inventory { get; } = new double[count];
    /// <summary>Reservation prices.</summary>
    public double[] Reservation { get; } = new double[count];
    /// <summary>Bids (NaN: not quoted).</summary>
    public double[] Bid { get; } = new double[count];
    /// <summary>Asks (NaN: not quoted).</summary>
    public double[] Ask { get; } = new double[count];
    /// <summary>Full spreads.</summary>
    public double[] Spread { get; } = new double[count];
    /// <summary>Which bids filled.</summary>
    public bool[] BidFilled { get; } = new bool[count];
    /// <summary>Which asks filled.</summary>
    public bool[] AskFilled { get; } = new bool[count];
}

/// <summary>
/// A few consecutive steps of one lane of paths, made by the real model (quote, fill, book, move) in the
/// order of <see cref="ReferenceEngine"/> after some steps from the lane's flat start: inputs for the
/// benchmarks of one part of a step, with the spread inventories, skews and fill patterns of a run
/// rather than made-up ones. Few frames, so that reading them adds little memory traffic to a benchmark.
/// </summary>
public sealed class LaneTape
{
    /// <summary>
    /// Simulates <paramref name="warmSteps"/> + <paramref name="frames"/> steps of a lane of <paramref name="count"/>
    /// paths (the first paths of the run) and keeps the last <paramref name="frames"/>.
    /// </summary>
    public LaneTape(ModelParameters m, int count, int frames = 4, int warmSteps = 48)
    {
        Count = count;
        Keys = new LaneKeys(m.Seed, 0, count);
        var book = new MakerBook(m);
        book.Start(count);
        var mid = new double[count];
        Array.Fill(mid, m.S0);
        Frames = new LaneFrame[frames];
        var f = new LaneFrame(count);
        for (int step = 0; step < warmSteps + frames; step++)
        {
            if (step >= warmSteps) f = Frames[step - warmSteps] = new LaneFrame(count);
            mid.CopyTo(f.Mid);
            book.Inventory.CopyTo(f.Inventory);
            book.Quote(step, f.Mid, f.Reservation, f.Bid, f.Ask, f.Spread);
            OrderFlow.DrawFills(m, step, Keys, f.Mid, f.Bid, f.Ask, f.BidFilled, f.AskFilled);
            book.Apply(f.Bid, f.Ask, f.BidFilled, f.AskFilled);
            PriceProcess.Advance(m, step, Keys.Price, f.Mid, mid);
        }
    }

    /// <summary>Paths in the lane.</summary>
    public int Count { get; }

    /// <summary>The lane's stream keys.</summary>
    public LaneKeys Keys { get; }

    /// <summary>Consecutive steps of the lane.</summary>
    public LaneFrame[] Frames { get; }

    /// <summary>The last frame: the lane furthest from its flat start.</summary>
    public LaneFrame Last => Frames[^1];
}
