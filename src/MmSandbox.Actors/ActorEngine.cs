using Akka.Actor;
using Akka.Event;
using MmSandbox.Actors.Logging;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Roles;
using MmSandbox.Actors.Scenario;
using MmSandbox.Actors.Tracing;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;

namespace MmSandbox.Actors;

/// <summary>Options of the actor engine that never change a result.</summary>
/// <param name="LogFile">Where the scenario's Akka log goes (through Serilog); null for no file.</param>
/// <param name="HoconOverrides">HOCON text layered over hocon/scenario.hocon.</param>
/// <param name="Roles">Replaces the Props of roles (tests put a faulty or probing actor in a role).</param>
public sealed record ActorEngineOptions(string? LogFile = null, string? HoconOverrides = null, RoleOverrides? Roles = null);

/// <summary>
/// Runs a scenario as its own ActorSystem under a <see cref="ScenarioActor"/> and tears the system
/// down afterwards, whatever the outcome. Results are bit-identical to <see cref="ReferenceEngine"/>.
/// A watchdog stops a scenario in which no step completes for <c>engine.watchdog_seconds</c> of wall
/// time and names the participants the clock is waiting for.
/// </summary>
public sealed class ActorEngine(ActorEngineOptions? options = null) : ISimulationEngine
{
    private const int WatchdogChecks = 8;
    private static int _systems;
    private static int _liveSystems;
    private readonly ActorEngineOptions _options = options ?? new ActorEngineOptions();

    /// <summary>ActorSystems of this engine that are running right now, in this process.</summary>
    public static int LiveSystems => Volatile.Read(ref _liveSystems);

    /// <summary>Dead letters seen during the last run of this engine instance (a normal run has none).</summary>
    public int DeadLetters { get; private set; }

    /// <summary>
    /// The messages traced during the last run, in trace order, when <c>config.Trace</c> was enabled (else null); after a
    /// failed run, those traced up to the failure.
    /// </summary>
    public IReadOnlyList<Core.Tracing.TraceRecord>? Trace { get; private set; }

    /// <inheritdoc />
    public async Task<RunResult> RunAsync(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        config.EnsureValid();
        string name = $"scenario-{Interlocked.Increment(ref _systems)}";
        IDisposable? log = _options.LogFile is null ? null : ScenarioLogRouter.Install().Register(name, _options.LogFile);
        var system = ActorSystem.Create(name, ScenarioHocon.Load(_options.HoconOverrides));
        Interlocked.Increment(ref _liveSystems);
        Trace = null;
        var trace = config.Trace.Enabled ? new MessageTrace(config.Trace) : null;
        if (trace is not null) MessageTrace.Install(system, trace);
        var deadLetters = new DeadLetterCount();
        try
        {
            system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new DeadLetterCounter(deadLetters)), "dead-letters"), typeof(DeadLetter));
            var monitor = new StepMonitor();
            var scenario = system.ActorOf(ScenarioActor.Props(config, progress, _options.Roles, monitor), "scenario");
            var stopped = scenario.WatchAsync(cancellationToken);
            var answer = scenario.Ask<ScenarioOutcome>(new RunScenario(), cancellationToken);
            await Supervise(system, answer, stopped, monitor, TimeSpan.FromSeconds(config.Engine.WatchdogSeconds), cancellationToken).ConfigureAwait(false);
            var outcome = await answer.ConfigureAwait(false);
            DeadLetters = deadLetters.Value;
            return outcome switch
            {
                ScenarioCompleted done => done.Result,
                ScenarioFailed failed => throw new ScenarioFailedException(failed),
                _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
            };
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
            Interlocked.Decrement(ref _liveSystems);
            // Every actor has stopped: nothing is captured any more.
            Trace = trace?.Records();
            log?.Dispose();
        }
    }

    /// <summary>Waits for the answer; throws if the supervisor dies unanswered or no step completes within <paramref name="limit"/>.</summary>
    private static async Task Supervise(ActorSystem system, Task<ScenarioOutcome> answer, Task stopped, StepMonitor monitor, TimeSpan limit,
                                        CancellationToken cancellationToken)
    {
        // The watchdog counts checks without progress instead of reading a clock: simulated time never depends on it.
        var interval = limit / WatchdogChecks;
        long lastBeats = monitor.Beats;
        int idleChecks = 0;
        while (!answer.IsCompleted)
        {
            var tick = Task.Delay(interval, cancellationToken);
            var first = await Task.WhenAny(answer, stopped, tick).ConfigureAwait(false);
            if (first == answer) return;
            if (first == stopped && !answer.IsCompleted)
            {
                throw new ScenarioFailedException(new ScenarioFailed("scenario", null, null,
                    new InvalidOperationException("The scenario supervisor stopped before it reported an outcome; see the run log.")));
            }
            cancellationToken.ThrowIfCancellationRequested();
            long beats = monitor.Beats;
            idleChecks = beats == lastBeats ? idleChecks + 1 : 0;
            lastBeats = beats;
            if (idleChecks >= WatchdogChecks && !answer.IsCompleted)
                throw new ScenarioFailedException(await Stuck(system, limit).ConfigureAwait(false));
        }
    }

    private static async Task<ScenarioFailed> Stuck(ActorSystem system, TimeSpan limit)
    {
        string seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var pending = await system.ActorSelection($"/user/scenario/{VirtualClockActor.Name}")
                .Ask<Pending>(new WhoIsPending(), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            if (pending.Steps.FirstOrDefault(p => p.Participants.Count > 0) is { } first)
            {
                string waiting = string.Join("; ", pending.Steps.Select(p => $"{string.Join(", ", p.Participants)} at step {p.Step} of {p.Lane}"));
                return new ScenarioFailed(first.Participants[0], first.Step, first.Lane,
                    new TimeoutException($"no step completed for {seconds} s (engine.watchdog_seconds); still waiting for: {waiting}"));
            }
        }
        catch (Exception e) when (e is AskTimeoutException or ActorNotFoundException or TaskCanceledException)
        {
            return new ScenarioFailed(VirtualClockActor.Name, null, null,
                new TimeoutException($"no step completed for {seconds} s (engine.watchdog_seconds), and the clock does not answer"));
        }
        return new ScenarioFailed("scenario", null, null,
            new TimeoutException($"no step completed for {seconds} s (engine.watchdog_seconds), though no participant is pending"));
    }

    private sealed class DeadLetterCount
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Add() => Interlocked.Increment(ref _value);
    }

    private sealed class DeadLetterCounter : ReceiveActor
    {
        public DeadLetterCounter(DeadLetterCount count) => Receive<DeadLetter>(_ => count.Add());
    }
}
