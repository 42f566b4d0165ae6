using System.Diagnostics;
using System.Reflection;
using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Actors.Scenario;
using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Results;
using MmSandbox.Reporting.Tracing;

namespace MmSandbox.Runner;

/// <summary>Chooses the engine of a run: its config and the log file the run's log should go to (null for none).</summary>
public delegate ISimulationEngine EngineFactory(SimulationConfig config, string? logFile);

/// <summary>What one backtest produced and how long it took.</summary>
public sealed record BacktestOutcome(RunResult Result, RunInfo Info);

/// <summary>A simulated backtest whose trace and result files are not written yet (<see cref="Backtest.SimulateAsync"/>).</summary>
public sealed class SimulatedBacktest
{
    private readonly SimulationConfig _config;
    private readonly string? _outDir;
    private readonly string? _tracePath;
    private readonly IReadOnlyList<Core.Tracing.TraceRecord>? _trace;

    internal SimulatedBacktest(SimulationConfig config, string? outDir, BacktestOutcome outcome, string? tracePath,
                               IReadOnlyList<Core.Tracing.TraceRecord>? trace)
    {
        _config = config;
        _outDir = outDir;
        Outcome = outcome;
        _tracePath = tracePath;
        _trace = trace;
    }

    /// <summary>The results and timing of the run.</summary>
    public BacktestOutcome Outcome { get; }

    /// <summary>
    /// Writes the trace (when one was asked for), then the results into the output folder (when there is one): each file
    /// atomically, summary.json last, so a folder is complete or has no summary.
    /// </summary>
    public void Write()
    {
        if (_tracePath is not null && _trace is not null) Backtest.WriteTrace(_tracePath, _trace, _config.Dt);
        if (_outDir is null) return;
        ResultWriter.Write(_outDir, _config, Outcome.Result);
        RunInfoWriter.Write(_outDir, Outcome.Info);
    }
}

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
    /// <paramref name="engines"/> chooses the engine (default: <see cref="EngineFor(SimulationConfig, string?)"/>). A trace of the messages goes to
    /// <paramref name="traceFile"/> when given (tracing as <c>config.Trace</c> selects, enabled), else to
    /// <c>trace.jsonl</c> in <paramref name="outDir"/> when <c>config.Trace</c> is enabled; the trace never changes
    /// a result, nor the config_used.yaml written. A failed run still writes the messages traced up to the failure.
    /// </summary>
    public static async Task<BacktestOutcome> RunAsync(SimulationConfig config, string? outDir, IProgress<long>? progress, CancellationToken cancellationToken,
                                                       EngineFactory? engines = null, string? traceFile = null)
    {
        var run = await SimulateAsync(config, outDir, progress, cancellationToken, engines, traceFile).ConfigureAwait(false);
        run.Write();
        return run.Outcome;
    }

    /// <summary>
    /// <see cref="RunAsync"/> up to the files: simulates (the run's log and a failed run's trace are written as it goes)
    /// and returns the run with its trace and results still to write, so a program can show the KPIs while
    /// <see cref="SimulatedBacktest.Write"/> runs on another core.
    /// </summary>
    public static async Task<SimulatedBacktest> SimulateAsync(SimulationConfig config, string? outDir, IProgress<long>? progress,
                                                              CancellationToken cancellationToken, EngineFactory? engines = null, string? traceFile = null)
    {
        string? tracePath = traceFile ?? (config.Trace.Enabled && outDir is not null ? Path.Combine(outDir, TraceFile.FileName) : null);
        var runConfig = tracePath is not null && !config.Trace.Enabled ? config with { Trace = config.Trace with { Enabled = true } } : config;
        string? logFile = null;
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            logFile = Path.Combine(outDir, "run.log");
        }
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var engine = (engines ?? EngineFor)(runConfig, logFile);
        RunResult result;
        try
        {
            result = await engine.RunAsync(runConfig, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (ScenarioFailedException)
        {
            // What the actors said up to the failure is what one debugs it with.
            if (tracePath is not null && engine is ActorEngine { Trace: { } partial }) WriteTrace(tracePath, partial, config.Dt);
            throw;
        }
        clock.Stop();
        long pathSteps = (long)config.Paths * config.Steps;
        var info = new RunInfo(EnumNames.Name(config.Engine.Kind), result.Summary.LaneSize, pathSteps, clock.Elapsed.TotalSeconds,
            pathSteps / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), started.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Environment.MachineName, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, Version);
        var trace = tracePath is not null && engine is ActorEngine { Trace: { } records } ? records : null;
        return new SimulatedBacktest(config, outDir, new BacktestOutcome(result, info), tracePath, trace);
    }

    internal static void WriteTrace(string path, IReadOnlyList<Core.Tracing.TraceRecord> records, double dt)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        TraceFile.Write(path, records, dt);
    }

    /// <summary>The program's informational version.</summary>
    public static string Version { get; } =
        typeof(Backtest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
