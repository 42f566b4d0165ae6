using System.Diagnostics;
using System.Reflection;
using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Runner;

/// <summary>Chooses the engine of a run: its config and the log file the run's log should go to (null for none).</summary>
public delegate ISimulationEngine EngineFactory(SimulationConfig config, string? logFile);

/// <summary>What one backtest produced and how long it took.</summary>
public sealed record BacktestOutcome(RunResult Result, RunInfo Info);

/// <summary>Runs one configuration on its engine and writes its results folder.</summary>
public static class Backtest
{
    /// <summary>The engine named by <paramref name="config"/>; the actor engine logs to <paramref name="logFile"/>.</summary>
    public static ISimulationEngine EngineFor(SimulationConfig config, string? logFile) => EngineFor(config, logFile, system: null);

    /// <summary>
    /// The engine named by <paramref name="config"/>; the actor engine logs to <paramref name="logFile"/> and runs the
    /// scenario inside <paramref name="system"/> when given, else in an ActorSystem of its own.
    /// </summary>
    public static ISimulationEngine EngineFor(SimulationConfig config, string? logFile, ActorSystem? system) => config.Engine.Kind switch
    {
        EngineKind.Reference => new ReferenceEngine(),
        _ => new ActorEngine(new ActorEngineOptions(logFile) { System = system }),
    };

    /// <summary>
    /// Simulates <paramref name="config"/>; when <paramref name="outDir"/> is given, writes the results there.
    /// <paramref name="engines"/> chooses the engine (default: <see cref="EngineFor(SimulationConfig, string?)"/>).
    /// </summary>
    public static async Task<BacktestOutcome> RunAsync(SimulationConfig config, string? outDir, IProgress<long>? progress, CancellationToken cancellationToken,
                                                       EngineFactory? engines = null)
    {
        string? logFile = null;
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            logFile = Path.Combine(outDir, "run.log");
        }
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var result = await (engines ?? EngineFor)(config, logFile).RunAsync(config, progress, cancellationToken).ConfigureAwait(false);
        clock.Stop();
        long pathSteps = (long)config.Paths * config.Steps;
        var info = new RunInfo(EnumNames.Name(config.Engine.Kind), result.Summary.LaneSize, pathSteps, clock.Elapsed.TotalSeconds,
            pathSteps / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), started.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Environment.MachineName, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, Version);
        if (outDir is not null)
        {
            ResultWriter.Write(outDir, config, result);
            RunInfoWriter.Write(outDir, info);
        }
        return new BacktestOutcome(result, info);
    }

    /// <summary>The program's informational version.</summary>
    public static string Version { get; } =
        typeof(Backtest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
