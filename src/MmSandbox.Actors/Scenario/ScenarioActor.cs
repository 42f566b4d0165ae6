using Akka.Actor;
using Akka.Event;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;

namespace MmSandbox.Actors.Scenario;

/// <summary>
/// Replaces the Props of a role when a scenario is built; tests use it to put a faulty or probing
/// actor in a role. Each function gets the Props the scenario would use and returns the Props to use.
/// </summary>
public sealed record RoleOverrides
{
    /// <summary>Overrides the market maker.</summary>
    public Func<Props, Props>? MarketMaker { get; init; }
    /// <summary>Overrides the order flow.</summary>
    public Func<Props, Props>? OrderFlow { get; init; }
    /// <summary>Overrides the recorder.</summary>
    public Func<Props, Props>? Recorder { get; init; }
    /// <summary>Overrides the price feed.</summary>
    public Func<Props, Props>? PriceFeed { get; init; }
}

/// <summary>
/// The supervisor of one scenario. On <see cref="RunScenario"/> it creates the roles, starts the
/// virtual clock and answers the sender with <see cref="ScenarioCompleted"/> or, as soon as any role
/// throws, <see cref="ScenarioFailed"/> naming the actor, step and cause. A failed role is stopped,
/// never restarted: a restart would drop the failing message and the role's state.
/// </summary>
public sealed class ScenarioActor : ReceiveActor
{
    private readonly SimulationConfig _config;
    private readonly IProgress<long>? _progress;
    private readonly RoleOverrides _overrides;
    private readonly StepMonitor? _monitor;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _reportTo = ActorRefs.Nobody;
    private IActorRef _recorder = ActorRefs.Nobody;
    private ParticipantFailedException? _failure;

    /// <summary>Props for the supervisor of <paramref name="config"/>.</summary>
    public static Props Props(SimulationConfig config, IProgress<long>? progress = null, RoleOverrides? overrides = null, StepMonitor? monitor = null) =>
        Akka.Actor.Props.Create(() => new ScenarioActor(config, progress, overrides ?? new RoleOverrides(), monitor));

    /// <summary>Use <see cref="Props"/>; public only for Akka's activator.</summary>
    public ScenarioActor(SimulationConfig config, IProgress<long>? progress, RoleOverrides overrides, StepMonitor? monitor)
    {
        _monitor = monitor;
        _config = config;
        _progress = progress;
        _overrides = overrides;
        Receive<RunScenario>(_ => Start());
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(
        maxNrOfRetries: 0,
        withinTimeRange: TimeSpan.Zero,
        localOnlyDecider: ex =>
        {
            _failure ??= ex as ParticipantFailedException ?? new ParticipantFailedException("unknown", null, null, ex);
            return Directive.Stop;
        });

    private void Start()
    {
        _reportTo = Sender;
        var m = new ModelParameters(_config);
        int slots = _config.Engine.LanesInFlight;
        var participants = new[] { PriceFeedActor.Name, MarketMakerActor.Name, OrderFlowActor.Name, RecorderActor.Name };
        var clock = Context.Watch(Context.ActorOf(VirtualClockActor.Props(m.Steps, m.Paths, _config.Engine.LaneSize, slots, participants, _progress, _monitor), VirtualClockActor.Name));
        _recorder = Context.Watch(Context.ActorOf(Role(_overrides.Recorder, RecorderActor.Props(m, _config, slots, clock)), RecorderActor.Name));
        var orderFlow = Context.Watch(Context.ActorOf(Role(_overrides.OrderFlow, OrderFlowActor.Props(m, slots, clock, _recorder)), OrderFlowActor.Name));
        var maker = Context.Watch(Context.ActorOf(Role(_overrides.MarketMaker, MarketMakerActor.Props(m, slots, clock, orderFlow, _recorder)), MarketMakerActor.Name));
        var priceFeed = Context.Watch(Context.ActorOf(Role(_overrides.PriceFeed, PriceFeedActor.Props(m, slots, clock, [maker, orderFlow, _recorder])), PriceFeedActor.Name));
        _log.Info("Scenario started: {0} paths × {1} steps, lanes of {2}, {3} in flight", m.Paths, m.Steps, _config.Engine.LaneSize, slots);
        clock.Tell(new StartClock(priceFeed, Self));
        Become(Running);
    }

    private static Props Role(Func<Props, Props>? overrideRole, Props props) => overrideRole is null ? props : overrideRole(props);

    private void Running()
    {
        Receive<AllLanesCompleted>(_ => _recorder.Tell(new FinishRun()));
        Receive<RunResult>(result =>
        {
            _log.Info("Scenario completed");
            _reportTo.Tell(new ScenarioCompleted(result));
            Become(Finished);
        });
        Receive<Terminated>(t => Fail(t.ActorRef.Path.Name));
    }

    private void Finished()
    {
        Receive<Terminated>(_ => { });
    }

    private void Fail(string stoppedActor)
    {
        var failure = _failure;
        var outcome = failure is null
            ? new ScenarioFailed(stoppedActor, null, null, new InvalidOperationException($"{stoppedActor} stopped before the scenario completed."))
            : new ScenarioFailed(failure.Actor, failure.Step, failure.Lane, failure.InnerException ?? failure);
        _log.Error(outcome.Cause, "Scenario failed: {0}", outcome);
        _reportTo.Tell(outcome);
        Become(Finished);
        foreach (var child in Context.GetChildren()) Context.Stop(child);
    }
}
