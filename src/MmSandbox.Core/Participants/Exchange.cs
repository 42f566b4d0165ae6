using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Participants;

/// <summary>
/// Matching when several participants meet at the exchange. Every maker quotes one order size per side
/// per step; a quote fills at most once and is then gone for the step. Per path, in this order:
/// <list type="number">
/// <item>the background flow of the paper: a buy arrives with probability λ(δ)·dt (or 1 − e^(−λ(δ)·dt)) at
/// δ = best ask − mid, drawn from the path's ask-arrival stream, and lifts the best ask; a sell likewise
/// hits the best bid (under <c>fills_per_step: one</c>, one draw decides, the ask first, as without participants);</item>
/// <item>each taker's market order, in the order the participants are listed: a buy lifts the best ask
/// still standing, a sell hits the best bid still standing; with none standing the order goes unfilled.</item>
/// </list>
/// The better price gets the fill. Ties (makers quoting the same best price) are split by a fair draw
/// from the path's tie-break stream, one draw per tied event, so neither maker is favoured on average.
/// With one maker and no takers this is exactly the paper's fill rule: the same draws, the same bits.
/// </summary>
public sealed class Exchange
{
    private readonly ModelParameters _m;
    private readonly int _events;
    private ulong[] _tieKeys = [];

    /// <summary>An exchange for runs with <paramref name="takers"/> takers.</summary>
    public Exchange(ModelParameters m, int takers)
    {
        _m = m;
        _events = 2 + takers;
    }

    /// <summary>Derives the tie-break keys of paths <paramref name="firstPath"/> … + <paramref name="count"/> − 1.</summary>
    public void Start(long firstPath, int count)
    {
        if (_tieKeys.Length < count) _tieKeys = new ulong[count];
        for (int i = 0; i < count; i++) _tieKeys[i] = StreamKey.For(_m.Seed, firstPath + i, Purpose.TieBreak);
    }

    /// <summary>
    /// Matches one step of a lane: makers' quotes (index 0 is the maker under study) and takers' orders
    /// (+1 buy, −1 sell, 0 none) in, each maker's fill flags and each taker's traded price (NaN: none) out.
    /// </summary>
    public void Match(int step, in LaneKeys keys, ReadOnlySpan<double> mid, ReadOnlySpan<ReadOnlyMemory<double>> bids,
                      ReadOnlySpan<ReadOnlyMemory<double>> asks, ReadOnlySpan<ReadOnlyMemory<sbyte>> orders,
                      ReadOnlySpan<Memory<bool>> bidFilled, ReadOnlySpan<Memory<bool>> askFilled, ReadOnlySpan<Memory<double>> takerPrice)
    {
        int makers = bids.Length, takers = orders.Length;
        Span<MakerQuote> quotes = stackalloc MakerQuote[makers];
        Span<bool> bidHit = stackalloc bool[makers];
        Span<bool> askHit = stackalloc bool[makers];
        Span<sbyte> order = stackalloc sbyte[takers];
        Span<double> price = stackalloc double[takers];
        for (int i = 0; i < mid.Length; i++)
        {
            for (int j = 0; j < makers; j++)
            {
                quotes[j] = new MakerQuote(bids[j].Span[i], asks[j].Span[i]);
                bidHit[j] = false;
                askHit[j] = false;
            }
            for (int t = 0; t < takers; t++) order[t] = orders[t].Span[i];
            MatchPath(step, i, keys, mid[i], quotes, order, bidHit, askHit, price);
            for (int j = 0; j < makers; j++)
            {
                bidFilled[j].Span[i] = bidHit[j];
                askFilled[j].Span[i] = askHit[j];
            }
            for (int t = 0; t < takers; t++) takerPrice[t].Span[i] = price[t];
        }
    }

    /// <summary>
    /// Matches path <paramref name="i"/> of step <paramref name="step"/>. Makers' fill flags must be cleared by
    /// the caller; <paramref name="takerPrice"/>[t] receives the price taker t traded at (NaN: no order or no quote).
    /// </summary>
    private void MatchPath(int step, int i, in LaneKeys keys, double mid, ReadOnlySpan<MakerQuote> makers, ReadOnlySpan<sbyte> takerOrders,
                          Span<bool> bidFilled, Span<bool> askFilled, Span<double> takerPrice)
    {
        int bestAsk = Best(step, i, makers, askFilled, ask: true, 0);
        int bestBid = Best(step, i, makers, bidFilled, ask: false, 1);
        double pAsk = bestAsk < 0 ? 0.0 : OrderFlow.FillProbability(_m, makers[bestAsk].Ask - mid);
        double pBid = bestBid < 0 ? 0.0 : OrderFlow.FillProbability(_m, mid - makers[bestBid].Bid);
        ulong counter = (ulong)step;
        bool askHit, bidHit;
        if (_m.FillsPerStep == FillsPerStep.Independent)
        {
            askHit = CounterRng.Uniform(keys.AskArrival[i], counter) < pAsk;
            bidHit = CounterRng.Uniform(keys.BidArrival[i], counter) < pBid;
        }
        else
        {
            double u = CounterRng.Uniform(keys.AnyArrival[i], counter);
            askHit = u < pAsk;
            bidHit = !askHit && u < pAsk + pBid;
        }
        if (askHit) askFilled[bestAsk] = true;
        if (bidHit) bidFilled[bestBid] = true;
        for (int t = 0; t < takerOrders.Length; t++)
        {
            takerPrice[t] = double.NaN;
            int order = takerOrders[t];
            if (order == 0) continue;
            bool buy = order > 0;
            int maker = buy ? Best(step, i, makers, askFilled, ask: true, 2 + t) : Best(step, i, makers, bidFilled, ask: false, 2 + t);
            if (maker < 0) continue;
            if (buy)
            {
                askFilled[maker] = true;
                takerPrice[t] = makers[maker].Ask;
            }
            else
            {
                bidFilled[maker] = true;
                takerPrice[t] = makers[maker].Bid;
            }
        }
    }

    /// <summary>A maker's executions of a step from its fill flags: it bought at its bid, sold at its ask (NaN: no such fill).</summary>
    public static void MakerExecutions(ReadOnlySpan<double> bid, ReadOnlySpan<double> ask, ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled,
                                       Span<double> buyPrice, Span<double> sellPrice)
    {
        for (int i = 0; i < buyPrice.Length; i++)
        {
            buyPrice[i] = bidFilled[i] ? bid[i] : double.NaN;
            sellPrice[i] = askFilled[i] ? ask[i] : double.NaN;
        }
    }

    /// <summary>A taker's executions of a step from its orders and the prices they traded at (NaN: no order or no quote).</summary>
    public static void TakerExecutions(ReadOnlySpan<sbyte> orders, ReadOnlySpan<double> price, Span<double> buyPrice, Span<double> sellPrice)
    {
        for (int i = 0; i < buyPrice.Length; i++)
        {
            buyPrice[i] = orders[i] > 0 ? price[i] : double.NaN;
            sellPrice[i] = orders[i] < 0 ? price[i] : double.NaN;
        }
    }

    /// <summary>The maker with the best standing quote on one side (lowest ask, highest bid), −1 if none; ties drawn.</summary>
    private int Best(int step, int i, ReadOnlySpan<MakerQuote> makers, ReadOnlySpan<bool> filled, bool ask, int ev)
    {
        int best = -1, ties = 0;
        double bestPrice = double.NaN;
        for (int j = 0; j < makers.Length; j++)
        {
            double price = ask ? makers[j].Ask : makers[j].Bid;
            if (double.IsNaN(price) || filled[j]) continue;
            if (best < 0 || (ask ? price < bestPrice : price > bestPrice))
            {
                best = j;
                bestPrice = price;
                ties = 1;
            }
            else if (price == bestPrice)
            {
                ties++;
            }
        }
        if (ties <= 1) return best;
        int pick = (int)(CounterRng.Uniform(_tieKeys[i], (ulong)step * (ulong)_events + (ulong)ev) * ties);
        for (int j = 0; j < makers.Length; j++)
        {
            double price = ask ? makers[j].Ask : makers[j].Bid;
            if (double.IsNaN(price) || filled[j] || price != bestPrice) continue;
            if (pick-- == 0) return j;
        }
        return best;
    }
}

/// <summary>One maker's quotes on one path.</summary>
/// <param name="Bid">Its bid (NaN: not quoted).</param>
/// <param name="Ask">Its ask (NaN: not quoted).</param>
public readonly record struct MakerQuote(double Bid, double Ask);
