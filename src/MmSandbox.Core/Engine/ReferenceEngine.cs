using System.Runtime.ExceptionServices;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Model;
using MmSandbox.Core.Participants;

namespace MmSandbox.Core.Engine;

/// <summary>
/// The oracle: a plain loop over blocks of paths and their steps, calling the model's functions in
/// the order the actor protocol implies (quote, fill, book, record, move). Its block size is fixed,
/// whatever <c>engine.lane_size</c> says, so comparing it with the actor engine at several lane sizes
/// shows that grouping never changes a result. Blocks may run on several workers, each with its own
/// recorder and accumulator; accumulators merge exactly, so the result is the same bits at any number
/// of workers and whichever worker took which block (one worker is the plain single-threaded loop).
/// </summary>
public sealed class ReferenceEngine : ISimulationEngine
{
    /// <summary>Paths simulated together in one block.</summary>
    public const int BlockSize = 512;

    private readonly int _workers;

    /// <summary>An engine running blocks on <paramref name="workers"/> threads (0: one per processor).</summary>
    public ReferenceEngine(int workers = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        _workers = workers;
    }

    /// <inheritdoc />
    public Task<RunResult> RunAsync(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run(config, _workers, progress, cancellationToken));

    /// <summary>Simulates <paramref name="config"/> on one worker per processor.</summary>
    public static RunResult Run(SimulationConfig config, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        Run(config, 0, progress, cancellationToken);

    /// <summary>
    /// Simulates <paramref name="config"/> on <paramref name="workers"/> workers (0: one per processor; 1: on
    /// the calling thread alone). Each worker takes the next unclaimed block; the result does not depend on which.
    /// </summary>
    public static RunResult Run(SimulationConfig config, int workers, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        var m = new ModelParameters(config);
        int block = Math.Min(BlockSize, m.Paths);
        long blocks = (m.Paths + block - 1) / block;
        int count = (int)Math.Min(workers == 0 ? Environment.ProcessorCount : workers, blocks);
        var run = new RunAccumulator(m, config.Metrics, config.Output.RecordPaths).WithParticipants(config.Participants);
        var simulators = new BlockSimulator[count];
        for (int w = 0; w < count; w++) simulators[w] = new BlockSimulator(config, m, w == 0 ? run : run.Sibling(), block);

        long nextBlock = -1, pathsDone = 0;
        int failed = 0;
        void Work(BlockSimulator simulator)
        {
            try
            {
                for (long b = Interlocked.Increment(ref nextBlock); b < blocks && Volatile.Read(ref failed) == 0; b = Interlocked.Increment(ref nextBlock))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    long first = b * block;
                    int n = (int)Math.Min(block, m.Paths - first);
                    simulator.SimulateBlock(first, n);
                    long done = Interlocked.Add(ref pathsDone, n);
                    progress?.Report(done);
                }
            }
            catch
            {
                Volatile.Write(ref failed, 1);
                throw;
            }
        }

        if (count == 1)
            Work(simulators[0]);
        else
        {
            var others = new Task[count - 1];
            for (int w = 1; w < count; w++)
            {
                var simulator = simulators[w];
                others[w - 1] = Task.Factory.StartNew(() => Work(simulator), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
            Exception? error = null;
            try { Work(simulators[0]); }
            catch (Exception e) { error = e; }
            try { Task.WaitAll(others); }
            catch (AggregateException e) { error ??= e.InnerExceptions[0]; }
            if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
            for (int w = 1; w < count; w++) run.Merge(simulators[w].Run);
        }
        return run.Finish(EngineKind.Reference, block);
    }

    /// <summary>One worker's state: a book, a recorder and the step buffers of one block, reused block after block.</summary>
    private sealed class BlockSimulator
    {
        private readonly ModelParameters _m;
        private readonly LaneRecorder _recorder;
        private readonly MakerBook _book;
        private readonly ParticipantLane? _participants;
        private double[] _mid, _next;
        private readonly double[] _reservation, _bid, _ask, _spread;
        private readonly bool[] _bidFilled, _askFilled;

        public BlockSimulator(SimulationConfig config, ModelParameters m, RunAccumulator run, int block)
        {
            _m = m;
            Run = run;
            _recorder = new LaneRecorder(m, config.Metrics, run);
            _book = new MakerBook(m);
            _participants = run.Participants is { } results ? new ParticipantLane(config, m, results, block) : null;
            _mid = new double[block];
            _next = new double[block];
            _reservation = new double[block];
            _bid = new double[block];
            _ask = new double[block];
            _spread = new double[block];
            _bidFilled = new bool[block];
            _askFilled = new bool[block];
        }

        /// <summary>The accumulator this worker's recorder hands its paths to.</summary>
        public RunAccumulator Run { get; }

        /// <summary>Simulates paths <paramref name="first"/> … + <paramref name="n"/> − 1 through every step and hands them to <see cref="Run"/>.</summary>
        public void SimulateBlock(long first, int n)
        {
            var m = _m;
            var keys = new LaneKeys(m.Seed, first, n);
            Array.Fill(_mid, m.S0);
            _book.Start(n);
            _recorder.Start(first, n);
            _participants?.Start(first, n, keys.Price);
            var reservation = _reservation.AsSpan(0, n);
            var bid = _bid.AsSpan(0, n);
            var ask = _ask.AsSpan(0, n);
            var spread = _spread.AsSpan(0, n);
            var bidFilled = _bidFilled.AsSpan(0, n);
            var askFilled = _askFilled.AsSpan(0, n);
            for (int step = 0; step < m.Steps; step++)
            {
                var s = _mid.AsSpan(0, n);
                _book.Quote(step, s, reservation, bid, ask, spread);
                if (_participants is null)
                    OrderFlow.DrawFills(m, step, keys, s, bid, ask, bidFilled, askFilled);
                else
                    _participants.Step(step, keys, s, bid, ask, bidFilled, askFilled);
                _book.Apply(bid, ask, bidFilled, askFilled);
                _recorder.ObserveStep(step, s, reservation, bid, ask, spread, bidFilled, askFilled);
                PriceProcess.Advance(m, step, keys.Price, s, _next.AsSpan(0, n));
                (_mid, _next) = (_next, _mid);
            }
            _recorder.ObserveClose(_mid.AsSpan(0, n));
            _participants?.Close(_mid.AsSpan(0, n));
            Reconciliation.Check(first, _book.Inventory, _book.Cash, _recorder.Inventory, _recorder.Cash);
            _recorder.Complete();
        }
    }
}
