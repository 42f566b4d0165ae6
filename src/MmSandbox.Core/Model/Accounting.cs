using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MmSandbox.Core.Model;

/// <summary>Cash and inventory bookkeeping of fills: the one place where a fill changes a book.</summary>
public static class Accounting
{
    /// <summary>The fee of one fill at <paramref name="price"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Fee(ModelParameters m, double price) => price * m.OrderSize * m.FeeRate;

    /// <summary>A filled ask: the maker sells; q −= size, cash += ask·size − fee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sell(ModelParameters m, double price, ref double inventory, ref double cash) =>
        Sell(price, m.OrderSize, m.FeeRate, ref inventory, ref cash);

    /// <summary>A filled bid: the maker buys; q += size, cash −= bid·size + fee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Buy(ModelParameters m, double price, ref double inventory, ref double cash) =>
        Buy(price, m.OrderSize, m.FeeRate, ref inventory, ref cash);

    /// <summary>A sale of <paramref name="size"/> at <paramref name="price"/> paying <paramref name="feeRate"/> of the notional: q −= size, cash += price·size − (price·size)·fee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sell(double price, double size, double feeRate, ref double inventory, ref double cash)
    {
        inventory -= size;
        cash += price * size - price * size * feeRate;
    }

    /// <summary>A purchase of <paramref name="size"/> at <paramref name="price"/> paying <paramref name="feeRate"/> of the notional: q += size, cash −= price·size + (price·size)·fee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Buy(double price, double size, double feeRate, ref double inventory, ref double cash)
    {
        inventory += size;
        cash -= price * size + price * size * feeRate;
    }

    /// <summary>Applies a lane's fills of one step, the ask (sell) before the bid (buy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ModelParameters m, ReadOnlySpan<double> bid, ReadOnlySpan<double> ask,
                             ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled, Span<double> inventory, Span<double> cash)
    {
        int i = Avx2.IsSupported ? ApplyVector(m, bid, ask, bidFilled, askFilled, inventory, cash) : 0;
        for (; i < inventory.Length; i++)
        {
            if (askFilled[i]) Sell(m, ask[i], ref inventory[i], ref cash[i]);
            if (bidFilled[i]) Buy(m, bid[i], ref inventory[i], ref cash[i]);
        }
    }

    /// <summary>
    /// <see cref="Apply"/> four paths at a time, without a branch on the fills (coin flips mispredict): each fill
    /// widens to a mask that selects the booked values, so every path sees <see cref="Sell(ModelParameters, double, ref double, ref double)"/> and <see cref="Buy(ModelParameters, double, ref double, ref double)"/>'s
    /// operations in their order and gets their bits. Returns how many paths it did (a multiple of four).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ApplyVector(ModelParameters m, ReadOnlySpan<double> bid, ReadOnlySpan<double> ask,
                                   ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled, Span<double> inventory, Span<double> cash)
    {
        int n = inventory.Length, i = 0;
        var size = Vector256.Create(m.OrderSize);
        var feeRate = Vector256.Create(m.FeeRate);
        ref byte sold = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(askFilled));
        ref byte bought = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(bidFilled));
        for (; i + 4 <= n; i += 4)
        {
            var q = Vector256.Create(inventory.Slice(i, 4));
            var c = Vector256.Create(cash.Slice(i, 4));
            Book(size, feeRate, Vector256.Create(ask.Slice(i, 4)), Vector256.Create(bid.Slice(i, 4)),
                 FillFlags(ref sold, i), FillFlags(ref bought, i), ref q, ref c);
            q.CopyTo(inventory.Slice(i, 4));
            c.CopyTo(cash.Slice(i, 4));
        }
        return i;
    }

    /// <summary>Four fill flags (bools read as bytes from <paramref name="flags"/> at <paramref name="i"/>) widened to 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<long> FillFlags(ref byte flags, int i) =>
        Avx2.ConvertToVector256Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref flags, i))).AsByte());

    /// <summary>
    /// Books four paths' fills without a branch: where <paramref name="sold"/> is 1, <see cref="Sell(ModelParameters, double, ref double, ref double)"/>
    /// at <paramref name="ask"/>, then where <paramref name="bought"/> is 1, <see cref="Buy(ModelParameters, double, ref double, ref double)"/> at
    /// <paramref name="bid"/>; each path sees their operations in their order and gets their bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Book(Vector256<double> size, Vector256<double> feeRate, Vector256<double> ask, Vector256<double> bid,
                              Vector256<long> sold, Vector256<long> bought, ref Vector256<double> q, ref Vector256<double> c)
    {
        var soldMask = (Vector256<long>.Zero - sold).AsDouble();
        var boughtMask = (Vector256<long>.Zero - bought).AsDouble();
        // Sell: q − size, cash + (price·size − (price·size)·fee); then Buy: q + size, cash − (price·size + (price·size)·fee).
        var askNotional = ask * size;
        q = Vector256.ConditionalSelect(soldMask, q - size, q);
        c = Vector256.ConditionalSelect(soldMask, c + (askNotional - askNotional * feeRate), c);
        var bidNotional = bid * size;
        q = Vector256.ConditionalSelect(boughtMask, q + size, q);
        c = Vector256.ConditionalSelect(boughtMask, c - (bidNotional + bidNotional * feeRate), c);
    }

    /// <summary>Mark-to-market PnL: cash + q·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MarkToMarket(double cash, double inventory, double mid) => cash + inventory * mid;
}
