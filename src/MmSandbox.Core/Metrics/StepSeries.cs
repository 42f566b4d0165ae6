using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MmSandbox.Core.Metrics;

/// <summary>One step of <see cref="StepSeries"/>: the cross-path distribution of the mid, PnL and inventory.</summary>
public readonly record struct StepStats(
    int Step, double MidMean, double MidP05, double MidP50, double MidP95,
    double PnlMean, double PnlP05, double PnlP50, double PnlP95,
    double InventoryMean, double InventoryStd, double InventoryP05, double InventoryP95);

/// <summary>
/// The distribution over all paths of the mid, the mark-to-market PnL and the inventory at each step
/// 0 … N (after the step's fills; step N is the close), for the study's figures. Means come from exact
/// sums; quantiles from one small sketch per step and quantity (relative error 2⁻⁷ ≈ 0.8 %; the mid
/// is sketched as its move from s0, so the error is relative to the move, not the price). The series
/// keeps every stride-th step (at most <see cref="MaxRows"/> rows, the close always; every second step
/// of the paper's 200), so memory is bounded whatever the number of paths or steps; merging is exact.
/// </summary>
public sealed class StepSeries
{
    /// <summary>
    /// The most steps a series keeps: about a hundred points draw a smooth curve, and each kept row costs
    /// three sketch updates per path, a large share of the recorder's work.
    /// </summary>
    public const int MaxRows = 101;
    private const int MantissaBits = 6;
    private const int MinExponent = -10;
    private const int MaxExponent = 24;
    private readonly double _s0;
    private readonly int _steps;
    private readonly int _stride;
    private const double Scale = 16777216.0;   // 2^24: each term is rounded once to a multiple of 2^-24 ≈ 6·10⁻⁸
    private const double MaxTerm = 2147483648.0; // 2^31: a scaled term stays below 2^55, so 256 of them fit a long
    private const int Chunk = 256;
    private readonly Int128[] _mid, _pnl, _inventory, _inventorySquare;
    private readonly QuantileSketch[] _midSketch, _pnlSketch, _inventorySketch;
    private readonly long[] _count;

    /// <summary>Empty series for steps 0 … <paramref name="steps"/> of mids that start at <paramref name="s0"/>.</summary>
    public StepSeries(int steps, double s0)
    {
        _s0 = s0;
        _steps = steps;
        _stride = Math.Max(1, (steps + MaxRows - 2) / (MaxRows - 1));
        int n = steps / _stride + 1 + (steps % _stride == 0 ? 0 : 1);
        _mid = new Int128[n];
        _pnl = new Int128[n];
        _inventory = new Int128[n];
        _inventorySquare = new Int128[n];
        _count = new long[n];
        _midSketch = new QuantileSketch[n];
        _pnlSketch = new QuantileSketch[n];
        _inventorySketch = new QuantileSketch[n];
        for (int k = 0; k < n; k++)
        {
            _midSketch[k] = new QuantileSketch(MantissaBits, MinExponent, MaxExponent);
            _pnlSketch[k] = new QuantileSketch(MantissaBits, MinExponent, MaxExponent);
            _inventorySketch[k] = new QuantileSketch(MantissaBits, MinExponent, MaxExponent);
        }
    }

    /// <summary>Rows kept: steps 0, stride, 2·stride, … and N.</summary>
    public int Length => _count.Length;

    /// <summary>Every how many steps a row is kept (1 unless the run has more than <see cref="MaxRows"/> − 1 steps).</summary>
    public int Stride => _stride;

    /// <summary>Adds one path's state at step <paramref name="step"/>; steps between kept rows are skipped.</summary>
    public void Add(int step, double mid, double pnl, double inventory) => AddLane(step, [mid], [pnl], [inventory]);

    /// <summary>
    /// Adds the states of a lane's paths at step <paramref name="step"/>. Sums are fixed-point integers
    /// (order-free), summed in chunks of 256 in a long and then in 128 bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddLane(int step, ReadOnlySpan<double> mid, ReadOnlySpan<double> pnl, ReadOnlySpan<double> inventory)
    {
        if (step != _steps && step % _stride != 0) return;
        if (pnl.Length < mid.Length || inventory.Length < mid.Length)
            throw new ArgumentException("Every span must hold a value per path of the lane.", nameof(mid));
        int row = step == _steps ? _count.Length - 1 : step / _stride;
        ref double midAt = ref MemoryMarshal.GetReference(mid), pnlAt = ref MemoryMarshal.GetReference(pnl);
        ref double inventoryAt = ref MemoryMarshal.GetReference(inventory);
        var midSketch = _midSketch[row];
        var pnlSketch = _pnlSketch[row];
        var inventorySketch = _inventorySketch[row];
        for (int start = 0; start < mid.Length; start += Chunk)
        {
            int end = Math.Min(start + Chunk, mid.Length), i = start;
            long m = 0, p = 0, q = 0, q2 = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var s0 = Vector256.Create(_s0);
                Vector256<long> mv = default, pv = default, qv = default, q2v = default;
                for (; i + 4 <= end; i += 4)
                {
                    var move = Vector256.LoadUnsafe(ref midAt, (nuint)i) - s0;
                    var value = Vector256.LoadUnsafe(ref pnlAt, (nuint)i);
                    var units = Vector256.LoadUnsafe(ref inventoryAt, (nuint)i);
                    var square = units * units;
                    // Out of range (or NaN): the scalar form below throws for it.
                    var inRange = Vector256.LessThan(Vector256.Abs(move), MaxTermVector) & Vector256.LessThan(Vector256.Abs(value), MaxTermVector)
                        & Vector256.LessThan(Vector256.Abs(units), MaxTermVector) & Vector256.LessThan(Vector256.Abs(square), MaxTermVector);
                    if (!Vector256.EqualsAll(inRange.AsInt64(), Vector256<long>.AllBitsSet)) break;
                    mv += Fixed(move);
                    pv += Fixed(value);
                    qv += Fixed(units);
                    q2v += Fixed(square);
                    midSketch.Add(move);
                    pnlSketch.Add(value);
                    inventorySketch.Add(units);
                }
                m = Vector256.Sum(mv);
                p = Vector256.Sum(pv);
                q = Vector256.Sum(qv);
                q2 = Vector256.Sum(q2v);
            }
            for (; i < end; i++)
            {
                double move = mid[i] - _s0, value = pnl[i], units = inventory[i];
                m += Fixed(move);
                p += Fixed(value);
                q += Fixed(units);
                q2 += Fixed(units * units);
                midSketch.Add(move);
                pnlSketch.Add(value);
                inventorySketch.Add(units);
            }
            _mid[row] += m;
            _pnl[row] += p;
            _inventory[row] += q;
            _inventorySquare[row] += q2;
        }
        _count[row] += mid.Length;
    }

    /// <summary>Folds in a series of the same run over other paths; exact.</summary>
    public void Merge(StepSeries other)
    {
        if (other._count.Length != _count.Length || other._stride != _stride)
            throw new ArgumentException("Only series of the same run merge.", nameof(other));
        for (int row = 0; row < _count.Length; row++)
        {
            _mid[row] += other._mid[row];
            _pnl[row] += other._pnl[row];
            _inventory[row] += other._inventory[row];
            _inventorySquare[row] += other._inventorySquare[row];
            _midSketch[row].Add(other._midSketch[row]);
            _pnlSketch[row].Add(other._pnlSketch[row]);
            _inventorySketch[row].Add(other._inventorySketch[row]);
            _count[row] += other._count[row];
        }
    }

    private static long Fixed(double term) => Math.Abs(term) < MaxTerm
        ? (long)Math.Round(term * Scale)
        : throw new OverflowException($"A series value of {term} is outside ±2^31 (or not a number).");

    private static readonly Vector256<double> MaxTermVector = Vector256.Create(MaxTerm);

    // Math.Round and Vector256.Round both round half to even; the rounded value is an integer below 2^55, exact as a long.
    private static Vector256<long> Fixed(Vector256<double> term) => Vector256.ConvertToInt64(Vector256.Round(term * Vector256.Create(Scale)));

    private static double Value(Int128 total) => (double)total / Scale;

    /// <summary>The statistics of kept row <paramref name="row"/>.</summary>
    public StepStats At(int row)
    {
        int step = row == _count.Length - 1 ? _steps : row * _stride;
        double n = _count[row];
        double inventoryMean = Value(_inventory[row]) / n;
        double inventoryVariance = n > 1 ? (Value(_inventorySquare[row]) - Value(_inventory[row]) * inventoryMean) / (n - 1) : double.NaN;
        return new StepStats(step,
            _s0 + Value(_mid[row]) / n, _s0 + _midSketch[row].Quantile(0.05), _s0 + _midSketch[row].Quantile(0.50), _s0 + _midSketch[row].Quantile(0.95),
            Value(_pnl[row]) / n, _pnlSketch[row].Quantile(0.05), _pnlSketch[row].Quantile(0.50), _pnlSketch[row].Quantile(0.95),
            inventoryMean, Math.Sqrt(Math.Max(0, inventoryVariance)), _inventorySketch[row].Quantile(0.05), _inventorySketch[row].Quantile(0.95));
    }

    /// <summary>Every kept row's statistics, in step order.</summary>
    public IReadOnlyList<StepStats> ToList()
    {
        var rows = new StepStats[Length];
        for (int k = 0; k < rows.Length; k++) rows[k] = At(k);
        return rows;
    }
}
