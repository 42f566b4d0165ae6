using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MmSandbox.Core.Config;
using MmSandbox.Runner;
using MmSandbox.Runner.Study;

namespace MmSandbox.Host;

/// <summary>The process exit code the host ends with, set by <see cref="StudyService"/> (the same codes as <c>mmsandbox</c>).</summary>
public sealed class HostExit
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = ExitCodes.Success;
    /// <summary>A cell failed (an actor threw or went silent); the others finished.</summary>
    public const int RunFailed = ExitCodes.RunFailed;
    /// <summary>Bad settings or config; nothing was run or written.</summary>
    public const int BadInput = ExitCodes.BadInput;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT); finished cells keep their files.</summary>
    public const int Interrupted = ExitCodes.Interrupted;

    /// <summary>The exit code; <see cref="Interrupted"/> until the study says otherwise, so a host stopped before it ends reports 130.</summary>
    public int Code { get; set; } = Interrupted;
}

/// <summary>
/// Runs one study (the settings' config folder into the settings' output folder) inside the host's ActorSystem
/// through the same <see cref="StudyPlanLoader"/>, <see cref="StudyRunner"/> and <see cref="StudyRender"/> as
/// <c>mmsandbox scenarios</c>, then stops the host. Ctrl-C cancels the study: cells being written finish their
/// files (each atomic), the rest stop, and the host exits with 130; <c>Resume</c> picks up the rest later.
/// </summary>
public sealed partial class StudyService(HostSettings settings, ScenarioRunner runner, HostExit exit, IHostApplicationLifetime lifetime,
                                         ILogger<StudyService> log) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and log that it did) before the study takes the cores.
        await Task.Yield();
        try
        {
            exit.Code = await RunStudyAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogInterrupted(log);
            exit.Code = HostExit.Interrupted;
        }
        catch (Exception e)
        {
            LogCrashed(log, e);
            exit.Code = HostExit.RunFailed;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task<int> RunStudyAsync(CancellationToken cancel)
    {
        if (settings.Problem() is { } problem)
        {
            LogBadInput(log, problem);
            return HostExit.BadInput;
        }
        StudyPlan plan;
        try
        {
            var options = new StudyOptions(
                string.IsNullOrWhiteSpace(settings.Gammas) ? null : StudyPlanLoader.ParseGammas(settings.Gammas),
                string.IsNullOrWhiteSpace(settings.Only) ? null : settings.Only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                settings.Overrides());
            plan = ScenarioRunner.LoadStudy(settings.ConfigDir, options);
        }
        catch (ConfigException e)
        {
            LogBadConfig(log, e.Errors.Count, string.Join(Environment.NewLine, e.Errors.Select(error => $"  {error}")));
            return HostExit.BadInput;
        }
        string outDir = settings.OutputDir;
        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            LogBadInput(log, $"{HostSettings.Section}:{nameof(HostSettings.OutputDir)} '{outDir}' cannot hold results: {e.Message}");
            return HostExit.BadInput;
        }
        var conflicts = StudyJob.PrepareFolder(plan, outDir, settings.Force);
        if (conflicts.Count > 0)
        {
            LogBadInput(log, $"'{outDir}' holds results of a different config in {conflicts.Count} cell(s); nothing was run or changed. " +
                $"Use another {HostSettings.Section}:{nameof(HostSettings.OutputDir)}, or {HostSettings.Section}:{nameof(HostSettings.Force)}=true to replace them: " +
                string.Join("; ", conflicts.Take(5)));
            return HostExit.BadInput;
        }

        var run = new StudyRunOptions(settings.EffectiveJobs, settings.Resume);
        LogStarting(log, plan.Regimes.Count, plan.Gammas.Count, plan.Cells.Count, plan.Cells[0].Config.Paths, run.Jobs, runner.System?.Name ?? "(one per cell)", outDir);
        var outcome = (await StudyJob.RunAsync(plan, outDir, run, new CellLog(log), runner.Engines, cancel).ConfigureAwait(false)).Outcome;
        var failures = outcome.Failures.ToList();
        LogFinished(log, outDir, outcome.Cells.Count - failures.Count, outcome.Cells.Count, outcome.Cells.Count(c => c.Kept));
        foreach (var failure in failures) LogCellFailed(log, failure.Cell.ToString(), failure.Error ?? "");
        return failures.Count == 0 ? HostExit.Success : HostExit.RunFailed;
    }

    /// <summary>Logs each finished cell.</summary>
    private sealed class CellLog(ILogger log) : IStudyObserver
    {
        public void PathsDone(long total)
        {
        }

        public void CellFinished(CellOutcome outcome, int finished, int total)
        {
            string how = outcome.Kept ? "kept from an earlier run" : outcome.Completed ? "completed" : $"failed: {outcome.Error}";
            string seconds = outcome.Outcome is { } o ? o.Info.WallSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s" : "-";
            LogCell(log, finished, total, outcome.Cell.ToString(), how, seconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Study: {Regimes} regimes × {Gammas} γ = {Cells} cells, {Paths} paths each, {Jobs} at a time in ActorSystem {System}, into {OutDir}")]
    private static partial void LogStarting(ILogger log, int regimes, int gammas, int cells, int paths, int jobs, string system, string outDir);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cell {Finished}/{Total} {Cell}: {How} ({Seconds})")]
    private static partial void LogCell(ILogger log, int finished, int total, string cell, string how, string seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Study in {OutDir}: {Completed} of {Total} cells complete ({Kept} kept); report.html, summary.csv, summary.json, figures/")]
    private static partial void LogFinished(ILogger log, string outDir, int completed, int total, int kept);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cell {Cell} failed: {Error}")]
    private static partial void LogCellFailed(ILogger log, string cell, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The configuration has {Count} problem(s); nothing was run or written:\n{Errors}")]
    private static partial void LogBadConfig(ILogger log, int count, string errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogBadInput(ILogger log, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupted: stopped by Ctrl-C; cells that finished keep their files, the study's aggregate files were not written")]
    private static partial void LogInterrupted(ILogger log);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The study stopped unexpectedly")]
    private static partial void LogCrashed(ILogger log, Exception e);
}
