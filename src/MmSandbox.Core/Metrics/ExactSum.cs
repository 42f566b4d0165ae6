using System.Runtime.CompilerServices;

namespace MmSandbox.Core.Metrics;

/// <summary>
/// A sum that does not depend on the order of its terms: each term is rounded once to a multiple
/// of 2⁻³² and the multiples are added as 128-bit integers. Lanes and threads may therefore merge
/// in any order and still give the same bits. Terms up to 2⁹⁰ ≈ 1.2·10²⁷ in magnitude are exact
/// (terms below 2³¹ take a fast path through a 64-bit integer).
/// </summary>
public struct ExactSum
{
    private const double Scale = 4294967296.0; // 2^32
    private const double FastTerm = 2147483648.0; // 2^31: one term's scaled value fits a long
    private const double MaxTerm = 1237940039285380274899124224.0; // 2^90: leaves room for 2^5 such terms in 128 bits
    private Int128 _total;

    /// <summary>Adds one term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double term)
    {
        double magnitude = Math.Abs(term);
        if (magnitude < FastTerm)
            _total += (long)Math.Round(term * Scale);
        else if (magnitude < MaxTerm)
            _total += (Int128)Math.Round(term * Scale);
        else
            throw new OverflowException($"A metric term of {term} is outside the exact-sum range ±2^90 (or not a number).");
    }

    /// <summary>Adds another sum.</summary>
    public void Add(in ExactSum other) => _total += other._total;

    /// <summary>The sum as a double.</summary>
    public readonly double Value => (double)_total / Scale;
}
