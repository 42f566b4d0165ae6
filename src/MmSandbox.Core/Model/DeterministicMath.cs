using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MmSandbox.Core.Model;

/// <summary>
/// An exponential that gives the same bits on every platform and in scalar and vector form.
/// <see cref="Math.Exp"/> comes from the platform's C library and <see cref="Vector256.Exp(Vector256{double})"/>
/// from another algorithm, so neither can serve both engines; this one uses only IEEE additions
/// and multiplications, in the same order in both forms (no fused multiply–add).
/// </summary>
public static class DeterministicMath
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double RoundMagic = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer
    private const double MinArgument = -708.0;
    private const double MaxArgument = 709.0;

    // Taylor coefficients 1/n! for n = 2 … 13; |r| ≤ ln2/2 makes the truncation error below 2^-60.
    private const double C2 = 1.0 / 2, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720;
    private const double C7 = 1.0 / 5040, C8 = 1.0 / 40320, C9 = 1.0 / 362880, C10 = 1.0 / 3628800;
    private const double C11 = 1.0 / 39916800, C12 = 1.0 / 479001600, C13 = 1.0 / 6227020800;

    /// <summary>e^x for x in [−708, 709] (clamped outside), relative error below 2·10⁻¹⁶. Not defined for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        x = Math.Max(x, MinArgument);
        x = Math.Min(x, MaxArgument);
        double t = x * Log2E + RoundMagic;
        double n = t - RoundMagic;
        double r = x - n * Ln2Hi;
        r = r - n * Ln2Lo;
        double p = C13;
        p = p * r + C12; p = p * r + C11; p = p * r + C10; p = p * r + C9; p = p * r + C8;
        p = p * r + C7; p = p * r + C6; p = p * r + C5; p = p * r + C4; p = p * r + C3; p = p * r + C2;
        p = p * r + 1.0;
        p = p * r + 1.0;
        long bits = (BitConverter.DoubleToInt64Bits(t) - BitConverter.DoubleToInt64Bits(RoundMagic) + 1023L) << 52;
        return p * BitConverter.Int64BitsToDouble(bits);
    }

    /// <summary>The vector form of <see cref="Exp(double)"/>: element for element the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        var magic = Vector256.Create(RoundMagic);
        x = Vector256.Max(x, Vector256.Create(MinArgument));
        x = Vector256.Min(x, Vector256.Create(MaxArgument));
        var t = x * Vector256.Create(Log2E) + magic;
        var n = t - magic;
        var r = x - n * Vector256.Create(Ln2Hi);
        r = r - n * Vector256.Create(Ln2Lo);
        var p = Vector256.Create(C13);
        p = p * r + Vector256.Create(C12); p = p * r + Vector256.Create(C11); p = p * r + Vector256.Create(C10);
        p = p * r + Vector256.Create(C9); p = p * r + Vector256.Create(C8); p = p * r + Vector256.Create(C7);
        p = p * r + Vector256.Create(C6); p = p * r + Vector256.Create(C5); p = p * r + Vector256.Create(C4);
        p = p * r + Vector256.Create(C3); p = p * r + Vector256.Create(C2);
        var one = Vector256.Create(1.0);
        p = p * r + one;
        p = p * r + one;
        var bits = (t.AsInt64() - magic.AsInt64() + Vector256.Create(1023L)) << 52;
        return p * bits.AsDouble();
    }

    /// <summary>Eight at a time: element for element the same bits as <see cref="Exp(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        var magic = Vector512.Create(RoundMagic);
        x = Vector512.Max(x, Vector512.Create(MinArgument));
        x = Vector512.Min(x, Vector512.Create(MaxArgument));
        var t = x * Vector512.Create(Log2E) + magic;
        var n = t - magic;
        var r = x - n * Vector512.Create(Ln2Hi);
        r = r - n * Vector512.Create(Ln2Lo);
        var p = Vector512.Create(C13);
        p = p * r + Vector512.Create(C12); p = p * r + Vector512.Create(C11); p = p * r + Vector512.Create(C10);
        p = p * r + Vector512.Create(C9); p = p * r + Vector512.Create(C8); p = p * r + Vector512.Create(C7);
        p = p * r + Vector512.Create(C6); p = p * r + Vector512.Create(C5); p = p * r + Vector512.Create(C4);
        p = p * r + Vector512.Create(C3); p = p * r + Vector512.Create(C2);
        var one = Vector512.Create(1.0);
        p = p * r + one;
        p = p * r + one;
        var bits = (t.AsInt64() - magic.AsInt64() + Vector512.Create(1023L)) << 52;
        return p * bits.AsDouble();
    }
}
