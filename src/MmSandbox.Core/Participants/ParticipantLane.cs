using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Participants;

/// <summary>
/// The extra participants of one lane in a plain loop, for <see cref="ReferenceEngine"/>: each competing maker
/// quotes from its own <see cref="MakerBook"/>, each taker decides its orders, the <see cref="Exchange"/> matches,
/// and the books and the <see cref="ParticipantLedger"/> take the executions, in the order the actor engine's
/// messages imply. Only the shipped kinds run here; a host's own kinds need the actor engine.
/// </summary>
public sealed class ParticipantLane
{
    private readonly ModelParameters _m;
    private readonly IReadOnlyList<ParticipantConfig> _participants;
    private readonly int[] _makerOf, _takerOf;
    private readonly MakerBook[] _makers;
    private readonly ParticipantConfig[] _takers;
    private readonly ParticipantStreams[] _streams;
    private readonly Exchange _exchange;
    private readonly ParticipantLedger _ledger;
    private readonly int _block;
    private readonly double[][] _bid, _ask, _reservation, _spread, _takerPrice, _buy, _sell;
    private readonly bool[][] _bidFilled, _askFilled;
    private readonly sbyte[][] _orders;
    private readonly double[] _scratch;
    private ulong[] _priceKeys = [];
    private long _firstPath;

    /// <summary>The participants of <paramref name="config"/> for lanes of at most <paramref name="block"/> paths, writing into <paramref name="results"/>.</summary>
    public ParticipantLane(SimulationConfig config, ModelParameters m, ParticipantResults results, int block)
    {
        _m = m;
        _block = block;
        _participants = config.Participants;
        foreach (var p in _participants)
        {
            if (p.Kind != ParticipantKinds.NoiseTrader.Name && p.Kind != ParticipantKinds.InformedTrader.Name && p.Kind != ParticipantKinds.MarketMaker.Name)
                throw new ConfigException([new ConfigError("engine.kind", $"the reference engine runs only the shipped participant kinds; '{p.Kind}' needs engine.kind: actors", "reference")]);
        }
        var makers = _participants.Where(p => p.Role == ParticipantRole.Maker).ToList();
        _takers = [.. _participants.Where(p => p.Role == ParticipantRole.Taker)];
        _makerOf = [.. _participants.Select(p => makers.IndexOf(p))];
        _takerOf = [.. _participants.Select(p => Array.IndexOf(_takers, p))];
        _makers = [.. makers.Select(p => new MakerBook(CompetingMaker.Parameters(config, p)))];
        _streams = [.. _takers.Select(p => new ParticipantStreams(m.Seed, p.Name))];
        _exchange = new Exchange(m, _takers.Length);
        _ledger = new ParticipantLedger(m, results);
        _bid = Arrays<double>(1 + _makers.Length);
        _ask = Arrays<double>(1 + _makers.Length);
        _reservation = Arrays<double>(_makers.Length);
        _spread = Arrays<double>(_makers.Length);
        _bidFilled = Arrays<bool>(1 + _makers.Length);
        _askFilled = Arrays<bool>(1 + _makers.Length);
        _takerPrice = Arrays<double>(_takers.Length);
        _buy = Arrays<double>(_participants.Count);
        _sell = Arrays<double>(_participants.Count);
        _orders = Arrays<sbyte>(_takers.Length);
        _scratch = new double[block];
    }

    private T[][] Arrays<T>(int count)
    {
        var arrays = new T[count][];
        for (int i = 0; i < count; i++) arrays[i] = new T[_block];
        return arrays;
    }

    /// <summary>Flat books and fresh streams for the lane of paths <paramref name="firstPath"/> … + <paramref name="count"/> − 1.</summary>
    public void Start(long firstPath, int count, ulong[] priceKeys)
    {
        _priceKeys = priceKeys;
        _firstPath = firstPath;
        foreach (var book in _makers) book.Start(count);
        foreach (var streams in _streams) streams.Start(firstPath, count);
        _exchange.Start(firstPath, count);
        _ledger.Start(firstPath, count);
    }

    /// <summary>
    /// One step: the participants act, the exchange matches them with the maker under study's quotes
    /// (<paramref name="bid"/>, <paramref name="ask"/>), and that maker's fill flags are written.
    /// </summary>
    public void Step(int step, in LaneKeys keys, ReadOnlySpan<double> mid, ReadOnlySpan<double> bid, ReadOnlySpan<double> ask,
                     Span<bool> bidFilled, Span<bool> askFilled)
    {
        int n = mid.Length;
        bid.CopyTo(_bid[0]);
        ask.CopyTo(_ask[0]);
        for (int j = 0; j < _makers.Length; j++)
            _makers[j].Quote(step, mid, _reservation[j].AsSpan(0, n), _bid[j + 1].AsSpan(0, n), _ask[j + 1].AsSpan(0, n), _spread[j].AsSpan(0, n));
        for (int t = 0; t < _takers.Length; t++)
        {
            var orders = _orders[t].AsSpan(0, n);
            orders.Clear();
            if (_takers[t].Kind == ParticipantKinds.NoiseTrader.Name)
                NoiseTrader.Decide(_m, _takers[t], _streams[t], step, n, orders);
            else
                InformedTrader.Decide(_m, _takers[t], _streams[t], step, mid, _priceKeys, _scratch, orders);
        }
        var bids = new ReadOnlyMemory<double>[_bid.Length];
        var asks = new ReadOnlyMemory<double>[_bid.Length];
        var bidHit = new Memory<bool>[_bid.Length];
        var askHit = new Memory<bool>[_bid.Length];
        for (int j = 0; j < _bid.Length; j++)
        {
            bids[j] = _bid[j].AsMemory(0, n);
            asks[j] = _ask[j].AsMemory(0, n);
            bidHit[j] = _bidFilled[j].AsMemory(0, n);
            askHit[j] = _askFilled[j].AsMemory(0, n);
        }
        var orderMemory = new ReadOnlyMemory<sbyte>[_takers.Length];
        var prices = new Memory<double>[_takers.Length];
        for (int t = 0; t < _takers.Length; t++)
        {
            orderMemory[t] = _orders[t].AsMemory(0, n);
            prices[t] = _takerPrice[t].AsMemory(0, n);
        }
        _exchange.Match(step, keys, mid, bids, asks, orderMemory, bidHit, askHit, prices);
        _bidFilled[0].AsSpan(0, n).CopyTo(bidFilled);
        _askFilled[0].AsSpan(0, n).CopyTo(askFilled);
        for (int j = 0; j < _makers.Length; j++)
            _makers[j].Apply(_bid[j + 1].AsSpan(0, n), _ask[j + 1].AsSpan(0, n), _bidFilled[j + 1].AsSpan(0, n), _askFilled[j + 1].AsSpan(0, n));
        for (int p = 0; p < _participants.Count; p++)
        {
            var buy = _buy[p].AsSpan(0, n);
            var sell = _sell[p].AsSpan(0, n);
            if (_makerOf[p] is var j and >= 0)
                Exchange.MakerExecutions(_bid[j + 1], _ask[j + 1], _bidFilled[j + 1], _askFilled[j + 1], buy, sell);
            else
                Exchange.TakerExecutions(_orders[_takerOf[p]], _takerPrice[_takerOf[p]], buy, sell);
            _ledger.Apply(p, step, mid, buy, sell);
        }
    }

    /// <summary>Checks each competing maker's own book against its executions, then closes the lane at the mids s_N.</summary>
    public void Close(ReadOnlySpan<double> mid)
    {
        for (int p = 0; p < _participants.Count; p++)
        {
            if (_makerOf[p] is var j and >= 0)
                Reconciliation.Check(_firstPath, _makers[j].Inventory, _makers[j].Cash, _ledger.Inventory(p), _ledger.Cash(p));
        }
        _ledger.Close(mid);
    }
}
