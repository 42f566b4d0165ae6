using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Scenario;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// Starts the clock: the price feed of each pipeline (slot s ticks pipeline s mod count), and where to
/// report that every lane is done.
/// </summary>
public sealed record StartClock(IReadOnlyList<IActorRef> PriceFeeds, IActorRef ReportTo)
{
    /// <summary>A clock with one pipeline.</summary>
    public StartClock(IActorRef priceFeed, IActorRef reportTo) : this([priceFeed], reportTo) { }
}

/// <summary>Every lane of the run has closed and been recorded.</summary>
public sealed record AllLanesCompleted;

/// <summary>Asks the clock which participants it is still waiting for.</summary>
public sealed record WhoIsPending;

/// <summary>A lane in flight and the participants that have not reported its current step.</summary>
public sealed record PendingStep(LaneId Lane, int Step, IReadOnlyList<string> Participants);

/// <summary>The clock's answer to <see cref="WhoIsPending"/>: every lane in flight, in slot order.</summary>
public sealed record Pending(IReadOnlyList<PendingStep> Steps);

/// <summary>
/// The virtual clock. It drives each lane in flight step by step and holds step k + 1 back until
/// every participant has reported <see cref="StepDone"/> for step k (the barrier). When a lane closes
/// its slot takes the next lane. It never reads the wall clock.
/// </summary>
public sealed class VirtualClockActor : ParticipantActor
{
    /// <summary>The actor's name in a scenario.</summary>
    public const string Name = "clock";

    private readonly int _steps;
    private readonly long _paths;
    private readonly int _laneSize;
    private readonly IReadOnlyList<string> _participants;
    private readonly IProgress<long>? _progress;
    private readonly StepMonitor? _monitor;
    private readonly Slot[] _slots;
    private readonly int _lanes;
    private IReadOnlyList<IActorRef> _priceFeeds = [];
    private IActorRef _reportTo = ActorRefs.Nobody;
    private int _nextLane;
    private int _completedLanes;
    private long _completedPaths;

    /// <summary>Props for a clock over <paramref name="paths"/> paths in lanes of <paramref name="laneSize"/>, <paramref name="slots"/> in flight.</summary>
    public static Props Props(int steps, long paths, int laneSize, int slots, IReadOnlyList<string> participants, IProgress<long>? progress,
                              StepMonitor? monitor = null) =>
        Akka.Actor.Props.Create(() => new VirtualClockActor(steps, paths, laneSize, slots, participants, progress, monitor));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public VirtualClockActor(int steps, long paths, int laneSize, int slots, IReadOnlyList<string> participants, IProgress<long>? progress,
                             StepMonitor? monitor)
    {
        _monitor = monitor;
        if (participants.Count is 0 or > 64) throw new ArgumentOutOfRangeException(nameof(participants), "1 to 64 participants");
        _steps = steps;
        _paths = paths;
        _laneSize = laneSize;
        _participants = participants;
        _progress = progress;
        _lanes = (int)((paths + laneSize - 1) / laneSize);
        _slots = new Slot[Math.Min(slots, _lanes)];
        Receive<StartClock>(OnStart);
    }

    private void OnStart(StartClock start)
    {
        _priceFeeds = start.PriceFeeds;
        _reportTo = start.ReportTo;
        Become(Running);
        for (int s = 0; s < _slots.Length; s++) StartNextLane(s);
    }

    private void Running()
    {
        Receive<StepDone>(OnStepDone);
        Receive<WhoIsPending>(_ => Sender.Tell(new Pending(PendingSteps())));
    }

    private List<PendingStep> PendingSteps()
    {
        var pending = new List<PendingStep>();
        foreach (var slot in _slots)
        {
            if (slot.Lane.Count == 0 || slot.Done == AllDone) continue;
            var missing = _participants.Where((_, i) => (slot.Done & (1UL << i)) == 0).ToList();
            pending.Add(new PendingStep(slot.Lane, slot.Step, missing));
        }
        return pending;
    }

    private void OnStepDone(StepDone done)
    {
        ref var slot = ref _slots[done.Lane.Slot];
        if (done.Lane != slot.Lane || done.Step != slot.Step)
            throw new InvalidOperationException($"{done.Participant} reported step {done.Step} of {done.Lane}, but the slot is at step {slot.Step} of {slot.Lane}.");
        int index = IndexOf(done.Participant);
        ulong bit = 1UL << index;
        if ((slot.Done & bit) != 0)
            throw new InvalidOperationException($"{done.Participant} reported step {done.Step} of {done.Lane} twice.");
        slot.Done |= bit;
        if (slot.Done != AllDone) return;
        _monitor?.Beat();

        if (slot.Step < _steps)
        {
            slot.Step++;
            slot.Done = 0;
            PriceFeedOf(slot.Lane).Tell(new Tick(slot.Step, slot.Lane));
            return;
        }
        _completedLanes++;
        _completedPaths += slot.Lane.Count;
        _progress?.Report(_completedPaths);
        if (_nextLane < _lanes) StartNextLane(done.Lane.Slot);
        else if (_completedLanes == _lanes) _reportTo.Tell(new AllLanesCompleted());
    }

    private ulong AllDone => _participants.Count == 64 ? ulong.MaxValue : (1UL << _participants.Count) - 1;

    private int IndexOf(string participant)
    {
        for (int i = 0; i < _participants.Count; i++)
            if (string.Equals(_participants[i], participant, StringComparison.Ordinal)) return i;
        throw new InvalidOperationException($"StepDone from '{participant}', which is not a participant of this scenario.");
    }

    private IActorRef PriceFeedOf(LaneId lane) => _priceFeeds[lane.Slot % _priceFeeds.Count];

    private void StartNextLane(int slotIndex)
    {
        int index = _nextLane++;
        long first = (long)index * _laneSize;
        var lane = new LaneId(index, slotIndex, first, (int)Math.Min(_laneSize, _paths - first));
        _slots[slotIndex] = new Slot { Lane = lane, Step = 0, Done = 0 };
        PriceFeedOf(lane).Tell(new Tick(0, lane));
    }

    private struct Slot
    {
        public LaneId Lane;
        public int Step;
        public ulong Done;
    }
}
