using System.Diagnostics;
using System.Globalization;
using MmSandbox.Runner.Study;
using Spectre.Console;

namespace MmSandbox.Cli.Terminal;

/// <summary>
/// Shows a study's progress: on a terminal a bar over all paths with cells done, paths per second
/// and time left; otherwise one plain line per finished cell.
/// </summary>
public sealed class StudyProgress : IStudyObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _totalPaths;
    private readonly bool _plain;
    private readonly Lock _gate = new();
    private long _paths;
    private int _cellsDone;
    private readonly int _cellsTotal;

    private StudyProgress(long totalPaths, int cells, bool plain)
    {
        _totalPaths = totalPaths;
        _cellsTotal = cells;
        _plain = plain;
    }

    /// <summary>Runs <paramref name="work"/> under a progress display of <paramref name="plan"/>.</summary>
    public static async Task<T> RunAsync<T>(StudyPlan plan, Func<IStudyObserver, Task<T>> work)
    {
        var progress = new StudyProgress(plan.TotalPaths, plan.Cells.Count, plain: !ProgressDisplay.IsTerminal);
        if (progress._plain) return await work(progress).ConfigureAwait(false);
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("study", maxValue: Math.Max(1, plan.TotalPaths));
                var running = work(progress);
                while (!running.IsCompleted)
                {
                    task.Value = Interlocked.Read(ref progress._paths);
                    task.Description = progress.Describe();
                    await Task.WhenAny(running, Task.Delay(150)).ConfigureAwait(false);
                }
                task.Value = plan.TotalPaths;
                result = await running.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public void PathsDone(long total) => Interlocked.Exchange(ref _paths, total);

    /// <inheritdoc />
    public void CellFinished(CellOutcome outcome, int finished, int total)
    {
        Volatile.Write(ref _cellsDone, finished);
        lock (_gate)
        {
            if (!outcome.Completed)
                AnsiConsole.MarkupLine($"[red]cell {Markup.Escape(outcome.Cell.ToString())} failed:[/] {Markup.Escape(outcome.Error ?? "")}");
            else if (_plain && outcome.Outcome is { } done)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{finished}/{total}] {outcome.Cell}: done in {done.Info.WallSeconds:F2} s ({Describe()})"));
            else if (_plain)
                Console.Out.WriteLine($"[{finished}/{total}] {outcome.Cell}: kept (complete results of the same config)");
        }
    }

    private string Describe()
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        double rate = Interlocked.Read(ref _paths) / seconds;
        return string.Create(CultureInfo.InvariantCulture, $"cells {Volatile.Read(ref _cellsDone)}/{_cellsTotal} · {rate:N0} paths/s");
    }
}
