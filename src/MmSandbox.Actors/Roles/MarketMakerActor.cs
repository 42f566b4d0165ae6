using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Model;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// The market maker: quotes against each <see cref="MidPrice"/>, books its <see cref="Fills"/>, and
/// at the close hands its book to the recorder. Its state is a <see cref="MakerBook"/> per lane in flight.
/// The same actor, under another name and without a recorder, plays a competing maker (<c>kind: market_maker</c>).
/// </summary>
public sealed class MarketMakerActor : ParticipantActor
{
    /// <summary>The actor's name in a scenario.</summary>
    public const string Name = "market-maker";

    private readonly ModelParameters _m;
    private readonly IActorRef _clock;
    private readonly IActorRef _orderFlow;
    private readonly IActorRef? _recorder;
    private readonly string _name;
    private readonly MakerBook[] _books;
    private readonly QuoteBuffers[] _buffers;

    /// <summary>
    /// Props for a maker with <paramref name="slots"/> lanes in flight. The maker under study hands its closing
    /// book to <paramref name="recorder"/> (a competing maker too, under its own <paramref name="name"/>, when given one).
    /// </summary>
    public static Props Props(ModelParameters m, int slots, IActorRef clock, IActorRef orderFlow, IActorRef? recorder, string name = Name) =>
        Akka.Actor.Props.Create(() => new MarketMakerActor(m, slots, clock, orderFlow, recorder, name));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public MarketMakerActor(ModelParameters m, int slots, IActorRef clock, IActorRef orderFlow, IActorRef? recorder, string name)
    {
        _m = m;
        _name = name;
        _clock = clock;
        _orderFlow = orderFlow;
        _recorder = recorder;
        _books = new MakerBook[slots];
        _buffers = new QuoteBuffers[slots];
        for (int i = 0; i < slots; i++)
        {
            _books[i] = new MakerBook(m);
            _buffers[i] = new QuoteBuffers();
        }
        Receive<MidPrice>(OnMidPrice);
        Receive<Fills>(OnFills);
    }

    private void OnMidPrice(MidPrice mid)
    {
        var lane = mid.Lane;
        var book = _books[lane.Slot];
        if (mid.Step == 0) book.Start(lane.Count);
        if (mid.IsClose)
        {
            _recorder?.Tell(new BookClosed(mid.Step, lane, book.Inventory.ToArray(), book.Cash.ToArray(), _name));
            _clock.Tell(new StepDone(mid.Step, lane, _name));
            return;
        }
        var b = _buffers[lane.Slot].For(mid.Step, lane.Count);
        book.Quote(mid.Step, mid.Mids.Span, b.Reservation, b.Bid, b.Ask, b.Spread);
        _orderFlow.Tell(new Quotes(mid.Step, lane, b.Reservation.AsMemory(0, lane.Count), b.Bid.AsMemory(0, lane.Count),
                                   b.Ask.AsMemory(0, lane.Count), b.Spread.AsMemory(0, lane.Count), _name));
    }

    private void OnFills(Fills fills)
    {
        var q = fills.Quotes;
        _books[fills.Lane.Slot].Apply(q.Bids.Span, q.Asks.Span, fills.BidFilled.Span, fills.AskFilled.Span);
        _clock.Tell(new StepDone(fills.Step, fills.Lane, _name));
    }

    /// <summary>Two sets of quote arrays per lane slot, used on alternate steps.</summary>
    private sealed class QuoteBuffers
    {
        private readonly Set[] _sets = [new(), new()];

        public Set For(int step, int count)
        {
            var set = _sets[step & 1];
            if (set.Bid.Length < count) set.Allocate(count);
            return set;
        }

        public sealed class Set
        {
            public double[] Reservation = [], Bid = [], Ask = [], Spread = [];

            public void Allocate(int count)
            {
                Reservation = new double[count];
                Bid = new double[count];
                Ask = new double[count];
                Spread = new double[count];
            }
        }
    }
}
