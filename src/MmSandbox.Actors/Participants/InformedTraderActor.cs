using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;
using MmSandbox.Core.Randomness;

namespace MmSandbox.Actors.Participants;

/// <summary>The <c>informed_trader</c>: trades on a noisy signal of the next mid move against stale quotes (<see cref="InformedTrader"/>).</summary>
public sealed class InformedTraderActor : TakerActor
{
    private readonly ParticipantStreams[] _streams;
    private readonly ulong[][] _priceKeys;
    private double[] _scratch = [];

    /// <summary>Props for the participant of <paramref name="context"/>.</summary>
    public static Props Props(ParticipantContext context) => Akka.Actor.Props.Create(() => new InformedTraderActor(context));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public InformedTraderActor(ParticipantContext context) : base(context)
    {
        _streams = [.. Enumerable.Range(0, context.Slots).Select(_ => new ParticipantStreams(context.Model.Seed, context.Self.Name))];
        _priceKeys = new ulong[context.Slots][];
    }

    /// <inheritdoc />
    protected override void StartLane(LaneId lane)
    {
        _streams[lane.Slot].Start(lane.FirstPath, lane.Count);
        _priceKeys[lane.Slot] = LaneKeys.Keys(Setup.Model.Seed, lane.FirstPath, lane.Count, Purpose.Price);
        if (_scratch.Length < lane.Count) _scratch = new double[lane.Count];
    }

    /// <inheritdoc />
    protected override void Decide(MidPrice mid, Span<sbyte> orders) =>
        InformedTrader.Decide(Setup.Model, Setup.Self, _streams[mid.Lane.Slot], mid.Step, mid.Mids.Span, _priceKeys[mid.Lane.Slot], _scratch, orders);
}
