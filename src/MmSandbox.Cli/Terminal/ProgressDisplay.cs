using Spectre.Console;

namespace MmSandbox.Cli.Terminal;

/// <summary>Counts completed paths from any thread; the display polls it.</summary>
public sealed class PathCounter : IProgress<long>
{
    private long _done;

    /// <summary>Paths completed so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <inheritdoc />
    public void Report(long value)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _done);
            if (value <= seen) return;
        } while (Interlocked.CompareExchange(ref _done, value, seen) != seen);
    }
}

/// <summary>A progress bar on a terminal; nothing on redirected output (the final lines say it all).</summary>
public static class ProgressDisplay
{
    /// <summary>Whether standard output is an interactive terminal.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> while showing paths done out of <paramref name="total"/>.</summary>
    public static async Task<T> RunAsync<T>(string label, long total, Func<PathCounter, Task<T>> work)
    {
        var counter = new PathCounter();
        if (!IsTerminal) return await work(counter).ConfigureAwait(false);
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total));
                var running = work(counter);
                while (!running.IsCompleted)
                {
                    task.Value = counter.Done;
                    await Task.WhenAny(running, Task.Delay(100)).ConfigureAwait(false);
                }
                task.Value = total;
                result = await running.ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }
}
