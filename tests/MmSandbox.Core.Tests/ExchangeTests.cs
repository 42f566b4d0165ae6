using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Core.Tests;

public sealed class ExchangeTests
{
    /// <summary>The paper's model, with the background flow switched off when <paramref name="quiet"/> (A·dt = 5e−15: no arrival in any test here).</summary>
    private static ModelParameters Model(bool quiet = false, FillsPerStep perStep = FillsPerStep.Independent, FillProbability rule = FillProbability.Linear)
    {
        var c = SimulationConfig.Paper.WithFillsPerStep(perStep).WithFillProbability(rule);
        return new(quiet ? c with { OrderFlow = c.OrderFlow with { A = 1e-12 } } : c);
    }

    /// <summary>What one matched step produced: each maker's fill flags and each taker's price.</summary>
    private sealed record Matched(bool[][] BidFilled, bool[][] AskFilled, double[][] TakerPrice);

    private static Matched Match(ModelParameters m, Exchange exchange, int step, in LaneKeys keys, double[] mid,
                                 double[][] bids, double[][] asks, params sbyte[][] orders)
    {
        int n = mid.Length;
        var result = new Matched(
            [.. bids.Select(_ => new bool[n])], [.. bids.Select(_ => new bool[n])], [.. orders.Select(_ => new double[n])]);
        exchange.Match(step, keys, mid,
            bids.Select(b => (ReadOnlyMemory<double>)b).ToArray(), asks.Select(a => (ReadOnlyMemory<double>)a).ToArray(),
            orders.Select(o => (ReadOnlyMemory<sbyte>)o).ToArray(),
            result.BidFilled.Select(f => (Memory<bool>)f).ToArray(), result.AskFilled.Select(f => (Memory<bool>)f).ToArray(),
            result.TakerPrice.Select(p => (Memory<double>)p).ToArray());
        return result;
    }

    private static Exchange Started(ModelParameters m, int takers, int paths)
    {
        var exchange = new Exchange(m, takers);
        exchange.Start(0, paths);
        return exchange;
    }

    private static double[] Same(int n, double value) => Enumerable.Repeat(value, n).ToArray();

    private static sbyte[] Orders(int n, sbyte side) => Enumerable.Repeat(side, n).ToArray();

    [Theory]
    [InlineData(FillsPerStep.Independent, FillProbability.Linear)]
    [InlineData(FillsPerStep.Independent, FillProbability.Poisson)]
    [InlineData(FillsPerStep.One, FillProbability.Linear)]
    [InlineData(FillsPerStep.One, FillProbability.Poisson)]
    public void With_one_maker_and_no_takers_the_exchange_gives_exactly_the_paper_s_fills(FillsPerStep perStep, FillProbability rule)
    {
        // 203 paths: the vector form of DrawFills covers 200, the scalar tail 3. Quotes are random, some not quoted.
        var m = Model(perStep: perStep, rule: rule);
        const int n = 203;
        var keys = new LaneKeys(m.Seed, 0, n);
        var exchange = Started(m, takers: 0, n);
        var random = new TestRandom(7);
        var mid = new double[n];
        for (int step = 0; step < 20; step++)
        {
            var bid = new double[n];
            var ask = new double[n];
            for (int i = 0; i < n; i++)
            {
                mid[i] = random.NextDouble(95, 105);
                bid[i] = random.NextDouble() < 0.05 ? double.NaN : mid[i] - random.NextDouble(-0.5, 2);
                ask[i] = random.NextDouble() < 0.05 ? double.NaN : mid[i] + random.NextDouble(-0.5, 2);
            }
            var expectedBid = new bool[n];
            var expectedAsk = new bool[n];
            OrderFlow.DrawFills(m, step, keys, mid, bid, ask, expectedBid, expectedAsk);

            var matched = Match(m, exchange, step, keys, mid, [bid], [ask]);

            Assert.Equal(expectedBid, matched.BidFilled[0]);
            Assert.Equal(expectedAsk, matched.AskFilled[0]);
        }
    }

    [Fact]
    public void A_buy_lifts_the_lowest_ask_and_a_sell_hits_the_highest_bid()
    {
        var m = Model(quiet: true);
        const int n = 3;
        var keys = new LaneKeys(m.Seed, 0, n);
        double[] mid = Same(n, 100);
        double[][] bids = [Same(n, 99.6), Same(n, 99.5)];
        double[][] asks = [Same(n, 100.5), Same(n, 100.4)];

        var matched = Match(m, Started(m, 2, n), 0, keys, mid, bids, asks, Orders(n, 1), Orders(n, -1));

        Assert.Equal(Same(n, 100.4), matched.TakerPrice[0]);     // maker 1's ask
        Assert.Equal(Same(n, 99.6), matched.TakerPrice[1]);      // maker 0's bid
        Assert.All(matched.AskFilled[1], Assert.True);
        Assert.All(matched.AskFilled[0], Assert.False);
        Assert.All(matched.BidFilled[0], Assert.True);
        Assert.All(matched.BidFilled[1], Assert.False);
    }

    [Fact]
    public void A_quote_fills_at_most_once_so_the_next_order_goes_to_the_next_best_maker_and_then_unfilled()
    {
        var m = Model(quiet: true);
        const int n = 2;
        var keys = new LaneKeys(m.Seed, 0, n);
        double[][] bids = [Same(n, 99.5), Same(n, 99.4)];
        double[][] asks = [Same(n, 100.4), Same(n, 100.5)];

        var matched = Match(m, Started(m, 3, n), 0, keys, Same(n, 100), bids, asks, Orders(n, 1), Orders(n, 1), Orders(n, 1));

        Assert.Equal(Same(n, 100.4), matched.TakerPrice[0]);
        Assert.Equal(Same(n, 100.5), matched.TakerPrice[1]);
        Assert.All(matched.TakerPrice[2], p => Assert.True(double.IsNaN(p)));
        Assert.All(matched.AskFilled, side => Assert.All(side, Assert.True));
        Assert.All(matched.BidFilled, side => Assert.All(side, Assert.False));
    }

    [Fact]
    public void A_background_fill_takes_the_quote_before_the_takers_in_list_order()
    {
        // A quote 10 below the mid on the ask side fills with the background flow for sure (p = min(1, 0.7·e^15) = 1).
        var m = Model();
        const int n = 4;
        var keys = new LaneKeys(m.Seed, 0, n);
        double[][] bids = [Same(n, double.NaN)];
        double[][] asks = [Same(n, 90)];

        var matched = Match(m, Started(m, 1, n), 0, keys, Same(n, 100), bids, asks, Orders(n, 1));

        Assert.All(matched.AskFilled[0], Assert.True);
        Assert.All(matched.TakerPrice[0], p => Assert.True(double.IsNaN(p)));
    }

    [Theory]
    [InlineData(FillsPerStep.Independent)]
    [InlineData(FillsPerStep.One)]
    public void NaN_quotes_never_fill_by_background_flow_or_by_takers(FillsPerStep perStep)
    {
        // The bids would fill for sure if quoted (10 above the mid); the takers' sells and buys find no quote.
        var m = Model(perStep: perStep);
        const int n = 50;
        var keys = new LaneKeys(m.Seed, 0, n);
        var exchange = Started(m, 2, n);
        double[][] bids = [Same(n, double.NaN), Same(n, double.NaN)];
        double[][] asks = [Same(n, double.NaN), Same(n, double.NaN)];
        for (int step = 0; step < 10; step++)
        {
            var matched = Match(m, exchange, step, keys, Same(n, 100), bids, asks, Orders(n, 1), Orders(n, -1));
            Assert.All(matched.BidFilled.Concat(matched.AskFilled), side => Assert.All(side, Assert.False));
            Assert.All(matched.TakerPrice, prices => Assert.All(prices, p => Assert.True(double.IsNaN(p))));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Ties_between_makers_are_split_evenly_within_four_binomial_standard_errors(int makers)
    {
        // Every maker quotes 100.5 on every path; one buy per path and step. Maker j gets each order with
        // probability 1/makers: count ~ Binomial(4000, 1/makers), sd = √(4000·p·(1 − p)).
        var m = Model(quiet: true);
        const int n = 500, steps = 8;
        var keys = new LaneKeys(m.Seed, 0, n);
        var exchange = Started(m, 1, n);
        double[][] bids = [.. Enumerable.Range(0, makers).Select(_ => Same(n, 99.5))];
        double[][] asks = [.. Enumerable.Range(0, makers).Select(_ => Same(n, 100.5))];
        var counts = new int[makers];
        for (int step = 0; step < steps; step++)
        {
            var matched = Match(m, exchange, step, keys, Same(n, 100), bids, asks, Orders(n, 1));
            for (int j = 0; j < makers; j++) counts[j] += matched.AskFilled[j].Count(f => f);
            Assert.All(matched.TakerPrice[0], p => Assert.Equal(100.5, p));
        }
        Assert.Equal(n * steps, counts.Sum());   // each order filled exactly one maker
        double p = 1.0 / makers, trials = n * steps, sd = Math.Sqrt(trials * p * (1 - p));
        Assert.All(counts, c => Assert.InRange(c, trials * p - 4 * sd, trials * p + 4 * sd));
    }

    [Fact]
    public void Background_fills_at_a_tie_are_split_evenly_within_four_binomial_standard_errors()
    {
        // Two makers at the mid on both sides: every background fill is a tie, decided by the tie-break stream.
        var m = Model();
        const int n = 500, steps = 8;
        var keys = new LaneKeys(m.Seed, 0, n);
        var exchange = Started(m, 0, n);
        int first = 0, total = 0;
        for (int step = 0; step < steps; step++)
        {
            var matched = Match(m, exchange, step, keys, Same(n, 100), [Same(n, 100), Same(n, 100)], [Same(n, 100), Same(n, 100)]);
            for (int i = 0; i < n; i++)
            {
                // One quote per side fills at most, never both makers' for one event.
                Assert.False(matched.AskFilled[0][i] && matched.AskFilled[1][i]);
                Assert.False(matched.BidFilled[0][i] && matched.BidFilled[1][i]);
            }
            first += matched.AskFilled[0].Count(f => f) + matched.BidFilled[0].Count(f => f);
            total += matched.AskFilled.Sum(s => s.Count(f => f)) + matched.BidFilled.Sum(s => s.Count(f => f));
        }
        // A quote at the mid fills with probability A·dt = 0.7 per side: about 5600 fills in 8000 side-steps.
        Assert.InRange(total, 5400, 5800);
        double sd = Math.Sqrt(total * 0.25);
        Assert.InRange(first, total / 2.0 - 4 * sd, total / 2.0 + 4 * sd);
    }

    [Fact]
    public void Ties_are_decided_by_the_same_draws_every_time()
    {
        var m = Model();
        const int n = 64;
        var keys = new LaneKeys(m.Seed, 0, n);
        double[][] quotes = [Same(n, 100.2), Same(n, 100.2), Same(n, 100.2)];
        double[][] bids = [Same(n, 99.8), Same(n, 99.8), Same(n, 99.8)];
        var a = Match(m, Started(m, 2, n), 3, keys, Same(n, 100), bids, quotes, Orders(n, 1), Orders(n, -1));
        var b = Match(m, Started(m, 2, n), 3, keys, Same(n, 100), bids, quotes, Orders(n, 1), Orders(n, -1));

        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(a.AskFilled[j], b.AskFilled[j]);
            Assert.Equal(a.BidFilled[j], b.BidFilled[j]);
        }
        // The draws do differ between paths: not every tie went to the same maker.
        Assert.True(a.AskFilled.Count(side => side.Any(f => f)) > 1);
    }
}
