namespace MmSandbox.Core.Metrics;

/// <summary>
/// A streaming quantile sketch for values pooled over paths and steps: a log-linear histogram
/// whose bins split each power of two into 2^<see cref="MantissaBits"/> equal parts. Counts are
/// integers, so merging is exact and order-free. Error bound: a quantile it returns differs from
/// the exact nearest-rank quantile by at most 2^−(<see cref="MantissaBits"/>+1) ≈ 0.39 % of that
/// quantile's magnitude, or by 2^<see cref="MinExponent"/> ≈ 2.3·10⁻¹⁰ for values nearer zero.
/// Magnitudes above 2^<see cref="MaxExponent"/> are counted in the outermost bins.
/// </summary>
public sealed class QuantileSketch
{
    /// <summary>Mantissa bits resolved inside each power of two.</summary>
    public const int MantissaBits = 7;
    /// <summary>Magnitudes below 2^MinExponent count as zero.</summary>
    public const int MinExponent = -32;
    /// <summary>Magnitudes at or above 2^(MaxExponent+1) are clamped to the outermost bin.</summary>
    public const int MaxExponent = 40;

    private const int BinsPerSide = (MaxExponent - MinExponent + 1) << MantissaBits;
    private readonly long[] _negative = new long[BinsPerSide];
    private readonly long[] _positive = new long[BinsPerSide];
    private long _zero;

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The relative error bound of <see cref="Quantile"/>.</summary>
    public static double RelativeError => Math.Pow(2, -(MantissaBits + 1));

    /// <summary>Adds one value; NaN is ignored.</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) return;
        Count++;
        double magnitude = Math.Abs(value);
        if (magnitude < SmallestMagnitude)
        {
            _zero++;
            return;
        }
        int bin = Bin(magnitude);
        if (value < 0) _negative[bin]++;
        else _positive[bin]++;
    }

    /// <summary>Adds every count of another sketch.</summary>
    public void Add(QuantileSketch other)
    {
        for (int i = 0; i < BinsPerSide; i++)
        {
            _negative[i] += other._negative[i];
            _positive[i] += other._positive[i];
        }
        _zero += other._zero;
        Count += other.Count;
    }

    /// <summary>The nearest-rank quantile at level <paramref name="p"/> in [0, 1]: the value of rank ⌈p·n⌉ (at least 1); NaN when empty.</summary>
    public double Quantile(double p) => Count == 0 ? double.NaN : AtRank(Math.Max(1, (long)Math.Ceiling(p * Count)));

    /// <summary>
    /// The upper-tail nearest-rank quantile at level <paramref name="p"/>: the value of rank ⌈p·n⌉ counted
    /// from the top, i.e. the nearest-rank <paramref name="p"/>-quantile of −x, negated. Used for VaR, where
    /// computing 1 − p in floating point would shift the rank.
    /// </summary>
    public double UpperQuantile(double p) => Count == 0 ? double.NaN : AtRank(Count + 1 - Math.Max(1, (long)Math.Ceiling(p * Count)));

    /// <summary>The value of rank <paramref name="rank"/> (1 … <see cref="Count"/>) in ascending order.</summary>
    public double AtRank(long rank)
    {
        if (rank < 1 || rank > Count) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"must be in [1, {Count}]");
        long seen = 0;
        for (int i = BinsPerSide - 1; i >= 0; i--)
        {
            seen += _negative[i];
            if (seen >= rank) return -Representative(i);
        }
        seen += _zero;
        if (seen >= rank) return 0.0;
        for (int i = 0; i < BinsPerSide; i++)
        {
            seen += _positive[i];
            if (seen >= rank) return Representative(i);
        }
        return Representative(BinsPerSide - 1);
    }

    private static double SmallestMagnitude => Math.ScaleB(1.0, MinExponent);

    private static int Bin(double magnitude)
    {
        long bits = BitConverter.DoubleToInt64Bits(magnitude);
        int exponent = (int)(bits >> 52) - 1023;
        if (exponent > MaxExponent) return BinsPerSide - 1;
        int mantissa = (int)((bits >> (52 - MantissaBits)) & ((1 << MantissaBits) - 1));
        return ((exponent - MinExponent) << MantissaBits) | mantissa;
    }

    private static double Representative(int bin)
    {
        int exponent = (bin >> MantissaBits) + MinExponent;
        int mantissa = bin & ((1 << MantissaBits) - 1);
        // The midpoint of [2^e·(1 + j/2^m), 2^e·(1 + (j+1)/2^m)).
        return Math.ScaleB(1.0 + (mantissa + 0.5) / (1 << MantissaBits), exponent);
    }
}
