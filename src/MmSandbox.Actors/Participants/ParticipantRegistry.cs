using System.Collections.Concurrent;
using Akka.Actor;
using MmSandbox.Core.Config;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Actors.Participants;

/// <summary>What a participant's actor is built from: the run, its own config, and who it talks to.</summary>
/// <param name="Model">The run's model constants.</param>
/// <param name="Config">The whole run's configuration.</param>
/// <param name="Self">This participant's entry under <c>participants:</c>, every parameter resolved.</param>
/// <param name="Slots">Lanes in flight: the participant keeps state per slot (<c>LaneId.Slot</c>).</param>
/// <param name="Clock">Where it reports <c>StepDone</c>.</param>
/// <param name="Exchange">Where it sends its <c>Orders</c> (a taker) or <c>Quotes</c> (a maker).</param>
public sealed record ParticipantContext(ModelParameters Model, SimulationConfig Config, ParticipantConfig Self, int Slots,
                                        IActorRef Clock, IActorRef Exchange)
{
    /// <summary>The pipeline's recorder: a maker hands it its closing book to reconcile (none: <see cref="ActorRefs.Nobody"/>).</summary>
    public IActorRef Recorder { get; init; } = ActorRefs.Nobody;
}

/// <summary>
/// Which actor plays each participant kind. The shipped kinds are registered here; a host registers its own
/// kind with <see cref="Register"/> (which also makes the kind valid in configs) before it runs a scenario.
/// </summary>
public static class ParticipantRegistry
{
    private static readonly ConcurrentDictionary<string, Func<ParticipantContext, Props>> Factories = new(StringComparer.Ordinal)
    {
        [ParticipantKinds.NoiseTrader.Name] = NoiseTraderActor.Props,
        [ParticipantKinds.InformedTrader.Name] = InformedTraderActor.Props,
        [ParticipantKinds.MarketMaker.Name] = context => Roles.MarketMakerActor.Props(CompetingMaker.Parameters(context.Config, context.Self),
            context.Slots, context.Clock, context.Exchange, context.Recorder.IsNobody() ? null : context.Recorder, context.Self.Name),
    };

    /// <summary>Registers <paramref name="kind"/> (for config validation) and the actor that plays it.</summary>
    public static void Register(ParticipantKind kind, Func<ParticipantContext, Props> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ParticipantKinds.Register(kind);
        Factories[kind.Name] = factory;
    }

    /// <summary>The Props of the participant described by <paramref name="context"/>.</summary>
    public static Props PropsFor(ParticipantContext context) => Factories.TryGetValue(context.Self.Kind, out var factory)
        ? factory(context)
        : throw new InvalidOperationException($"No actor is registered for participant kind '{context.Self.Kind}'; call ParticipantRegistry.Register first.");
}
