namespace MmSandbox.Core.Metrics;

/// <summary>Which side of a fill, from the maker's point of view.</summary>
public enum TradeSide
{
    /// <summary>The maker's bid was hit: the maker bought.</summary>
    Buy,
    /// <summary>The maker's ask was lifted: the maker sold.</summary>
    Sell,
}

/// <summary>One fill of a recorded path, with the book right after it.</summary>
public readonly record struct TradeRecord(int Step, TradeSide Side, double Price, double Size, double Mid, double Fee, double Inventory, double Cash);

/// <summary>
/// Everything that happened on one recorded path, step by step (rows 0 … N; row N is the close,
/// with no quotes). Quotes not shown on a side (inventory limit) are NaN.
/// </summary>
public sealed class RecordedPath
{
    /// <summary>Creates empty columns for a path of <paramref name="steps"/> quoting steps.</summary>
    public RecordedPath(long path, int steps)
    {
        Path = path;
        Mid = new double[steps + 1];
        Reservation = new double[steps + 1];
        Bid = new double[steps + 1];
        Ask = new double[steps + 1];
        Spread = new double[steps + 1];
        Inventory = new double[steps + 1];
        Cash = new double[steps + 1];
        Pnl = new double[steps + 1];
    }

    /// <summary>The global path index.</summary>
    public long Path { get; }
    /// <summary>s_k.</summary>
    public double[] Mid { get; }
    /// <summary>The price the quotes are centred on.</summary>
    public double[] Reservation { get; }
    /// <summary>The bid quoted at step k.</summary>
    public double[] Bid { get; }
    /// <summary>The ask quoted at step k.</summary>
    public double[] Ask { get; }
    /// <summary>The strategy's full spread at step k.</summary>
    public double[] Spread { get; }
    /// <summary>q after the fills of step k.</summary>
    public double[] Inventory { get; }
    /// <summary>Cash after the fills of step k.</summary>
    public double[] Cash { get; }
    /// <summary>cash + q·s_k after the fills of step k.</summary>
    public double[] Pnl { get; }
    /// <summary>The fills, in the order they were booked.</summary>
    public List<TradeRecord> Trades { get; } = [];
}
