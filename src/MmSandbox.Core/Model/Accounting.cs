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
            var soldMask = (Vector256<long>.Zero - Avx2.ConvertToVector256Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref sold, i))).AsByte())).AsDouble();
            var boughtMask = (Vector256<long>.Zero - Avx2.ConvertToVector256Int64(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref bought, i))).AsByte())).AsDouble();
            var q = Vector256.Create(inventory.Slice(i, 4));
            var c = Vector256.Create(cash.Slice(i, 4));
            // Sell: q − size, cash + (price·size − (price·size)·fee); then Buy: q + size, cash − (price·size + (price·size)·fee).
            var askNotional = Vector256.Create(ask.Slice(i, 4)) * size;
            q = Vector256.ConditionalSelect(soldMask, q - size, q);
            c = Vector256.ConditionalSelect(soldMask, c + (askNotional - askNotional * feeRate), c);
            var bidNotional = Vector256.Create(bid.Slice(i, 4)) * size;
            q = Vector256.ConditionalSelect(boughtMask, q + size, q);
            c = Vector256.ConditionalSelect(boughtMask, c - (bidNotional + bidNotional * feeRate), c);
            q.CopyTo(inventory.Slice(i, 4));
            c.CopyTo(cash.Slice(i, 4));
        }
        return i;
    }

    /// <summary>Mark-to-market PnL: cash + q·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MarkToMarket(double cash, double inventory, double mid) => cash + inventory * mid;
}
