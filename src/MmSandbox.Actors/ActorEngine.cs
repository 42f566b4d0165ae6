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
public sealed record ActorEngineOptions(string? LogFile = null, string? HoconOverrides = null, RoleOverrides? Roles = null)
{
    /// <summary>
    /// An ActorSystem to run the scenario in (a host's, e.g. from Akka.Hosting), or null for a system of the
    /// scenario's own (the default). A given system is neither created nor terminated by the engine: the scenario
    /// runs as a uniquely named top-level actor that is stopped afterwards, with the same watchdog, dead-letter
    /// count and failure reports. <see cref="HoconOverrides"/> is not applied to a given system; configure it with
    /// <see cref="ScenarioHocon.Load"/> when it is created.
    /// </summary>
    public ActorSystem? System { get; init; }
}

/// <summary>
/// Runs a scenario as its own ActorSystem under a <see cref="ScenarioActor"/> and tears the system
/// down afterwards, whatever the outcome; or, with <see cref="ActorEngineOptions.System"/>, as a top-level
/// <see cref="ScenarioActor"/> in a given system, stopped afterwards. Results are bit-identical to <see cref="ReferenceEngine"/>.
/// A watchdog stops a scenario in which no step completes for <c>engine.watchdog_seconds</c> of wall
/// time and names the participants the clock is waiting for.
/// </summary>
public sealed class ActorEngine(ActorEngineOptions? options = null) : ISimulationEngine
{
    private const int WatchdogChecks = 8;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static int _systems;
    private static int _liveSystems;
    private readonly ActorEngineOptions _options = options ?? new ActorEngineOptions();

    private static readonly Lazy<Task> WarmedUp = new(() => Task.Factory.StartNew(WarmUpSystem, CancellationToken.None,
        TaskCreationOptions.LongRunning, TaskScheduler.Default));

    /// <summary>
    /// Starts and stops a throwaway ActorSystem on a thread of its own (once per process), so that the first scenario's
    /// system starts warm: Akka.NET's types loaded, its configuration code compiled. A program calls this as early as it
    /// can, before loading its config, to spend that time on the core that is idle then. The throwaway system has no
    /// actors of ours, logs nowhere and is not counted in <see cref="LiveSystems"/>; warming up never changes a result.
    /// </summary>
    /// <returns>A task that completes when the throwaway system has terminated.</returns>
    public static Task WarmUp() => WarmedUp.Value;

    private static void WarmUpSystem()
    {
        var system = ActorSystem.Create("warm-up", ScenarioHocon.Load());
        system.Terminate().GetAwaiter().GetResult();
    }

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
    public Task<RunResult> RunAsync(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        config.EnsureValid();
        // The kernels compile on the core the system's start leaves idle, instead of in the first lanes.
        KernelWarmup.Start();
        return _options.System is { } system
            ? RunInSystemAsync(system, config, progress, cancellationToken)
            : RunInOwnSystemAsync(config, progress, cancellationToken);
    }

    private async Task<RunResult> RunInOwnSystemAsync(SimulationConfig config, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        string name = $"scenario-{Interlocked.Increment(ref _systems)}";
        IDisposable? log = _options.LogFile is null ? null : ScenarioLogRouter.Install().Register(name, _options.LogFile);
        // On a thread of its own: creating a system blocks until its loggers have started, and they start on the thread
        // pool. Scenarios created side by side on pool threads (a study's cells) would otherwise hold every pool thread
        // and wait, idle, until the pool adds threads (about half a second).
        var system = await Task.Factory.StartNew(() => ActorSystem.Create(name, ScenarioHocon.Load(_options.HoconOverrides)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        Interlocked.Increment(ref _liveSystems);
        Trace = null;
        var trace = config.Trace.Enabled ? new MessageTrace(config.Trace) : null;
        if (trace is not null) MessageTrace.Install(system, trace);
        try
        {
            return await RunScenarioAsync(system, "scenario", deadLetterScope: null, config, progress, cancellationToken).ConfigureAwait(false);
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

    private async Task<RunResult> RunInSystemAsync(ActorSystem system, SimulationConfig config, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // A trace is installed per ActorSystem, and a shared system may run other scenarios at the same time.
        if (config.Trace.Enabled)
            throw new ConfigException([new ConfigError("trace.enabled", "a trace needs the scenario in an ActorSystem of its own; run it without a shared system (the default) to trace it", true)]);
        Trace = null;
        // Unique within the process, so scenarios running side by side in one system never share a name or a log.
        string name = $"scenario-{Interlocked.Increment(ref _systems)}";
        IDisposable? log = _options.LogFile is null ? null : ScenarioLogRouter.Install().Register($"{system.Name}/user/{name}", _options.LogFile);
        try
        {
            return await RunScenarioAsync(system, name, deadLetterScope: $"/user/{name}", config, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (log is not null)
            {
                await FlushLog(system).ConfigureAwait(false);
                log.Dispose();
            }
        }
    }

    /// <summary>
    /// Waits until the system's loggers have handled every event published so far: an actor publishes its log events
    /// before the messages it sends next, and a logger answers <see cref="Identify"/> in mailbox order, after them.
    /// </summary>
    private static async Task FlushLog(ActorSystem system)
    {
        if (system.WhenTerminated.IsCompleted) return;
        try
        {
            await system.ActorSelection("/system/log*").Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // No logger answered: the log may miss its last lines, the results are unaffected.
        }
    }

    /// <summary>
    /// Runs the scenario as top-level actor <paramref name="name"/> of <paramref name="system"/> and stops it (and its
    /// dead-letter counter) afterwards. Dead letters count when sent to or from <paramref name="deadLetterScope"/>'s
    /// actors, or all of them when it is null (a system of the scenario's own).
    /// </summary>
    private async Task<RunResult> RunScenarioAsync(ActorSystem system, string name, string? deadLetterScope, SimulationConfig config,
                                                   IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var deadLetters = new DeadLetterCount();
        string scope = $"/user/{name}";
        var counter = system.ActorOf(Props.Create(() => new DeadLetterCounter(deadLetters, deadLetterScope)), $"{name}-dead-letters");
        system.EventStream.Subscribe(counter, typeof(DeadLetter));
        IActorRef scenario = ActorRefs.Nobody;
        try
        {
            var monitor = new StepMonitor();
            scenario = system.ActorOf(ScenarioActor.Props(config, progress, _options.Roles, monitor), name);
            var stopped = scenario.WatchAsync(cancellationToken);
            var answer = scenario.Ask<ScenarioOutcome>(new RunScenario(), cancellationToken);
            await Supervise(system, scope, answer, stopped, monitor, TimeSpan.FromSeconds(config.Engine.WatchdogSeconds), cancellationToken).ConfigureAwait(false);
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
            // In a system of its own this is done again by Terminate; in a given system nothing of the scenario may stay behind.
            system.EventStream.Unsubscribe(counter);
            await Stop(system, scenario).ConfigureAwait(false);
            await Stop(system, counter).ConfigureAwait(false);
        }
    }

    /// <summary>Stops <paramref name="actor"/> and its children and waits until it has terminated.</summary>
    private static async Task Stop(ActorSystem system, IActorRef actor)
    {
        if (actor.IsNobody() || system.WhenTerminated.IsCompleted) return;
        var terminated = actor.WatchAsync(CancellationToken.None);
        system.Stop(actor);
        // A role busy in a handler stops when the handler returns; do not wait for ever on one that never does.
        await Task.WhenAny(terminated, system.WhenTerminated, Task.Delay(StopTimeout)).ConfigureAwait(false);
    }

    /// <summary>Waits for the answer; throws if the supervisor dies unanswered or no step completes within <paramref name="limit"/>.</summary>
    private static async Task Supervise(ActorSystem system, string scope, Task<ScenarioOutcome> answer, Task stopped, StepMonitor monitor, TimeSpan limit,
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
                throw new ScenarioFailedException(await Stuck(system, scope, limit).ConfigureAwait(false));
        }
    }

    private static async Task<ScenarioFailed> Stuck(ActorSystem system, string scope, TimeSpan limit)
    {
        string seconds = limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var pending = await system.ActorSelection($"{scope}/{VirtualClockActor.Name}")
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

    /// <summary>Counts the dead letters sent to or from the actors under <c>scope</c> (one scenario; a given system may hold others), or all when it is null.</summary>
    private sealed class DeadLetterCounter : ReceiveActor
    {
        public DeadLetterCounter(DeadLetterCount count, string? scope) => Receive<DeadLetter>(d =>
        {
            if (scope is null || Within(d.Recipient, scope) || Within(d.Sender, scope)) count.Add();
        });

        private static bool Within(IActorRef? actor, string scope)
        {
            if (actor is null || actor.IsNobody()) return false;
            string path = actor.Path.ToStringWithoutAddress();
            return path == scope || path.StartsWith(scope + "/", StringComparison.Ordinal);
        }
    }
}
