using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Metrics;

/// <summary>
/// The metrics of one lane of paths, updated step by step in one streaming pass. It rebuilds each
/// path's inventory and cash from the fills alone (with <see cref="Accounting"/>), keeps a short
/// ring of past fills and mids for the look-ahead metrics, and hands per-path results to a
/// <see cref="RunAccumulator"/> when the lane closes. Per-path sums run in step order and are
/// merged exactly, so the result does not depend on how paths are grouped into lanes.
/// Arrays are flat and laid out path-minor (index = row·count + path) so each pass walks memory in order.
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

    private double[] _inventory = [], _cash = [], _peak = [], _maxDrawdown = [], _terminalPnl = [], _pnl = [];
    private int[] _bidFills = [], _askFills = [], _atLimit = [], _adverseFills = [], _adverseCount = [];
    private double[] _spreadSum = [], _inventorySum = [], _inventorySquareSum = [], _inventoryAbsSum = [], _inventoryAbsMax = [];
    private double[] _markoutSum = [], _markoutSquareSum = [];
    private int[] _markoutCount = [], _markoutNegative = [];
    private double[] _ringMid = [], _ringInventory = [];
    // The fills of the last steps as sparse events, per ring slot: path, price, and +1 for a buy / −1 for a sell.
    // Look-ahead metrics walk the fills alone instead of every path.
    private int[] _fillPath = [];
    private double[] _fillPrice = [];
    private sbyte[] _fillSide = [];
    private int[] _fillCount = [];
    private RecordedPath?[] _recorded = [];
    private bool _anyRecorded;

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
        Array.Clear(_markoutSum); Array.Clear(_markoutSquareSum); Array.Clear(_markoutCount); Array.Clear(_markoutNegative);
        _anyRecorded = false;
        for (int i = 0; i < count; i++)
        {
            long path = firstPath + i;
            _recorded[i] = path < _run.RecordPaths ? new RecordedPath(path, _m.Steps) : null;
            _anyRecorded |= _recorded[i] is not null;
        }
    }

    /// <summary>Step k &lt; N: the mid, the quotes and which of them filled (fills happen at these quotes, before the mid moves).</summary>
    public void ObserveStep(int step, ReadOnlySpan<double> mid, ReadOnlySpan<double> reservation, ReadOnlySpan<double> bid,
                            ReadOnlySpan<double> ask, ReadOnlySpan<double> spread, ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled)
    {
        int n = _count;
        mid = mid[..n];
        bidFilled = bidFilled[..n];
        askFilled = askFilled[..n];
        LookBack(step, mid);
        int slot = step % _ring * n;
        double size = _m.OrderSize, limit = _m.MaxInventory;
        var inventory = _inventory.AsSpan(0, n);
        var cash = _cash.AsSpan(0, n);
        var pnlOut = _pnl.AsSpan(0, n);
        int ringSlot = step % _ring, events = 0, eventBase = ringSlot * 2 * n;
        var ringMid = _ringMid.AsSpan(slot, n);
        var ringInventory = _ringInventory.AsSpan(slot, n);
        for (int i = 0; i < n; i++)
        {
            double s = mid[i];
            double q = inventory[i], c = cash[i];
            bool sold = askFilled[i], bought = bidFilled[i];
            if (sold)
            {
                Accounting.Sell(_m, ask[i], ref q, ref c);
                _askFills[i]++;
            }
            if (bought)
            {
                Accounting.Buy(_m, bid[i], ref q, ref c);
                _bidFills[i]++;
            }
            inventory[i] = q;
            cash[i] = c;
            double pnl = Accounting.MarkToMarket(c, q, s);
            pnlOut[i] = pnl;
            double peak = Math.Max(_peak[i], pnl);
            _peak[i] = peak;
            _maxDrawdown[i] = Math.Max(_maxDrawdown[i], peak - pnl);
            _spreadSum[i] += spread[i];
            double absQ = Math.Abs(q);
            _inventorySum[i] += q;
            _inventorySquareSum[i] += q * q;
            _inventoryAbsSum[i] += absQ;
            _inventoryAbsMax[i] = Math.Max(_inventoryAbsMax[i], absQ);
            if (absQ >= limit) _atLimit[i]++;
            ringMid[i] = s;
            ringInventory[i] = q;
            // Buy before sell: each path's look-ahead sums then add in the same order in every engine and lane.
            if (bought)
            {
                _fillPath[eventBase + events] = i;
                _fillPrice[eventBase + events] = bid[i];
                _fillSide[eventBase + events++] = 1;
            }
            if (sold)
            {
                _fillPath[eventBase + events] = i;
                _fillPrice[eventBase + events] = ask[i];
                _fillSide[eventBase + events++] = -1;
            }
        }
        _fillCount[ringSlot] = events;
        _run.Series.AddLane(step, mid, pnlOut, inventory);
        if (_anyRecorded) RecordRows(step, mid, reservation, bid, ask, spread, bidFilled, askFilled);
    }

    /// <summary>Step N: the closing mid s_N; terminal PnL = cash + q·s_N.</summary>
    public void ObserveClose(ReadOnlySpan<double> mid)
    {
        int step = _m.Steps, n = _count;
        mid = mid[..n];
        LookBack(step, mid);
        for (int i = 0; i < n; i++)
        {
            double pnl = Accounting.MarkToMarket(_cash[i], _inventory[i], mid[i]);
            double peak = Math.Max(_peak[i], pnl);
            _peak[i] = peak;
            _maxDrawdown[i] = Math.Max(_maxDrawdown[i], peak - pnl);
            _terminalPnl[i] = pnl;
            if (_recorded[i] is { } recorded)
                Record(recorded, step, mid[i], double.NaN, double.NaN, double.NaN, double.NaN, _inventory[i], _cash[i], pnl);
        }
        _run.Series.AddLane(step, mid, _terminalPnl.AsSpan(0, n), _inventory.AsSpan(0, n));
    }

    /// <summary>Hands the closed lane's per-path results to the run (after <see cref="ObserveClose"/>).</summary>
    public void Complete()
    {
        int n = _count;
        for (int i = 0; i < n; i++)
        {
            _run.AddPath(_firstPath + i, new PathResult(_terminalPnl[i], _inventory[i], _maxDrawdown[i], _bidFills[i], _askFills[i],
                _spreadSum[i], _inventorySum[i], _inventorySquareSum[i], _inventoryAbsSum[i], _inventoryAbsMax[i], _atLimit[i],
                _adverseFills[i], _adverseCount[i]));
            for (int h = 0; h < _horizons.Length; h++)
            {
                int at = h * n + i;
                _run.AddMarkouts(h, _markoutSum[at], _markoutSquareSum[at], _markoutCount[at], _markoutNegative[at]);
            }
            if (_recorded[i] is { } recorded) _run.AddRecorded(recorded);
            _recorded[i] = null;
        }
    }

    /// <summary>The metrics that look h steps back: markouts and adverse selection over the fills of step k − h, and the inventory shock over the lane.</summary>
    private void LookBack(int step, ReadOnlySpan<double> mid)
    {
        int n = _count;
        for (int h = 0; h < _horizons.Length; h++)
        {
            int from = step - _horizons[h];
            if (from < 0) continue;
            var sketch = _run.MarkoutSketches[h];
            int slot = from % _ring, first = slot * 2 * n, last = first + _fillCount[slot], row = h * n;
            for (int e = first; e < last; e++)
            {
                int path = _fillPath[e];
                // markout = s_{t+h} − price for a buy, price − s_{t+h} for a sell
                AddMarkout(row + path, _fillSide[e] * (mid[path] - _fillPrice[e]), sketch);
            }
        }
        int adverseFrom = step - _adverseHorizon;
        if (adverseFrom >= 0)
        {
            int slot = adverseFrom % _ring, first = slot * 2 * n, last = first + _fillCount[slot];
            for (int e = first; e < last; e++)
            {
                int path = _fillPath[e];
                _adverseFills[path]++;
                // Strictly worse than the fill price: below it for a buy, above it for a sell.
                if (_fillSide[e] > 0 ? mid[path] < _fillPrice[e] : mid[path] > _fillPrice[e]) _adverseCount[path]++;
            }
        }
        int varFrom = step - _varHorizon;
        if (varFrom >= 0)
        {
            int slot = varFrom % _ring * n;
            var shocks = _run.InventoryShock;
            for (int i = 0; i < n; i++)
                shocks.Add(_ringInventory[slot + i] * (mid[i] - _ringMid[slot + i]));
        }
    }

    private void AddMarkout(int at, double markout, QuantileSketch sketch)
    {
        _markoutSum[at] += markout;
        _markoutSquareSum[at] += markout * markout;
        _markoutCount[at]++;
        if (markout < 0) _markoutNegative[at]++;
        sketch.Add(markout);
    }

    private void RecordRows(int step, ReadOnlySpan<double> mid, ReadOnlySpan<double> reservation, ReadOnlySpan<double> bid,
                            ReadOnlySpan<double> ask, ReadOnlySpan<double> spread, ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_recorded[i] is not { } recorded) continue;
            double q = recorded.Inventory[Math.Max(step - 1, 0)], c = recorded.Cash[Math.Max(step - 1, 0)];
            if (step == 0) (q, c) = (0.0, 0.0);
            // Replays the step's fills in booking order so each trade row carries the book right after it.
            if (askFilled[i])
            {
                Accounting.Sell(_m, ask[i], ref q, ref c);
                recorded.Trades.Add(new TradeRecord(step, TradeSide.Sell, ask[i], _m.OrderSize, mid[i], Accounting.Fee(_m, ask[i]), q, c));
            }
            if (bidFilled[i])
            {
                Accounting.Buy(_m, bid[i], ref q, ref c);
                recorded.Trades.Add(new TradeRecord(step, TradeSide.Buy, bid[i], _m.OrderSize, mid[i], Accounting.Fee(_m, bid[i]), q, c));
            }
            Record(recorded, step, mid[i], reservation[i], bid[i], ask[i], spread[i], _inventory[i], _cash[i], _pnl[i]);
        }
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
        _inventory = new double[count]; _cash = new double[count]; _peak = new double[count]; _maxDrawdown = new double[count];
        _terminalPnl = new double[count]; _pnl = new double[count];
        _bidFills = new int[count]; _askFills = new int[count]; _atLimit = new int[count]; _adverseFills = new int[count]; _adverseCount = new int[count];
        _spreadSum = new double[count]; _inventorySum = new double[count]; _inventorySquareSum = new double[count];
        _inventoryAbsSum = new double[count]; _inventoryAbsMax = new double[count];
        int h = _horizons.Length;
        _markoutSum = new double[h * count]; _markoutSquareSum = new double[h * count];
        _markoutCount = new int[h * count]; _markoutNegative = new int[h * count];
        _ringMid = new double[_ring * count]; _ringInventory = new double[_ring * count];
        _fillPath = new int[_ring * 2 * count]; _fillPrice = new double[_ring * 2 * count]; _fillSide = new sbyte[_ring * 2 * count];
        _fillCount = new int[_ring];
        _recorded = new RecordedPath?[count];
    }
}
