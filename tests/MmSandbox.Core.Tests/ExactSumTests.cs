using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Tests;

public sealed class ExactSumTests
{
    private static double[] Terms(int n, ulong seed)
    {
        // Both signs over twelve decades: a plain double sum of these depends on the order.
        var random = new TestRandom(seed);
        var terms = new double[n];
        for (int i = 0; i < n; i++)
            terms[i] = (random.NextDouble() < 0.5 ? -1 : 1) * Math.Pow(10, random.NextDouble(-6, 6));
        return terms;
    }

    private static double Sum(IEnumerable<double> terms)
    {
        var sum = new ExactSum();
        foreach (double t in terms) sum.Add(t);
        return sum.Value;
    }

    [Fact]
    public void The_sum_does_not_depend_on_the_order_of_its_terms()
    {
        var terms = Terms(10_000, seed: 1);
        double inOrder = Sum(terms);
        var shuffled = (double[])terms.Clone();
        new TestRandom(2).Shuffle(shuffled);
        Assert.Equal(BitConverter.DoubleToInt64Bits(inOrder), BitConverter.DoubleToInt64Bits(Sum(shuffled)));
        Assert.Equal(BitConverter.DoubleToInt64Bits(inOrder), BitConverter.DoubleToInt64Bits(Sum(terms.Reverse())));
        Assert.Equal(BitConverter.DoubleToInt64Bits(inOrder), BitConverter.DoubleToInt64Bits(Sum(terms.Order())));
    }

    [Fact]
    public void The_sum_is_within_half_a_unit_of_two_to_the_minus_32_per_term_of_the_true_sum()
    {
        // Reference: the terms sorted by magnitude and summed in decimal (28 significant digits).
        var terms = Terms(10_000, seed: 3);
        decimal exact = terms.OrderBy(Math.Abs).Aggregate(0m, (s, t) => s + (decimal)t);
        double bound = terms.Length * Math.ScaleB(1.0, -33) + 1e-9;
        Assert.True(Math.Abs(Sum(terms) - (double)exact) <= bound);
    }

    [Fact]
    public void Merging_partial_sums_in_any_order_gives_the_bits_of_one_sum()
    {
        var terms = Terms(9_000, seed: 4);
        var parts = new ExactSum[3];
        for (int i = 0; i < terms.Length; i++) parts[i % 3].Add(terms[i]);
        var forward = new ExactSum();
        foreach (var p in parts) forward.Add(p);
        var backward = new ExactSum();
        for (int i = 2; i >= 0; i--) backward.Add(parts[i]);
        double whole = Sum(terms);
        Assert.Equal(BitConverter.DoubleToInt64Bits(whole), BitConverter.DoubleToInt64Bits(forward.Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(whole), BitConverter.DoubleToInt64Bits(backward.Value));
    }

    [Fact]
    public void A_small_term_survives_the_cancellation_of_two_large_ones()
    {
        // In doubles (2·10⁹ + 10⁻⁶) − 2·10⁹ = 9.54·10⁻⁷: the small term loses its low bits.
        // The exact sum keeps it to within 2⁻³³ ≈ 1.2·10⁻¹⁰.
        Assert.Equal(1e-6, Sum([2e9, 1e-6, -2e9]), Math.ScaleB(1.0, -33));
        Assert.Equal(1e-6, Sum([2e9, -2e9, 1e-6]), Math.ScaleB(1.0, -33));
    }

    [Fact]
    public void Terms_that_are_multiples_of_two_to_the_minus_32_add_exactly()
    {
        Assert.Equal(1.75, Sum([1.5, 0.25]));
        Assert.Equal(-123456.5, Sum([-123456.0, -0.5]));
        Assert.Equal(0.0, new ExactSum().Value);
    }

    [Theory]
    [InlineData(1237940039285380274899124224.0)]   // 2^90: just outside the range
    [InlineData(-1237940039285380274899124224.0)]
    [InlineData(1e300)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_term_outside_the_exact_range_throws(double term)
    {
        var sum = new ExactSum();
        Assert.Throws<OverflowException>(() => sum.Add(term));
    }

    [Fact]
    public void Terms_beyond_the_64_bit_fast_path_still_add_exactly()
    {
        // 2^31 leaves the long fast path; 3·2^40 + 0.25 is exact in a double and in 2^-32 steps.
        Assert.Equal(2147483648.0 + 0.5, Sum([2147483648.0, 0.5]));
        Assert.Equal(3 * 1099511627776.0 + 0.25, Sum([3 * 1099511627776.0, 0.25]));
    }

    [Fact]
    public void The_largest_terms_inside_the_range_are_accepted()
    {
        double largest = Math.BitDecrement(1237940039285380274899124224.0);   // just below 2^90
        var sum = new ExactSum();
        sum.Add(largest);
        sum.Add(-largest);
        sum.Add(largest);
        Assert.Equal(largest, sum.Value);
    }
}
