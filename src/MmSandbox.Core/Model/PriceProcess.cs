using System.Runtime.CompilerServices;
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
    public static void Advance(ModelParameters m, int step, ReadOnlySpan<ulong> priceKeys, ReadOnlySpan<double> mid, Span<double> next)
    {
        for (int i = 0; i < mid.Length; i++)
            next[i] = Next(m, mid[i], Shock(m.PriceModel, priceKeys[i], step));
    }
}
