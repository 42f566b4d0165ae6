using System.Runtime.CompilerServices;

namespace MmSandbox.Core.Metrics;

/// <summary>
/// A sum that does not depend on the order of its terms: each term is rounded once to a multiple
/// of 2⁻³² and the multiples are added as 128-bit integers. Lanes and threads may therefore merge
/// in any order and still give the same bits. Terms must be below 2⁶³·2⁻³² ≈ 2.1·10⁹ in magnitude.
/// </summary>
public struct ExactSum
{
    private const double Scale = 4294967296.0; // 2^32
    private const double MaxTerm = 2147483648.0; // 2^31: keeps one term's scaled value inside a long
    private Int128 _total;

    /// <summary>Adds one term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double term)
    {
        if (!(Math.Abs(term) < MaxTerm))
            throw new OverflowException($"A metric term of {term} is outside the exact-sum range ±2^31 (or not a number).");
        _total += (long)Math.Round(term * Scale);
    }

    /// <summary>Adds another sum.</summary>
    public void Add(in ExactSum other) => _total += other._total;

    /// <summary>The sum as a double.</summary>
    public readonly double Value => (double)_total / Scale;
}
