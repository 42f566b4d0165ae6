using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Core.Engine;

/// <summary>
/// The oracle: a plain single-threaded loop over blocks of paths and their steps, calling the
/// model's functions in the order the actor protocol implies (quote, fill, book, record, move).
/// Its block size is fixed, whatever <c>engine.lane_size</c> says, so comparing it with the actor
/// engine at several lane sizes shows that grouping never changes a result.
/// </summary>
public sealed class ReferenceEngine : ISimulationEngine
{
    /// <summary>Paths simulated together in one block.</summary>
    public const int BlockSize = 512;

    /// <inheritdoc />
    public Task<RunResult> RunAsync(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run(config, progress, cancellationToken));

    /// <summary>Simulates <paramref name="config"/> on the calling thread.</summary>
    public static RunResult Run(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var m = new ModelParameters(config);
        var run = new RunAccumulator(m, config.Metrics, config.Output.RecordPaths).WithParticipants(config.Participants);
        var recorder = new LaneRecorder(m, config.Metrics, run);
        var book = new MakerBook(m);
        int block = Math.Min(BlockSize, m.Paths);
        var participants = run.Participants is { } results ? new ParticipantLane(config, m, results, block) : null;
        var mid = new double[block];
        var next = new double[block];
        var reservation = new double[block];
        var bid = new double[block];
        var ask = new double[block];
        var spread = new double[block];
        var bidFilled = new bool[block];
        var askFilled = new bool[block];

        for (long first = 0; first < m.Paths; first += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = (int)Math.Min(block, m.Paths - first);
            var keys = new LaneKeys(m.Seed, first, n);
            Array.Fill(mid, m.S0);
            book.Start(n);
            recorder.Start(first, n);
            participants?.Start(first, n, keys.Price);
            for (int step = 0; step < m.Steps; step++)
            {
                var s = mid.AsSpan(0, n);
                book.Quote(step, s, reservation.AsSpan(0, n), bid.AsSpan(0, n), ask.AsSpan(0, n), spread.AsSpan(0, n));
                if (participants is null)
                    OrderFlow.DrawFills(m, step, keys, s, bid.AsSpan(0, n), ask.AsSpan(0, n), bidFilled.AsSpan(0, n), askFilled.AsSpan(0, n));
                else
                    participants.Step(step, keys, s, bid.AsSpan(0, n), ask.AsSpan(0, n), bidFilled.AsSpan(0, n), askFilled.AsSpan(0, n));
                book.Apply(bid.AsSpan(0, n), ask.AsSpan(0, n), bidFilled.AsSpan(0, n), askFilled.AsSpan(0, n));
                recorder.ObserveStep(step, s, reservation.AsSpan(0, n), bid.AsSpan(0, n), ask.AsSpan(0, n), spread.AsSpan(0, n),
                                     bidFilled.AsSpan(0, n), askFilled.AsSpan(0, n));
                PriceProcess.Advance(m, step, keys.Price, s, next.AsSpan(0, n));
                (mid, next) = (next, mid);
            }
            recorder.ObserveClose(mid.AsSpan(0, n));
            participants?.Close(mid.AsSpan(0, n));
            Reconciliation.Check(first, book.Inventory, book.Cash, recorder.Inventory, recorder.Cash);
            recorder.Complete();
            progress?.Report(first + n);
        }
        return run.Finish(EngineKind.Reference, block);
    }
}
