using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MmSandbox.Core.Config;

namespace MmSandbox.Core.Model;

/// <summary>The maker's quotes (Avellaneda &amp; Stoikov 2008, section 3).</summary>
public static class Quoting
{
    /// <summary>r = s − q·γ·σ²·τ: the mid shifted against the inventory (paper, eq. 29).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reservation(double mid, double inventory, double gamma, double sigma, double timeLeft) =>
        mid - inventory * (gamma * sigma * sigma * timeLeft);

    /// <summary>(2/γ)·ln(1 + γ/k): the full spread at the horizon, where inventory risk is gone.</summary>
    public static double IntensitySpread(double gamma, double k) => 2.0 / gamma * Math.Log(1.0 + gamma / k);

    /// <summary>δa + δb = γ·σ²·τ + (2/γ)·ln(1 + γ/k) (paper, eq. 30).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FullSpread(double gamma, double sigma, double timeLeft, double intensitySpread) =>
        gamma * sigma * sigma * timeLeft + intensitySpread;

    /// <summary>The time average of <see cref="FullSpread"/> over [0, T]: γσ²T/2 + (2/γ)·ln(1 + γ/k).</summary>
    public static double TimeAveragedSpread(double gamma, double sigma, double horizon, double k) =>
        gamma * sigma * sigma * horizon / 2.0 + IntensitySpread(gamma, k);

    /// <summary>
    /// The mean of <see cref="FullSpread"/> over the N quote times t_k = k·dt, k = 0 … N − 1:
    /// γσ²·dt·(N + 1)/2 + (2/γ)·ln(1 + γ/k). The symmetric strategy quotes this, so both strategies
    /// show the same average spread; it tends to <see cref="TimeAveragedSpread"/> as dt → 0.
    /// </summary>
    public static double MeanQuotedSpread(double gamma, double sigma, double dt, int steps, double k) =>
        gamma * sigma * sigma * dt * (steps + 1) / 2.0 + IntensitySpread(gamma, k);

    /// <summary>
    /// Quotes for every path of a lane at <paramref name="step"/>. A side that would take |q| past the
    /// inventory limit is not quoted: its price is NaN. The spread is the strategy's full spread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quote(ModelParameters m, int step, ReadOnlySpan<double> quoteMid, ReadOnlySpan<double> inventory,
                             Span<double> reservation, Span<double> bid, Span<double> ask, Span<double> spread)
    {
        double timeLeft = m.TimeLeft(step);
        double skew = m.Gamma * m.MakerSigma * m.MakerSigma * timeLeft;
        double full = m.Strategy == Strategy.AvellanedaStoikov
            ? FullSpread(m.Gamma, m.MakerSigma, timeLeft, m.IntensitySpread)
            : m.SymmetricSpread;
        double half = full / 2.0;
        bool avellanedaStoikov = m.Strategy == Strategy.AvellanedaStoikov;
        int i = 0, n = quoteMid.Length;
        if (inventory.Length < n || reservation.Length < n || bid.Length < n || ask.Length < n || spread.Length < n)
            throw new ArgumentException("Every span must hold a value per path of the lane.", nameof(quoteMid));
        if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            // Four paths at a time with the scalar form's operations in its order: the same bits. Every span holds n
            // values (checked above), so the loop reads and writes through references without a bounds check.
            var skews = Vector256.Create(skew);
            var halves = Vector256.Create(half);
            var fulls = Vector256.Create(full);
            var size = Vector256.Create(m.OrderSize);
            var limit = Vector256.Create(m.MaxInventory);
            var notQuoted = Vector256.Create(double.NaN);
            ref double inventoryAt = ref MemoryMarshal.GetReference(inventory), midAt = ref MemoryMarshal.GetReference(quoteMid);
            ref double reservationAt = ref MemoryMarshal.GetReference(reservation), bidAt = ref MemoryMarshal.GetReference(bid);
            ref double askAt = ref MemoryMarshal.GetReference(ask), spreadAt = ref MemoryMarshal.GetReference(spread);
            for (; i + 4 <= n; i += 4)
            {
                nuint at = (nuint)i;
                var q = Vector256.LoadUnsafe(ref inventoryAt, at);
                var mid = Vector256.LoadUnsafe(ref midAt, at);
                var r = avellanedaStoikov ? mid - q * skews : mid;
                r.StoreUnsafe(ref reservationAt, at);
                Vector256.ConditionalSelect(Vector256.GreaterThan(q + size, limit), notQuoted, r - halves).StoreUnsafe(ref bidAt, at);
                Vector256.ConditionalSelect(Vector256.LessThan(q - size, -limit), notQuoted, r + halves).StoreUnsafe(ref askAt, at);
                fulls.StoreUnsafe(ref spreadAt, at);
            }
        }
        for (; i < quoteMid.Length; i++)
        {
            double q = inventory[i];
            // The symmetric benchmark centres its quotes on the mid: that is its reservation price.
            double r = avellanedaStoikov ? quoteMid[i] - q * skew : quoteMid[i];
            reservation[i] = r;
            bid[i] = q + m.OrderSize > m.MaxInventory ? double.NaN : r - half;
            ask[i] = q - m.OrderSize < -m.MaxInventory ? double.NaN : r + half;
            spread[i] = full;
        }
    }
}
