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
    private IActorRef _clock = ActorRefs.Nobody;
    private PipelineReady[] _ready = [];
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
        int pipelines = Math.Min(_config.Engine.Pipelines, slots);
        string[] participants = [PriceFeedActor.Name, MarketMakerActor.Name, OrderFlowActor.Name, RecorderActor.Name, .. _config.Participants.Select(p => p.Name)];
        _clock = Context.Watch(Context.ActorOf(VirtualClockActor.Props(m.Steps, m.Paths, _config.Engine.LaneSize, slots, participants, _progress, _monitor), VirtualClockActor.Name));
        _ready = new PipelineReady[pipelines];
        // One accumulator per recorder; the siblings share the per-path arrays, so memory per path is paid once.
        var first = new RunAccumulator(m, _config.Metrics, _config.Output.RecordPaths).WithParticipants(_config.Participants);
        for (int g = 0; g < pipelines; g++)
            Context.Watch(Context.ActorOf(PipelineActor.Props(g, m, _config, _clock, _overrides, g == 0 ? first : first.Sibling()), $"pipeline-{g}"));
        _log.Info("Scenario started: {0} paths × {1} steps, lanes of {2}, {3} in flight on {4} pipelines", m.Paths, m.Steps, _config.Engine.LaneSize, slots, pipelines);
        Become(Starting);
    }

    private void Starting()
    {
        Receive<PipelineReady>(ready =>
        {
            _ready[ready.Index] = ready;
            if (_ready.Any(r => r is null)) return;
            _clock.Tell(new StartClock(_ready.Select(r => r.PriceFeed).ToArray(), Self));
            Become(Running);
        });
        Receive<Terminated>(t => Fail(t.ActorRef.Path.Name));
    }

    private void Running()
    {
        Receive<AllLanesCompleted>(_ =>
        {
            foreach (var ready in _ready) ready.Recorder.Tell(new FinishRun());
            Become(Collecting);
        });
        Receive<Terminated>(t => Fail(t.ActorRef.Path.Name));
    }

    private void Collecting()
    {
        var accumulators = new List<RunAccumulator>(_ready.Length);
        Receive<RecorderResults>(results =>
        {
            // Each recorder saw other lanes; every part of an accumulator merges exactly, so neither
            // which recorder answered nor the order of the answers matters.
            accumulators.Add(results.Accumulator);
            if (accumulators.Count < _ready.Length) return;
            var run = accumulators[0];
            for (int g = 1; g < accumulators.Count; g++) run.Merge(accumulators[g]);
            var result = run.Finish(EngineKind.Actors, _config.Engine.LaneSize);
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
