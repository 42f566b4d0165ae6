using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Model;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// The exchange side: draws the arrivals of market orders and decides which quotes fill. It needs
/// both the <see cref="MidPrice"/> and the <see cref="Quotes"/> of a step and acts when it holds
/// both, in whichever order they came.
/// </summary>
public sealed class OrderFlowActor : ParticipantActor
{
    /// <summary>The actor's name in a scenario.</summary>
    public const string Name = "order-flow";

    private readonly ModelParameters _m;
    private readonly IActorRef _clock;
    private readonly IActorRef _recorder;
    private readonly SlotState[] _slots;

    /// <summary>Props for an order flow with <paramref name="slots"/> lanes in flight; fills go to the quoting actor and the recorder.</summary>
    public static Props Props(ModelParameters m, int slots, IActorRef clock, IActorRef recorder) =>
        Akka.Actor.Props.Create(() => new OrderFlowActor(m, slots, clock, recorder));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public OrderFlowActor(ModelParameters m, int slots, IActorRef clock, IActorRef recorder)
    {
        _m = m;
        _clock = clock;
        _recorder = recorder;
        _slots = new SlotState[slots];
        for (int i = 0; i < slots; i++) _slots[i] = new SlotState();
        Receive<MidPrice>(OnMidPrice);
        Receive<Quotes>(OnQuotes);
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
        slot.Quotes = quotes;
        slot.QuotingActor = Sender;
        TryFill(slot);
    }

    private void TryFill(SlotState slot)
    {
        if (slot.Mid is not { } mid || slot.Quotes is not { } quotes || mid.Step != quotes.Step) return;
        var lane = mid.Lane;
        int n = lane.Count;
        var (bidFilled, askFilled) = slot.Buffers(mid.Step);
        OrderFlow.DrawFills(_m, mid.Step, slot.Keys, mid.Mids.Span, quotes.Bids.Span, quotes.Asks.Span,
                            bidFilled.AsSpan(0, n), askFilled.AsSpan(0, n));
        var fills = new Fills(mid.Step, lane, quotes, bidFilled.AsMemory(0, n), askFilled.AsMemory(0, n));
        slot.QuotingActor!.Tell(fills);
        _recorder.Tell(fills);
        slot.Mid = null;
        slot.Quotes = null;
        _clock.Tell(new StepDone(mid.Step, lane, Name));
    }

    private sealed class SlotState
    {
        private bool[][] _bid = [[], []], _ask = [[], []];

        public LaneKeys Keys;
        public MidPrice? Mid;
        public Quotes? Quotes;
        public IActorRef? QuotingActor;

        public void Start(ModelParameters m, LaneId lane)
        {
            Keys = new LaneKeys(m.Seed, lane.FirstPath, lane.Count);
            if (_bid[0].Length < lane.Count)
            {
                _bid = [new bool[lane.Count], new bool[lane.Count]];
                _ask = [new bool[lane.Count], new bool[lane.Count]];
            }
        }

        public (bool[] Bid, bool[] Ask) Buffers(int step) => (_bid[step & 1], _ask[step & 1]);
    }
}
