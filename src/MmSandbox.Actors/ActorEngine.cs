using Akka.Actor;
using MmSandbox.Actors.Logging;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Scenario;
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
/// </summary>
public sealed class ActorEngine(ActorEngineOptions? options = null) : ISimulationEngine
{
    private static int _systems;
    private readonly ActorEngineOptions _options = options ?? new ActorEngineOptions();

    /// <inheritdoc />
    public async Task<RunResult> RunAsync(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        config.EnsureValid();
        string name = $"scenario-{Interlocked.Increment(ref _systems)}";
        IDisposable? log = _options.LogFile is null ? null : ScenarioLogRouter.Install().Register(name, _options.LogFile);
        var system = ActorSystem.Create(name, ScenarioHocon.Load(_options.HoconOverrides));
        try
        {
            var scenario = system.ActorOf(ScenarioActor.Props(config, progress, _options.Roles), "scenario");
            var stopped = scenario.WatchAsync(cancellationToken);
            var answer = scenario.Ask<ScenarioOutcome>(new RunScenario(), cancellationToken);
            // A supervisor that dies before it answers (e.g. it could not be created) must not leave the caller waiting.
            if (await Task.WhenAny(answer, stopped).ConfigureAwait(false) != answer && !answer.IsCompleted)
                throw new ScenarioFailedException(new ScenarioFailed("scenario", null, null,
                    new InvalidOperationException("The scenario supervisor stopped before it reported an outcome; see the run log.")));
            var outcome = await answer.ConfigureAwait(false);
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
            log?.Dispose();
        }
    }
}
