using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Tests;

public sealed class AccountingTests
{
    private const double Tolerance = 1e-12;
    private static readonly ModelParameters TenBps = new(SimulationConfig.Paper.WithFeeBps(10));
    private static readonly ModelParameters NoFee = new(SimulationConfig.Paper);

    [Fact]
    public void The_fee_is_the_notional_times_the_basis_points()
    {
        // 101 · 1 · 10/10,000 = 0.101.
        Assert.Equal(0.101, Accounting.Fee(TenBps, 101), Tolerance);
        Assert.Equal(0.0, Accounting.Fee(NoFee, 101));
    }

    [Fact]
    public void A_filled_ask_sells_one_unit_and_takes_the_price_less_the_fee()
    {
        double q = 0, cash = 0;
        Accounting.Sell(TenBps, 101, ref q, ref cash);
        Assert.Equal(-1.0, q);
        Assert.Equal(101 - 0.101, cash, Tolerance);   // 100.899
    }

    [Fact]
    public void A_filled_bid_buys_one_unit_and_pays_the_price_plus_the_fee()
    {
        double q = 0, cash = 0;
        Accounting.Buy(TenBps, 101, ref q, ref cash);
        Assert.Equal(1.0, q);
        Assert.Equal(-(101 + 0.101), cash, Tolerance);   // −101.101
    }

    [Fact]
    public void A_round_trip_earns_the_spread_less_both_fees()
    {
        // Buy at 99, sell at 101, 10 bp each: 101 − 0.101 − 99 − 0.099 = 1.8.
        double q = 0, cash = 0;
        Accounting.Buy(TenBps, 99, ref q, ref cash);
        Accounting.Sell(TenBps, 101, ref q, ref cash);
        Assert.Equal(0.0, q);
        Assert.Equal(1.8, cash, Tolerance);
    }

    [Fact]
    public void The_order_size_scales_inventory_cash_and_fee()
    {
        var m = new ModelParameters(SimulationConfig.Paper with
        {
            OrderFlow = SimulationConfig.Paper.OrderFlow with { FeeBps = 10, OrderSize = 3 },
        });
        double q = 0, cash = 0;
        Accounting.Sell(m, 100, ref q, ref cash);
        Assert.Equal(-3.0, q);
        Assert.Equal(300 - 0.3, cash, Tolerance);   // 3·100 − 3·100·0.001
        Accounting.Buy(m, 100, ref q, ref cash);
        Assert.Equal(0.0, q);
        Assert.Equal(-0.6, cash, Tolerance);        // 299.7 − (300 + 0.3)
    }

    [Theory]
    [InlineData(100.899, -1.0, 100.0, 0.899)]   // short one at a mid of 100
    [InlineData(-50.0, 2.0, 30.0, 10.0)]        // −50 + 2·30
    [InlineData(0.0, 0.0, 123.0, 0.0)]          // flat
    public void Mark_to_market_is_cash_plus_inventory_times_mid(double cash, double inventory, double mid, double expected) =>
        Assert.Equal(expected, Accounting.MarkToMarket(cash, inventory, mid), Tolerance);

    [Fact]
    public void Applying_a_lane_books_only_the_filled_sides_at_their_quotes()
    {
        double[] bid = [99, 99, 99, 99], ask = [101, 101, 101, 101];
        bool[] bidFilled = [false, true, false, true], askFilled = [false, false, true, true];
        double[] q = [0, 0, 0, 5], cash = [0, 0, 0, 10];
        Accounting.Apply(TenBps, bid, ask, bidFilled, askFilled, q, cash);
        Assert.Equal([0.0, 1.0, -1.0, 5.0], q);
        Assert.Equal(0.0, cash[0]);
        Assert.Equal(-99.099, cash[1], Tolerance);               // −99 − 0.099
        Assert.Equal(100.899, cash[2], Tolerance);               // 101 − 0.101
        Assert.Equal(10 + 100.899 - 99.099, cash[3], Tolerance); // both sides: + 1.8
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    public void Applying_a_lane_books_every_path_as_Sell_then_Buy_one_at_a_time_would_bit_for_bit(double feeBps)
    {
        // 203 paths: the four-at-a-time pass and the scalar rest both run. Quotes, books and fills from a fixed stream.
        var m = new ModelParameters(SimulationConfig.Paper with { OrderFlow = SimulationConfig.Paper.OrderFlow with { FeeBps = feeBps, OrderSize = 0.7 } });
        const int n = 203;
        var bid = new double[n];
        var ask = new double[n];
        var bidFilled = new bool[n];
        var askFilled = new bool[n];
        var inventory = new double[n];
        var cash = new double[n];
        for (int i = 0; i < n; i++)
        {
            bid[i] = 99 + Randomness.CounterRng.Uniform(1, (ulong)i);
            ask[i] = 100.5 + Randomness.CounterRng.Uniform(2, (ulong)i);
            bidFilled[i] = Randomness.CounterRng.Uniform(3, (ulong)i) < 0.5;
            askFilled[i] = Randomness.CounterRng.Uniform(4, (ulong)i) < 0.5;
            inventory[i] = Math.Round(10 * Randomness.CounterRng.Uniform(5, (ulong)i)) - 5;
            cash[i] = 1000 * Randomness.CounterRng.Uniform(6, (ulong)i) - 500;
        }
        var expectedInventory = (double[])inventory.Clone();
        var expectedCash = (double[])cash.Clone();
        for (int i = 0; i < n; i++)
        {
            if (askFilled[i]) Accounting.Sell(m, ask[i], ref expectedInventory[i], ref expectedCash[i]);
            if (bidFilled[i]) Accounting.Buy(m, bid[i], ref expectedInventory[i], ref expectedCash[i]);
        }

        Accounting.Apply(m, bid, ask, bidFilled, askFilled, inventory, cash);

        Assert.Equal(expectedInventory, inventory);
        Assert.Equal(expectedCash.Select(BitConverter.DoubleToInt64Bits), cash.Select(BitConverter.DoubleToInt64Bits));
    }
}
