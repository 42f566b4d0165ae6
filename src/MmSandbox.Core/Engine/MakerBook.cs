using MmSandbox.Core.Config;
using MmSandbox.Core.Model;

namespace MmSandbox.Core.Engine;

/// <summary>
/// The market maker's side of one lane: its inventory and cash per path, the mid it last saw (for
/// <c>quote_mid: previous</c>), and the quote buffers it fills. Both engines use it, so the maker's
/// behaviour is written once.
/// </summary>
public sealed class MakerBook
{
    private readonly ModelParameters _m;
    private double[] _inventory = [], _cash = [], _previousMid = [];
    private int _count;

    /// <summary>Creates a book for lanes of a run; call <see cref="Start"/> before each lane.</summary>
    public MakerBook(ModelParameters m) => _m = m;

    /// <summary>Inventory per path.</summary>
    public ReadOnlySpan<double> Inventory => _inventory.AsSpan(0, _count);

    /// <summary>Cash per path.</summary>
    public ReadOnlySpan<double> Cash => _cash.AsSpan(0, _count);

    /// <summary>Flat book (q = 0, cash = 0) for a lane of <paramref name="count"/> paths.</summary>
    public void Start(int count)
    {
        if (_inventory.Length < count)
        {
            _inventory = new double[count];
            _cash = new double[count];
            _previousMid = new double[count];
        }
        _count = count;
        Array.Clear(_inventory);
        Array.Clear(_cash);
        Array.Fill(_previousMid, _m.S0);
    }

    /// <summary>Quotes of step <paramref name="step"/> against the mids <paramref name="mid"/> into the given buffers.</summary>
    public void Quote(int step, ReadOnlySpan<double> mid, Span<double> reservation, Span<double> bid, Span<double> ask, Span<double> spread)
    {
        ReadOnlySpan<double> quoteMid = _m.QuoteMid == QuoteMid.Current ? mid : _previousMid.AsSpan(0, _count);
        Quoting.Quote(_m, step, quoteMid, Inventory, reservation, bid, ask, spread);
        if (_m.QuoteMid == QuoteMid.Previous) mid.CopyTo(_previousMid);
    }

    /// <summary>Books the fills of one step at the quotes they hit.</summary>
    public void Apply(ReadOnlySpan<double> bid, ReadOnlySpan<double> ask, ReadOnlySpan<bool> bidFilled, ReadOnlySpan<bool> askFilled) =>
        Accounting.Apply(_m, bid, ask, bidFilled, askFilled, _inventory.AsSpan(0, _count), _cash.AsSpan(0, _count));
}
