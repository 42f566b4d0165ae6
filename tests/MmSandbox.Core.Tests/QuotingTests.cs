using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

public sealed class QuotingTests
{
    // (2/γ)·ln(1 + γ/k) with γ = 0.1, k = 1.5: 20·ln(16/15) = 20 × 0.0645385211375712 = 1.290770422751423.
    private const double IntensityTerm = 1.290770422751423;
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(0.1, 1.5, 1.290770422751423)]   // paper, eq. 30 at t = T: 20·ln(16/15)
    [InlineData(0.01, 1.5, 1.3289085437337023)]  // 200·ln(151/150) = 200 × 0.006644542718668512
    [InlineData(1.0, 1.0, 1.3862943611198906)]   // 2·ln 2
    public void Spread_at_the_horizon_is_the_intensity_term_alone(double gamma, double k, double expected)
    {
        double intensity = Quoting.IntensitySpread(gamma, k);
        Assert.Equal(expected, intensity, 1e-12);
        Assert.Equal(expected, Quoting.FullSpread(gamma, 2.0, 0.0, intensity), 1e-12);
    }

    [Fact]
    public void Full_spread_at_the_start_adds_gamma_sigma_squared_T_to_the_intensity_term()
    {
        // γσ²T = 0.1·4·1 = 0.4.
        Assert.Equal(0.4 + IntensityTerm, Quoting.FullSpread(0.1, 2.0, 1.0, IntensityTerm), Tolerance);
        Assert.Equal(1.690770422751423, Quoting.FullSpread(0.1, 2.0, 1.0, Quoting.IntensitySpread(0.1, 1.5)), Tolerance);
    }

    [Fact]
    public void Time_averaged_spread_is_the_paper_average_spread_of_1_49()
    {
        // γσ²T/2 + (2/γ)ln(1+γ/k) = 0.2 + 1.290770 = 1.490770; the paper's Table 1 prints 1.49.
        double average = Quoting.TimeAveragedSpread(0.1, 2.0, 1.0, 1.5);
        Assert.Equal(0.2 + IntensityTerm, average, Tolerance);
        Assert.Equal(1.49, Math.Round(average, 2));
    }

    [Fact]
    public void Mean_quoted_spread_is_the_average_of_the_full_spread_over_the_quote_times()
    {
        // Mean over k = 0 … 199 of 0.4·(200 − k)·0.005 + I = 0.4·0.005·(201/2) + I = 0.201 + I.
        double mean = Enumerable.Range(0, 200).Average(k => Quoting.FullSpread(0.1, 2.0, (200 - k) * 0.005, IntensityTerm));
        Assert.Equal(mean, Quoting.MeanQuotedSpread(0.1, 2.0, 0.005, 200, 1.5), 1e-12);
        Assert.Equal(0.201 + IntensityTerm, Quoting.MeanQuotedSpread(0.1, 2.0, 0.005, 200, 1.5), 1e-12);
    }

    [Theory]
    [InlineData(3.0, 99.4)]     // 100 − 3·0.1·4·0.5 = 100 − 0.6
    [InlineData(0.0, 100.0)]    // flat: the mid itself
    [InlineData(-2.0, 100.4)]   // short: 100 + 2·0.1·4·0.5
    public void Reservation_price_moves_against_the_inventory(double inventory, double expected) =>
        Assert.Equal(expected, Quoting.Reservation(100, inventory, 0.1, 2, 0.5), Tolerance);

    [Fact]
    public void Inventory_strategy_quotes_are_symmetric_around_the_reservation_price()
    {
        // Step 0 of the paper: τ = 1, skew γσ²τ = 0.4 per unit, full spread 0.4 + 1.290770 = 1.690770.
        var quotes = QuoteLane(SimulationConfig.Paper, step: 0, mids: [100, 100, 100], inventory: [0, 3, -3]);
        double full = 0.4 + IntensityTerm;
        double[] expectedReservation = [100.0, 98.8, 101.2];   // 100 − q·0.4
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expectedReservation[i], quotes.Reservation[i], Tolerance);
            Assert.Equal(expectedReservation[i] - full / 2, quotes.Bid[i], Tolerance);
            Assert.Equal(expectedReservation[i] + full / 2, quotes.Ask[i], Tolerance);
            Assert.Equal(quotes.Reservation[i], (quotes.Bid[i] + quotes.Ask[i]) / 2, Tolerance);
        }
    }

    [Fact]
    public void Long_inventory_skews_both_quotes_down_and_short_inventory_skews_them_up()
    {
        var quotes = QuoteLane(SimulationConfig.Paper, step: 40, mids: [100, 100, 100], inventory: [0, 2, -2]);
        Assert.True(quotes.Bid[1] < quotes.Bid[0] && quotes.Ask[1] < quotes.Ask[0]);
        Assert.True(quotes.Bid[2] > quotes.Bid[0] && quotes.Ask[2] > quotes.Ask[0]);
        // Shift at step 40: q·γσ²τ = 2·0.4·0.8 = 0.64.
        Assert.Equal(0.64, quotes.Bid[0] - quotes.Bid[1], 1e-9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(199)]
    public void Symmetric_strategy_centres_on_the_mid_with_the_constant_time_averaged_spread(int step)
    {
        var config = SimulationConfig.Paper.WithStrategy(Strategy.Symmetric);
        var quotes = QuoteLane(config, step, mids: [100, 97.5, 103], inventory: [0, 5, -7]);
        // The inventory strategy's mean over the 200 quote times: γσ²·dt·(N+1)/2 + I = 0.201 + 1.290770, halved.
        double half = (0.201 + IntensityTerm) / 2;
        double[] mids = [100, 97.5, 103];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(mids[i], quotes.Reservation[i], Tolerance);
            Assert.Equal(mids[i] - half, quotes.Bid[i], Tolerance);
            Assert.Equal(mids[i] + half, quotes.Ask[i], Tolerance);
            Assert.Equal(0.201 + IntensityTerm, quotes.Spread[i], Tolerance);
        }
    }

    [Theory]
    // τ = (N − k)·dt with N = 200, dt = 0.005; full spread = 0.4·τ + 1.290770.
    [InlineData(0, 1.0)]
    [InlineData(50, 0.75)]
    [InlineData(199, 0.005)]
    public void Spread_output_equals_the_full_spread_at_the_step(int step, double timeLeft)
    {
        var quotes = QuoteLane(SimulationConfig.Paper, step, mids: [100, 101], inventory: [0, 4]);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(0.4 * timeLeft + IntensityTerm, quotes.Spread[i], Tolerance);
            Assert.Equal(quotes.Spread[i], quotes.Ask[i] - quotes.Bid[i], 1e-9);
        }
    }

    [Fact]
    public void At_the_upper_inventory_limit_the_bid_is_withdrawn_and_the_ask_stays()
    {
        var config = SimulationConfig.Paper.WithMaxInventory(2);
        var quotes = QuoteLane(config, step: 0, mids: [100, 100, 100, 100], inventory: [2, -2, 1, -1]);
        Assert.True(double.IsNaN(quotes.Bid[0]));        // buying would take q to 3 > 2
        Assert.False(double.IsNaN(quotes.Ask[0]));
        Assert.False(double.IsNaN(quotes.Bid[1]));
        Assert.True(double.IsNaN(quotes.Ask[1]));        // selling would take q to −3 < −2
        for (int i = 2; i < 4; i++)                      // one unit inside the limit: both sides quoted
            Assert.False(double.IsNaN(quotes.Bid[i]) || double.IsNaN(quotes.Ask[i]));
    }

    [Fact]
    public void A_side_is_withdrawn_when_one_more_fill_would_pass_the_limit()
    {
        // Order size 0.5, limit 2: from q = 1.75 a buy would reach 2.25 > 2; from q = 1.5 it reaches 2.0, allowed.
        var config = SimulationConfig.Paper.WithMaxInventory(2) with
        {
            OrderFlow = SimulationConfig.Paper.OrderFlow with { OrderSize = 0.5 },
        };
        var quotes = QuoteLane(config, step: 0, mids: [100, 100, 100, 100], inventory: [1.75, 1.5, -1.75, -1.5]);
        Assert.True(double.IsNaN(quotes.Bid[0]));
        Assert.False(double.IsNaN(quotes.Bid[1]));
        Assert.True(double.IsNaN(quotes.Ask[2]));
        Assert.False(double.IsNaN(quotes.Ask[3]));
    }

    [Fact]
    public void Symmetric_strategy_also_respects_the_inventory_limit()
    {
        var config = SimulationConfig.Paper.WithStrategy(Strategy.Symmetric).WithMaxInventory(2);
        var quotes = QuoteLane(config, step: 0, mids: [100, 100], inventory: [2, -2]);
        Assert.True(double.IsNaN(quotes.Bid[0]) && !double.IsNaN(quotes.Ask[0]));
        Assert.True(double.IsNaN(quotes.Ask[1]) && !double.IsNaN(quotes.Bid[1]));
    }

    [Theory]
    [InlineData(Strategy.AvellanedaStoikov, 37)]
    [InlineData(Strategy.Symmetric, 41)]
    public void A_lane_is_quoted_four_paths_at_a_time_with_the_bits_of_the_per_path_formulas(Strategy strategy, int step)
    {
        // 203 paths (the vector pass and a scalar rest), inventories up to the limit of 3 and past it, mids from a fixed stream.
        var config = SimulationConfig.Paper.WithStrategy(strategy).WithMaxInventory(3);
        var m = new ModelParameters(config);
        const int n = 203;
        var mids = new double[n];
        var inventory = new double[n];
        for (int i = 0; i < n; i++)
        {
            mids[i] = 90 + 20 * Randomness.CounterRng.Uniform(7, (ulong)i);
            inventory[i] = Math.Round(9 * Randomness.CounterRng.Uniform(8, (ulong)i)) - 4;
        }

        var quotes = QuoteLane(config, step, mids, inventory);

        double timeLeft = m.TimeLeft(step);
        double full = strategy == Strategy.AvellanedaStoikov ? Quoting.FullSpread(m.Gamma, m.MakerSigma, timeLeft, m.IntensitySpread) : m.SymmetricSpread;
        for (int i = 0; i < n; i++)
        {
            double q = inventory[i];
            double r = strategy == Strategy.AvellanedaStoikov ? mids[i] - q * (m.Gamma * m.MakerSigma * m.MakerSigma * timeLeft) : mids[i];
            Assert.Equal(BitConverter.DoubleToInt64Bits(r), BitConverter.DoubleToInt64Bits(quotes.Reservation[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(q + 1 > 3 ? double.NaN : r - full / 2), BitConverter.DoubleToInt64Bits(quotes.Bid[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(q - 1 < -3 ? double.NaN : r + full / 2), BitConverter.DoubleToInt64Bits(quotes.Ask[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(full), BitConverter.DoubleToInt64Bits(quotes.Spread[i]));
        }
    }

    [Fact]
    public void Quoting_into_a_buffer_shorter_than_the_lane_is_refused_before_anything_is_written()
    {
        var m = new ModelParameters(SimulationConfig.Paper);
        var mids = Enumerable.Repeat(100.0, 8).ToArray();
        var inventory = new double[8];
        var shortAsk = new double[7];
        var bid = new double[8];

        Assert.Throws<ArgumentException>(() => Quoting.Quote(m, 0, mids, inventory, new double[8], bid, shortAsk, new double[8]));
        Assert.All(bid, b => Assert.Equal(0.0, b));
    }

    internal sealed record LaneQuotes(double[] Reservation, double[] Bid, double[] Ask, double[] Spread);

    internal static LaneQuotes QuoteLane(SimulationConfig config, int step, double[] mids, double[] inventory)
    {
        var m = new ModelParameters(config);
        int n = mids.Length;
        var q = new LaneQuotes(new double[n], new double[n], new double[n], new double[n]);
        Quoting.Quote(m, step, mids, inventory, q.Reservation, q.Bid, q.Ask, q.Spread);
        return q;
    }
}
