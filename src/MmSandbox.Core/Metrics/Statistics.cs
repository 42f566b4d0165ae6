using System.Runtime.CompilerServices;

namespace MmSandbox.Core.Metrics;

/// <summary>Exact statistics of samples held in memory (one value per path).</summary>
public static class Statistics
{
    private const int RadixBits = 11;
    private const int Buckets = 1 << RadixBits;

    /// <summary>Arithmetic mean, summed in index order; NaN when empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>Sample standard deviation (n − 1 in the denominator), two-pass; NaN for fewer than two values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length < 2) return double.NaN;
        double mean = Mean(values), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Length - 1));
    }

    /// <summary>
    /// Sorts <paramref name="values"/> ascending, as <see cref="Array.Sort{T}(T[])"/> orders them: a radix sort of the
    /// values' bits, in six passes of 11 bits, each skipped when every value shares that digit. It takes time in
    /// proportion to the values (a run's hundreds of thousands of PnLs in a few milliseconds) and is compiled optimised
    /// from its first call. Values that compare equal come out together; −0 sorts before +0, and NaN (which
    /// <see cref="Array.Sort{T}(T[])"/> puts first) is left to that method.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SortAscending(double[] values)
    {
        int n = values.Length;
        if (n < 2) return;
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            if (double.IsNaN(v))
            {
                Array.Sort(values);
                return;
            }
            // Negative values reversed (all bits flipped), positive ones above them (sign bit set): unsigned key order is value order.
            ulong bits = (ulong)BitConverter.DoubleToInt64Bits(v);
            keys[i] = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        }
        var other = new ulong[n];
        var counts = new int[Buckets];
        for (int shift = 0; shift < 64; shift += RadixBits)
        {
            Array.Clear(counts);
            foreach (ulong key in keys) counts[(int)(key >> shift) & (Buckets - 1)]++;
            if (counts[(int)(keys[0] >> shift) & (Buckets - 1)] == n) continue;
            for (int d = 0, start = 0; d < Buckets; d++)
            {
                int count = counts[d];
                counts[d] = start;
                start += count;
            }
            // Stable: equal digits keep the order of the previous passes.
            foreach (ulong key in keys) other[counts[(int)(key >> shift) & (Buckets - 1)]++] = key;
            (keys, other) = (other, keys);
        }
        for (int i = 0; i < n; i++)
        {
            ulong key = keys[i];
            values[i] = BitConverter.Int64BitsToDouble((long)((key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key));
        }
    }

    /// <summary>The quantile at level <paramref name="p"/> of ascending <paramref name="sorted"/>, by linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>The nearest-rank quantile: the value of rank ⌈p·n⌉ (at least 1) of ascending <paramref name="sorted"/>.</summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        long rank = Math.Max(1, (long)Math.Ceiling(p * sorted.Length));
        return sorted[(int)Math.Min(rank, sorted.Length) - 1];
    }

    /// <summary>
    /// Value at risk of PnLs at <paramref name="level"/>: the type-7 quantile of the loss −PnL, and expected
    /// shortfall: the mean loss at or beyond that VaR. Both are in price units, positive for a loss.
    /// </summary>
    public static (double ValueAtRisk, double ExpectedShortfall) TailRisk(ReadOnlySpan<double> sortedLosses, double level)
    {
        if (sortedLosses.Length == 0) return (double.NaN, double.NaN);
        double var = Quantile(sortedLosses, level);
        double sum = 0;
        int count = 0;
        for (int i = sortedLosses.Length - 1; i >= 0 && sortedLosses[i] >= var; i--)
        {
            sum += sortedLosses[i];
            count++;
        }
        return (var, sum / count);
    }

    /// <summary>The largest fall of <paramref name="series"/> from a running peak that starts at <paramref name="start"/>.</summary>
    public static double MaxDrawdown(double start, ReadOnlySpan<double> series)
    {
        double peak = start, worst = 0;
        foreach (double v in series)
        {
            peak = Math.Max(peak, v);
            worst = Math.Max(worst, peak - v);
        }
        return worst;
    }
}
