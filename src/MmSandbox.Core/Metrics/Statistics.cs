namespace MmSandbox.Core.Metrics;

/// <summary>Exact statistics of samples held in memory (one value per path).</summary>
public static class Statistics
{
    /// <summary>Arithmetic mean, summed in index order; NaN when empty.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>Sample standard deviation (n − 1 in the denominator), two-pass; NaN for fewer than two values.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length < 2) return double.NaN;
        double mean = Mean(values), sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / (values.Length - 1));
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
