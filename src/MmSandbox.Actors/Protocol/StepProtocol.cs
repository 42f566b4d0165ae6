using MmSandbox.Core.Metrics;

namespace MmSandbox.Actors.Protocol;

/// <summary>
/// A lane: a batch of consecutive paths that travel together in every message. <paramref name="Slot"/>
/// is the in-flight slot whose buffers the lane uses; lanes in flight never share a slot.
/// </summary>
public readonly record struct LaneId(int Index, int Slot, long FirstPath, int Count)
{
    /// <inheritdoc />
    public override string ToString() => $"lane {Index} (paths {FirstPath}–{FirstPath + Count - 1})";
}

/// <summary>A message that belongs to one step of one lane.</summary>
public interface IStepMessage
{
    /// <summary>The step k (0 … N; N is the close).</summary>
    int Step { get; }
    /// <summary>The lane.</summary>
    LaneId Lane { get; }
}

/// <summary>The clock starts step k of a lane.</summary>
public sealed record Tick(int Step, LaneId Lane) : IStepMessage;

/// <summary>The mids s_k of a lane. At k = N (<see cref="IsClose"/>) nothing is quoted: the lane closes at these mids.</summary>
public sealed record MidPrice(int Step, LaneId Lane, ReadOnlyMemory<double> Mids, bool IsClose) : IStepMessage;

/// <summary>A maker's quotes of step k; NaN marks a side not quoted. <paramref name="Maker"/> names the quoting participant.</summary>
public sealed record Quotes(int Step, LaneId Lane, ReadOnlyMemory<double> Reservation, ReadOnlyMemory<double> Bids,
                            ReadOnlyMemory<double> Asks, ReadOnlyMemory<double> Spread, string Maker = "market-maker") : IStepMessage;

/// <summary>A taker's market orders of step k: per path +1 buys one order size, −1 sells one, 0 sends nothing.</summary>
public sealed record Orders(int Step, LaneId Lane, string Participant, ReadOnlyMemory<sbyte> Sides) : IStepMessage;

/// <summary>What one participant traded in step k: per path the price it bought and sold at (NaN: no such trade).</summary>
public sealed record Executions(int Step, LaneId Lane, string Participant, ReadOnlyMemory<double> BuyPrice, ReadOnlyMemory<double> SellPrice) : IStepMessage;

/// <summary>Which quotes of step k filled, with the quotes they filled at.</summary>
public sealed record Fills(int Step, LaneId Lane, Quotes Quotes, ReadOnlyMemory<bool> BidFilled, ReadOnlyMemory<bool> AskFilled) : IStepMessage;

/// <summary>A maker's own book at the close, for the recorder to reconcile with its fills. <paramref name="Maker"/> names the maker.</summary>
public sealed record BookClosed(int Step, LaneId Lane, ReadOnlyMemory<double> Inventory, ReadOnlyMemory<double> Cash, string Maker = "market-maker") : IStepMessage;

/// <summary>A participant has finished step k of a lane: the barrier of the virtual clock.</summary>
public sealed record StepDone(int Step, LaneId Lane, string Participant) : IStepMessage;

/// <summary>The recorder has folded a closed lane into the run's metrics.</summary>
public sealed record LaneRecorded(LaneId Lane);

/// <summary>Asks the recorder for the run's results once every lane is recorded.</summary>
public sealed record FinishRun;

/// <summary>A recorder's accumulated metrics of the lanes it saw, handed over once at the end of the run.</summary>
public sealed record RecorderResults(RunAccumulator Accumulator);

/// <summary>Starts a scenario; the outcome goes to the sender.</summary>
public sealed record RunScenario;

/// <summary>The outcome of a scenario.</summary>
public abstract record ScenarioOutcome;

/// <summary>A scenario ran to the end.</summary>
public sealed record ScenarioCompleted(RunResult Result) : ScenarioOutcome;

/// <summary>A scenario stopped because an actor failed: which actor, at which step and lane, and why.</summary>
public sealed record ScenarioFailed(string Actor, int? Step, LaneId? Lane, Exception Cause) : ScenarioOutcome
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Actor} failed{(Step is { } s ? $" at step {s}" : "")}{(Lane is { } l ? $" of {l}" : "")}: {Cause.GetType().Name}: {Cause.Message}";
}
