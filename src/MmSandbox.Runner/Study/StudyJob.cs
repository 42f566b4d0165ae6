using System.Diagnostics;

namespace MmSandbox.Runner.Study;

/// <summary>What a whole study produced, and where its time went (wall clock; never part of a result file).</summary>
/// <param name="Outcome">Every cell's outcome.</param>
/// <param name="Simulating">Time spent running and writing the cells.</param>
/// <param name="Rendering">Time spent drawing the figures and writing the report.</param>
public sealed record StudyJobResult(StudyOutcome Outcome, TimeSpan Simulating, TimeSpan Rendering);

/// <summary>
/// A whole study as <c>mmsandbox scenarios</c> and the host program run it, written once: check the output folder
/// (<see cref="PrepareFolder"/>), then run the cells and draw the figures and the report (<see cref="RunAsync"/>).
/// </summary>
public static class StudyJob
{
    /// <summary>
    /// The cells of <paramref name="outDir"/> that hold results of a different config than <paramref name="plan"/>'s.
    /// Without <paramref name="force"/> they are returned and nothing is changed (the caller refuses the folder);
    /// with it they are cleared and the list is empty.
    /// </summary>
    public static IReadOnlyList<StudyFolder.Conflict> PrepareFolder(StudyPlan plan, string outDir, bool force)
    {
        var conflicts = StudyFolder.Conflicts(plan, outDir);
        if (conflicts.Count == 0 || !force) return conflicts;
        StudyFolder.Clear(plan, outDir);
        return [];
    }

    /// <summary>
    /// Runs every cell of <paramref name="plan"/> into <paramref name="outDir"/> (<see cref="StudyRunner"/>), then draws the
    /// figures, <c>report.html</c> and <c>findings.md</c> from the files (<see cref="StudyRender"/>). Call
    /// <see cref="PrepareFolder"/> first: cell folders are overwritten.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: finished cells keep their files, nothing is drawn.</exception>
    public static async Task<StudyJobResult> RunAsync(StudyPlan plan, string outDir, StudyRunOptions options, IStudyObserver? observer = null,
                                                      EngineFactory? engines = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var outcome = await StudyRunner.RunAsync(plan, outDir, options, observer, cancellationToken, engines).ConfigureAwait(false);
        var simulating = clock.Elapsed;
        StudyRender.Render(outDir);
        return new StudyJobResult(outcome, simulating, clock.Elapsed - simulating);
    }
}
