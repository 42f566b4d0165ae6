using System.Runtime.CompilerServices;
using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Core.Metrics;

/// <summary>One path's results, handed over when its lane closes.</summary>
public readonly record struct PathResult(
    double TerminalPnl, double FinalInventory, double MaxDrawdown,
    double SpreadSum, double InventorySum, double InventorySquareSum, double InventoryAbsSum);

/// <summary>
/// A lane's totals over its paths and steps: fills on each side, path-steps at the inventory limit, and the largest |q|.
/// Integer counts and a maximum, so their run totals do not depend on how paths were grouped into lanes.
/// </summary>
public readonly record struct LaneTotals(long BidFills, long AskFills, long StepsAtLimit, double InventoryAbsMax);

/// <summary>
/// The whole run's metrics. Per-path terminal values are kept one per path (for exact quantiles);
/// everything pooled over paths and steps is held in exact sums, counts and quantile sketches, so
/// memory does not grow with paths × steps and lanes may arrive in any order.
/// </summary>
public sealed class RunAccumulator
{
    private readonly ModelParameters _m;
    private readonly MetricsConfig _metrics;
    private readonly double[] _pnl, _finalInventory, _maxDrawdown;
    private readonly bool[] _seen;
    private readonly List<RecordedPath> _recorded = [];
    private readonly ExactSum[] _markoutSum, _markoutSquareSum;
    private readonly long[] _markoutCount, _markoutNegative;
    private ExactSum _spread, _inventory, _inventorySquare, _inventoryAbs;
    private double _inventoryAbsMax;
    private long _bidFills, _askFills, _stepsAtLimit, _adverseFills, _adverseCount, _pathsAdded;

    /// <summary>Creates an empty accumulator for a run.</summary>
    public RunAccumulator(ModelParameters m, MetricsConfig metrics, int recordPaths)
        : this(m, metrics, recordPaths, null)
    {
    }

    private RunAccumulator(ModelParameters m, MetricsConfig metrics, int recordPaths, RunAccumulator? sharesPathsWith)
    {
        _m = m;
        _metrics = metrics;
        RecordPaths = recordPaths;
        _pnl = sharesPathsWith?._pnl ?? new double[m.Paths];
        _finalInventory = sharesPathsWith?._finalInventory ?? new double[m.Paths];
        _maxDrawdown = sharesPathsWith?._maxDrawdown ?? new double[m.Paths];
        _seen = sharesPathsWith?._seen ?? new bool[m.Paths];
        int horizons = metrics.MarkoutHorizons.Count;
        _markoutSum = new ExactSum[horizons];
        _markoutSquareSum = new ExactSum[horizons];
        _markoutCount = new long[horizons];
        _markoutNegative = new long[horizons];
        Series = new StepSeries(m.Steps, m.S0);
        MarkoutSketches = new QuantileSketch[horizons];
        for (int h = 0; h < horizons; h++) MarkoutSketches[h] = new QuantileSketch();
    }

    /// <summary>
    /// An accumulator for another recorder of the same run (other lanes, maybe another thread) that writes
    /// its per-path results into this one's per-path arrays, so memory per path is paid once. The two write
    /// disjoint paths; their pooled parts stay separate until <see cref="Merge"/>.
    /// </summary>
    public RunAccumulator Sibling() => new(_m, _metrics, RecordPaths, this) { Participants = Participants };

    /// <summary>The extra participants' per-path results (shared by siblings); null when the run has none.</summary>
    public ParticipantResults? Participants { get; private set; }

    /// <summary>Makes room for <paramref name="participants"/>' results (call before any sibling is made); returns this.</summary>
    public RunAccumulator WithParticipants(IReadOnlyList<ParticipantConfig> participants)
    {
        Participants = participants.Count == 0 ? null : new ParticipantResults(_m.Paths, participants, RecordPaths);
        return this;
    }

    /// <summary>Paths with index below this are recorded row by row.</summary>
    public int RecordPaths { get; }

    /// <summary>Per-fill markouts, one sketch per configured horizon.</summary>
    public QuantileSketch[] MarkoutSketches { get; }

    /// <summary>Inventory shocks q_t·(mid_{t+h} − mid_t) at the VaR horizon, pooled over paths and t.</summary>
    public QuantileSketch InventoryShock { get; } = new();

    /// <summary>The cross-path distribution of mid, PnL and inventory per step.</summary>
    public StepSeries Series { get; }

    /// <summary>Paths handed over so far.</summary>
    public long PathsAdded => _pathsAdded;

    /// <summary>Takes one path's results.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddPath(long path, in PathResult r)
    {
        if (_seen[path]) throw new InvalidOperationException($"Path {path} was reported twice.");
        _seen[path] = true;
        _pathsAdded++;
        _pnl[path] = r.TerminalPnl;
        _finalInventory[path] = r.FinalInventory;
        _maxDrawdown[path] = r.MaxDrawdown;
        _spread.Add(r.SpreadSum);
        _inventory.Add(r.InventorySum);
        _inventorySquare.Add(r.InventorySquareSum);
        _inventoryAbs.Add(r.InventoryAbsSum);
    }

    /// <summary>Takes a lane's totals of fills, steps at the limit and largest |q|.</summary>
    public void AddLaneTotals(in LaneTotals totals)
    {
        _bidFills += totals.BidFills;
        _askFills += totals.AskFills;
        _stepsAtLimit += totals.StepsAtLimit;
        _inventoryAbsMax = Math.Max(_inventoryAbsMax, totals.InventoryAbsMax);
    }

    /// <summary>Takes one path's markout sums at horizon index <paramref name="h"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddMarkouts(int h, double sum, double squareSum)
    {
        _markoutSum[h].Add(sum);
        _markoutSquareSum[h].Add(squareSum);
    }

    /// <summary>
    /// Takes a lane's counts of the look-back metrics: per markout horizon the markouts and the negative ones, and the
    /// fills judged for adverse selection and the adverse ones. Integer counts: their sum does not depend on the order.
    /// </summary>
    public void AddLookBackCounts(ReadOnlySpan<long> markoutCount, ReadOnlySpan<long> markoutNegative, long adverseFills, long adverseCount)
    {
        for (int h = 0; h < _markoutCount.Length; h++)
        {
            _markoutCount[h] += markoutCount[h];
            _markoutNegative[h] += markoutNegative[h];
        }
        _adverseFills += adverseFills;
        _adverseCount += adverseCount;
    }

    /// <summary>
    /// Folds in another accumulator of the same run that saw other paths (a second recorder working on
    /// other lanes). Every part merges exactly, so the result does not depend on which recorder saw which lane.
    /// </summary>
    public void Merge(RunAccumulator other)
    {
        if (other._pnl.Length != _pnl.Length || other._markoutSum.Length != _markoutSum.Length)
            throw new ArgumentException("Only accumulators of the same run merge.", nameof(other));
        for (int path = 0; !ReferenceEquals(other._seen, _seen) && path < other._seen.Length; path++)
        {
            if (!other._seen[path]) continue;
            if (_seen[path]) throw new InvalidOperationException($"Path {path} was reported by two recorders.");
            _seen[path] = true;
            _pnl[path] = other._pnl[path];
            _finalInventory[path] = other._finalInventory[path];
            _maxDrawdown[path] = other._maxDrawdown[path];
        }
        _pathsAdded += other._pathsAdded;
        _spread.Add(other._spread);
        _inventory.Add(other._inventory);
        _inventorySquare.Add(other._inventorySquare);
        _inventoryAbs.Add(other._inventoryAbs);
        _inventoryAbsMax = Math.Max(_inventoryAbsMax, other._inventoryAbsMax);
        _stepsAtLimit += other._stepsAtLimit;
        _bidFills += other._bidFills;
        _askFills += other._askFills;
        _adverseFills += other._adverseFills;
        _adverseCount += other._adverseCount;
        for (int h = 0; h < _markoutSum.Length; h++)
        {
            _markoutSum[h].Add(other._markoutSum[h]);
            _markoutSquareSum[h].Add(other._markoutSquareSum[h]);
            _markoutCount[h] += other._markoutCount[h];
            _markoutNegative[h] += other._markoutNegative[h];
            MarkoutSketches[h].Add(other.MarkoutSketches[h]);
        }
        InventoryShock.Add(other.InventoryShock);
        Series.Merge(other.Series);
        _recorded.AddRange(other._recorded);
    }

    /// <summary>Takes one recorded path.</summary>
    public void AddRecorded(RecordedPath path) => _recorded.Add(path);

    /// <summary>The KPIs over all paths and the recorded paths in path order; every path must have been added.</summary>
    public RunResult Finish(EngineKind engine, int laneSize)
    {
        if (_pathsAdded != _m.Paths)
            throw new InvalidOperationException($"Only {_pathsAdded} of {_m.Paths} paths were reported.");
        double n = _m.Paths, pathSteps = n * _m.Steps;
        // One sorted copy serves the PnL quantiles and then, negated and reversed in place, the losses.
        var sorted = Sorted(_pnl);
        double pnlMin = sorted[0], pnlMax = sorted[^1];
        double p05 = Statistics.Quantile(sorted, 0.05), p25 = Statistics.Quantile(sorted, 0.25), p50 = Statistics.Quantile(sorted, 0.50);
        double p75 = Statistics.Quantile(sorted, 0.75), p95 = Statistics.Quantile(sorted, 0.95);
        sorted.AsSpan().Reverse();
        for (int i = 0; i < sorted.Length; i++) sorted[i] = -sorted[i];
        var tail = _metrics.VarLevels.Select(level =>
        {
            var (var, es) = Statistics.TailRisk(sorted, level);
            return new TailRisk(level, var, es);
        }).ToArray();
        var inventoryVar = _metrics.VarLevels.Select(level => new TailRisk(level, 0.0 - InventoryShock.LowerTailQuantile(level), double.NaN)).ToArray();
        // Integer totals below 2^53: exact as doubles, the same as summing the paths' counts one by one.
        double bidSum = _bidFills, askSum = _askFills, fillSum = _bidFills + _askFills;
        double inventoryMean = _inventory.Value / pathSteps;
        double inventoryVariance = (_inventorySquare.Value - _inventory.Value * inventoryMean) / Math.Max(1, pathSteps - 1);
        var markouts = new MarkoutStats[_metrics.MarkoutHorizons.Count];
        for (int h = 0; h < markouts.Length; h++)
        {
            long count = _markoutCount[h];
            double mean = count == 0 ? double.NaN : _markoutSum[h].Value / count;
            double std = count < 2 ? double.NaN
                : Math.Sqrt(Math.Max(0, (_markoutSquareSum[h].Value - _markoutSum[h].Value * mean) / (count - 1)));
            var sketch = MarkoutSketches[h];
            markouts[h] = new MarkoutStats(_metrics.MarkoutHorizons[h], count, mean, std,
                sketch.Quantile(0.05), sketch.Quantile(0.25), sketch.Quantile(0.50), sketch.Quantile(0.75), sketch.Quantile(0.95),
                count == 0 ? double.NaN : (double)_markoutNegative[h] / count);
        }
        double pnlMean = Statistics.Mean(_pnl), pnlStd = Statistics.StandardDeviation(_pnl);
        var summary = new RunSummary
        {
            Seed = _m.Seed,
            Paths = _m.Paths,
            Steps = _m.Steps,
            Dt = _m.Dt,
            Horizon = _m.Horizon,
            Engine = engine,
            LaneSize = laneSize,
            Strategy = _m.Strategy,
            Gamma = _m.Gamma,
            SpreadMean = _spread.Value / pathSteps,
            PnlMean = pnlMean,
            PnlStd = pnlStd,
            PnlMin = pnlMin,
            PnlP05 = p05,
            PnlP25 = p25,
            PnlP50 = p50,
            PnlP75 = p75,
            PnlP95 = p95,
            PnlMax = pnlMax,
            PnlSharpe = pnlStd > 0 ? pnlMean / pnlStd : double.NaN,
            MaxDrawdownMean = Statistics.Mean(_maxDrawdown),
            TailRisk = tail,
            FinalInventoryMean = Statistics.Mean(_finalInventory),
            FinalInventoryStd = Statistics.StandardDeviation(_finalInventory),
            InventoryStd = Math.Sqrt(Math.Max(0, inventoryVariance)),
            InventoryAbsMean = _inventoryAbs.Value / pathSteps,
            InventoryAbsMax = _inventoryAbsMax,
            TimeAtMaxInventory = double.IsPositiveInfinity(_m.MaxInventory) ? 0 : _stepsAtLimit / pathSteps,
            TradesPerPathMean = fillSum / n,
            BidFillsPerPathMean = bidSum / n,
            AskFillsPerPathMean = askSum / n,
            Markouts = markouts,
            AdverseHorizonSteps = _metrics.AdverseHorizonSteps,
            AdverseSelectionRate = _adverseFills == 0 ? double.NaN : (double)_adverseCount / _adverseFills,
            VarHorizonSteps = _metrics.VarHorizonSteps,
            InventoryVar = inventoryVar,
            Participants = Participants?.Summaries() ?? [],
        };
        return new RunResult(summary, [.. _recorded.OrderBy(r => r.Path)], _pnl, _finalInventory, Series.ToList())
        {
            ParticipantTrades = Participants?.Trades() ?? [],
        };
    }

    private static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Statistics.SortAscending(copy);
        return copy;
    }
}
