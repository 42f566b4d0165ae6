using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Tests;

public sealed class StatisticsTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    // Type 7: h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]); n = 5 gives h = 4p.
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 1.4)]    // h = 0.4
    [InlineData(0.25, 2.0)]   // h = 1
    [InlineData(0.5, 3.0)]    // h = 2
    [InlineData(0.9, 4.6)]    // h = 3.6
    [InlineData(1.0, 5.0)]
    public void Type_7_quantile_interpolates_between_order_statistics(double p, double expected) =>
        Assert.Equal(expected, Statistics.Quantile([1, 2, 3, 4, 5], p), Tolerance);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(5003)]
    public void Sorting_ascending_gives_the_bits_of_array_sort(int n)
    {
        // Both signs, duplicates, +0, subnormals, infinities, the extremes and magnitudes over the whole exponent range.
        var random = new Random(n);
        double[] special = [0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, double.PositiveInfinity,
                            double.NegativeInfinity, 1.0, -1.0, 1.0, 2.5e-310, -3.0e300];
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = i % 5 == 0 ? special[random.Next(special.Length)]
                : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300));
        }
        var expected = (double[])values.Clone();
        Array.Sort(expected);

        Statistics.SortAscending(values);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), values.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Sorting_ascending_puts_minus_zero_before_plus_zero_and_leaves_nan_to_array_sort()
    {
        double[] zeros = [0.0, -1.0, -0.0, 0.0, -0.0, 1.0];
        Statistics.SortAscending(zeros);
        Assert.Equal([-1.0, -0.0, -0.0, 0.0, 0.0, 1.0], zeros);
        Assert.Equal([true, true, false, false], zeros[1..5].Select(double.IsNegative));

        double[] withNan = [3.0, double.NaN, -2.0, 1.0];
        Statistics.SortAscending(withNan);
        Assert.True(double.IsNaN(withNan[0]));
        Assert.Equal([-2.0, 1.0, 3.0], withNan[1..]);
    }

    [Fact]
    public void Type_7_quantile_matches_numpy_on_a_hand_example()
    {
        // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75: h = 3·0.25 = 0.75, 1 + 0.75·(2 − 1).
        Assert.Equal(1.75, Statistics.Quantile([1, 2, 3, 4], 0.25), Tolerance);
        // numpy.quantile([1, 2, 3, 4], 0.5) = 2.5.
        Assert.Equal(2.5, Statistics.Quantile([1, 2, 3, 4], 0.5), Tolerance);
    }

    [Theory]
    // Rank ⌈p·n⌉ (at least 1) of [10, 20, 30, 40, 50].
    [InlineData(0.0, 10.0)]    // rank max(1, 0) = 1
    [InlineData(0.3, 20.0)]    // ⌈1.5⌉ = 2
    [InlineData(0.5, 30.0)]    // ⌈2.5⌉ = 3
    [InlineData(0.9, 50.0)]    // ⌈4.5⌉ = 5
    [InlineData(1.0, 50.0)]
    public void Nearest_rank_quantile_is_the_value_of_rank_ceiling_p_n(double p, double expected) =>
        Assert.Equal(expected, Statistics.NearestRank([10, 20, 30, 40, 50], p));

    [Fact]
    public void Tail_risk_of_losses_1_to_100_at_95_percent()
    {
        var losses = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        var (var, es) = Statistics.TailRisk(losses, 0.95);
        Assert.Equal(95.05, var, 1e-9);   // type 7: 1 + 0.95·99
        Assert.Equal(98.0, es, 1e-9);     // mean of the losses at or beyond 95.05: (96 + … + 100)/5
    }

    [Fact]
    public void Tail_risk_of_losses_1_to_100_at_99_percent()
    {
        var losses = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        var (var, es) = Statistics.TailRisk(losses, 0.99);
        Assert.Equal(99.01, var, 1e-9);   // 1 + 0.99·99
        Assert.Equal(100.0, es, 1e-9);    // only 100 is at or beyond 99.01
    }

    [Fact]
    public void Expected_shortfall_includes_a_loss_equal_to_the_VaR()
    {
        // Losses [0, 0, 0, 0, 10]: type-7 quantile at 0.75 is h = 3 → 0; every loss ≥ 0 counts: ES = 10/5 = 2.
        var (var, es) = Statistics.TailRisk([0, 0, 0, 0, 10], 0.75);
        Assert.Equal(0.0, var);
        Assert.Equal(2.0, es, Tolerance);
    }

    [Theory]
    [InlineData(0.0, new[] { 1.0, 3, 2, 5, 1 }, 4.0)]    // peak 5, then 1
    [InlineData(0.0, new[] { 1.0, 2, 3 }, 0.0)]          // never falls
    [InlineData(0.0, new[] { -2.0, -1 }, 2.0)]           // falls from the starting peak of 0
    [InlineData(10.0, new[] { 4.0, 8, 6 }, 6.0)]         // the start is the first peak
    public void Max_drawdown_is_the_largest_fall_from_a_running_peak(double start, double[] series, double expected) =>
        Assert.Equal(expected, Statistics.MaxDrawdown(start, series));

    [Fact]
    public void Standard_deviation_uses_n_minus_one()
    {
        // Mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sample variance 32/7.
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];
        Assert.Equal(5.0, Statistics.Mean(values));
        Assert.Equal(Math.Sqrt(32.0 / 7), Statistics.StandardDeviation(values), Tolerance);
    }

    [Fact]
    public void Statistics_of_too_few_values_are_NaN()
    {
        Assert.True(double.IsNaN(Statistics.Mean([])));
        Assert.True(double.IsNaN(Statistics.StandardDeviation([1.0])));
        Assert.True(double.IsNaN(Statistics.Quantile([], 0.5)));
        Assert.True(double.IsNaN(Statistics.NearestRank([], 0.5)));
        var (var, es) = Statistics.TailRisk([], 0.95);
        Assert.True(double.IsNaN(var) && double.IsNaN(es));
    }
}
