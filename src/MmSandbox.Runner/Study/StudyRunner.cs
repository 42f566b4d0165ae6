using MmSandbox.Actors.Scenario;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Runner.Study;

/// <summary>How one cell ended.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Outcome">Its results and timings when it ran to the end now; null when it failed or was kept.</param>
/// <param name="Error">Why it failed (which actor, step, cause); null when it completed.</param>
/// <param name="Kept">True when <c>--resume</c> kept the cell's complete results from an earlier run.</param>
public sealed record CellOutcome(StudyCell Cell, BacktestOutcome? Outcome, string? Error, bool Kept = false)
{
    /// <summary>Whether the cell's results are complete (run now or kept).</summary>
    public bool Completed => Error is null;
}

/// <summary>How a study runs; nothing here changes a result.</summary>
/// <param name="Jobs">Cells run at the same time, ≥ 1.</param>
/// <param name="Resume">Keep cells whose folder holds complete results of the same config; run the rest.</param>
public sealed record StudyRunOptions(int Jobs = 1, bool Resume = false);

/// <summary>How a study ended: every cell's outcome, in plan order.</summary>
public sealed record StudyOutcome(StudyPlan Plan, IReadOnlyList<CellOutcome> Cells)
{
    /// <summary>The cells that failed.</summary>
    public IEnumerable<CellOutcome> Failures => Cells.Where(c => !c.Completed);
}

/// <summary>What a study reports while it runs. Calls may come from several threads.</summary>
public interface IStudyObserver
{
    /// <summary>More paths finished (a running total over all cells).</summary>
    void PathsDone(long total);

    /// <summary>A cell finished, completed or failed.</summary>
    void CellFinished(CellOutcome outcome, int finished, int total);
}

/// <summary>
/// Runs every cell of a <see cref="StudyPlan"/>, up to <c>jobs</c> at a time, each as its own
/// supervised scenario writing its folder <c>&lt;out&gt;/&lt;regime&gt;/gamma_&lt;γ&gt;/</c>. A failed cell is
/// recorded and the others go on. Then it writes study.json and the aggregate summary.json and
/// summary.csv. Results do not depend on <c>jobs</c>: every cell's draws are addressed by its seed.
/// </summary>
public static class StudyRunner
{
    /// <summary>Runs the study into <paramref name="outDir"/> with <paramref name="jobs"/> cells at a time.</summary>
    public static Task<StudyOutcome> RunAsync(StudyPlan plan, string outDir, int jobs, IStudyObserver? observer = null,
                                              CancellationToken cancellationToken = default, EngineFactory? engines = null) =>
        RunAsync(plan, outDir, new StudyRunOptions(jobs), observer, cancellationToken, engines);

    /// <summary>
    /// Runs the study into <paramref name="outDir"/>; <paramref name="engines"/> chooses each cell's engine (default: its
    /// config's). The caller checks <see cref="StudyFolder.Conflicts"/> first: this method overwrites cell folders.
    /// </summary>
    public static async Task<StudyOutcome> RunAsync(StudyPlan plan, string outDir, StudyRunOptions options, IStudyObserver? observer = null,
                                                    CancellationToken cancellationToken = default, EngineFactory? engines = null)
    {
        Directory.CreateDirectory(outDir);
        StudyFolder.RemoveLeftovers(plan, outDir);
        // The aggregates describe the last complete study; while cells change they would be stale.
        foreach (var file in StudyFolder.AggregateFiles) File.Delete(Path.Combine(outDir, file));
        var outcomes = new CellOutcome[plan.Cells.Count];
        var paths = new PathTotal(observer);
        int finished = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Cells.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Jobs), CancellationToken = cancellationToken },
            async (index, cancel) =>
            {
                var cell = plan.Cells[index];
                var progress = paths.ForCell();
                CellOutcome outcome;
                if (options.Resume && StudyFolder.IsComplete(cell, outDir))
                {
                    progress.Report(cell.Config.Paths);
                    outcome = new CellOutcome(cell, null, null, Kept: true);
                }
                else
                {
                    outcome = await RunCellAsync(cell, Path.Combine(outDir, cell.RelativePath), progress, engines, cancel).ConfigureAwait(false);
                }
                outcomes[index] = outcome;
                observer?.CellFinished(outcome, Interlocked.Increment(ref finished), plan.Cells.Count);
            }).ConfigureAwait(false);
        Manifest(plan, outcomes).WriteAll(outDir);
        return new StudyOutcome(plan, outcomes);
    }

    /// <summary>The study.json of a plan and its outcomes.</summary>
    public static StudyManifest Manifest(StudyPlan plan, IReadOnlyList<CellOutcome> outcomes) => new(
        plan.Regimes.Select(r => new ManifestRegime(r.Name, r.Name, r.Mu, r.Sigma)).ToList(),
        plan.Gammas,
        outcomes.Select(o => new ManifestCell(o.Cell.Regime.Name, o.Cell.Gamma, o.Cell.RelativePath,
            o.Completed ? StudyManifest.Completed : StudyManifest.Failed, o.Error)).ToList());

    private static async Task<CellOutcome> RunCellAsync(StudyCell cell, string cellDir, IProgress<long> progress, EngineFactory? engines,
                                                        CancellationToken cancel)
    {
        try
        {
            var outcome = await Backtest.RunAsync(cell.Config, cellDir, progress, cancel, engines).ConfigureAwait(false);
            return new CellOutcome(cell, outcome, null);
        }
        catch (ScenarioFailedException e)
        {
            return new CellOutcome(cell, null, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever broke this cell (an engine check, a full disk) is this cell's failure alone.
            return new CellOutcome(cell, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Turns each cell's running count of paths into one running total.</summary>
    private sealed class PathTotal(IStudyObserver? observer)
    {
        private long _total;

        public IProgress<long> ForCell() => new Cell(this);

        private void Add(long delta) => observer?.PathsDone(Interlocked.Add(ref _total, delta));

        private sealed class Cell(PathTotal total) : IProgress<long>
        {
            private long _seen;

            public void Report(long value)
            {
                long delta = value - Interlocked.Exchange(ref _seen, value);
                if (delta > 0) total.Add(delta);
            }
        }
    }
}
