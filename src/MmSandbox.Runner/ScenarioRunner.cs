using Akka.Actor;
using MmSandbox.Actors;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;
using MmSandbox.Runner.Study;

namespace MmSandbox.Runner;

/// <summary>What one scenario produced, as objects: the same numbers the command line writes to files.</summary>
/// <param name="Config">The fully resolved config that ran (what <c>config_used.yaml</c> holds).</param>
/// <param name="Result">Everything the run produced: KPIs, recorded paths, per-path terminal values and the per-step series.</param>
/// <param name="Info">Wall time, throughput and host: the only part that differs between reruns (<c>run_info.json</c>).</param>
/// <param name="OutputFolder">The folder the result files were written to, or null when none was asked for.</param>
public sealed record ScenarioResult(SimulationConfig Config, RunResult Result, RunInfo Info, string? OutputFolder)
{
    /// <summary>The KPIs over all paths (what <c>summary.json</c> holds).</summary>
    public RunSummary Summary => Result.Summary;

    /// <summary>Per step 0 … N over all paths: mid, PnL and inventory statistics (what <c>series.csv</c> holds).</summary>
    public IReadOnlyList<StepStats> Series => Result.Series;

    /// <summary>The first <c>output.record_paths</c> paths row by row, with their fills (<c>timeseries.csv</c>, <c>trades.csv</c>).</summary>
    public IReadOnlyList<RecordedPath> RecordedPaths => Result.RecordedPaths;
}

/// <summary>
/// Runs scenarios and studies from code and returns their results as objects; the command line and the host
/// program run through the same <see cref="Backtest"/> and <see cref="StudyRunner"/>, so the numbers are the ones
/// they write. By default each actor-engine scenario gets an ActorSystem of its own; given an ActorSystem (a host's,
/// configured with <see cref="ScenarioHocon.Load"/>), every scenario runs inside it as a top-level actor that is
/// stopped when the scenario ends. A config whose <c>engine.kind</c> is <c>reference</c> runs on the
/// <see cref="Core.Engine.ReferenceEngine"/> either way. Results are bit-identical in every case.
/// </summary>
/// <example>
/// <code>
/// var config = ScenarioRunner.LoadConfig("config/base.yaml", ["paths=200", "market_maker.gamma=0.05"]);
/// var result = await new ScenarioRunner().RunAsync(config);
/// Console.WriteLine($"PnL {result.Summary.PnlMean:F2} ± {result.Summary.PnlStd:F2}");
/// </code>
/// </example>
public sealed class ScenarioRunner
{
    /// <summary>A runner that gives each actor-engine scenario an ActorSystem of its own, as the command line does.</summary>
    public ScenarioRunner()
    {
    }

    /// <summary>A runner that runs every actor-engine scenario inside <paramref name="system"/>, which it never terminates.</summary>
    /// <param name="system">A running ActorSystem, best configured with <see cref="ScenarioHocon.Load"/>.</param>
    public ScenarioRunner(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
    }

    /// <summary>The ActorSystem scenarios run in, or null when each gets its own.</summary>
    public ActorSystem? System { get; }

    /// <summary>Chooses each run's engine: the config's kind, inside <see cref="System"/> when there is one; pass it to <see cref="StudyRunner"/> or <see cref="Backtest"/>.</summary>
    public EngineFactory Engines => (config, logFile) => Backtest.EngineFor(config, logFile, System);

    /// <summary>Loads a config from YAML file <paramref name="path"/> (missing fields take the paper's values), then applies <paramref name="sets"/>, each <c>field.path=yaml-value</c>.</summary>
    /// <exception cref="ConfigException">The file cannot be read or the config has errors; carries every one with its field path and line:column.</exception>
    public static SimulationConfig LoadConfig(string path, IReadOnlyList<string>? sets = null) => ConfigLoader.Load(path, sets);

    /// <summary>Loads a config from YAML text; a <c>base:</c> file is resolved against <paramref name="baseDirectory"/> (default: the current folder).</summary>
    /// <exception cref="ConfigException">The config has errors; carries every one with its field path and line:column.</exception>
    public static SimulationConfig ParseConfig(string yaml, IReadOnlyList<string>? sets = null, string? baseDirectory = null) =>
        ConfigLoader.LoadText(yaml, "(text)", sets, baseDirectory);

    /// <summary>Loads a study from a config folder (<c>study.yaml</c> and <c>regimes/*.yaml</c>), every cell resolved and validated.</summary>
    /// <exception cref="ConfigException">The study or a regime has errors; carries all of them.</exception>
    public static StudyPlan LoadStudy(string configDir, StudyOptions? options = null) => StudyPlanLoader.Load(configDir, options);

    /// <summary>
    /// Simulates <paramref name="config"/> and returns its results. When <paramref name="outputFolder"/> is given, also
    /// writes there exactly the files <c>mmsandbox run --out</c> writes (config_used.yaml, timeseries.csv, trades.csv,
    /// series.csv, summary.json, run_info.json, run.log), each atomically.
    /// </summary>
    /// <param name="config">A valid config, e.g. from <see cref="LoadConfig"/> or <see cref="SimulationConfig.Paper"/>.</param>
    /// <param name="outputFolder">Where to write the result files, or null to write nothing.</param>
    /// <param name="progress">Receives the running count of completed paths.</param>
    /// <param name="cancellationToken">Stops the run; nothing is written for a run stopped before its end.</param>
    /// <exception cref="ConfigException">The config is not valid.</exception>
    /// <exception cref="Actors.Scenario.ScenarioFailedException">An actor threw or went silent; names the actor, step and cause.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ScenarioResult> RunAsync(SimulationConfig config, string? outputFolder = null, IProgress<long>? progress = null,
                                               CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnsureValid();
        var outcome = await Backtest.RunAsync(config, outputFolder, progress, cancellationToken, Engines).ConfigureAwait(false);
        return new ScenarioResult(config, outcome.Result, outcome.Info, outputFolder);
    }

    /// <summary>
    /// Runs every cell of <paramref name="plan"/> into <paramref name="outputFolder"/> as <c>mmsandbox scenarios</c> does
    /// (cell folders, study.json, summary.csv, summary.json; a failed cell is recorded and the others finish) and returns
    /// each cell's results; <see cref="CellOutcome.Outcome"/> holds the objects of a cell that ran now. Figures and the
    /// report are drawn from the files by <see cref="StudyRender.Render"/>. Check <see cref="StudyFolder.Conflicts"/>
    /// first: cell folders are overwritten.
    /// </summary>
    /// <param name="plan">The study, e.g. from <see cref="LoadStudy"/>.</param>
    /// <param name="outputFolder">The study folder.</param>
    /// <param name="options">Cells at a time and resume (default: one at a time, no resume).</param>
    /// <param name="observer">Receives progress and each finished cell.</param>
    /// <param name="cancellationToken">Stops the study: finished cells keep their files, the aggregate files are not written.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<StudyOutcome> RunStudyAsync(StudyPlan plan, string outputFolder, StudyRunOptions? options = null, IStudyObserver? observer = null,
                                            CancellationToken cancellationToken = default) =>
        StudyRunner.RunAsync(plan, outputFolder, options ?? new StudyRunOptions(), observer, cancellationToken, Engines);
}
