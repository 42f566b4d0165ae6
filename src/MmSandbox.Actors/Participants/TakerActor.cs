using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;

namespace MmSandbox.Actors.Participants;

/// <summary>
/// Base of a taker: on each <see cref="MidPrice"/> it decides its market orders (<see cref="Decide"/>) and sends
/// them to the exchange as <see cref="Orders"/>; on its <see cref="Executions"/> it may update its own state and
/// reports <see cref="StepDone"/>. At the close it only reports <see cref="StepDone"/>. A new taker overrides
/// <see cref="Decide"/> and nothing else.
/// </summary>
public abstract class TakerActor : ParticipantActor
{
    private readonly sbyte[][][] _orders;

    /// <summary>A taker described by <paramref name="context"/>.</summary>
    protected TakerActor(ParticipantContext context)
    {
        Setup = context;
        _orders = new sbyte[context.Slots][][];
        for (int s = 0; s < context.Slots; s++) _orders[s] = [[], []];
        Receive<MidPrice>(OnMidPrice);
        Receive<Executions>(OnExecutions);
    }

    /// <summary>The run and this participant's config.</summary>
    protected ParticipantContext Setup { get; }

    /// <summary>This participant's name (its actor name and the name in every message).</summary>
    protected string Name => Setup.Self.Name;

    /// <summary>Called at step 0 of each lane, before the first <see cref="Decide"/>.</summary>
    protected virtual void StartLane(LaneId lane)
    {
    }

    /// <summary>Writes the orders of step <paramref name="mid"/>.Step: per path +1 buy, −1 sell, 0 none (<paramref name="orders"/> starts at 0).</summary>
    protected abstract void Decide(MidPrice mid, Span<sbyte> orders);

    /// <summary>Sees what the orders traded at; the default does nothing.</summary>
    protected virtual void Executed(Executions executions)
    {
    }

    private void OnMidPrice(MidPrice mid)
    {
        var lane = mid.Lane;
        if (mid.Step == 0) StartLane(lane);
        if (mid.IsClose)
        {
            Setup.Clock.Tell(new StepDone(mid.Step, lane, Name));
            return;
        }
        var buffers = _orders[lane.Slot];
        int set = mid.Step & 1;
        if (buffers[set].Length < lane.Count) buffers[set] = new sbyte[lane.Count];
        var orders = buffers[set].AsSpan(0, lane.Count);
        orders.Clear();
        Decide(mid, orders);
        Setup.Exchange.Tell(new Orders(mid.Step, lane, Name, buffers[set].AsMemory(0, lane.Count)));
    }

    private void OnExecutions(Executions executions)
    {
        Executed(executions);
        Setup.Clock.Tell(new StepDone(executions.Step, executions.Lane, Name));
    }
}
