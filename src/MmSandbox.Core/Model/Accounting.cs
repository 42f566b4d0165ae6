using System.Runtime.CompilerServices;

namespace MmSandbox.Core.Model;

/// <summary>Cash and inventory bookkeeping of fills: the one place where a fill changes a book.</summary>
public static class Accounting
{
    /// <summary>The fee of one fill at <paramref name="price"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Fee(ModelParameters m, double price) => price * m.OrderSize * m.FeeRate;

    /// <summary>A filled ask: the maker sells; q −= size, cash += ask·size − fee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sell(ModelParameters m, double price, ref double inventory, ref double cash)
    {
        inventory -= m.OrderSize;
        cash += price * m.OrderSize - Fee(m, price);
    }

    /// <summary>A filled bid: the maker buys; q += size, cash −= bid·size + fee.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Buy(ModelParameters m, double price, ref double inventory, ref double cash)
    {
        inventory += m.OrderSize;
        cash -= price * m.OrderSize + Fee(m, price);
    }

    /// <summary>Applies a lane's fills of one step, the ask (sell) before the bid (buy).</summary>
    public static void Apply(ModelParameters m, ReadOnlySpan<double> bid, ReadOnlySpan<double> ask,
                             ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled, Span<double> inventory, Span<double> cash)
    {
        for (int i = 0; i < inventory.Length; i++)
        {
            if (askFilled[i]) Sell(m, ask[i], ref inventory[i], ref cash[i]);
            if (bidFilled[i]) Buy(m, bid[i], ref inventory[i], ref cash[i]);
        }
    }

    /// <summary>Mark-to-market PnL: cash + q·s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MarkToMarket(double cash, double inventory, double mid) => cash + inventory * mid;
}
