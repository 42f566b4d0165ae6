namespace MmSandbox.Core.Metrics;

/// <summary>
/// A streaming quantile sketch for values pooled over paths and steps: a log-linear histogram
/// whose bins split each power of two into 2^<see cref="MantissaBits"/> equal parts. Counts are
/// integers, so merging is exact and order-free. Error bound: a quantile it returns differs from
/// the exact nearest-rank quantile by at most 2^−(<see cref="MantissaBits"/>+1) of that quantile's
/// magnitude (≈ 0.39 % for the default 7 bits), or by 2^<see cref="MinExponent"/> for values nearer
/// zero. Magnitudes above 2^<see cref="MaxExponent"/> are counted in the outermost bins.
/// </summary>
public sealed class QuantileSketch
{
    /// <summary>Mantissa bits of the default sketch (pooled KPIs): 0.39 % relative error.</summary>
    public const int DefaultMantissaBits = 7;

    private readonly int _binsPerSide;
    private readonly long[] _negative;
    private readonly long[] _positive;
    private readonly long _smallestBits;
    private readonly long _mantissaMask;
    private long _zero;

    /// <summary>A sketch resolving <paramref name="mantissaBits"/> bits per power of two, for magnitudes in [2^minExponent, 2^(maxExponent+1)).</summary>
    public QuantileSketch(int mantissaBits = DefaultMantissaBits, int minExponent = -32, int maxExponent = 40)
    {
        if (mantissaBits is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(mantissaBits));
        if (minExponent >= maxExponent || minExponent < -1000 || maxExponent > 1000) throw new ArgumentOutOfRangeException(nameof(maxExponent));
        MantissaBits = mantissaBits;
        MinExponent = minExponent;
        MaxExponent = maxExponent;
        _binsPerSide = (maxExponent - minExponent + 1) << mantissaBits;
        _negative = new long[_binsPerSide];
        _positive = new long[_binsPerSide];
        _smallestBits = BitConverter.DoubleToInt64Bits(Math.ScaleB(1.0, minExponent));
        _mantissaMask = (1L << mantissaBits) - 1;
    }

    /// <summary>Mantissa bits resolved inside each power of two.</summary>
    public int MantissaBits { get; }
    /// <summary>Magnitudes below 2^MinExponent count as zero.</summary>
    public int MinExponent { get; }
    /// <summary>Magnitudes at or above 2^(MaxExponent+1) are clamped to the outermost bin.</summary>
    public int MaxExponent { get; }

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>The relative error bound of <see cref="Quantile"/> for the default sketch.</summary>
    public static double RelativeError => Math.Pow(2, -(DefaultMantissaBits + 1));

    /// <summary>The relative error bound of this sketch's quantiles.</summary>
    public double Error => Math.Pow(2, -(MantissaBits + 1));

    /// <summary>Adds one value; NaN is ignored.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        long magnitude = bits & long.MaxValue;
        if (magnitude > 0x7FF0000000000000L) return;   // NaN
        Count++;
        if (magnitude < _smallestBits)
        {
            _zero++;
            return;
        }
        int exponent = (int)(magnitude >> 52) - 1023;
        int bin = exponent > MaxExponent
            ? _binsPerSide - 1
            : ((exponent - MinExponent) << MantissaBits) | (int)((magnitude >> (52 - MantissaBits)) & _mantissaMask);
        (bits < 0 ? _negative : _positive)[bin]++;
    }

    /// <summary>Adds every count of another sketch.</summary>
    public void Add(QuantileSketch other)
    {
        if (other._binsPerSide != _binsPerSide || other.MantissaBits != MantissaBits || other.MinExponent != MinExponent)
            throw new ArgumentException("Only sketches of the same shape merge.", nameof(other));
        for (int i = 0; i < _binsPerSide; i++)
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
    /// The nearest-rank <paramref name="level"/>-quantile of −x, negated: the value of rank ⌈level·n⌉ counted
    /// from the top (level 0.95 gives the lower 5 % tail of x). VaR of a gain x at <paramref name="level"/> is
    /// minus this; computing <c>Quantile(1 − level)</c> instead would shift the rank by floating-point error.
    /// </summary>
    public double LowerTailQuantile(double level) => Count == 0 ? double.NaN : AtRank(Count + 1 - Math.Max(1, (long)Math.Ceiling(level * Count)));

    /// <summary>The value of rank <paramref name="rank"/> (1 … <see cref="Count"/>) in ascending order.</summary>
    public double AtRank(long rank)
    {
        if (rank < 1 || rank > Count) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"must be in [1, {Count}]");
        long seen = 0;
        for (int i = _binsPerSide - 1; i >= 0; i--)
        {
            seen += _negative[i];
            if (seen >= rank) return -Representative(i);
        }
        seen += _zero;
        if (seen >= rank) return 0.0;
        for (int i = 0; i < _binsPerSide; i++)
        {
            seen += _positive[i];
            if (seen >= rank) return Representative(i);
        }
        return Representative(_binsPerSide - 1);
    }

    private double Representative(int bin)
    {
        int exponent = (bin >> MantissaBits) + MinExponent;
        int mantissa = bin & ((1 << MantissaBits) - 1);
        // The midpoint of [2^e·(1 + j/2^m), 2^e·(1 + (j+1)/2^m)).
        return Math.ScaleB(1.0 + (mantissa + 0.5) / (1 << MantissaBits), exponent);
    }
}
