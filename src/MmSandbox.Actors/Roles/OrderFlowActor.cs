using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// The exchange side: draws the arrivals of market orders and decides which quotes fill. It needs the
/// <see cref="MidPrice"/>, the maker's <see cref="Quotes"/> and, when the run has extra participants, the
/// <see cref="Quotes"/> of each competing maker and the <see cref="Orders"/> of each taker, and acts once it
/// holds them all, in whichever order they came. Each maker gets its <see cref="Fills"/>; the recorder gets the
/// maker under study's <see cref="Fills"/> and every participant's <see cref="Executions"/>; each taker gets its
/// own <see cref="Executions"/>. Matching is <see cref="Exchange"/>'s.
/// </summary>
public sealed class OrderFlowActor : ParticipantActor
{
    /// <summary>The actor's name in a scenario.</summary>
    public const string Name = "order-flow";

    private readonly ModelParameters _m;
    private readonly IActorRef _clock;
    private readonly IActorRef _recorder;
    private readonly IReadOnlyList<ParticipantConfig> _participants;
    private readonly string[] _names;
    private readonly string[] _makers;
    private readonly string[] _takers;
    private readonly SlotState[] _slots;

    /// <summary>
    /// Props for an order flow with <paramref name="slots"/> lanes in flight; fills go to the quoting actors and the
    /// recorder. <paramref name="participants"/> are the run's extra participants (none for the paper's model).
    /// </summary>
    public static Props Props(ModelParameters m, int slots, IActorRef clock, IActorRef recorder, IReadOnlyList<ParticipantConfig>? participants = null) =>
        Akka.Actor.Props.Create(() => new OrderFlowActor(m, slots, clock, recorder, participants ?? Array.Empty<ParticipantConfig>()));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public OrderFlowActor(ModelParameters m, int slots, IActorRef clock, IActorRef recorder, IReadOnlyList<ParticipantConfig> participants)
    {
        _m = m;
        _clock = clock;
        _recorder = recorder;
        _participants = participants;
        _names = [.. participants.Select(p => p.Name)];
        _makers = [MarketMakerActor.Name, .. participants.Where(p => p.Role == ParticipantRole.Maker).Select(p => p.Name)];
        _takers = [.. participants.Where(p => p.Role == ParticipantRole.Taker).Select(p => p.Name)];
        _slots = new SlotState[slots];
        for (int i = 0; i < slots; i++) _slots[i] = new SlotState(_makers.Length, _takers.Length, new Exchange(m, _takers.Length));
        Receive<MidPrice>(OnMidPrice);
        Receive<Quotes>(OnQuotes);
        Receive<Orders>(OnOrders);
    }

    private void OnMidPrice(MidPrice mid)
    {
        var slot = _slots[mid.Lane.Slot];
        if (mid.Step == 0) slot.Start(_m, mid.Lane);
        if (mid.IsClose)
        {
            _clock.Tell(new StepDone(mid.Step, mid.Lane, Name));
            return;
        }
        slot.Mid = mid;
        TryFill(slot);
    }

    private void OnQuotes(Quotes quotes)
    {
        var slot = _slots[quotes.Lane.Slot];
        int maker = Array.IndexOf(_makers, quotes.Maker);
        if (maker < 0) throw new InvalidOperationException($"Quotes from '{quotes.Maker}', which is not a maker of this scenario.");
        if (slot.Quotes[maker] is not null) throw new InvalidOperationException($"{quotes.Maker} quoted step {quotes.Step} of {quotes.Lane} twice.");
        slot.Quotes[maker] = quotes;
        slot.QuotingActors[maker] = Sender;
        TryFill(slot);
    }

    private void OnOrders(Orders orders)
    {
        var slot = _slots[orders.Lane.Slot];
        int taker = Array.IndexOf(_takers, orders.Participant);
        if (taker < 0) throw new InvalidOperationException($"Orders from '{orders.Participant}', which is not a taker of this scenario.");
        if (slot.Orders[taker] is not null) throw new InvalidOperationException($"{orders.Participant} sent orders twice for step {orders.Step} of {orders.Lane}.");
        slot.Orders[taker] = orders;
        slot.TakingActors[taker] = Sender;
        TryFill(slot);
    }

    private void TryFill(SlotState slot)
    {
        if (slot.Mid is not { } mid) return;
        foreach (var q in slot.Quotes)
            if (q is null || q.Step != mid.Step) return;
        foreach (var o in slot.Orders)
            if (o is null || o.Step != mid.Step) return;
        var lane = mid.Lane;
        int n = lane.Count, set = mid.Step & 1;
        var primary = slot.Quotes[0]!;
        if (_participants.Count == 0)
        {
            var (bidFilled, askFilled) = slot.Fills(set, 0, n);
            OrderFlow.DrawFills(_m, mid.Step, slot.Keys, mid.Mids.Span, primary.Bids.Span, primary.Asks.Span, bidFilled.AsSpan(0, n), askFilled.AsSpan(0, n));
            var fills = new Fills(mid.Step, lane, primary, bidFilled.AsMemory(0, n), askFilled.AsMemory(0, n));
            slot.QuotingActors[0]!.Tell(fills);
            _recorder.Tell(fills);
        }
        else
        {
            Match(slot, mid, set, n);
        }
        slot.Mid = null;
        Array.Clear(slot.Quotes);
        Array.Clear(slot.Orders);
        _clock.Tell(new StepDone(mid.Step, lane, Name));
    }

    private void Match(SlotState slot, MidPrice mid, int set, int n)
    {
        var lane = mid.Lane;
        int makers = _makers.Length, takers = _takers.Length;
        var bids = new ReadOnlyMemory<double>[makers];
        var asks = new ReadOnlyMemory<double>[makers];
        var bidFilled = new Memory<bool>[makers];
        var askFilled = new Memory<bool>[makers];
        for (int j = 0; j < makers; j++)
        {
            bids[j] = slot.Quotes[j]!.Bids;
            asks[j] = slot.Quotes[j]!.Asks;
            var (bid, ask) = slot.Fills(set, j, n);
            bidFilled[j] = bid.AsMemory(0, n);
            askFilled[j] = ask.AsMemory(0, n);
        }
        var orders = new ReadOnlyMemory<sbyte>[takers];
        var prices = new Memory<double>[takers];
        for (int t = 0; t < takers; t++)
        {
            orders[t] = slot.Orders[t]!.Sides;
            prices[t] = slot.TakerPrices(set, t, n).AsMemory(0, n);
        }
        slot.Exchange.Match(mid.Step, slot.Keys, mid.Mids.Span, bids, asks, orders, bidFilled, askFilled, prices);

        var executions = new Executions[_participants.Count];
        for (int j = 0; j < makers; j++)
        {
            var fills = new Fills(mid.Step, lane, slot.Quotes[j]!, bidFilled[j], askFilled[j]);
            slot.QuotingActors[j]!.Tell(fills);
            if (j == 0)
            {
                _recorder.Tell(fills);
                continue;
            }
            var (buy, sell) = slot.MakerPrices(set, j, n);
            Exchange.MakerExecutions(bids[j].Span, asks[j].Span, bidFilled[j].Span, askFilled[j].Span, buy.AsSpan(0, n), sell.AsSpan(0, n));
            executions[Array.IndexOf(_names, _makers[j])] = new Executions(mid.Step, lane, _makers[j], buy.AsMemory(0, n), sell.AsMemory(0, n));
        }
        for (int t = 0; t < takers; t++)
        {
            var (buy, sell) = slot.MakerPrices(set, makers + t, n);
            Exchange.TakerExecutions(orders[t].Span, prices[t].Span, buy.AsSpan(0, n), sell.AsSpan(0, n));
            var done = new Executions(mid.Step, lane, _takers[t], buy.AsMemory(0, n), sell.AsMemory(0, n));
            executions[Array.IndexOf(_names, _takers[t])] = done;
            slot.TakingActors[t]!.Tell(done);
        }
        // In the order the participants are listed, so the recorder books them in one order whatever arrives first.
        foreach (var e in executions) _recorder.Tell(e);
    }

    private sealed class SlotState(int makers, int takers, Exchange exchange)
    {
        // Two sets of buffers, used on alternate steps: a message of step k is never written while step k + 1 runs.
        private readonly bool[][][] _bid = [new bool[makers][], new bool[makers][]];
        private readonly bool[][][] _ask = [new bool[makers][], new bool[makers][]];
        private readonly double[][][] _buy = [new double[makers + takers][], new double[makers + takers][]];
        private readonly double[][][] _sell = [new double[makers + takers][], new double[makers + takers][]];
        private readonly double[][][] _takerPrice = [new double[takers][], new double[takers][]];

        public LaneKeys Keys;
        public MidPrice? Mid;
        public Quotes?[] Quotes { get; } = new Quotes?[makers];
        public IActorRef?[] QuotingActors { get; } = new IActorRef?[makers];
        public Orders?[] Orders { get; } = new Orders?[takers];
        public IActorRef?[] TakingActors { get; } = new IActorRef?[takers];
        public Exchange Exchange { get; } = exchange;

        public void Start(ModelParameters m, LaneId lane)
        {
            Keys = new LaneKeys(m.Seed, lane.FirstPath, lane.Count);
            if (takers + makers > 1) Exchange.Start(lane.FirstPath, lane.Count);
        }

        public (bool[] Bid, bool[] Ask) Fills(int set, int maker, int count)
        {
            if (_bid[set][maker] is not { } bid || bid.Length < count)
            {
                _bid[set][maker] = new bool[count];
                _ask[set][maker] = new bool[count];
            }
            return (_bid[set][maker], _ask[set][maker]);
        }

        public (double[] Buy, double[] Sell) MakerPrices(int set, int index, int count)
        {
            if (_buy[set][index] is not { } buy || buy.Length < count)
            {
                _buy[set][index] = new double[count];
                _sell[set][index] = new double[count];
            }
            return (_buy[set][index], _sell[set][index]);
        }

        public double[] TakerPrices(int set, int taker, int count)
        {
            if (_takerPrice[set][taker] is not { } price || price.Length < count) _takerPrice[set][taker] = new double[count];
            return _takerPrice[set][taker];
        }
    }
}
