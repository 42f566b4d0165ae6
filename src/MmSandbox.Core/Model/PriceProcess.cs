using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MmSandbox.Core.Config;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Model;

/// <summary>The mid: an arithmetic random walk with drift, s_{k+1} = s_k + μ·dt + σ·√dt·ε_k.</summary>
public static class PriceProcess
{
    /// <summary>ε_k of the path whose price stream has key <paramref name="priceKey"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Shock(PriceModel model, ulong priceKey, int step) => model == PriceModel.Binomial
        ? (CounterRng.Uniform(priceKey, (ulong)step) < 0.5 ? 1.0 : -1.0)
        : CounterRng.StandardNormal(priceKey, (ulong)step);

    /// <summary>s_{k+1} from s_k and ε_k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(ModelParameters m, double mid, double shock) => mid + m.Drift + m.Volatility * shock;

    /// <summary>Moves every mid of a lane from step <paramref name="step"/> to step <paramref name="step"/> + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Advance(ModelParameters m, int step, ReadOnlySpan<ulong> priceKeys, ReadOnlySpan<double> mid, Span<double> next)
    {
        int i = 0;
        if (m.PriceModel == PriceModel.Binomial && Vector256.IsHardwareAccelerated)
        {
            var drift = Vector256.Create(m.Drift);
            var volatility = Vector256.Create(m.Volatility);
            var half = Vector256.Create(0.5);
            var up = Vector256.Create(1.0);
            var down = Vector256.Create(-1.0);
            for (; i + 4 <= mid.Length; i += 4)
            {
                var u = CounterRngVector.Uniform(Vector256.Create(priceKeys.Slice(i, 4)), (ulong)step);
                var shock = Vector256.ConditionalSelect(Vector256.LessThan(u, half), up, down);
                // (s + μ·dt) + σ√dt·ε: the scalar form's order of operations.
                (Vector256.Create(mid.Slice(i, 4)) + drift + volatility * shock).CopyTo(next.Slice(i, 4));
            }
        }
        for (; i < mid.Length; i++)
            next[i] = Next(m, mid[i], Shock(m.PriceModel, priceKeys[i], step));
    }
}
