using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Model;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// Owns the mid of every path in flight. On <see cref="Tick"/> k it moves the mids from s_{k−1} to
/// s_k (k ≥ 1), publishes <see cref="MidPrice"/> to its subscribers and reports <see cref="StepDone"/>.
/// </summary>
public sealed class PriceFeedActor : ParticipantActor
{
    /// <summary>The actor's name in a scenario.</summary>
    public const string Name = "price-feed";

    private readonly ModelParameters _m;
    private readonly IActorRef _clock;
    private readonly IReadOnlyList<IActorRef> _subscribers;
    private readonly SlotState[] _slots;

    /// <summary>Props for a price feed with <paramref name="slots"/> lanes in flight.</summary>
    public static Props Props(ModelParameters m, int slots, IActorRef clock, IReadOnlyList<IActorRef> subscribers) =>
        Akka.Actor.Props.Create(() => new PriceFeedActor(m, slots, clock, subscribers));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public PriceFeedActor(ModelParameters m, int slots, IActorRef clock, IReadOnlyList<IActorRef> subscribers)
    {
        _m = m;
        _clock = clock;
        _subscribers = subscribers;
        _slots = new SlotState[slots];
        Receive<Tick>(OnTick);
    }

    private void OnTick(Tick tick)
    {
        var lane = tick.Lane;
        int n = lane.Count;
        ref var slot = ref _slots[lane.Slot];
        if (tick.Step == 0)
        {
            slot.Prepare(n);
            slot.PriceKeys = new LaneKeys(_m.Seed, lane.FirstPath, n).Price;
            Array.Fill(slot.Mids[0], _m.S0, 0, n);
        }
        else
        {
            // Double buffering: the mids of step k − 1 stay untouched while step k is written, and the
            // buffer of step k − 2 is free because the clock's barrier has released that step.
            PriceProcess.Advance(_m, tick.Step - 1, slot.PriceKeys, slot.Mids[(tick.Step - 1) & 1].AsSpan(0, n),
                                 slot.Mids[tick.Step & 1].AsSpan(0, n));
        }
        var message = new MidPrice(tick.Step, lane, slot.Mids[tick.Step & 1].AsMemory(0, n), tick.Step == _m.Steps);
        foreach (var subscriber in _subscribers) subscriber.Tell(message);
        _clock.Tell(new StepDone(tick.Step, lane, Name));
    }

    private struct SlotState
    {
        public double[][] Mids;
        public ulong[] PriceKeys;

        public void Prepare(int count)
        {
            if (Mids is null || Mids[0].Length < count) Mids = [new double[count], new double[count]];
        }
    }
}
