using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Tests;

/// <summary>
/// The two mechanics of the original Python study that the sandbox offers as options
/// (<c>market_maker.quote_mid: previous</c>, <c>order_flow.fills_per_step: one</c>), checked on the
/// recorded paths of <see cref="ReferenceEngine"/> runs, and the paper's defaults.
/// </summary>
public sealed class OriginalStudyMechanicsTests
{
    private const double Tolerance = 1e-12;

    // The paper's market (s0 = 100, σ = 2, binomial: every step moves the mid by ±σ·√dt = ±0.1414,
    // so s_k ≠ s_{k−1} always), N = 200 steps, every path recorded.
    private static SimulationConfig Study(QuoteMid quoteMid, FillsPerStep perStep, int paths) => SimulationConfig.Paper with
    {
        Paths = paths,
        MarketMaker = SimulationConfig.Paper.MarketMaker with { QuoteMid = quoteMid },
        OrderFlow = SimulationConfig.Paper.OrderFlow with { FillsPerStep = perStep },
        Output = new OutputConfig(RecordPaths: paths),
        Engine = SimulationConfig.Paper.Engine with { Kind = EngineKind.Reference },
    };

    [Fact]
    public void With_quote_mid_previous_the_quotes_of_step_k_are_centred_on_the_reservation_of_the_previous_rows_mid_and_inventory()
    {
        var config = Study(QuoteMid.Previous, FillsPerStep.Independent, paths: 200);
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        Assert.Equal(200, result.RecordedPaths.Count);
        foreach (var path in result.RecordedPaths)
        {
            // Step 0: no previous row, so the maker quotes around s0 = 100 with q = 0: r = 100.
            Assert.Equal(100.0, path.Reservation[0], Tolerance);
            Assert.Equal(100.0, (path.Bid[0] + path.Ask[0]) / 2, Tolerance);
            // Step 1: γσ²τ_1 = 0.1·4·(200 − 1)·0.005 = 0.398, and the previous mid is s0 = 100 on every path,
            // so r_1 = 100 − 0.398·q_0 whatever s_1 = 100 ± 0.1414 is.
            Assert.Equal(100.0 - 0.398 * path.Inventory[0], path.Reservation[1], 1e-12);
            Assert.NotEqual(path.Mid[0], path.Mid[1]);
            for (int k = 1; k < config.Steps; k++)
            {
                Assert.NotEqual(path.Mid[k - 1], path.Mid[k]);
                double tau = m.TimeLeft(k);
                double r = Quoting.Reservation(path.Mid[k - 1], path.Inventory[k - 1], m.Gamma, m.MakerSigma, tau);
                double half = Quoting.FullSpread(m.Gamma, m.MakerSigma, tau, m.IntensitySpread) / 2;
                Assert.Equal(r, path.Reservation[k], Tolerance);
                Assert.Equal(r - half, path.Bid[k], Tolerance);
                Assert.Equal(r + half, path.Ask[k], Tolerance);
            }
        }
    }

    [Fact]
    public void With_quote_mid_current_the_quotes_of_step_k_are_centred_on_the_reservation_of_the_current_mid()
    {
        var config = Study(QuoteMid.Current, FillsPerStep.Independent, paths: 200);
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        foreach (var path in result.RecordedPaths)
        {
            Assert.Equal(100.0, path.Reservation[0], Tolerance);
            // Step 1: r_1 = s_1 − 0.398·q_0, with s_1 = 100 ± 0.1414 (γσ²τ_1 = 0.1·4·0.995 = 0.398).
            Assert.Equal(path.Mid[1] - 0.398 * path.Inventory[0], path.Reservation[1], 1e-12);
            for (int k = 1; k < config.Steps; k++)
            {
                double r = Quoting.Reservation(path.Mid[k], path.Inventory[k - 1], m.Gamma, m.MakerSigma, m.TimeLeft(k));
                Assert.Equal(r, path.Reservation[k], Tolerance);
            }
        }
    }

    [Fact]
    public void With_quote_mid_previous_fills_are_still_decided_at_the_quotes_distance_from_the_current_mid()
    {
        // Replays each side's draw, a pure function of (seed, path, purpose, step) (STYLE §6): the side fills
        // when u < P(distance) with the distance measured from the current mid s_k, not from s_{k−1}.
        var config = Study(QuoteMid.Previous, FillsPerStep.Independent, paths: 200);
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        int decidedOtherwiseFromPreviousMid = 0;
        foreach (var path in result.RecordedPaths)
        {
            ulong bidKey = StreamKey.For(m.Seed, path.Path, Purpose.BidArrival);
            ulong askKey = StreamKey.For(m.Seed, path.Path, Purpose.AskArrival);
            for (int k = 0; k < config.Steps; k++)
            {
                bool bought = path.Trades.Any(t => t.Step == k && t.Side == TradeSide.Buy);
                bool sold = path.Trades.Any(t => t.Step == k && t.Side == TradeSide.Sell);
                double uBid = CounterRng.Uniform(bidKey, (ulong)k), uAsk = CounterRng.Uniform(askKey, (ulong)k);
                Assert.Equal(uBid < OrderFlow.FillProbability(m, path.Mid[k] - path.Bid[k]), bought);
                Assert.Equal(uAsk < OrderFlow.FillProbability(m, path.Ask[k] - path.Mid[k]), sold);
                double previous = k == 0 ? m.S0 : path.Mid[k - 1];
                if (uBid < OrderFlow.FillProbability(m, previous - path.Bid[k]) != bought ||
                    uAsk < OrderFlow.FillProbability(m, path.Ask[k] - previous) != sold)
                    decidedOtherwiseFromPreviousMid++;
            }
        }
        // The check can tell the two apart: distances from s_{k−1} would have decided some steps differently.
        Assert.True(decidedOtherwiseFromPreviousMid > 0);
    }

    [Fact]
    public void With_fills_per_step_one_no_step_of_any_recorded_path_has_two_trades()
    {
        var one = ReferenceEngine.Run(Study(QuoteMid.Current, FillsPerStep.One, paths: 200));
        foreach (var path in one.RecordedPaths)
            Assert.All(path.Trades.GroupBy(t => t.Step), step => Assert.Single(step));
        Assert.True(one.RecordedPaths.Sum(p => p.Trades.Count) > 0);
        // The same seed with independent sides has steps with both a buy and a sell (P ≈ 0.2² per step),
        // so the check above can fail.
        var independent = ReferenceEngine.Run(Study(QuoteMid.Current, FillsPerStep.Independent, paths: 200));
        Assert.Contains(independent.RecordedPaths, p => p.Trades.GroupBy(t => t.Step).Any(step => step.Count() == 2));
    }

    [Fact]
    public void With_fills_per_step_one_sells_and_buys_occur_at_the_one_draw_probabilities_within_five_standard_errors()
    {
        // One u per step, the ask checked first: sell when u < pAsk, buy when pAsk ≤ u < pAsk + pBid, so
        // P(sell) = min(1, pAsk) and P(buy) = min(1, pAsk + pBid) − min(1, pAsk), with pAsk and pBid the
        // fill probabilities of the recorded quotes' distances from the mid. Summed over path-steps, the
        // count of sells minus Σ P(sell) has variance Σ P(1 − P) (a martingale: each step's P is known
        // before its draw). At q = 0, t = 0 the half-spread is (0.4 + 1.290770)/2 = 0.845385 and
        // pAsk = pBid = 0.7·e^(−1.5·0.845385) = 0.19698, so ≈ 200,000·0.2 = 40,000 of each side
        // and a standard error of ≈ 180.
        var config = Study(QuoteMid.Current, FillsPerStep.One, paths: 1000);
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        double expectedSells = 0, sellVariance = 0, expectedBuys = 0, buyVariance = 0;
        long sells = 0, buys = 0;
        foreach (var path in result.RecordedPaths)
        {
            for (int k = 0; k < config.Steps; k++)
            {
                double pAsk = double.IsNaN(path.Ask[k]) ? 0 : OrderFlow.FillProbability(m, path.Ask[k] - path.Mid[k]);
                double pBid = double.IsNaN(path.Bid[k]) ? 0 : OrderFlow.FillProbability(m, path.Mid[k] - path.Bid[k]);
                double pSell = Math.Min(1, pAsk);
                double pBuy = Math.Min(1, pAsk + pBid) - pSell;
                expectedSells += pSell;
                sellVariance += pSell * (1 - pSell);
                expectedBuys += pBuy;
                buyVariance += pBuy * (1 - pBuy);
            }
            sells += path.Trades.Count(t => t.Side == TradeSide.Sell);
            buys += path.Trades.Count(t => t.Side == TradeSide.Buy);
        }
        Assert.InRange(expectedSells / (1000 * 200), 0.1, 0.3);   // ≈ 0.197 at q = 0, t = 0
        Assert.True(Math.Abs(sells - expectedSells) <= 5 * Math.Sqrt(sellVariance),
            $"sells {sells}, expected {expectedSells:F1} ± {Math.Sqrt(sellVariance):F1}");
        Assert.True(Math.Abs(buys - expectedBuys) <= 5 * Math.Sqrt(buyVariance),
            $"buys {buys}, expected {expectedBuys:F1} ± {Math.Sqrt(buyVariance):F1}");
    }

    [Fact]
    public void With_fills_per_step_one_a_single_draw_per_step_checks_the_ask_first_then_the_bid()
    {
        // Replays the one draw u of (seed, path, AnyArrival, step): a sell when u < pAsk, else a buy when
        // u < pAsk + pBid. Checking the bid first would turn the steps with pBid ≤ u < pAsk into buys.
        var config = Study(QuoteMid.Current, FillsPerStep.One, paths: 200);
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        int decidedOtherwiseBidFirst = 0;
        foreach (var path in result.RecordedPaths)
        {
            ulong key = StreamKey.For(m.Seed, path.Path, Purpose.AnyArrival);
            for (int k = 0; k < config.Steps; k++)
            {
                bool bought = path.Trades.Any(t => t.Step == k && t.Side == TradeSide.Buy);
                bool sold = path.Trades.Any(t => t.Step == k && t.Side == TradeSide.Sell);
                double u = CounterRng.Uniform(key, (ulong)k);
                double pAsk = OrderFlow.FillProbability(m, path.Ask[k] - path.Mid[k]);
                double pBid = OrderFlow.FillProbability(m, path.Mid[k] - path.Bid[k]);
                Assert.Equal(u < pAsk, sold);
                Assert.Equal(!sold && u < pAsk + pBid, bought);
                if ((u < pBid) != bought) decidedOtherwiseBidFirst++;
            }
        }
        Assert.True(decidedOtherwiseBidFirst > 0);
    }

    [Fact]
    public void The_paper_defaults_quote_around_the_current_mid_and_draw_each_side_independently()
    {
        Assert.Equal(QuoteMid.Current, SimulationConfig.Paper.MarketMaker.QuoteMid);
        Assert.Equal(FillsPerStep.Independent, SimulationConfig.Paper.OrderFlow.FillsPerStep);
        var m = new ModelParameters(SimulationConfig.Paper);
        Assert.Equal(QuoteMid.Current, m.QuoteMid);
        Assert.Equal(FillsPerStep.Independent, m.FillsPerStep);
    }
}
