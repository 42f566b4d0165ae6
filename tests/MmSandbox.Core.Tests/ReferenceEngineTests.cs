using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Tests;

public sealed class ReferenceEngineTests
{
    // 1000 paths × 200 steps: two blocks of the engine (512 + 488), 100 recorded paths.
    private static readonly SimulationConfig Paper = SimulationConfig.Paper with
    {
        Engine = SimulationConfig.Paper.Engine with { Kind = EngineKind.Reference },
    };

    // (2/γ)·ln(1 + γ/k) with γ = 0.1, k = 1.5: 20·ln(16/15).
    private const double IntensityTerm = 1.290770422751423;

    [Fact]
    public void The_same_config_twice_gives_bitwise_identical_summaries_and_recorded_paths()
    {
        var first = ReferenceEngine.Run(Paper);
        var second = ReferenceEngine.Run(Paper);
        Bitwise.Equal(first.Summary, second.Summary, "summary");
        Assert.Equal(100, first.RecordedPaths.Count);
        Bitwise.Equal(first.RecordedPaths, second.RecordedPaths, "recorded");
        Bitwise.Equal(first.TerminalPnl, second.TerminalPnl, "pnl");
        Bitwise.Equal(first.FinalInventory, second.FinalInventory, "q");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Blocks_on_several_workers_give_the_bits_of_the_single_threaded_loop(int workers)
    {
        // 2,600 paths: six blocks (the last of 40), so every worker takes several and the merge is exercised.
        var config = Paper with { Paths = 2_600 };
        var single = ReferenceEngine.Run(config, workers: 1);
        var parallel = ReferenceEngine.Run(config, workers);
        Bitwise.Equal(single.Summary, parallel.Summary, "summary");
        Bitwise.Equal(single.RecordedPaths, parallel.RecordedPaths, "recorded");
        Bitwise.Equal(single.TerminalPnl, parallel.TerminalPnl, "pnl");
        Bitwise.Equal(single.FinalInventory, parallel.FinalInventory, "q");
        Assert.Equal(single.Series, parallel.Series);
    }

    [Fact]
    public void A_different_seed_gives_different_paths_and_results()
    {
        var a = ReferenceEngine.Run(Paper);
        var b = ReferenceEngine.Run(Paper with { Seed = 43 });
        Assert.NotEqual(a.Summary.PnlMean, b.Summary.PnlMean);
        Assert.NotEqual(a.RecordedPaths[0].Mid, b.RecordedPaths[0].Mid);
        Assert.NotEqual(a.TerminalPnl, b.TerminalPnl);
    }

    [Fact]
    public void Each_path_gives_the_same_result_whatever_the_number_of_paths_run()
    {
        // Paths 512 … 599 run in a block of 88 in one run and of 488 in the other: keys are per path.
        var small = ReferenceEngine.Run(Paper with { Paths = 600 });
        var large = ReferenceEngine.Run(Paper);
        Bitwise.Equal(small.TerminalPnl, large.TerminalPnl.Take(600).ToArray(), "pnl");
        Bitwise.Equal(small.FinalInventory, large.FinalInventory.Take(600).ToArray(), "q");
    }

    [Fact]
    public void Terminal_pnl_of_a_recorded_path_is_its_last_pnl_row_and_cash_plus_q_times_the_closing_mid()
    {
        var result = ReferenceEngine.Run(Paper.WithFeeBps(2));
        int n = Paper.Steps;
        foreach (var path in result.RecordedPaths)
        {
            double terminal = result.TerminalPnl[(int)path.Path];
            Assert.Equal(BitConverter.DoubleToInt64Bits(path.Pnl[n]), BitConverter.DoubleToInt64Bits(terminal));
            Assert.Equal(path.Cash[n] + path.Inventory[n] * path.Mid[n], terminal);
            Assert.Equal(path.Inventory[n], result.FinalInventory[(int)path.Path]);
            // Row N is the close: no quotes; every earlier row is marked at its own mid.
            Assert.True(double.IsNaN(path.Bid[n]) && double.IsNaN(path.Ask[n]) && double.IsNaN(path.Spread[n]));
            for (int k = 0; k < n; k++)
                Assert.Equal(path.Cash[k] + path.Inventory[k] * path.Mid[k], path.Pnl[k]);
        }
    }

    [Fact]
    public void Replaying_the_trades_of_a_recorded_path_with_Accounting_reproduces_its_inventory_and_cash()
    {
        var config = Paper.WithFeeBps(2);
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        int n = config.Steps;
        foreach (var path in result.RecordedPaths)
        {
            Assert.NotEmpty(path.Trades);
            double q = 0, cash = 0;
            int t = 0;
            for (int k = 0; k < n; k++)
            {
                for (; t < path.Trades.Count && path.Trades[t].Step == k; t++)
                {
                    var trade = path.Trades[t];
                    // A fill is at the quote of its step, against the mid of its step.
                    Assert.Equal(trade.Side == TradeSide.Sell ? path.Ask[k] : path.Bid[k], trade.Price);
                    Assert.Equal(path.Mid[k], trade.Mid);
                    if (trade.Side == TradeSide.Sell) Accounting.Sell(m, trade.Price, ref q, ref cash);
                    else Accounting.Buy(m, trade.Price, ref q, ref cash);
                    Assert.Equal(q, trade.Inventory);
                    Assert.Equal(cash, trade.Cash);
                }
                Assert.Equal(q, path.Inventory[k]);
                Assert.Equal(cash, path.Cash[k]);
            }
            Assert.Equal(path.Trades.Count, t);   // no trade outside steps 0 … N − 1
            Assert.Equal(q, path.Inventory[n]);
            Assert.Equal(cash, path.Cash[n]);
        }
    }

    [Fact]
    public void Every_draw_of_a_recorded_path_is_addressed_by_seed_path_purpose_and_step()
    {
        // The contract the actor engine relies on: the move after step k is draw k of the path's price
        // stream, and a side fills at step k exactly when draw k of its arrival stream is below P(fill).
        var config = Paper;
        var m = new ModelParameters(config);
        var result = ReferenceEngine.Run(config);
        foreach (var path in result.RecordedPaths)
        {
            ulong price = StreamKey.For(config.Seed, path.Path, Purpose.Price);
            ulong bidKey = StreamKey.For(config.Seed, path.Path, Purpose.BidArrival);
            ulong askKey = StreamKey.For(config.Seed, path.Path, Purpose.AskArrival);
            var sold = path.Trades.Where(t => t.Side == TradeSide.Sell).Select(t => t.Step).ToHashSet();
            var bought = path.Trades.Where(t => t.Side == TradeSide.Buy).Select(t => t.Step).ToHashSet();
            for (int k = 0; k < config.Steps; k++)
            {
                bool up = CounterRng.Uniform(price, (ulong)k) < 0.5;
                Assert.Equal(up, path.Mid[k + 1] > path.Mid[k]);
                double pAsk = OrderFlow.FillProbability(m, path.Ask[k] - path.Mid[k]);
                double pBid = OrderFlow.FillProbability(m, path.Mid[k] - path.Bid[k]);
                Assert.Equal(CounterRng.Uniform(askKey, (ulong)k) < pAsk, sold.Contains(k));
                Assert.Equal(CounterRng.Uniform(bidKey, (ulong)k) < pBid, bought.Contains(k));
            }
        }
    }

    [Fact]
    public void Mid_paths_are_common_random_numbers_across_gamma_and_strategy()
    {
        var low = ReferenceEngine.Run(Paper.WithGamma(0.01));
        var high = ReferenceEngine.Run(Paper.WithGamma(0.3));
        var symmetric = ReferenceEngine.Run(Paper.WithStrategy(Strategy.Symmetric));
        for (int i = 0; i < low.RecordedPaths.Count; i++)
        {
            Bitwise.Equal(low.RecordedPaths[i].Mid, high.RecordedPaths[i].Mid, $"path {i}");
            Bitwise.Equal(low.RecordedPaths[i].Mid, symmetric.RecordedPaths[i].Mid, $"path {i}");
        }
        // The makers do differ: the common mids are not a sign that nothing changed.
        Assert.NotEqual(low.Summary.PnlMean, high.Summary.PnlMean);
    }

    [Fact]
    public void Binomial_mid_steps_are_plus_or_minus_sigma_root_dt()
    {
        var result = ReferenceEngine.Run(Paper);
        double step = 2 * Math.Sqrt(0.005);   // σ√dt = 0.1414213562
        foreach (var path in result.RecordedPaths)
        {
            Assert.Equal(100.0, path.Mid[0]);
            for (int k = 0; k < Paper.Steps; k++)
            {
                double move = path.Mid[k + 1] - path.Mid[k];
                Assert.True(Math.Abs(Math.Abs(move) - step) < 1e-9, $"path {path.Path}, step {k}: move {move:R}");
            }
        }
    }

    [Fact]
    public void An_inventory_limit_of_three_keeps_every_inventory_within_three()
    {
        var result = ReferenceEngine.Run(Paper.WithMaxInventory(3));
        Assert.InRange(result.Summary.InventoryAbsMax, 3.0, 3.0);   // reached, never passed
        Assert.All(result.FinalInventory, q => Assert.InRange(q, -3.0, 3.0));
        Assert.All(result.RecordedPaths, p => Assert.All(p.Inventory, q => Assert.InRange(q, -3.0, 3.0)));
        Assert.True(result.Summary.TimeAtMaxInventory > 0);
        // Without the limit the paper's maker goes past 3 (std of final q ≈ 2.9).
        Assert.True(ReferenceEngine.Run(Paper).Summary.InventoryAbsMax > 3);
    }

    [Fact]
    public void Inventory_strategy_spread_mean_is_the_discrete_time_average_of_the_full_spread()
    {
        // Quotes at t_k = k·dt, k = 0 … N−1, τ_k = (N − k)·dt:
        // mean_k γσ²(N−k)dt + I = γσ²dt·(1/N)·Σ_{j=1}^{N} j + I = γσ²dt·(N+1)/2 + I
        // = 0.4·0.005·201/2 + 1.290770 = 0.201 + 1.290770 = 1.491770,
        // the closed form γσ²T/2 + I = 1.490770 plus the discretisation term γσ²dt/2 = 0.001.
        var result = ReferenceEngine.Run(Paper);
        Assert.Equal(0.201 + IntensityTerm, result.Summary.SpreadMean, 1e-9);
    }

    [Fact]
    public void Symmetric_strategy_spread_mean_is_the_inventory_strategys_mean_spread()
    {
        // The symmetric maker quotes the inventory strategy's mean over the N quote times at every step:
        // γσ²·dt·(N+1)/2 + I = 0.1·4·0.005·201/2 + I = 0.201 + 1.290770 (the paper: "the same average spread").
        var result = ReferenceEngine.Run(Paper.WithStrategy(Strategy.Symmetric));
        Assert.Equal(0.201 + IntensityTerm, result.Summary.SpreadMean, 1e-9);
    }

    [Fact]
    public void Fill_counts_of_the_summary_add_up()
    {
        var s = ReferenceEngine.Run(Paper).Summary;
        Assert.Equal(s.BidFillsPerPathMean + s.AskFillsPerPathMean, s.TradesPerPathMean, 1e-9);
        Assert.True(s.TradesPerPathMean > 0);
        Assert.Equal(ReferenceEngine.BlockSize, s.LaneSize);
        Assert.Equal(EngineKind.Reference, s.Engine);
    }

    [Fact]
    public void A_valid_long_run_of_the_symmetric_maker_completes()
    {
        // horizon 1000 at dt 0.005 is N = 200,000 steps, far inside the validator's 10,000,000.
        // γ = 10⁻⁴ keeps the spread near the paper's: γσ²T/2 + (2/γ)ln(1+γ/k) = 0.2 + 1.3333 = 1.533,
        // so each side fills with p ≈ 0.7·e^(−1.5·0.767) ≈ 0.22 per step. The symmetric maker's q is
        // then a random walk with variance 2p(1−p) ≈ 0.35 per step, and Σ_k q_k² on one path grows
        // like 0.35·N²/2 ≈ 7·10⁹ on average: past the ±2³¹ ≈ 2.1·10⁹ range of ExactSum, to which the recorder
        // hands that per-path sum.
        var config = Paper.WithStrategy(Strategy.Symmetric).WithGamma(1e-4) with
        {
            Paths = 2,   // two random walks: the chance that both stay small is negligible
            Horizon = 1000,
            Output = new OutputConfig(RecordPaths: 0),
        };
        Assert.Empty(config.Validate());
        var result = ReferenceEngine.Run(config);
        Assert.Equal(200_000, result.Summary.Steps);
        Assert.True(double.IsFinite(result.Summary.InventoryStd));
    }
}
