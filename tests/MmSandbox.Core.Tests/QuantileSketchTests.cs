using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Tests;

public sealed class QuantileSketchTests
{
    private static readonly double[] Levels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    [Theory]
    [InlineData("normal")]
    [InlineData("uniform")]
    [InlineData("mixed-sign")]
    [InlineData("tiny-and-huge")]
    public void Sketch_quantiles_are_within_the_relative_error_of_the_exact_nearest_rank_quantiles(string distribution)
    {
        var values = Sample(distribution, 10_000, seed: 11);
        var sketch = new QuantileSketch();
        foreach (double v in values) sketch.Add(v);
        var sorted = values.Order().ToArray();
        Assert.Equal(values.Length, sketch.Count);
        foreach (double p in Levels)
        {
            double exact = Statistics.NearestRank(sorted, p);
            double estimate = sketch.Quantile(p);
            double bound = QuantileSketch.RelativeError * Math.Abs(exact) + 1e-9;
            Assert.True(Math.Abs(estimate - exact) <= bound,
                $"{distribution}, p = {p}: sketch {estimate:R}, exact {exact:R}, bound {bound:R}");
        }
    }

    [Fact]
    public void Adding_four_at_a_time_counts_every_value_in_the_bin_of_adding_it_alone()
    {
        // Both signs, zeros, values below the smallest and above the largest bin, infinities and NaN.
        double[] edges = [0.0, -0.0, 1e-12, -1e-12, Math.ScaleB(1, -32), -Math.ScaleB(1, -32), Math.ScaleB(1, 41), -Math.ScaleB(1, 41),
                          Math.ScaleB(1, 41) - Math.ScaleB(1, -11), 1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
                          double.Epsilon, 1.0, -1.0, 0.3, -0.3];
        var values = edges.Concat(Sample("tiny-and-huge", 1_000, seed: 3)).Concat(Sample("mixed-sign", 1_001, seed: 4)).ToArray();
        var one = new QuantileSketch();
        foreach (double v in values) one.Add(v);
        var four = new QuantileSketch();
        four.Add((ReadOnlySpan<double>)values);
        Assert.Equal(values.Length - 1, four.Count);   // NaN is not counted
        Assert.Equal(one.Count, four.Count);
        for (long rank = 1; rank <= one.Count; rank++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.AtRank(rank)), BitConverter.DoubleToInt64Bits(four.AtRank(rank)));
    }

    [Fact]
    public void The_relative_error_bound_is_the_documented_0_39_percent() =>
        // Half a bin of 2^−7 of a power of two, against a value at least at the bin's start: 2^−8 = 0.0039.
        Assert.Equal(0.00390625, QuantileSketch.RelativeError);

    [Fact]
    public void Merging_two_sketches_equals_one_sketch_fed_both_halves()
    {
        var values = Sample("mixed-sign", 10_000, seed: 5);
        var whole = new QuantileSketch();
        var first = new QuantileSketch();
        var second = new QuantileSketch();
        for (int i = 0; i < values.Length; i++)
        {
            whole.Add(values[i]);
            (i < 3_000 ? first : second).Add(values[i]);
        }
        first.Add(second);
        Assert.Equal(whole.Count, first.Count);
        for (int i = 0; i <= 1000; i++)
        {
            double p = i / 1000.0;
            Assert.Equal(BitConverter.DoubleToInt64Bits(whole.Quantile(p)), BitConverter.DoubleToInt64Bits(first.Quantile(p)));
        }
    }

    [Fact]
    public void Zeros_and_magnitudes_below_two_to_the_minus_32_rank_between_negatives_and_positives()
    {
        var sketch = new QuantileSketch();
        foreach (double v in new[] { -2.0, 0.0, -0.0, 1e-12, -1e-12, 3.0 }) sketch.Add(v);
        // Sorted: −2, then four values counted as zero, then 3. Nearest ranks of n = 6: ⌈6p⌉.
        Assert.Equal(-2.0, sketch.Quantile(0.1), 2.0 * QuantileSketch.RelativeError);   // rank ⌈0.6⌉ = 1
        Assert.Equal(0.0, sketch.Quantile(0.3));                                             // rank ⌈1.8⌉ = 2
        Assert.Equal(0.0, sketch.Quantile(0.8));                                             // rank ⌈4.8⌉ = 5
        Assert.Equal(3.0, sketch.Quantile(1.0), 3.0 * QuantileSketch.RelativeError);        // rank 6
    }

    [Fact]
    public void A_sketch_of_only_zeros_returns_zero()
    {
        var sketch = new QuantileSketch();
        for (int i = 0; i < 10; i++) sketch.Add(0.0);
        Assert.Equal(0.0, sketch.Quantile(0.01));
        Assert.Equal(0.0, sketch.Quantile(0.99));
    }

    [Fact]
    public void An_empty_sketch_gives_NaN_and_NaN_values_are_ignored()
    {
        var sketch = new QuantileSketch();
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
        sketch.Add(double.NaN);
        Assert.Equal(0, sketch.Count);
        Assert.True(double.IsNaN(sketch.Quantile(0.5)));
    }

    [Fact]
    public void The_order_of_additions_does_not_change_any_quantile()
    {
        var values = Sample("normal", 5_000, seed: 3);
        var shuffled = (double[])values.Clone();
        new TestRandom(99).Shuffle(shuffled);
        var a = new QuantileSketch();
        var b = new QuantileSketch();
        foreach (double v in values) a.Add(v);
        foreach (double v in shuffled) b.Add(v);
        foreach (double p in Levels) Assert.Equal(a.Quantile(p), b.Quantile(p));
    }

    private static double[] Sample(string distribution, int n, ulong seed)
    {
        var random = new TestRandom(seed);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = distribution switch
            {
                "normal" => 5 + 3 * random.NextNormal(),
                "uniform" => random.NextDouble(0, 100),
                // Both signs, magnitudes over eight decades, and some exact zeros.
                "mixed-sign" => i % 50 == 0 ? 0.0 : (random.NextDouble() < 0.4 ? -1 : 1) * Math.Pow(10, random.NextDouble(-4, 4)),
                "tiny-and-huge" => (random.NextDouble() < 0.5 ? -1 : 1) * Math.Pow(10, random.NextDouble(-12, 11)),
                _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
            };
        }
        return values;
    }

    [Fact]
    public void Lower_tail_quantile_counts_the_rank_from_the_top_without_a_floating_point_shift()
    {
        // Values 1 … 1000 (each a bin midpoint up to the sketch's error). The 95 % loss quantile of −x by
        // nearest rank is rank ⌈0.95·1000⌉ = 950 of the losses −1000 … −1, i.e. −51: x = 51 is the 50th
        // from the bottom. Computing Quantile(1 − 0.95) instead asks for rank ⌈0.050000000000000044·1000⌉ = 51.
        var sketch = new QuantileSketch();
        for (int v = 1; v <= 1000; v++) sketch.Add(v);
        Assert.Equal(51.0, sketch.LowerTailQuantile(0.95), 51.0 * QuantileSketch.RelativeError);
        Assert.Equal(1000.0, sketch.LowerTailQuantile(0.0001), 1000.0 * QuantileSketch.RelativeError);
    }
}
