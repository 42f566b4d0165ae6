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
/// is sketched as its move from s0, so the error is relative to the move, not the price). Memory is
/// independent of the number of paths; merging is exact.
/// </summary>
public sealed class StepSeries
{
    private const int MantissaBits = 6;
    private const int MinExponent = -16;
    private const int MaxExponent = 20;
    private readonly double _s0;
    private readonly ExactSum[] _mid, _pnl, _inventory, _inventorySquare;
    private readonly QuantileSketch[] _midSketch, _pnlSketch, _inventorySketch;
    private readonly long[] _count;

    /// <summary>Empty series for steps 0 … <paramref name="steps"/> of mids that start at <paramref name="s0"/>.</summary>
    public StepSeries(int steps, double s0)
    {
        _s0 = s0;
        int n = steps + 1;
        _mid = new ExactSum[n];
        _pnl = new ExactSum[n];
        _inventory = new ExactSum[n];
        _inventorySquare = new ExactSum[n];
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

    /// <summary>Steps 0 … N.</summary>
    public int Length => _count.Length;

    /// <summary>Adds one path's state at step <paramref name="step"/>.</summary>
    public void Add(int step, double mid, double pnl, double inventory)
    {
        double move = mid - _s0;
        _mid[step].Add(move);
        _pnl[step].Add(pnl);
        _inventory[step].Add(inventory);
        _inventorySquare[step].Add(inventory * inventory);
        _midSketch[step].Add(move);
        _pnlSketch[step].Add(pnl);
        _inventorySketch[step].Add(inventory);
        _count[step]++;
    }

    /// <summary>The statistics of step <paramref name="step"/>.</summary>
    public StepStats At(int step)
    {
        double n = _count[step];
        double inventoryMean = _inventory[step].Value / n;
        double inventoryVariance = n > 1 ? (_inventorySquare[step].Value - _inventory[step].Value * inventoryMean) / (n - 1) : double.NaN;
        return new StepStats(step,
            _s0 + _mid[step].Value / n, _s0 + _midSketch[step].Quantile(0.05), _s0 + _midSketch[step].Quantile(0.50), _s0 + _midSketch[step].Quantile(0.95),
            _pnl[step].Value / n, _pnlSketch[step].Quantile(0.05), _pnlSketch[step].Quantile(0.50), _pnlSketch[step].Quantile(0.95),
            inventoryMean, Math.Sqrt(Math.Max(0, inventoryVariance)), _inventorySketch[step].Quantile(0.05), _inventorySketch[step].Quantile(0.95));
    }

    /// <summary>Every step's statistics, 0 … N.</summary>
    public IReadOnlyList<StepStats> ToList()
    {
        var rows = new StepStats[Length];
        for (int k = 0; k < rows.Length; k++) rows[k] = At(k);
        return rows;
    }
}
