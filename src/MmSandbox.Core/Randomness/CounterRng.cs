using System.Runtime.CompilerServices;

namespace MmSandbox.Core.Randomness;

/// <summary>
/// A counter-based generator: a draw is a pure function of a stream key and a counter, with no
/// state carried between draws. Draw <c>i</c> of key <c>K</c> equals output <c>i</c> of the
/// reference SplitMix64 generator seeded with <c>K</c>, which gives published known-answer vectors.
/// </summary>
public static class CounterRng
{
    /// <summary>The SplitMix64 increment, 2^64 / φ.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private const double UnitScale = 1.0 / (1UL << 53);

    /// <summary>The SplitMix64 finaliser (Stafford's variant 13): a bijection on 64-bit words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Output <paramref name="counter"/> (0-based) of SplitMix64 seeded with <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Next64(ulong key, ulong counter) => Mix(key + (counter + 1) * Golden);

    /// <summary>A uniform draw in [0, 1) with 53 random bits, addressed by (key, counter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(ulong key, ulong counter) => (Next64(key, counter) >> 11) * UnitScale;

    /// <summary>A standard normal draw addressed by (key, counter), by Box–Muller on two uniforms of the stream.</summary>
    /// <remarks>Uses counters 2·c and 2·c + 1 of the key, so a normal stream must not share its key with a uniform stream.</remarks>
    public static double StandardNormal(ulong key, ulong counter)
    {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        double u1 = 1.0 - Uniform(key, 2 * counter);
        double u2 = Uniform(key, 2 * counter + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
