using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MmSandbox.Core.Randomness;

/// <summary>The vector form of <see cref="CounterRng"/>: four draws at once, each the same bits as the scalar draw.</summary>
public static class CounterRngVector
{
    private static readonly Vector256<ulong> C1 = Vector256.Create(0xBF58476D1CE4E5B9UL);
    private static readonly Vector256<ulong> C2 = Vector256.Create(0x94D049BB133111EBUL);
    private static readonly Vector512<ulong> C1Wide = Vector512.Create(0xBF58476D1CE4E5B9UL);
    private static readonly Vector512<ulong> C2Wide = Vector512.Create(0x94D049BB133111EBUL);

    /// <summary><see cref="CounterRng.Mix"/> on four words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = (z ^ Vector256.ShiftRightLogical(z, 30)) * C1;
        z = (z ^ Vector256.ShiftRightLogical(z, 27)) * C2;
        return z ^ Vector256.ShiftRightLogical(z, 31);
    }

    /// <summary><see cref="CounterRng.Uniform"/> for four keys at one counter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Uniform(Vector256<ulong> keys, ulong counter)
    {
        var bits = Mix(keys + Vector256.Create((counter + 1) * CounterRng.Golden));
        // 53 random bits convert to double exactly, so the vector conversion equals the scalar one.
        return Vector256.ConvertToDouble(Vector256.ShiftRightLogical(bits, 11)) * Vector256.Create(1.0 / (1UL << 53));
    }

    /// <summary><see cref="CounterRng.Mix"/> on eight words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * C1Wide;
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * C2Wide;
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    /// <summary><see cref="CounterRng.Uniform"/> for eight keys at one counter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Uniform(Vector512<ulong> keys, ulong counter)
    {
        var bits = Mix(keys + Vector512.Create((counter + 1) * CounterRng.Golden));
        return Vector512.ConvertToDouble(Vector512.ShiftRightLogical(bits, 11)) * Vector512.Create(1.0 / (1UL << 53));
    }
}
