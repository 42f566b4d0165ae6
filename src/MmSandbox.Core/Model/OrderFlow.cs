using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MmSandbox.Core.Config;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Core.Model;

/// <summary>Market orders arriving at the maker's quotes with intensity λ(δ) = A·e^(−k·δ).</summary>
public static class OrderFlow
{
    /// <summary>The probability that a quote at distance <paramref name="distance"/> from the mid fills within one step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FillProbability(ModelParameters m, double distance)
    {
        double lambdaDt = m.IntensityDt * DeterministicMath.Exp(-m.FillDecay * distance);
        return m.FillProbability == Config.FillProbability.Linear
            ? Math.Min(1.0, lambdaDt)
            : 1.0 - DeterministicMath.Exp(-lambdaDt);
    }

    /// <summary>The probabilities of four quotes at <paramref name="distance"/>: the same bits as <see cref="FillProbability(ModelParameters, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FillProbability(ModelParameters m, Vector256<double> distance)
    {
        var lambdaDt = Vector256.Create(m.IntensityDt) * DeterministicMath.Exp(Vector256.Create(-m.FillDecay) * distance);
        return m.FillProbability == Config.FillProbability.Linear
            ? Vector256.Min(Vector256.Create(1.0), lambdaDt)
            : Vector256.Create(1.0) - DeterministicMath.Exp(-lambdaDt);
    }

    /// <summary>The probabilities of eight quotes at <paramref name="distance"/>: the same bits as <see cref="FillProbability(ModelParameters, double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FillProbability(ModelParameters m, Vector512<double> distance)
    {
        var lambdaDt = Vector512.Create(m.IntensityDt) * DeterministicMath.Exp(Vector512.Create(-m.FillDecay) * distance);
        return m.FillProbability == Config.FillProbability.Linear
            ? Vector512.Min(Vector512.Create(1.0), lambdaDt)
            : Vector512.Create(1.0) - DeterministicMath.Exp(-lambdaDt);
    }

    // Eight fill flags as eight bytes (false 0, true 1), indexed by a comparison's eight sign bits.
    private static readonly ulong[] FlagBytes = BuildFlagBytes();

    private static ulong[] BuildFlagBytes()
    {
        var table = new ulong[256];
        for (int bits = 0; bits < 256; bits++)
            for (int j = 0; j < 8; j++)
                table[bits] |= (ulong)((bits >> j) & 1) << (8 * j);
        return table;
    }

    /// <summary>Independent sides, eight (then four) paths at a time; returns how many paths it did (a multiple of four).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DrawIndependentFillsVector(ModelParameters m, ulong counter, in LaneKeys keys, ReadOnlySpan<double> mid,
                                                  ReadOnlySpan<double> bid, ReadOnlySpan<double> ask, Span<bool> bidFilled, Span<bool> askFilled)
    {
        int i = 0;
        var flags = FlagBytes;
        ref byte sold = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(askFilled));
        ref byte bought = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(bidFilled));
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 8 <= mid.Length; i += 8)
            {
                var s = Vector512.Create(mid.Slice(i, 8));
                var b = Vector512.Create(bid.Slice(i, 8));
                var a = Vector512.Create(ask.Slice(i, 8));
                var pAsk = Vector512.ConditionalSelect(Vector512.Equals(a, a), FillProbability(m, a - s), Vector512<double>.Zero);
                var pBid = Vector512.ConditionalSelect(Vector512.Equals(b, b), FillProbability(m, s - b), Vector512<double>.Zero);
                var uAsk = CounterRngVector.Uniform(Vector512.Create(keys.AskArrival.AsSpan(i, 8)), counter);
                var uBid = CounterRngVector.Uniform(Vector512.Create(keys.BidArrival.AsSpan(i, 8)), counter);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref sold, i), flags[(int)Vector512.LessThan(uAsk, pAsk).ExtractMostSignificantBits()]);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref bought, i), flags[(int)Vector512.LessThan(uBid, pBid).ExtractMostSignificantBits()]);
            }
        }
        for (; i + 4 <= mid.Length; i += 4)
        {
            var s = Vector256.Create(mid.Slice(i, 4));
            var b = Vector256.Create(bid.Slice(i, 4));
            var a = Vector256.Create(ask.Slice(i, 4));
            // A NaN quote (not quoted) gets probability 0, as in the scalar form.
            var pAsk = Vector256.ConditionalSelect(Vector256.Equals(a, a), FillProbability(m, a - s), Vector256<double>.Zero);
            var pBid = Vector256.ConditionalSelect(Vector256.Equals(b, b), FillProbability(m, s - b), Vector256<double>.Zero);
            var uAsk = CounterRngVector.Uniform(Vector256.Create(keys.AskArrival.AsSpan(i, 4)), counter);
            var uBid = CounterRngVector.Uniform(Vector256.Create(keys.BidArrival.AsSpan(i, 4)), counter);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref sold, i), (uint)flags[(int)Vector256.LessThan(uAsk, pAsk).ExtractMostSignificantBits()]);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref bought, i), (uint)flags[(int)Vector256.LessThan(uBid, pBid).ExtractMostSignificantBits()]);
        }
        return i;
    }

    /// <summary>
    /// Decides which quotes of a lane fill at <paramref name="step"/>. Distances are measured from the
    /// true mid. A NaN quote (not quoted) never fills. Draws come from the lane's arrival streams.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DrawFills(ModelParameters m, int step, in LaneKeys keys, ReadOnlySpan<double> mid,
                                 ReadOnlySpan<double> bid, ReadOnlySpan<double> ask, Span<bool> bidFilled, Span<bool> askFilled)
    {
        if (bid.Length < mid.Length || ask.Length < mid.Length || bidFilled.Length < mid.Length || askFilled.Length < mid.Length)
            throw new ArgumentException("Every span must hold a value per path of the lane.", nameof(mid));
        ulong counter = (ulong)step;
        int i = 0;
        if (m.FillsPerStep == FillsPerStep.Independent && Vector256.IsHardwareAccelerated)
            i = DrawIndependentFillsVector(m, counter, keys, mid, bid, ask, bidFilled, askFilled);
        // The rest of the lane (and every path under fills_per_step: one) takes the scalar form: the same bits.
        for (; i < mid.Length; i++)
        {
            double pAsk = double.IsNaN(ask[i]) ? 0.0 : FillProbability(m, ask[i] - mid[i]);
            double pBid = double.IsNaN(bid[i]) ? 0.0 : FillProbability(m, mid[i] - bid[i]);
            if (m.FillsPerStep == FillsPerStep.Independent)
            {
                askFilled[i] = CounterRng.Uniform(keys.AskArrival[i], counter) < pAsk;
                bidFilled[i] = CounterRng.Uniform(keys.BidArrival[i], counter) < pBid;
            }
            else
            {
                // One draw decides: the ask is checked first, as in the original study.
                double u = CounterRng.Uniform(keys.AnyArrival[i], counter);
                askFilled[i] = u < pAsk;
                bidFilled[i] = !askFilled[i] && u < pAsk + pBid;
            }
        }
    }
}

/// <summary>The stream keys of every path of a lane, derived once when the lane starts.</summary>
public readonly struct LaneKeys
{
    /// <summary>Derives the keys of paths <paramref name="firstPath"/> … <paramref name="firstPath"/> + <paramref name="count"/> − 1.</summary>
    public LaneKeys(ulong seed, long firstPath, int count)
    {
        Price = Keys(seed, firstPath, count, Purpose.Price);
        BidArrival = Keys(seed, firstPath, count, Purpose.BidArrival);
        AskArrival = Keys(seed, firstPath, count, Purpose.AskArrival);
        AnyArrival = Keys(seed, firstPath, count, Purpose.AnyArrival);
    }

    /// <summary>The keys of one purpose's streams for paths <paramref name="firstPath"/> … + <paramref name="count"/> − 1.</summary>
    public static ulong[] Keys(ulong seed, long firstPath, int count, Purpose purpose)
    {
        var keys = new ulong[count];
        for (int i = 0; i < count; i++) keys[i] = StreamKey.For(seed, firstPath + i, purpose);
        return keys;
    }

    /// <summary>Keys of the mid-move streams.</summary>
    public ulong[] Price { get; }
    /// <summary>Keys of the bid-arrival streams.</summary>
    public ulong[] BidArrival { get; }
    /// <summary>Keys of the ask-arrival streams.</summary>
    public ulong[] AskArrival { get; }
    /// <summary>Keys of the single-draw arrival streams.</summary>
    public ulong[] AnyArrival { get; }
}
