using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Participants;

/// <summary>One participant's results over all paths: its trades, its terminal PnL and inventory.</summary>
/// <param name="Name">Its actor name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Role">Taker or maker.</param>
/// <param name="BuysPerPathMean">Mean number of its buys per path.</param>
/// <param name="SellsPerPathMean">Mean number of its sells per path.</param>
/// <param name="PnlMean">Mean terminal PnL (cash + q·s_N), in price units.</param>
/// <param name="PnlStd">Std of terminal PnL over paths.</param>
/// <param name="FinalInventoryMean">Mean terminal inventory.</param>
/// <param name="FinalInventoryStd">Std of terminal inventory over paths.</param>
public sealed record ParticipantSummary(string Name, string Kind, ParticipantRole Role, double BuysPerPathMean, double SellsPerPathMean,
                                        double PnlMean, double PnlStd, double FinalInventoryMean, double FinalInventoryStd);

/// <summary>One trade of a participant on a recorded path, with its book right after it.</summary>
/// <param name="Path">The path.</param>
/// <param name="Step">The step k.</param>
/// <param name="Participant">The participant's name.</param>
/// <param name="Side">The participant's side: it bought or sold.</param>
/// <param name="Price">The traded price.</param>
/// <param name="Size">Units traded.</param>
/// <param name="Mid">The mid s_k of the step.</param>
/// <param name="Fee">The fee it paid (makers only).</param>
/// <param name="Inventory">Its inventory after the trade.</param>
/// <param name="Cash">Its cash after the trade.</param>
public readonly record struct ParticipantTrade(long Path, int Step, string Participant, TradeSide Side, double Price, double Size,
                                               double Mid, double Fee, double Inventory, double Cash);

/// <summary>
/// The participants' per-path results of a run, one value per participant and path. Recorders of the same run
/// share one instance (each writes its own lanes' paths), so nothing needs merging and the summaries are
/// computed in path order, whatever recorder saw which lane.
/// </summary>
public sealed class ParticipantResults
{
    private readonly double[][] _pnl, _inventory;
    private readonly int[][] _buys, _sells;
    private readonly Lock _gate = new();
    private readonly List<(int Index, ParticipantTrade Trade)> _trades = [];

    /// <summary>
    /// Room for every path of a run of <paramref name="paths"/> paths and these participants; the trades of paths
    /// below <paramref name="recordPaths"/> are kept one by one.
    /// </summary>
    public ParticipantResults(int paths, IReadOnlyList<ParticipantConfig> participants, int recordPaths = 0)
    {
        Participants = participants;
        RecordPaths = recordPaths;
        int count = participants.Count;
        _pnl = new double[count][];
        _inventory = new double[count][];
        _buys = new int[count][];
        _sells = new int[count][];
        for (int p = 0; p < count; p++)
        {
            _pnl[p] = new double[paths];
            _inventory[p] = new double[paths];
            _buys[p] = new int[paths];
            _sells[p] = new int[paths];
        }
    }

    /// <summary>The participants, in config order.</summary>
    public IReadOnlyList<ParticipantConfig> Participants { get; }

    /// <summary>Paths with index below this have their trades kept one by one.</summary>
    public int RecordPaths { get; }

    internal void AddTrades(List<(int Index, ParticipantTrade Trade)> trades)
    {
        lock (_gate) _trades.AddRange(trades);
    }

    /// <summary>
    /// The trades of the recorded paths in path order, then step, then the order participants are listed, each
    /// participant's sell before its buy (booking order), whichever recorder saw which lane.
    /// </summary>
    public IReadOnlyList<ParticipantTrade> Trades()
    {
        lock (_gate)
        {
            return [.. _trades
                .OrderBy(t => t.Trade.Path).ThenBy(t => t.Trade.Step).ThenBy(t => t.Index).ThenBy(t => t.Trade.Side == TradeSide.Sell ? 0 : 1)
                .Select(t => t.Trade)];
        }
    }

    /// <summary>Terminal PnL of participant <paramref name="p"/> per path.</summary>
    public IReadOnlyList<double> TerminalPnl(int p) => _pnl[p];

    internal void Set(int p, long path, double pnl, double inventory, int buys, int sells)
    {
        _pnl[p][path] = pnl;
        _inventory[p][path] = inventory;
        _buys[p][path] = buys;
        _sells[p][path] = sells;
    }

    /// <summary>Each participant's summary, in config order; means and std in path order.</summary>
    public IReadOnlyList<ParticipantSummary> Summaries()
    {
        var summaries = new ParticipantSummary[Participants.Count];
        for (int p = 0; p < summaries.Length; p++)
        {
            var config = Participants[p];
            double buys = 0, sells = 0;
            for (int i = 0; i < _buys[p].Length; i++)
            {
                buys += _buys[p][i];
                sells += _sells[p][i];
            }
            double n = Math.Max(1, _pnl[p].Length);
            summaries[p] = new ParticipantSummary(config.Name, config.Kind, config.Role, buys / n, sells / n,
                Statistics.Mean(_pnl[p]), Statistics.StandardDeviation(_pnl[p]),
                Statistics.Mean(_inventory[p]), Statistics.StandardDeviation(_inventory[p]));
        }
        return summaries;
    }
}

/// <summary>
/// The participants' books over one lane, rebuilt from their executions alone: inventory and cash per
/// participant and path. Makers pay the fee of <c>order_flow.fee_bps</c> like the maker under study;
/// takers pay none. Within a step a participant's sell is booked before its buy, as for the maker.
/// </summary>
public sealed class ParticipantLedger
{
    private readonly ModelParameters _m;
    private readonly ParticipantResults _results;
    private readonly double[] _feeRate;
    private readonly List<(int Index, ParticipantTrade Trade)> _trades = [];
    private long _firstPath;
    private int _count;
    private double[][] _inventory, _cash;
    private int[][] _buys, _sells;

    /// <summary>A ledger writing closed lanes into <paramref name="results"/>.</summary>
    public ParticipantLedger(ModelParameters m, ParticipantResults results)
    {
        _m = m;
        _results = results;
        int count = results.Participants.Count;
        _feeRate = [.. results.Participants.Select(p => p.Role == ParticipantRole.Maker ? m.FeeRate : 0.0)];
        _inventory = new double[count][];
        _cash = new double[count][];
        _buys = new int[count][];
        _sells = new int[count][];
        for (int p = 0; p < count; p++)
        {
            _inventory[p] = [];
            _cash[p] = [];
            _buys[p] = [];
            _sells[p] = [];
        }
    }

    /// <summary>Flat books for the lane of paths <paramref name="firstPath"/> … + <paramref name="count"/> − 1.</summary>
    public void Start(long firstPath, int count)
    {
        _firstPath = firstPath;
        _count = count;
        for (int p = 0; p < _inventory.Length; p++)
        {
            if (_inventory[p].Length < count)
            {
                _inventory[p] = new double[count];
                _cash[p] = new double[count];
                _buys[p] = new int[count];
                _sells[p] = new int[count];
            }
            Array.Clear(_inventory[p]);
            Array.Clear(_cash[p]);
            Array.Clear(_buys[p]);
            Array.Clear(_sells[p]);
        }
    }

    /// <summary>Inventory of participant <paramref name="p"/> per path of the lane.</summary>
    public ReadOnlySpan<double> Inventory(int p) => _inventory[p].AsSpan(0, _count);

    /// <summary>Cash of participant <paramref name="p"/> per path of the lane.</summary>
    public ReadOnlySpan<double> Cash(int p) => _cash[p].AsSpan(0, _count);

    /// <summary>
    /// Books one step of participant <paramref name="p"/>'s executions: the price it bought / sold at per path (NaN: none).
    /// <paramref name="mid"/> (s_k) is only written beside the trades of recorded paths.
    /// </summary>
    public void Apply(int p, int step, ReadOnlySpan<double> mid, ReadOnlySpan<double> buyPrice, ReadOnlySpan<double> sellPrice)
    {
        var inventory = _inventory[p];
        var cash = _cash[p];
        long recorded = Math.Clamp(_results.RecordPaths - _firstPath, 0, _count);
        for (int i = 0; i < _count; i++)
        {
            if (!double.IsNaN(sellPrice[i]))
            {
                Accounting.Sell(sellPrice[i], _m.OrderSize, _feeRate[p], ref inventory[i], ref cash[i]);
                _sells[p][i]++;
                if (i < recorded) Keep(p, step, i, TradeSide.Sell, sellPrice[i], mid[i]);
            }
            if (!double.IsNaN(buyPrice[i]))
            {
                Accounting.Buy(buyPrice[i], _m.OrderSize, _feeRate[p], ref inventory[i], ref cash[i]);
                _buys[p][i]++;
                if (i < recorded) Keep(p, step, i, TradeSide.Buy, buyPrice[i], mid[i]);
            }
        }
    }

    private void Keep(int p, int step, int i, TradeSide side, double price, double mid) =>
        _trades.Add((p, new ParticipantTrade(_firstPath + i, step, _results.Participants[p].Name, side, price, _m.OrderSize, mid,
                                             price * _m.OrderSize * _feeRate[p], _inventory[p][i], _cash[p][i])));

    /// <summary>Closes the lane at the mids s_N and hands each path's results over.</summary>
    public void Close(ReadOnlySpan<double> mid)
    {
        if (_trades.Count > 0)
        {
            _results.AddTrades(_trades);
            _trades.Clear();
        }
        for (int p = 0; p < _inventory.Length; p++)
            for (int i = 0; i < _count; i++)
                _results.Set(p, _firstPath + i, Accounting.MarkToMarket(_cash[p][i], _inventory[p][i], mid[i]), _inventory[p][i], _buys[p][i], _sells[p][i]);
    }
}
