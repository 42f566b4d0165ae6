using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    // One signed table: the negative bins from the most negative up, the zero bin at _center, the
    // positive bins upward, and one last slot that takes NaN from the vector form and is never read.
    private readonly long[] _counts;
    private readonly int _center;
    private readonly long _largestBits;
    private readonly long _binBase;
    private readonly int _shift;

    /// <summary>A sketch resolving <paramref name="mantissaBits"/> bits per power of two, for magnitudes in [2^minExponent, 2^(maxExponent+1)).</summary>
    public QuantileSketch(int mantissaBits = DefaultMantissaBits, int minExponent = -32, int maxExponent = 40)
    {
        if (mantissaBits is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(mantissaBits));
        if (minExponent >= maxExponent || minExponent < -1000 || maxExponent > 1000) throw new ArgumentOutOfRangeException(nameof(maxExponent));
        MantissaBits = mantissaBits;
        MinExponent = minExponent;
        MaxExponent = maxExponent;
        _binsPerSide = (maxExponent - minExponent + 1) << mantissaBits;
        _center = _binsPerSide;
        _counts = new long[2 * _binsPerSide + 2];
        // The magnitude's bits shifted right by 52 − m are (biased exponent, top m mantissa bits); less the
        // smallest magnitude's, that is the bin (negative below 2^minExponent: the zero bin).
        _shift = 52 - mantissaBits;
        _binBase = (long)(minExponent + 1023) << mantissaBits;
        // Magnitudes from 2^(maxExponent+1) up (and infinity) clamp to the outermost bin.
        _largestBits = BitConverter.DoubleToInt64Bits(Math.ScaleB(1.0, maxExponent + 1)) - 1;
    }

    /// <summary>Mantissa bits resolved inside each power of two.</summary>
    public int MantissaBits { get; }
    /// <summary>Magnitudes below 2^MinExponent count as zero.</summary>
    public int MinExponent { get; }
    /// <summary>Magnitudes at or above 2^(MaxExponent+1) are clamped to the outermost bin.</summary>
    public int MaxExponent { get; }

    /// <summary>Number of values added (NaN excluded).</summary>
    public long Count
    {
        get
        {
            long count = 0;
            foreach (long c in _counts.AsSpan(0, _counts.Length - 1)) count += c;
            return count;
        }
    }

    /// <summary>The relative error bound of <see cref="Quantile"/> for the default sketch.</summary>
    public static double RelativeError => Math.Pow(2, -(DefaultMantissaBits + 1));

    /// <summary>The relative error bound of this sketch's quantiles.</summary>
    public double Error => Math.Pow(2, -(MantissaBits + 1));

    /// <summary>Adds one value; NaN is ignored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        long magnitude = bits & long.MaxValue;
        if (magnitude > 0x7FF0000000000000L) return;   // NaN
        long offset = Math.Max((Math.Min(magnitude, _largestBits) >> _shift) - _binBase, -1) + 1;
        long sign = bits >> 63;
        _counts[_center + (int)((offset ^ sign) - sign)]++;
    }

    /// <summary>Adds four values (the same bins as four calls of <see cref="Add(double)"/>; NaN is ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<double> values)
    {
        var bits = values.AsInt64();
        var magnitude = bits & Vector256.Create(long.MaxValue);
        var nan = Vector256.GreaterThan(magnitude, Vector256.Create(0x7FF0000000000000L));
        var bin = Vector256.ShiftRightLogical(Vector256.Min(magnitude, Vector256.Create(_largestBits)), _shift) - Vector256.Create(_binBase);
        var offset = Vector256.Max(bin, Vector256.Create(-1L)) + Vector256<long>.One;
        var sign = Vector256.ShiftRightArithmetic(bits, 63);
        var index = Vector256.ConditionalSelect(nan, Vector256.Create((long)_counts.Length - 1),
            Vector256.Create((long)_center) + ((offset ^ sign) - sign));
        // Every index is in the table by construction (offsets are clamped to [0, bins per side], NaN takes the last
        // slot), so the four counts are incremented without a bounds check, each element extracted once.
        ref long counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        var upper = index.GetUpper();
        Unsafe.Add(ref counts, (nint)index.ToScalar())++;
        Unsafe.Add(ref counts, (nint)index.GetElement(1))++;
        Unsafe.Add(ref counts, (nint)upper.ToScalar())++;
        Unsafe.Add(ref counts, (nint)upper.GetElement(1))++;
    }

    /// <summary>Adds every value of <paramref name="values"/>; NaN is ignored.</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 4 <= values.Length; i += 4) Add(Vector256.Create(values.Slice(i, 4)));
        for (; i < values.Length; i++) Add(values[i]);
    }

    /// <summary>Adds every count of another sketch.</summary>
    public void Add(QuantileSketch other)
    {
        if (other._binsPerSide != _binsPerSide || other.MantissaBits != MantissaBits || other.MinExponent != MinExponent)
            throw new ArgumentException("Only sketches of the same shape merge.", nameof(other));
        for (int i = 0; i < _counts.Length - 1; i++) _counts[i] += other._counts[i];
    }

    /// <summary>The nearest-rank quantile at level <paramref name="p"/> in [0, 1]: the value of rank ⌈p·n⌉ (at least 1); NaN when empty.</summary>
    public double Quantile(double p)
    {
        long count = Count;
        return count == 0 ? double.NaN : AtRank(Math.Max(1, (long)Math.Ceiling(p * count)), count);
    }

    /// <summary>
    /// The nearest-rank <paramref name="level"/>-quantile of −x, negated: the value of rank ⌈level·n⌉ counted
    /// from the top (level 0.95 gives the lower 5 % tail of x). VaR of a gain x at <paramref name="level"/> is
    /// minus this; computing <c>Quantile(1 − level)</c> instead would shift the rank by floating-point error.
    /// </summary>
    public double LowerTailQuantile(double level)
    {
        long count = Count;
        return count == 0 ? double.NaN : AtRank(count + 1 - Math.Max(1, (long)Math.Ceiling(level * count)), count);
    }

    /// <summary>The value of rank <paramref name="rank"/> (1 … <see cref="Count"/>) in ascending order.</summary>
    public double AtRank(long rank) => AtRank(rank, Count);

    private double AtRank(long rank, long count)
    {
        if (rank < 1 || rank > count) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"must be in [1, {count}]");
        long seen = 0;
        for (int i = 0; i < _counts.Length - 1; i++)
        {
            seen += _counts[i];
            if (seen < rank) continue;
            return i < _center ? -Representative(_center - 1 - i) : i == _center ? 0.0 : Representative(i - _center - 1);
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
