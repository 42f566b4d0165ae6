using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Tests;

public sealed class RandomnessTests
{
    private const double TwoToMinus53 = 1.0 / 9007199254740992.0;

    [Theory]
    // Rosetta Code, "Pseudo-random numbers/Splitmix64": the first five outputs for seed 1234567.
    [InlineData(0UL, 6457827717110365317UL)]
    [InlineData(1UL, 3203168211198807973UL)]
    [InlineData(2UL, 9817491932198370423UL)]
    [InlineData(3UL, 4593380528125082431UL)]
    [InlineData(4UL, 16408922859458223821UL)]
    public void Next64_reproduces_the_published_SplitMix64_outputs_for_seed_1234567(ulong counter, ulong expected) =>
        Assert.Equal(expected, CounterRng.Next64(1234567, counter));

    [Theory]
    // Vigna's splitmix64.c seeded with 0: the first two outputs.
    [InlineData(0UL, 0xE220A8397B1DCDAFUL)]
    [InlineData(1UL, 0x6E789E6AA1B965F4UL)]
    public void Next64_reproduces_the_reference_SplitMix64_outputs_for_seed_zero(ulong counter, ulong expected) =>
        Assert.Equal(expected, CounterRng.Next64(0, counter));

    [Fact]
    public void Next64_agrees_with_a_sequential_SplitMix64_at_every_counter()
    {
        // TestRandom is the stateful reference loop; counter i of the counter-based form is its output i.
        foreach (ulong seed in new ulong[] { 0, 1, 42, 1234567, ulong.MaxValue })
        {
            var sequential = new TestRandom(seed);
            for (ulong i = 0; i < 1000; i++)
                Assert.Equal(sequential.NextUInt64(), CounterRng.Next64(seed, i));
        }
    }

    [Fact]
    public void Uniform_is_the_top_53_bits_of_Next64_scaled_into_the_unit_interval()
    {
        for (ulong key = 0; key < 10; key++)
        {
            for (ulong counter = 0; counter < 10_000; counter++)
            {
                double u = CounterRng.Uniform(key, counter);
                double expected = (CounterRng.Next64(key, counter) >> 11) * TwoToMinus53;
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(u));
                Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            }
        }
        // The largest 53-bit value maps strictly below 1: (2^53 − 1)·2^−53 = 1 − 2^−53.
        Assert.True((ulong.MaxValue >> 11) * TwoToMinus53 < 1.0);
    }

    [Fact]
    public void Uniform_has_the_mean_and_variance_of_the_unit_uniform()
    {
        // U(0,1): mean 1/2, variance 1/12. SE(mean) = √(1/12)/√n, SE(var) = √((1/80 − 1/144)/n) (4th central moment 1/80).
        const int n = 200_000;
        ulong key = StreamKey.For(7, 3, Purpose.Price);
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double u = CounterRng.Uniform(key, (ulong)i);
            sum += u;
            sumSquares += u * u;
        }
        double mean = sum / n, variance = sumSquares / n - mean * mean;
        Assert.InRange(mean, 0.5 - 5 * Math.Sqrt(1.0 / 12 / n), 0.5 + 5 * Math.Sqrt(1.0 / 12 / n));
        double seVariance = Math.Sqrt((1.0 / 80 - 1.0 / 144) / n);
        Assert.InRange(variance, 1.0 / 12 - 5 * seVariance, 1.0 / 12 + 5 * seVariance);
    }

    [Fact]
    public void StandardNormal_has_mean_zero_and_variance_one_within_five_standard_errors()
    {
        // N(0,1): SE(mean) = 1/√n, SE(variance) = √(2/n).
        const int n = 200_000;
        ulong key = StreamKey.For(42, 0, Purpose.Price);
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double z = CounterRng.StandardNormal(key, (ulong)i);
            Assert.True(double.IsFinite(z));
            sum += z;
            sumSquares += z * z;
        }
        double mean = sum / n, variance = sumSquares / n - mean * mean;
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
    }

    [Fact]
    public void StandardNormal_puts_the_normal_share_of_draws_beyond_two_standard_deviations()
    {
        // P(|Z| > 2) = 0.0455003 (normal table); binomial SE = √(p(1−p)/n).
        const int n = 200_000;
        const double p = 0.04550026389635842;
        ulong key = StreamKey.For(9, 1, Purpose.Price);
        int beyond = 0;
        for (int i = 0; i < n; i++)
            if (Math.Abs(CounterRng.StandardNormal(key, (ulong)i)) > 2) beyond++;
        double se = Math.Sqrt(p * (1 - p) / n);
        Assert.InRange((double)beyond / n, p - 5 * se, p + 5 * se);
    }

    [Fact]
    public void A_draw_is_a_pure_function_of_key_and_counter()
    {
        ulong key = StreamKey.For(42, 17, Purpose.AskArrival);
        var first = Enumerable.Range(0, 100).Select(i => CounterRng.Uniform(key, (ulong)i)).ToArray();
        // Reading the counters backwards must give the same values: nothing is consumed.
        for (int i = 99; i >= 0; i--)
            Assert.Equal(BitConverter.DoubleToInt64Bits(first[i]), BitConverter.DoubleToInt64Bits(CounterRng.Uniform(key, (ulong)i)));
    }

    [Fact]
    public void Stream_keys_hash_seed_and_path_instead_of_adding_them()
    {
        foreach (var purpose in Enum.GetValues<Purpose>())
        {
            ulong seed1Path0 = StreamKey.For(1, 0, purpose);
            ulong seed0Path1 = StreamKey.For(0, 1, purpose);
            ulong seed0Path0 = StreamKey.For(0, 0, purpose);
            Assert.NotEqual(seed1Path0, seed0Path1);
            Assert.NotEqual(seed1Path0, seed0Path0);
            Assert.NotEqual(seed0Path1, seed0Path0);
        }
    }

    [Fact]
    public void Stream_keys_are_all_distinct_over_a_grid_of_seeds_paths_and_purposes()
    {
        var keys = new HashSet<ulong>();
        int count = 0;
        for (ulong seed = 0; seed < 16; seed++)
            for (long path = 0; path < 256; path++)
                foreach (var purpose in Enum.GetValues<Purpose>())
                {
                    keys.Add(StreamKey.For(seed, path, purpose));
                    count++;
                }
        Assert.Equal(count, keys.Count);
    }

    [Fact]
    public void The_same_seed_path_and_purpose_always_give_the_same_key()
    {
        Assert.Equal(StreamKey.For(42, 12345, Purpose.Price), StreamKey.For(42, 12345, Purpose.Price));
        Assert.Equal(StreamKey.For(ulong.MaxValue, long.MaxValue, Purpose.AnyArrival),
                     StreamKey.For(ulong.MaxValue, long.MaxValue, Purpose.AnyArrival));
    }

    [Theory]
    [InlineData(42UL, 0L, Purpose.Price, 42UL, 0L, Purpose.BidArrival)]     // two purposes of one path
    [InlineData(42UL, 0L, Purpose.BidArrival, 42UL, 0L, Purpose.AskArrival)]
    [InlineData(42UL, 0L, Purpose.Price, 42UL, 1L, Purpose.Price)]          // neighbouring paths
    [InlineData(1UL, 0L, Purpose.Price, 0UL, 1L, Purpose.Price)]            // seed and path swapped
    [InlineData(42UL, 5L, Purpose.Price, 43UL, 5L, Purpose.Price)]          // neighbouring seeds
    public void Uniform_draws_of_two_streams_are_uncorrelated(ulong seedA, long pathA, Purpose purposeA,
                                                              ulong seedB, long pathB, Purpose purposeB)
    {
        // Under independence the sample correlation has SE ≈ 1/√n.
        const int n = 100_000;
        ulong a = StreamKey.For(seedA, pathA, purposeA), b = StreamKey.For(seedB, pathB, purposeB);
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (int i = 0; i < n; i++)
        {
            double x = CounterRng.Uniform(a, (ulong)i), y = CounterRng.Uniform(b, (ulong)i);
            sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
        }
        double cov = sab / n - sa / n * (sb / n);
        double corr = cov / Math.Sqrt((saa / n - sa / n * (sa / n)) * (sbb / n - sb / n * (sb / n)));
        Assert.True(Math.Abs(corr) < 5 / Math.Sqrt(n), $"corr = {corr}");
    }
}
