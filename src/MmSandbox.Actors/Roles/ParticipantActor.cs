using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Actors.Tracing;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// Base of every role in the step protocol: it remembers the step and lane of the message being
/// handled, so that an exception reaches the scenario supervisor as a <see cref="ParticipantFailedException"/>
/// naming the actor, step and lane. When the scenario traces (a <see cref="MessageTrace"/> is installed in the
/// system), it hands every step message to the trace before handling it.
/// </summary>
public abstract class ParticipantActor : ReceiveActor
{
    private readonly MessageTrace? _trace;

    /// <summary>Finds the scenario's trace, if any.</summary>
    protected ParticipantActor() => _trace = MessageTrace.Of(Context.System);

    /// <inheritdoc />
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            if (_trace is not null && message is IStepMessage traced) _trace.Capture(Sender, Self, traced);
            return base.AroundReceive(receive, message);
        }
        catch (Exception ex) when (ex is not ParticipantFailedException)
        {
            var step = message as IStepMessage;
            throw new ParticipantFailedException(Self.Path.Name, step?.Step, step?.Lane, ex);
        }
    }
}

/// <summary>An exception thrown while an actor handled a message of the step protocol.</summary>
public sealed class ParticipantFailedException(string actor, int? step, LaneId? lane, Exception inner)
    : Exception($"{actor} failed{(step is { } s ? $" at step {s}" : "")}: {inner.Message}", inner)
{
    /// <summary>The failing actor's name.</summary>
    public string Actor { get; } = actor;
    /// <summary>The step being handled, if the message had one.</summary>
    public int? Step { get; } = step;
    /// <summary>The lane being handled, if the message had one.</summary>
    public LaneId? Lane { get; } = lane;
}
