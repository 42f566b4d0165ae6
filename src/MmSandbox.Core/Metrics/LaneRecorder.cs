using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Metrics;

/// <summary>
/// The metrics of one lane of paths, updated step by step in one streaming pass. It rebuilds each
/// path's inventory and cash from the fills alone (with <see cref="Accounting"/>), keeps a short
/// ring of past fills and mids for the look-ahead metrics, and hands per-path results to a
/// <see cref="RunAccumulator"/> when the lane closes. Per-path sums run in step order and are
/// merged exactly, so the result does not depend on how paths are grouped into lanes.
/// </summary>
public sealed class LaneRecorder
{
    private readonly ModelParameters _m;
    private readonly RunAccumulator _run;
    private readonly int[] _horizons;
    private readonly int _adverseHorizon;
    private readonly int _varHorizon;
    private readonly int _ring;
    private long _firstPath;
    private int _count;

    private double[] _inventory = [], _cash = [], _peak = [], _maxDrawdown = [], _terminalPnl = [];
    private int[] _bidFills = [], _askFills = [], _atLimit = [], _adverseFills = [], _adverseCount = [];
    private double[] _spreadSum = [], _inventorySum = [], _inventorySquareSum = [], _inventoryAbsSum = [], _inventoryAbsMax = [];
    private double[][] _markoutSum = [], _markoutSquareSum = [];
    private int[][] _markoutCount = [], _markoutNegative = [];
    private double[] _ringBid = [], _ringAsk = [], _ringMid = [], _ringInventory = [];
    private RecordedPath?[] _recorded = [];

    /// <summary>Creates a recorder for lanes of a run; call <see cref="Start"/> before each lane.</summary>
    public LaneRecorder(ModelParameters m, MetricsConfig metrics, RunAccumulator run)
    {
        _m = m;
        _run = run;
        _horizons = [.. metrics.MarkoutHorizons];
        _adverseHorizon = metrics.AdverseHorizonSteps;
        _varHorizon = metrics.VarHorizonSteps;
        _ring = metrics.MaxHorizon + 1;
    }

    /// <summary>The first global path of the current lane.</summary>
    public long FirstPath => _firstPath;

    /// <summary>Paths in the current lane.</summary>
    public int Count => _count;

    /// <summary>Inventory per path, rebuilt from fills alone.</summary>
    public ReadOnlySpan<double> Inventory => _inventory.AsSpan(0, _count);

    /// <summary>Cash per path, rebuilt from fills alone.</summary>
    public ReadOnlySpan<double> Cash => _cash.AsSpan(0, _count);

    /// <summary>Clears the state for a lane of paths <paramref name="firstPath"/> … + <paramref name="count"/> − 1; reuses buffers.</summary>
    public void Start(long firstPath, int count)
    {
        _firstPath = firstPath;
        _count = count;
        if (_inventory.Length < count) Allocate(count);
        Array.Clear(_inventory); Array.Clear(_cash); Array.Clear(_peak); Array.Clear(_maxDrawdown);
        Array.Clear(_bidFills); Array.Clear(_askFills); Array.Clear(_atLimit); Array.Clear(_adverseFills); Array.Clear(_adverseCount);
        Array.Clear(_spreadSum); Array.Clear(_inventorySum); Array.Clear(_inventorySquareSum); Array.Clear(_inventoryAbsSum); Array.Clear(_inventoryAbsMax);
        for (int h = 0; h < _horizons.Length; h++)
        {
            Array.Clear(_markoutSum[h]); Array.Clear(_markoutSquareSum[h]); Array.Clear(_markoutCount[h]); Array.Clear(_markoutNegative[h]);
        }
        for (int i = 0; i < count; i++)
        {
            long path = firstPath + i;
            _recorded[i] = path < _run.RecordPaths ? new RecordedPath(path, _m.Steps) : null;
        }
    }

    /// <summary>Step k &lt; N: the mid, the quotes and which of them filled (fills happen at these quotes, before the mid moves).</summary>
    public void ObserveStep(int step, ReadOnlySpan<double> mid, ReadOnlySpan<double> reservation, ReadOnlySpan<double> bid,
                            ReadOnlySpan<double> ask, ReadOnlySpan<double> spread, ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled)
    {
        int slot = step % _ring;
        for (int i = 0; i < _count; i++)
        {
            double s = mid[i];
            LookBack(step, i, s);
            double q = _inventory[i], c = _cash[i];
            var recorded = _recorded[i];
            if (askFilled[i])
            {
                Accounting.Sell(_m, ask[i], ref q, ref c);
                _askFills[i]++;
                recorded?.Trades.Add(new TradeRecord(step, TradeSide.Sell, ask[i], _m.OrderSize, s, Accounting.Fee(_m, ask[i]), q, c));
            }
            if (bidFilled[i])
            {
                Accounting.Buy(_m, bid[i], ref q, ref c);
                _bidFills[i]++;
                recorded?.Trades.Add(new TradeRecord(step, TradeSide.Buy, bid[i], _m.OrderSize, s, Accounting.Fee(_m, bid[i]), q, c));
            }
            _inventory[i] = q;
            _cash[i] = c;
            double pnl = Accounting.MarkToMarket(c, q, s);
            Drawdown(i, pnl);
            _run.Series.Add(step, s, pnl, q);
            _spreadSum[i] += spread[i];
            double absQ = Math.Abs(q);
            _inventorySum[i] += q;
            _inventorySquareSum[i] += q * q;
            _inventoryAbsSum[i] += absQ;
            _inventoryAbsMax[i] = Math.Max(_inventoryAbsMax[i], absQ);
            if (absQ >= _m.MaxInventory) _atLimit[i]++;
            int at = slot * _count + i;
            _ringBid[at] = bidFilled[i] ? bid[i] : double.NaN;
            _ringAsk[at] = askFilled[i] ? ask[i] : double.NaN;
            _ringMid[at] = s;
            _ringInventory[at] = q;
            if (recorded is not null)
                Record(recorded, step, s, reservation[i], bid[i], ask[i], spread[i], q, c, pnl);
        }
    }

    /// <summary>Step N: the closing mid s_N; terminal PnL = cash + q·s_N.</summary>
    public void ObserveClose(ReadOnlySpan<double> mid)
    {
        int step = _m.Steps;
        for (int i = 0; i < _count; i++)
        {
            double s = mid[i];
            LookBack(step, i, s);
            double pnl = Accounting.MarkToMarket(_cash[i], _inventory[i], s);
            Drawdown(i, pnl);
            _terminalPnl[i] = pnl;
            _run.Series.Add(step, s, pnl, _inventory[i]);
            if (_recorded[i] is { } recorded)
                Record(recorded, step, s, double.NaN, double.NaN, double.NaN, double.NaN, _inventory[i], _cash[i], pnl);
        }
    }

    /// <summary>Hands the closed lane's per-path results to the run (after <see cref="ObserveClose"/>).</summary>
    public void Complete()
    {
        for (int i = 0; i < _count; i++)
        {
            _run.AddPath(_firstPath + i, new PathResult(_terminalPnl[i], _inventory[i], _maxDrawdown[i], _bidFills[i], _askFills[i],
                _spreadSum[i], _inventorySum[i], _inventorySquareSum[i], _inventoryAbsSum[i], _inventoryAbsMax[i], _atLimit[i],
                _adverseFills[i], _adverseCount[i]));
            for (int h = 0; h < _horizons.Length; h++)
                _run.AddMarkouts(h, _markoutSum[h][i], _markoutSquareSum[h][i], _markoutCount[h][i], _markoutNegative[h][i]);
            if (_recorded[i] is { } recorded) _run.AddRecorded(recorded);
            _recorded[i] = null;
        }
    }

    private void LookBack(int step, int i, double mid)
    {
        for (int h = 0; h < _horizons.Length; h++)
        {
            int from = step - _horizons[h];
            if (from < 0) continue;
            int at = from % _ring * _count + i;
            double bought = _ringBid[at], sold = _ringAsk[at];
            if (!double.IsNaN(bought)) AddMarkout(h, i, mid - bought);
            if (!double.IsNaN(sold)) AddMarkout(h, i, sold - mid);
        }
        int adverseFrom = step - _adverseHorizon;
        if (adverseFrom >= 0)
        {
            int at = adverseFrom % _ring * _count + i;
            double bought = _ringBid[at], sold = _ringAsk[at];
            if (!double.IsNaN(bought)) { _adverseFills[i]++; if (mid < bought) _adverseCount[i]++; }
            if (!double.IsNaN(sold)) { _adverseFills[i]++; if (mid > sold) _adverseCount[i]++; }
        }
        int varFrom = step - _varHorizon;
        if (varFrom >= 0)
        {
            int at = varFrom % _ring * _count + i;
            _run.InventoryShock.Add(_ringInventory[at] * (mid - _ringMid[at]));
        }
    }

    private void AddMarkout(int h, int i, double markout)
    {
        _markoutSum[h][i] += markout;
        _markoutSquareSum[h][i] += markout * markout;
        _markoutCount[h][i]++;
        if (markout < 0) _markoutNegative[h][i]++;
        _run.MarkoutSketches[h].Add(markout);
    }

    private void Drawdown(int i, double pnl)
    {
        _peak[i] = Math.Max(_peak[i], pnl);
        _maxDrawdown[i] = Math.Max(_maxDrawdown[i], _peak[i] - pnl);
    }

    private static void Record(RecordedPath r, int step, double mid, double reservation, double bid, double ask, double spread,
                               double inventory, double cash, double pnl)
    {
        r.Mid[step] = mid;
        r.Reservation[step] = reservation;
        r.Bid[step] = bid;
        r.Ask[step] = ask;
        r.Spread[step] = spread;
        r.Inventory[step] = inventory;
        r.Cash[step] = cash;
        r.Pnl[step] = pnl;
    }

    private void Allocate(int count)
    {
        _inventory = new double[count]; _cash = new double[count]; _peak = new double[count]; _maxDrawdown = new double[count]; _terminalPnl = new double[count];
        _bidFills = new int[count]; _askFills = new int[count]; _atLimit = new int[count]; _adverseFills = new int[count]; _adverseCount = new int[count];
        _spreadSum = new double[count]; _inventorySum = new double[count]; _inventorySquareSum = new double[count];
        _inventoryAbsSum = new double[count]; _inventoryAbsMax = new double[count];
        _markoutSum = NewJagged<double>(_horizons.Length, count); _markoutSquareSum = NewJagged<double>(_horizons.Length, count);
        _markoutCount = NewJagged<int>(_horizons.Length, count); _markoutNegative = NewJagged<int>(_horizons.Length, count);
        _ringBid = new double[_ring * count]; _ringAsk = new double[_ring * count];
        _ringMid = new double[_ring * count]; _ringInventory = new double[_ring * count];
        _recorded = new RecordedPath?[count];
    }

    private static T[][] NewJagged<T>(int rows, int columns)
    {
        var result = new T[rows][];
        for (int r = 0; r < rows; r++) result[r] = new T[columns];
        return result;
    }
}
