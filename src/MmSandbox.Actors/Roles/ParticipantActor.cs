using Akka.Actor;
using MmSandbox.Actors.Protocol;

namespace MmSandbox.Actors.Roles;

/// <summary>
/// Base of every role in the step protocol: it remembers the step and lane of the message being
/// handled, so that an exception reaches the scenario supervisor as a <see cref="ParticipantFailedException"/>
/// naming the actor, step and lane.
/// </summary>
public abstract class ParticipantActor : ReceiveActor
{
    /// <inheritdoc />
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
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
