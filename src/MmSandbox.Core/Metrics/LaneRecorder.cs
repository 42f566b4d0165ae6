using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    // The markout horizon the adverse-selection test shares (its count and negatives are the test's), or −1.
    private readonly int _adverseMarkout;
    private readonly int _varHorizon;
    private readonly int _ring;
    private long _firstPath;
    private int _count;

    private double[] _inventory = [], _cash = [], _peak = [], _maxDrawdown = [], _terminalPnl = [], _pnl = [];
    private double[] _spreadSum = [], _inventorySum = [], _inventorySquareSum = [], _inventoryAbsSum = [];
    // Counts and the largest |q| are the lane's, not per path: their totals do not depend on the order, and the
    // per-path step touches four arrays fewer.
    private long _bidFills, _askFills, _stepsAtLimit;
    private double _inventoryAbsMax;
    // Markout sums per horizon and path (summed in step order, then exactly over paths); the counts are the lane's.
    private double[] _markoutSum = [], _markoutSquareSum = [];
    private readonly long[] _markoutCount, _markoutNegative;
    private long _adverseFills, _adverseCount;
    private double[] _ringMid = [], _ringInventory = [];
    // The fills of the last steps as sparse events, per ring slot: the event (path·2, plus 1 for a sell) and the price.
    // Look-ahead metrics walk the fills alone instead of every path.
    private int[] _fillEvent = [];
    private double[] _fillPrice = [];
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
        _adverseMarkout = Array.IndexOf(_horizons, _adverseHorizon);
        _markoutCount = new long[_horizons.Length];
        _markoutNegative = new long[_horizons.Length];
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
        Array.Clear(_spreadSum); Array.Clear(_inventorySum); Array.Clear(_inventorySquareSum); Array.Clear(_inventoryAbsSum);
        _bidFills = _askFills = _stepsAtLimit = 0;
        _inventoryAbsMax = 0;
        Array.Clear(_markoutSum); Array.Clear(_markoutSquareSum); Array.Clear(_markoutCount); Array.Clear(_markoutNegative);
        _adverseFills = 0;
        _adverseCount = 0;
        _anyRecorded = false;
        for (int i = 0; i < count; i++)
        {
            long path = firstPath + i;
            _recorded[i] = path < _run.RecordPaths ? new RecordedPath(path, _m.Steps) : null;
            _anyRecorded |= _recorded[i] is not null;
        }
    }

    /// <summary>Step k &lt; N: the mid, the quotes and which of them filled (fills happen at these quotes, before the mid moves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ObserveStep(int step, ReadOnlySpan<double> mid, ReadOnlySpan<double> reservation, ReadOnlySpan<double> bid,
                            ReadOnlySpan<double> ask, ReadOnlySpan<double> spread, ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled)
    {
        int n = _count;
        mid = mid[..n];
        bidFilled = bidFilled[..n];
        askFilled = askFilled[..n];
        LookBack(step, mid);
        ask = ask[..n];
        bid = bid[..n];
        spread = spread[..n];
        int ringSlot = step % _ring, slot = ringSlot * n;
        int i = Avx2.IsSupported ? ObserveVector(mid, ask, bid, spread, askFilled, bidFilled, slot) : 0;
        double limit = _m.MaxInventory;
        for (; i < n; i++)
        {
            // The vector pass's operations in its order, one path at a time: the same bits.
            double s = mid[i];
            double q = _inventory[i], c = _cash[i];
            if (askFilled[i])
            {
                Accounting.Sell(_m, ask[i], ref q, ref c);
                _askFills++;
            }
            if (bidFilled[i])
            {
                Accounting.Buy(_m, bid[i], ref q, ref c);
                _bidFills++;
            }
            _inventory[i] = q;
            _cash[i] = c;
            double pnl = Accounting.MarkToMarket(c, q, s);
            _pnl[i] = pnl;
            double peak = Math.Max(_peak[i], pnl);
            _peak[i] = peak;
            _maxDrawdown[i] = Math.Max(_maxDrawdown[i], peak - pnl);
            _spreadSum[i] += spread[i];
            double absQ = Math.Abs(q);
            _inventorySum[i] += q;
            _inventorySquareSum[i] += q * q;
            _inventoryAbsSum[i] += absQ;
            _inventoryAbsMax = Math.Max(_inventoryAbsMax, absQ);
            if (absQ >= limit) _stepsAtLimit++;
            _ringMid[slot + i] = s;
            _ringInventory[slot + i] = q;
        }
        // The fills as sparse events, without a branch: every path writes both candidates, and only a fill
        // advances the count. Buy before sell: each path's look-ahead sums then add in the same order in every engine and lane.
        // Path p writes at events ≤ 2p + 1 < 2n: inside the slot's 2n entries, so the writes go through references.
        int events = 0, eventBase = ringSlot * 2 * n;
        ref int fillEvent = ref Data(_fillEvent, eventBase, 2 * n);
        ref double fillPrice = ref Data(_fillPrice, eventBase, 2 * n);
        ref byte bought = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(bidFilled));
        ref byte sold = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(askFilled));
        for (int p = 0; p < n; p++)
        {
            Unsafe.Add(ref fillEvent, events) = p << 1;
            Unsafe.Add(ref fillPrice, events) = bid[p];
            events += Unsafe.Add(ref bought, p) & 1;
            Unsafe.Add(ref fillEvent, events) = (p << 1) | 1;
            Unsafe.Add(ref fillPrice, events) = ask[p];
            events += Unsafe.Add(ref sold, p) & 1;
        }
        var inventory = _inventory.AsSpan(0, n);
        var pnlOut = _pnl.AsSpan(0, n);
        _fillCount[ringSlot] = events;
        _run.Series.AddLane(step, mid, pnlOut, inventory);
        if (_anyRecorded) RecordRows(step, mid, reservation, bid, ask, spread, bidFilled, askFilled);
    }

    /// <summary>
    /// The per-path bookkeeping of one step, four paths at a time: fills widen to masks and select the
    /// booked values, so each path sees the scalar form's operations in its order and gets its bits.
    /// Returns how many paths it did (a multiple of four).
    /// </summary>
    /// <remarks>
    /// Every span holds the lane's n values and every per-path array at least n (<see cref="Start"/>), so the loop
    /// reads and writes through references taken once, without a field load or bounds check per array and path.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ObserveVector(ReadOnlySpan<double> mid, ReadOnlySpan<double> ask, ReadOnlySpan<double> bid,
                              ReadOnlySpan<double> spread, ReadOnlySpan<bool> askFilled, ReadOnlySpan<bool> bidFilled, int slot)
    {
        int n = mid.Length, i = 0;
        var size = Vector256.Create(_m.OrderSize);
        var feeRate = Vector256.Create(_m.FeeRate);
        var limit = Vector256.Create(_m.MaxInventory);
        ref byte sold = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(askFilled));
        ref byte bought = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(bidFilled));
        ref double midAt = ref MemoryMarshal.GetReference(mid), askAt = ref MemoryMarshal.GetReference(ask);
        ref double bidAt = ref MemoryMarshal.GetReference(bid), spreadAt = ref MemoryMarshal.GetReference(spread);
        ref double inventory = ref Data(_inventory, n), cash = ref Data(_cash, n), pnlOut = ref Data(_pnl, n);
        ref double peakAt = ref Data(_peak, n), drawdown = ref Data(_maxDrawdown, n), spreadSum = ref Data(_spreadSum, n);
        ref double inventorySum = ref Data(_inventorySum, n), inventorySquareSum = ref Data(_inventorySquareSum, n);
        ref double inventoryAbsSum = ref Data(_inventoryAbsSum, n);
        Vector256<long> askFills = default, bidFills = default, atLimit = default;
        var inventoryAbsMax = Vector256<double>.Zero;
        ref double ringMid = ref Data(_ringMid, slot, n);
        ref double ringInventory = ref Data(_ringInventory, slot, n);
        for (; i + 4 <= n; i += 4)
        {
            nuint at = (nuint)i;
            var sold01 = Accounting.FillFlags(ref sold, i);
            var bought01 = Accounting.FillFlags(ref bought, i);
            var s = Vector256.LoadUnsafe(ref midAt, at);
            var q = Vector256.LoadUnsafe(ref inventory, at);
            var c = Vector256.LoadUnsafe(ref cash, at);
            Accounting.Book(size, feeRate, Vector256.LoadUnsafe(ref askAt, at), Vector256.LoadUnsafe(ref bidAt, at), sold01, bought01, ref q, ref c);
            askFills += sold01;
            bidFills += bought01;
            q.StoreUnsafe(ref inventory, at);
            c.StoreUnsafe(ref cash, at);
            var pnl = c + q * s;
            pnl.StoreUnsafe(ref pnlOut, at);
            var peak = Vector256.Max(Vector256.LoadUnsafe(ref peakAt, at), pnl);
            peak.StoreUnsafe(ref peakAt, at);
            Vector256.Max(Vector256.LoadUnsafe(ref drawdown, at), peak - pnl).StoreUnsafe(ref drawdown, at);
            (Vector256.LoadUnsafe(ref spreadSum, at) + Vector256.LoadUnsafe(ref spreadAt, at)).StoreUnsafe(ref spreadSum, at);
            var absQ = Vector256.Abs(q);
            (Vector256.LoadUnsafe(ref inventorySum, at) + q).StoreUnsafe(ref inventorySum, at);
            (Vector256.LoadUnsafe(ref inventorySquareSum, at) + q * q).StoreUnsafe(ref inventorySquareSum, at);
            (Vector256.LoadUnsafe(ref inventoryAbsSum, at) + absQ).StoreUnsafe(ref inventoryAbsSum, at);
            inventoryAbsMax = Vector256.Max(inventoryAbsMax, absQ);
            atLimit -= Vector256.GreaterThanOrEqual(absQ, limit).AsInt64();
            s.StoreUnsafe(ref ringMid, at);
            q.StoreUnsafe(ref ringInventory, at);
        }
        _askFills += Vector256.Sum(askFills);
        _bidFills += Vector256.Sum(bidFills);
        _stepsAtLimit += Vector256.Sum(atLimit);
        for (int k = 0; k < Vector256<double>.Count; k++) _inventoryAbsMax = Math.Max(_inventoryAbsMax, inventoryAbsMax.GetElement(k));
        return i;
    }

    /// <summary>The first element of <paramref name="array"/>, checked once to hold at least <paramref name="length"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Data<T>(T[] array, int length) => ref Data(array, 0, length);

    /// <summary>Element <paramref name="start"/> of <paramref name="array"/>, checked once to begin <paramref name="length"/> values inside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Data<T>(T[] array, int start, int length)
    {
        if ((uint)start > (uint)array.Length || array.Length - start < length)
            throw new InvalidOperationException("A recorder buffer is shorter than its lane.");
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), start);
    }

    /// <summary>Step N: the closing mid s_N; terminal PnL = cash + q·s_N.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Complete()
    {
        int n = _count;
        for (int i = 0; i < n; i++)
        {
            _run.AddPath(_firstPath + i, new PathResult(_terminalPnl[i], _inventory[i], _maxDrawdown[i],
                _spreadSum[i], _inventorySum[i], _inventorySquareSum[i], _inventoryAbsSum[i]));
            for (int h = 0; h < _horizons.Length; h++)
            {
                int at = h * n + i;
                _run.AddMarkouts(h, _markoutSum[at], _markoutSquareSum[at]);
            }
            if (_recorded[i] is { } recorded) _run.AddRecorded(recorded);
            _recorded[i] = null;
        }
        _run.AddLaneTotals(new LaneTotals(_bidFills, _askFills, _stepsAtLimit, _inventoryAbsMax));
        _run.AddLookBackCounts(_markoutCount, _markoutNegative, _adverseFills, _adverseCount);
    }

    /// <summary>
    /// The metrics that look h steps back: markouts and adverse selection over the fills of step k − h, and the inventory
    /// shock over the lane. The adverse-selection test (side·(s_{t+h} − price) &lt; 0) is the markout's sign, so when its
    /// horizon is a markout horizon it takes that horizon's counts instead of a pass of its own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LookBack(int step, ReadOnlySpan<double> mid)
    {
        int n = _count;
        // A slot's events name paths below n and its counts stay within its 2n entries (ObserveStep), so reads go through references.
        ref double midAt = ref MemoryMarshal.GetReference(mid);
        ref int fillEvent = ref Data(_fillEvent, _ring * 2 * n);
        ref double fillPrice = ref Data(_fillPrice, _ring * 2 * n);
        for (int h = 0; h < _horizons.Length; h++)
        {
            int from = step - _horizons[h];
            if (from < 0) continue;
            var sketch = _run.MarkoutSketches[h];
            int slot = from % _ring, first = slot * 2 * n, last = first + _fillCount[slot];
            ref double sum = ref Data(_markoutSum, h * n, n), squareSum = ref Data(_markoutSquareSum, h * n, n);
            long negative = 0;
            int e = first;
            if (Avx.IsSupported)
            {
                // Four fills at a time for the markouts, their signs and the sketch; the per-path sums still add one
                // fill at a time in the fills' order (a path's buy and sell may sit side by side).
                var negatives = Vector256<long>.Zero;
                for (; e + 4 <= last; e += 4)
                {
                    int p0 = Unsafe.Add(ref fillEvent, e) >> 1, p1 = Unsafe.Add(ref fillEvent, e + 1) >> 1;
                    int p2 = Unsafe.Add(ref fillEvent, e + 2) >> 1, p3 = Unsafe.Add(ref fillEvent, e + 3) >> 1;
                    // +1 for a buy, −1 for a sell: 1 − 2·(the event's sell bit), exact.
                    var sells = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref fillEvent, (nuint)e) & Vector128<int>.One);
                    var side = Vector256.Create(1.0) - (sells + sells);
                    var price = Vector256.LoadUnsafe(ref fillPrice, (nuint)e);
                    var markouts = side * (Vector256.Create(Unsafe.Add(ref midAt, p0), Unsafe.Add(ref midAt, p1),
                                                            Unsafe.Add(ref midAt, p2), Unsafe.Add(ref midAt, p3)) - price);
                    negatives -= Vector256.LessThan(markouts, Vector256<double>.Zero).AsInt64();
                    sketch.Add(markouts);
                    AddMarkout(ref sum, ref squareSum, p0, markouts.GetElement(0));
                    AddMarkout(ref sum, ref squareSum, p1, markouts.GetElement(1));
                    AddMarkout(ref sum, ref squareSum, p2, markouts.GetElement(2));
                    AddMarkout(ref sum, ref squareSum, p3, markouts.GetElement(3));
                }
                negative = Vector256.Sum(negatives);
            }
            for (; e < last; e++)
            {
                double markout = Markout(ref fillEvent, ref fillPrice, ref midAt, e);
                AddMarkout(ref sum, ref squareSum, Unsafe.Add(ref fillEvent, e) >> 1, markout);
                negative += Unsafe.BitCast<bool, byte>(markout < 0);
                sketch.Add(markout);
            }
            _markoutCount[h] += last - first;
            _markoutNegative[h] += negative;
            if (h == _adverseMarkout)
            {
                _adverseFills += last - first;
                _adverseCount += negative;
            }
        }
        int adverseFrom = step - _adverseHorizon;
        if (_adverseMarkout < 0 && adverseFrom >= 0)
        {
            int slot = adverseFrom % _ring, first = slot * 2 * n, last = first + _fillCount[slot];
            long adverse = 0;
            // Strictly worse than the fill price: below it for a buy, above it for a sell (side · (s − price) < 0).
            for (int e = first; e < last; e++)
                adverse += Unsafe.BitCast<bool, byte>(Markout(ref fillEvent, ref fillPrice, ref midAt, e) < 0);
            _adverseFills += last - first;
            _adverseCount += adverse;
        }
        int varFrom = step - _varHorizon;
        if (varFrom >= 0)
        {
            int slot = varFrom % _ring * n, i = 0;
            var shocks = _run.InventoryShock;
            ref double ringMid = ref Data(_ringMid, slot, n);
            ref double ringInventory = ref Data(_ringInventory, slot, n);
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 4 <= n; i += 4)
                {
                    nuint at = (nuint)i;
                    shocks.Add(Vector256.LoadUnsafe(ref ringInventory, at) * (Vector256.LoadUnsafe(ref midAt, at) - Vector256.LoadUnsafe(ref ringMid, at)));
                }
            }
            for (; i < n; i++)
                shocks.Add(Unsafe.Add(ref ringInventory, i) * (Unsafe.Add(ref midAt, i) - Unsafe.Add(ref ringMid, i)));
        }
    }

    /// <summary>Adds a markout to path <paramref name="path"/>'s sum and sum of squares.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMarkout(ref double sum, ref double squareSum, int path, double markout)
    {
        Unsafe.Add(ref sum, path) += markout;
        Unsafe.Add(ref squareSum, path) += markout * markout;
    }

    /// <summary>Fill event <paramref name="e"/>'s markout against the mids: s − price for a buy, price − s for a sell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Markout(ref int fillEvent, ref double fillPrice, ref double mid, int e)
    {
        int fill = Unsafe.Add(ref fillEvent, e);
        return (1 - 2 * (fill & 1)) * (Unsafe.Add(ref mid, fill >> 1) - Unsafe.Add(ref fillPrice, e));
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
        _spreadSum = new double[count]; _inventorySum = new double[count]; _inventorySquareSum = new double[count];
        _inventoryAbsSum = new double[count];
        int h = _horizons.Length;
        _markoutSum = new double[h * count]; _markoutSquareSum = new double[h * count];
        _ringMid = new double[_ring * count]; _ringInventory = new double[_ring * count];
        _fillEvent = new int[_ring * 2 * count]; _fillPrice = new double[_ring * 2 * count];
        _fillCount = new int[_ring];
        _recorded = new RecordedPath?[count];
    }
}
