using Akka.Actor;
using MmSandbox.Actors.Participants;
using MmSandbox.Actors.Roles;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Actors.Scenario;

/// <summary>The roles of one pipeline, once created: the clock ticks its price feed and asks its recorder for results.</summary>
public sealed record PipelineReady(int Index, IActorRef PriceFeed, IActorRef Recorder);

/// <summary>
/// One pipeline of the scenario: a price feed, a market maker, an order flow and a recorder, plus the run's
/// extra participants (from <see cref="ParticipantRegistry"/>), wired to each other and to the shared clock. A scenario runs several pipelines on disjoint lanes so every core
/// works; each recorder accumulates its own lanes and the scenario merges them exactly at the end.
/// The pipeline only holds its children: a failure escalates to the scenario supervisor unchanged.
/// </summary>
public sealed class PipelineActor : ReceiveActor
{
    /// <summary>Props for pipeline <paramref name="index"/>.</summary>
    public static Props Props(int index, ModelParameters m, SimulationConfig config, IActorRef clock, RoleOverrides overrides, RunAccumulator run) =>
        Akka.Actor.Props.Create(() => new PipelineActor(index, m, config, clock, overrides, run));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public PipelineActor(int index, ModelParameters m, SimulationConfig config, IActorRef clock, RoleOverrides overrides, RunAccumulator run)
    {
        int slots = config.Engine.LanesInFlight;
        var recorder = Context.ActorOf(Role(overrides.Recorder, RecorderActor.Props(m, config, slots, clock, run)), RecorderActor.Name);
        var orderFlow = Context.ActorOf(Role(overrides.OrderFlow, OrderFlowActor.Props(m, slots, clock, recorder, config.Participants)), OrderFlowActor.Name);
        var maker = Context.ActorOf(Role(overrides.MarketMaker, MarketMakerActor.Props(m, slots, clock, orderFlow, recorder)), MarketMakerActor.Name);
        var participants = config.Participants
            .Select(p => Context.ActorOf(ParticipantRegistry.PropsFor(new ParticipantContext(m, config, p, slots, clock, orderFlow) { Recorder = recorder }), p.Name))
            .ToList();
        var priceFeed = Context.ActorOf(Role(overrides.PriceFeed, PriceFeedActor.Props(m, slots, clock, [maker, orderFlow, recorder, .. participants])), PriceFeedActor.Name);
        Context.Parent.Tell(new PipelineReady(index, priceFeed, recorder));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Escalate);

    private static Props Role(Func<Props, Props>? overrideRole, Props props) => overrideRole is null ? props : overrideRole(props);
}
