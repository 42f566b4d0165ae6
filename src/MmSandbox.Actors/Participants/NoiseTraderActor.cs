using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Participants;

namespace MmSandbox.Actors.Participants;

/// <summary>The <c>noise_trader</c>: market orders at a Poisson rate, either side (<see cref="NoiseTrader"/>).</summary>
public sealed class NoiseTraderActor : TakerActor
{
    private readonly ParticipantStreams[] _streams;

    /// <summary>Props for the participant of <paramref name="context"/>.</summary>
    public static Props Props(ParticipantContext context) => Akka.Actor.Props.Create(() => new NoiseTraderActor(context));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public NoiseTraderActor(ParticipantContext context) : base(context) =>
        _streams = [.. Enumerable.Range(0, context.Slots).Select(_ => new ParticipantStreams(context.Model.Seed, context.Self.Name))];

    /// <inheritdoc />
    protected override void StartLane(LaneId lane) => _streams[lane.Slot].Start(lane.FirstPath, lane.Count);

    /// <inheritdoc />
    protected override void Decide(MidPrice mid, Span<sbyte> orders) =>
        NoiseTrader.Decide(Setup.Model, Setup.Self, _streams[mid.Lane.Slot], mid.Step, mid.Lane.Count, orders);
}
