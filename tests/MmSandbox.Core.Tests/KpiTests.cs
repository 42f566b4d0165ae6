using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

/// <summary>
/// The KPIs of summary.json (README, "KPIs in summary.json") against hand calculations: a
/// <see cref="LaneRecorder"/> is fed hand-chosen mids, quotes and fills, and every expected number
/// is worked out in the comment beside it.
/// </summary>
public sealed class KpiTests
{
    private const double Tolerance = 1e-12;

    // dt = 1, T = 6: N = 6 quoting steps k = 0 … 5 and the close at k = 6. Order size 1, no fee.
    // Markouts at h = 1 and 2, adverse selection at h = 1 (it has fills whose markout is exactly 0),
    // inventory-shock VaR at h = 1 for levels 0.75 and 0.85; inventory limit 2.
    private static readonly SimulationConfig ThreePaths = SimulationConfig.Paper with
    {
        Paths = 3,
        Horizon = 6,
        Dt = 1,
        MarketMaker = SimulationConfig.Paper.MarketMaker with { MaxInventory = 2 },
        Metrics = new MetricsConfig(MarkoutHorizons: [1, 2], AdverseHorizonSteps: 1, VarHorizonSteps: 1, VarLevels: [0.75, 0.85]),
        Output = new OutputConfig(RecordPaths: 3),
    };

    // The three paths, quotes at s_k ∓ half, fills B (bid hit: buy) and S (ask lifted: sell; booked first).
    //
    // path 0, half 1 (spread 2):
    //   k      0     1     2     3       4     5   | close 6
    //   s     100   101   102   101     100    96   |  97
    //   bid    99   100   101   100      99    95
    //   ask   101   102   103   102     101    97
    //   fill   B     S     -    S,B      B     B
    //   q      1     0     0     0       1     2    |   2
    //   cash  -99    3     3   3+102-100=5  -94  -189 | -189
    //   pnl    1     3     3     5       6     3    |  -189 + 2·97 = 5
    //
    // path 1, half 0.5 (spread 1):
    //   s     100    99    98    99     100   101   | 103
    //   bid   99.5  98.5  97.5  98.5   99.5  100.5
    //   ask  100.5  99.5  98.5  99.5  100.5  101.5
    //   fill   S     -     B     S       S     -
    //   q     -1    -1     0    -1      -2    -2    |  -2
    //   cash 100.5 100.5   3   102.5    203   203   |  203
    //   pnl   0.5   1.5    3    3.5      3     1    |  203 − 2·103 = −3
    //
    // path 2, half 1.5 (spread 3):
    //   s     100   100   101   101     100   100   | 101
    //   bid   98.5  98.5  99.5  99.5   98.5  98.5
    //   ask  101.5 101.5 102.5 102.5   101.5 101.5
    //   fill   -     -     S     -       -     -
    //   q      0     0    -1    -1      -1    -1    |  -1
    //   cash   0     0   102.5 102.5   102.5 102.5  | 102.5
    //   pnl    0     0    1.5   1.5     2.5   2.5   |  102.5 − 101 = 1.5
    private static readonly PathScript[] Scripts =
    [
        new([100, 101, 102, 101, 100, 96, 97], 1.0, ["B", "S", "", "SB", "B", "B"]),
        new([100, 99, 98, 99, 100, 101, 103], 0.5, ["S", "", "B", "S", "S", ""]),
        new([100, 100, 101, 101, 100, 100, 101], 1.5, ["", "", "S", "", "", ""]),
    ];

    [Fact]
    public void Terminal_pnl_of_each_path_is_its_cash_plus_inventory_times_the_closing_mid()
    {
        var result = Record(ThreePaths, Scripts);
        // cash_N + q_N·s_N from the tables above.
        Assert.Equal(5.0, result.TerminalPnl[0], Tolerance);     // −189 + 2·97
        Assert.Equal(-3.0, result.TerminalPnl[1], Tolerance);    // 203 − 2·103
        Assert.Equal(1.5, result.TerminalPnl[2], Tolerance);     // 102.5 − 1·101
        Assert.Equal([2.0, -2.0, -1.0], result.FinalInventory);  // q_N: 4 buys − 2 sells, 1 − 3, 0 − 1
        Assert.Equal(-189.0, result.RecordedPaths[0].Cash[6], Tolerance);
        Assert.Equal(203.0, result.RecordedPaths[1].Cash[6], Tolerance);
        Assert.Equal(102.5, result.RecordedPaths[2].Cash[6], Tolerance);
    }

    [Fact]
    public void A_fee_of_10_bps_takes_price_times_size_times_0_001_from_cash_on_every_fill()
    {
        var result = Record(ThreePaths.WithFeeBps(10), Scripts);
        // Fee = price·1·0.001 per fill, whichever the side.
        // path 0: fills at 99, 102, 102, 100, 99, 95: Σ = 597 → fees 0.597; 5 − 0.597 = 4.403.
        // path 1: fills at 100.5, 97.5, 99.5, 100.5: Σ = 398 → fees 0.398; −3 − 0.398 = −3.398.
        // path 2: one fill at 102.5 → fee 0.1025; 1.5 − 0.1025 = 1.3975.
        Assert.Equal(4.403, result.TerminalPnl[0], 1e-9);
        Assert.Equal(-3.398, result.TerminalPnl[1], 1e-9);
        Assert.Equal(1.3975, result.TerminalPnl[2], 1e-9);
        var firstTrade = result.RecordedPaths[0].Trades[0];
        Assert.Equal(0.099, firstTrade.Fee, 1e-12);              // 99·0.001
        Assert.Equal(-99.099, firstTrade.Cash, 1e-9);            // −99 − 0.099
    }

    [Fact]
    public void Pnl_mean_std_sharpe_and_quantiles_are_over_the_terminal_pnls_of_the_paths()
    {
        var s = Record(ThreePaths, Scripts).Summary;
        // Terminal PnLs 5, −3, 1.5; sorted −3, 1.5, 5.
        Assert.Equal(7.0 / 6.0, s.PnlMean, Tolerance);                   // 3.5 / 3
        // Deviations from 7/6: 23/6, −25/6, 2/6; Σ squares = (529 + 625 + 4)/36 = 1158/36; / (3 − 1) = 579/36.
        Assert.Equal(Math.Sqrt(579.0) / 6.0, s.PnlStd, Tolerance);       // 4.010403…
        Assert.Equal(7.0 / Math.Sqrt(579.0), s.PnlSharpe, Tolerance);   // (7/6) / (√579/6) = 0.290912…
        Assert.Equal(-3.0, s.PnlMin, Tolerance);
        Assert.Equal(5.0, s.PnlMax, Tolerance);
        // Type 7 on 3 values: h = 2p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
        Assert.Equal(-2.55, s.PnlP05, Tolerance);   // h = 0.1: −3 + 0.1·4.5
        Assert.Equal(-0.75, s.PnlP25, Tolerance);   // h = 0.5: −3 + 0.5·4.5
        Assert.Equal(1.5, s.PnlP50, Tolerance);     // h = 1
        Assert.Equal(3.25, s.PnlP75, Tolerance);    // h = 1.5: 1.5 + 0.5·3.5
        Assert.Equal(4.65, s.PnlP95, Tolerance);    // h = 1.9: 1.5 + 0.9·3.5
    }

    [Fact]
    public void Max_drawdown_is_the_largest_fall_of_mark_to_market_pnl_from_its_running_peak()
    {
        var result = Record(ThreePaths, Scripts);
        // The MtM PnL rows of the tables above, steps 0 … 6.
        Assert.Equal([1.0, 3, 3, 5, 6, 3, 5], result.RecordedPaths[0].Pnl);
        Assert.Equal([0.5, 1.5, 3, 3.5, 3, 1, -3], result.RecordedPaths[1].Pnl);
        Assert.Equal([0.0, 0, 1.5, 1.5, 2.5, 2.5, 1.5], result.RecordedPaths[2].Pnl);
        // Drawdowns: path 0: peak 6 at k = 4, then 3 → 3; path 1: peak 3.5 at k = 3, close −3 → 6.5;
        // path 2: peak 2.5, close 1.5 → 1. Mean (3 + 6.5 + 1)/3 = 3.5.
        Assert.Equal(3.5, result.Summary.MaxDrawdownMean, Tolerance);
    }

    [Fact]
    public void Max_drawdown_runs_from_a_peak_of_zero_so_a_path_that_starts_under_water_counts_its_first_loss()
    {
        // One path, fee 100 bps: it buys at 99.5 (s0 − 0.5) paying 0.995, so cash = −100.495 and its
        // MtM PnL −100.495 + s_k is below zero from the first row on.
        var config = ThreePaths.WithFeeBps(100) with { Paths = 1, Output = new OutputConfig(RecordPaths: 1) };
        PathScript[] path = [new([100, 99, 98, 99, 100, 100, 100], 0.5, ["B", "", "", "", "", ""])];
        var result = Record(config, path);
        //   k    0       1       2       3       4       5       6
        //   pnl −0.495  −1.495  −2.495  −1.495  −0.495  −0.495  −0.495
        Assert.Equal(-0.495, result.RecordedPaths[0].Pnl[0], 1e-9);
        // Peak max(0, …) = 0, lowest −2.495 → 2.495 (a peak started at the first row, −0.495, would give 2).
        Assert.Equal(2.495, result.Summary.MaxDrawdownMean, 1e-9);
    }

    [Fact]
    public void Spread_mean_is_the_mean_quoted_spread_over_paths_and_steps_0_to_N_minus_1()
    {
        // Spreads 2, 1, 3 on 6 steps each: (12 + 6 + 18) / 18 = 2 (the close quotes nothing).
        Assert.Equal(2.0, Record(ThreePaths, Scripts).Summary.SpreadMean, Tolerance);
    }

    [Fact]
    public void Inventory_kpis_pool_the_inventory_after_each_steps_fills_over_paths_and_steps()
    {
        var s = Record(ThreePaths, Scripts).Summary;
        // q after the fills of k = 0 … 5:
        //   path 0:  1  0  0  0  1  2   Σq = 4,  Σq² = 6,  Σ|q| = 4
        //   path 1: −1 −1  0 −1 −2 −2   Σq = −7, Σq² = 11, Σ|q| = 7
        //   path 2:  0  0 −1 −1 −1 −1   Σq = −4, Σq² = 4,  Σ|q| = 4
        // n = 18, Σq = −7, Σq² = 21: variance (21 − (−7)²/18)/17 = (329/18)/17 = 329/306.
        Assert.Equal(Math.Sqrt(329.0 / 306.0), s.InventoryStd, Tolerance);   // 1.036901…
        Assert.Equal(15.0 / 18.0, s.InventoryAbsMean, Tolerance);           // Σ|q| = 15 over 18
        Assert.Equal(2.0, s.InventoryAbsMax);
        // |q| ≥ 2: path 0 at k = 5, path 1 at k = 4 and 5: 3 of 18 path-steps.
        Assert.Equal(3.0 / 18.0, s.TimeAtMaxInventory, Tolerance);
        // q_N = 2, −2, −1: mean −1/3; deviations 7/3, −5/3, −2/3, Σ squares 78/9, / 2 = 13/3.
        Assert.Equal(-1.0 / 3.0, s.FinalInventoryMean, Tolerance);
        Assert.Equal(Math.Sqrt(13.0 / 3.0), s.FinalInventoryStd, Tolerance);   // 2.081666…
    }

    [Fact]
    public void Time_at_max_inventory_is_zero_without_an_inventory_limit()
    {
        var s = Record(ThreePaths.WithMaxInventory(null), Scripts).Summary;
        Assert.Equal(0.0, s.TimeAtMaxInventory);
        Assert.Equal(2.0, s.InventoryAbsMax);   // the limit changes only the share, not |q|
    }

    [Fact]
    public void Trades_and_bid_and_ask_fills_per_path_are_means_over_the_paths()
    {
        var s = Record(ThreePaths, Scripts).Summary;
        // Buys (bid fills) 4, 1, 0; sells (ask fills) 2, 3, 1; trades 6, 4, 1.
        Assert.Equal(11.0 / 3.0, s.TradesPerPathMean, Tolerance);
        Assert.Equal(5.0 / 3.0, s.BidFillsPerPathMean, Tolerance);
        Assert.Equal(2.0, s.AskFillsPerPathMean, Tolerance);
    }

    [Fact]
    public void Markout_at_one_step_is_the_next_mid_minus_the_price_for_a_buy_and_the_price_minus_it_for_a_sell()
    {
        var m = Record(ThreePaths, Scripts).Summary.Markouts[0];
        Assert.Equal(1, m.Horizon);
        // Every fill has k + 1 ≤ 6:
        //   path 0: buy 99 (s1 101) +2, sell 102 (s2 102) 0, sell 102 (s4 100) +2, buy 100 (s4 100) 0,
        //           buy 99 (s5 96) −3, buy 95 (s6 97) +2
        //   path 1: sell 100.5 (s1 99) +1.5, buy 97.5 (s3 99) +1.5, sell 99.5 (s4 100) −0.5, sell 100.5 (s5 101) −0.5
        //   path 2: sell 102.5 (s3 101) +1.5
        // n = 11, Σ = 6.5, Σ² = 28.25.
        Assert.Equal(11, m.Count);
        Assert.Equal(6.5 / 11.0, m.Mean, Tolerance);                                    // 0.590909…
        Assert.Equal(Math.Sqrt((28.25 - 6.5 * 6.5 / 11.0) / 10.0), m.Std, Tolerance);  // √(268.5/110) = 1.562341…
        Assert.Equal(3.0 / 11.0, m.NegativeShare, Tolerance);                          // −3, −0.5, −0.5 (zeros are not negative)
        // Sorted: −3, −0.5, −0.5, 0, 0, 1.5, 1.5, 1.5, 2, 2, 2; nearest rank ⌈p·11⌉.
        AssertWithinSketchError(-3.0, m.P05);   // rank 1
        AssertWithinSketchError(-0.5, m.P25);   // rank ⌈2.75⌉ = 3
        AssertWithinSketchError(1.5, m.P50);    // rank ⌈5.5⌉ = 6
        AssertWithinSketchError(2.0, m.P75);    // rank ⌈8.25⌉ = 9
        AssertWithinSketchError(2.0, m.P95);    // rank ⌈10.45⌉ = 11
    }

    [Fact]
    public void Markout_at_two_steps_leaves_out_the_fills_whose_horizon_passes_the_close()
    {
        var m = Record(ThreePaths, Scripts).Summary.Markouts[1];
        Assert.Equal(2, m.Horizon);
        // Fills with k + 2 ≤ 6 (path 0's buy at k = 5 is left out):
        //   path 0: buy 99 (s2 102) +3, sell 102 (s3 101) +1, sell 102 (s5 96) +6, buy 100 (s5 96) −4, buy 99 (s6 97) −2
        //   path 1: sell 100.5 (s2 98) +2.5, buy 97.5 (s4 100) +2.5, sell 99.5 (s5 101) −1.5, sell 100.5 (s6 103) −2.5
        //   path 2: sell 102.5 (s4 100) +2.5
        // n = 10, Σ = 7.5, Σ² = 93.25.
        Assert.Equal(10, m.Count);
        Assert.Equal(0.75, m.Mean, Tolerance);
        Assert.Equal(Math.Sqrt((93.25 - 7.5 * 0.75) / 9.0), m.Std, Tolerance);   // √(87.625/9) = 3.120274…
        Assert.Equal(0.4, m.NegativeShare, Tolerance);                           // −4, −2, −1.5, −2.5
        // Sorted: −4, −2.5, −2, −1.5, 1, 2.5, 2.5, 2.5, 3, 6; nearest rank ⌈p·10⌉.
        AssertWithinSketchError(-4.0, m.P05);   // rank 1
        AssertWithinSketchError(-2.0, m.P25);   // rank 3
        AssertWithinSketchError(1.0, m.P50);    // rank 5 (type 7 would give 1.75)
        AssertWithinSketchError(2.5, m.P75);    // rank 8
        AssertWithinSketchError(6.0, m.P95);    // rank 10
    }

    [Fact]
    public void Adverse_selection_rate_counts_fills_whose_mid_h_steps_later_is_strictly_worse_than_the_fill_price()
    {
        var s = Record(ThreePaths, Scripts).Summary;
        Assert.Equal(1, s.AdverseHorizonSteps);
        // h = 1, the 11 fills above. Worse: buy 99 then s5 96 < 99; sell 99.5 then s4 100 > 99.5;
        // sell 100.5 then s5 101 > 100.5. Not worse: sell 102 with s2 = 102 and buy 100 with s4 = 100
        // (equal), though both mids moved against the mid at the fill. 3 of 11.
        Assert.Equal(3.0 / 11.0, s.AdverseSelectionRate, Tolerance);
    }

    [Fact]
    public void Adverse_selection_at_a_horizon_that_is_no_markout_horizon_takes_its_own_pass_with_the_same_answer()
    {
        // The same h = 1 test as above, but with markouts only at h = 2: the recorder cannot borrow the markout counts
        // of h = 1 and walks the fills of step k − 1 itself. The hand count is still 3 of 11.
        var config = ThreePaths with { Metrics = ThreePaths.Metrics with { MarkoutHorizons = [2] } };
        var s = Record(config, Scripts).Summary;
        Assert.Equal(1, s.AdverseHorizonSteps);
        Assert.Equal(3.0 / 11.0, s.AdverseSelectionRate, Tolerance);
    }

    [Fact]
    public void Inventory_var_is_the_nearest_rank_quantile_of_the_loss_of_the_inventory_shock_over_paths_and_steps()
    {
        var s = Record(ThreePaths, Scripts).Summary;
        Assert.Equal(1, s.VarHorizonSteps);
        // Shock q_t·(s_{t+1} − s_t) for t = 0 … 5 (t + 1 ≤ 6):
        //   path 0: q 1 0 0 0 1 2,      Δs  1  1 −1 −1 −4  1 → 1, 0, 0, 0, −4, 2
        //   path 1: q −1 −1 0 −1 −2 −2, Δs −1 −1  1  1  1  2 → 1, 1, 0, −1, −2, −4
        //   path 2: q 0 0 −1 −1 −1 −1,  Δs  0  1  0 −1  0  1 → 0, 0, 0, 1, 0, −1
        // Losses −shock, sorted (n = 18): −2, −1 ×4, 0 ×8, 1 ×2, 2, 4 ×2 (ranks 1, 2–5, 6–13, 14–15, 16, 17–18).
        Assert.Equal([0.75, 0.85], s.InventoryVar.Select(v => v.Level));
        AssertWithinSketchError(1.0, s.InventoryVar[0].ValueAtRisk);   // rank ⌈0.75·18⌉ = 14 (type 7 would give 0.75)
        AssertWithinSketchError(2.0, s.InventoryVar[1].ValueAtRisk);   // rank ⌈0.85·18⌉ = ⌈15.3⌉ = 16
    }

    [Fact]
    public void The_step_series_holds_the_mean_mid_pnl_and_inventory_and_the_inventory_std_over_paths_at_each_step()
    {
        var series = Record(ThreePaths, Scripts).Series;
        Assert.Equal(7, series.Count);   // steps 0 … 6
        var first = series[0];
        Assert.Equal(0, first.Step);
        Assert.Equal(100.0, first.MidMean, Tolerance);          // all start at 100
        Assert.Equal(0.5, first.PnlMean, Tolerance);            // (1 + 0.5 + 0) / 3
        Assert.Equal(0.0, first.InventoryMean, Tolerance);      // (1 − 1 + 0) / 3
        Assert.Equal(1.0, first.InventoryStd, Tolerance);       // √((1 + 1 + 0) / 2)
        var last = series[5];
        Assert.Equal(99.0, last.MidMean, Tolerance);            // (96 + 101 + 100) / 3
        Assert.Equal(6.5 / 3.0, last.PnlMean, Tolerance);       // (3 + 1 + 2.5) / 3
        Assert.Equal(-1.0 / 3.0, last.InventoryMean, Tolerance); // (2 − 2 − 1) / 3
        Assert.Equal(Math.Sqrt(13.0 / 3.0), last.InventoryStd, Tolerance); // deviations 7/3, −5/3, −2/3: (78/9)/2
        var close = series[6];
        Assert.Equal(301.0 / 3.0, close.MidMean, Tolerance);   // (97 + 103 + 101) / 3
        Assert.Equal(7.0 / 6.0, close.PnlMean, Tolerance);     // the terminal PnLs (5 − 3 + 1.5) / 3
        Assert.Equal(-1.0 / 3.0, close.InventoryMean, Tolerance);
    }

    [Fact]
    public void Splitting_the_paths_into_lanes_in_any_order_changes_no_kpi()
    {
        var whole = Record(ThreePaths, Scripts);
        var split = Record(ThreePaths, Scripts, (2, 1), (0, 2));
        Bitwise.Equal(whole.Summary, split.Summary, "summary");
        Bitwise.Equal(whole.Series, split.Series, "series");
        Bitwise.Equal(whole.TerminalPnl, split.TerminalPnl, "pnl");
    }

    [Fact]
    public void Inventory_var_takes_the_loss_of_rank_ceiling_level_times_n_also_when_level_times_n_is_whole()
    {
        // Two paths that buy one unit at k = 0 and hold it, so each shock is q·Δs = Δs (h = 1):
        //   path 0: s = 100 101 103 106 110 115 121 → shocks 1 … 6, losses −1 … −6
        //   path 1: s = 100  99  97  94  90  85  79 → shocks −1 … −6, losses 1 … 6
        // Losses sorted (n = 12): −6 −5 −4 −3 −2 −1 1 2 3 4 5 6.
        var config = ThreePaths with
        {
            Paths = 2,
            Metrics = ThreePaths.Metrics with { VarLevels = [0.5, 0.75] },
            Output = new OutputConfig(RecordPaths: 0),
        };
        PathScript[] paths =
        [
            new([100, 101, 103, 106, 110, 115, 121], 1.0, ["B", "", "", "", "", ""]),
            new([100, 99, 97, 94, 90, 85, 79], 1.0, ["B", "", "", "", "", ""]),
        ];
        var inventoryVar = Record(config, paths).Summary.InventoryVar;
        // Level·n is whole at both levels: rank ⌈6⌉ = 6 and ⌈9⌉ = 9, not 7 and 10.
        AssertWithinSketchError(-1.0, inventoryVar[0].ValueAtRisk);   // rank 6: the median shock is a gain of 1
        AssertWithinSketchError(3.0, inventoryVar[1].ValueAtRisk);    // rank 9 (type 7 would give 3.25)
    }

    [Fact]
    public void Terminal_var_and_expected_shortfall_are_the_type_7_quantile_of_the_loss_and_the_mean_loss_at_or_beyond_it()
    {
        // 20 paths, each buys one unit at 99 (s0 − 1) at k = 0 and holds it; the close s_N = 99 + PnL
        // makes its terminal PnL −99 + s_N the number listed (in no particular order; −12 twice).
        double[] pnls = [3, -12, 0.5, -12, 2, -1, 4.5, -2, 1, -4, 5, 0, -5, 3.5, -1.5, -0.5, 4, 2.5, -3, 1.5];
        var config = ThreePaths with
        {
            Paths = 20,
            Metrics = ThreePaths.Metrics with { VarLevels = [0.75, 0.9, 0.95] },
            Output = new OutputConfig(RecordPaths: 0),
        };
        var scripts = pnls.Select(p => new PathScript([100, 100, 100, 100, 100, 100, 99 + p], 1.0, ["B", "", "", "", "", ""])).ToArray();
        var result = Record(config, scripts);
        Assert.Equal(pnls, result.TerminalPnl);
        // Losses −PnL, sorted, index 0 … 19:
        //   −5 −4.5 −4 −3.5 −3 −2.5 −2 −1.5 −1 −0.5 0 0.5 1 1.5 2 3 4 5 12 12
        // Type 7 at level p: h = 19p, L[⌊h⌋] + (h − ⌊h⌋)·(L[⌊h⌋+1] − L[⌊h⌋]); ES = mean of the losses ≥ VaR.
        var tail = result.Summary.TailRisk;
        Assert.Equal([0.75, 0.9, 0.95], tail.Select(t => t.Level));
        Assert.Equal(2.25, tail[0].ValueAtRisk, 1e-9);         // h = 14.25: 2 + 0.25·(3 − 2)
        Assert.Equal(7.2, tail[0].ExpectedShortfall, 1e-9);    // (3 + 4 + 5 + 12 + 12) / 5
        Assert.Equal(5.7, tail[1].ValueAtRisk, 1e-9);          // h = 17.1: 5 + 0.1·(12 − 5)
        Assert.Equal(12.0, tail[1].ExpectedShortfall, 1e-9);   // (12 + 12) / 2
        Assert.Equal(12.0, tail[2].ValueAtRisk, 1e-9);         // h = 18.05: 12 + 0.05·(12 − 12)
        Assert.Equal(12.0, tail[2].ExpectedShortfall, 1e-9);   // the two losses equal to the VaR count
        // PnL sorted: −12 −12 −5 −4 −3 −2 −1.5 −1 −0.5 0 0.5 1 1.5 2 2.5 3 3.5 4 4.5 5; type 7, h = 19p.
        var s = result.Summary;
        Assert.Equal(-12.0, s.PnlP05, 1e-9);    // h = 0.95: −12 + 0.95·0
        Assert.Equal(-2.25, s.PnlP25, 1e-9);    // h = 4.75: −3 + 0.75·1
        Assert.Equal(0.25, s.PnlP50, 1e-9);     // h = 9.5: 0 + 0.5·0.5
        Assert.Equal(2.625, s.PnlP75, 1e-9);    // h = 14.25: 2.5 + 0.25·0.5
        Assert.Equal(4.525, s.PnlP95, 1e-9);    // h = 18.05: 4.5 + 0.05·0.5
    }

    /// <summary>A sketch quantile is within <see cref="QuantileSketch.RelativeError"/> of the exact nearest-rank value.</summary>
    private static void AssertWithinSketchError(double exact, double actual) =>
        Assert.True(Math.Abs(actual - exact) <= QuantileSketch.RelativeError * Math.Abs(exact),
            $"sketch {actual:R}, exact {exact:R}, bound {QuantileSketch.RelativeError * Math.Abs(exact):R}");

    /// <summary>
    /// One path as the recorder sees it: mids s_0 … s_N, quotes at s_k ∓ <paramref name="HalfSpread"/>,
    /// and the fills of steps 0 … N − 1 ("B": the bid filled, the maker bought; "S": the ask filled).
    /// </summary>
    private sealed record PathScript(double[] Mid, double HalfSpread, string[] Fills);

    /// <summary>Feeds the scripts to a recorder lane by lane (one lane of all paths by default) and finishes the run.</summary>
    private static RunResult Record(SimulationConfig config, PathScript[] paths, params (int First, int Count)[] lanes)
    {
        var m = new ModelParameters(config);
        var run = new RunAccumulator(m, config.Metrics, config.Output.RecordPaths);
        var recorder = new LaneRecorder(m, config.Metrics, run);
        if (lanes.Length == 0) lanes = [(0, paths.Length)];
        foreach (var (first, count) in lanes)
        {
            var lane = paths.AsSpan(first, count).ToArray();
            recorder.Start(first, count);
            for (int k = 0; k < m.Steps; k++)
            {
                double[] mid = [.. lane.Select(p => p.Mid[k])];
                double[] bid = [.. lane.Select(p => p.Mid[k] - p.HalfSpread)];
                double[] ask = [.. lane.Select(p => p.Mid[k] + p.HalfSpread)];
                double[] spread = [.. lane.Select(p => 2 * p.HalfSpread)];
                bool[] bought = [.. lane.Select(p => p.Fills[k].Contains('B'))];
                bool[] sold = [.. lane.Select(p => p.Fills[k].Contains('S'))];
                recorder.ObserveStep(k, mid, mid, bid, ask, spread, bought, sold);
            }
            double[] close = [.. lane.Select(p => p.Mid[m.Steps])];
            recorder.ObserveClose(close);
            recorder.Complete();
        }
        return run.Finish(EngineKind.Reference, paths.Length);
    }
}
