using Akka.Actor;
using MmSandbox.Actors.Protocol;
using MmSandbox.Core.Config;
using MmSandbox.Core.Tracing;

namespace MmSandbox.Actors.Tracing;

/// <summary>
/// A message that supplies its own traced payload for one path instead of the one read from its properties
/// (see <see cref="TracePayload"/>).
/// </summary>
public interface ITracedMessage : IStepMessage
{
    /// <summary>The payload of the path at <paramref name="offset"/> within the lane, in the order to write it.</summary>
    IReadOnlyList<TraceField> TracePayload(int offset);
}

/// <summary>
/// Collects the protocol messages of the paths, steps and kinds a <see cref="TraceConfig"/> selects, as each reached
/// its receiver. Installed in a scenario's ActorSystem as an extension; every <c>ParticipantActor</c> finds it when
/// created and hands it each step message before handling it. The payload of a path is copied at once (a message's
/// arrays are reused two steps later). Actors capture concurrently; <see cref="Records"/> sorts, so the trace does
/// not depend on arrival order, lane size or pipelines.
/// </summary>
public sealed class MessageTrace : IExtension
{
    private readonly TraceConfig _config;
    private readonly int[] _paths;
    private readonly HashSet<string>? _kinds;
    private readonly long _maxMessages;
    private readonly List<TraceRecord> _records = [];
    private readonly Lock _lock = new();

    /// <summary>A trace of what <paramref name="config"/> selects; the run stops if more than <paramref name="maxMessages"/> messages are traced.</summary>
    public MessageTrace(TraceConfig config, long maxMessages = TraceConfig.MaxMessages)
    {
        _config = config;
        _paths = [.. config.Paths.Order()];
        _kinds = config.Kinds is null ? null : new HashSet<string>(config.Kinds, StringComparer.Ordinal);
        _maxMessages = maxMessages;
    }

    /// <summary>Makes <paramref name="trace"/> the trace of <paramref name="system"/>; call before creating the actors.</summary>
    public static void Install(ActorSystem system, MessageTrace trace) => system.RegisterExtension(new Id(trace));

    /// <summary>The trace installed in <paramref name="system"/>, or null when tracing is off.</summary>
    public static MessageTrace? Of(ActorSystem system) => system.HasExtension<MessageTrace>() ? system.GetExtension<MessageTrace>() : null;

    /// <summary>The messages traced so far, in <see cref="TraceOrder"/>.</summary>
    public IReadOnlyList<TraceRecord> Records()
    {
        lock (_lock)
        {
            var sorted = _records.ToArray();
            Array.Sort(sorted, TraceOrder.Instance);
            return sorted;
        }
    }

    /// <summary>Records <paramref name="message"/> from <paramref name="sender"/> to <paramref name="receiver"/> for each selected path of its lane.</summary>
    public void Capture(IActorRef sender, IActorRef receiver, IStepMessage message)
    {
        if (!_config.TracesStep(message.Step)) return;
        string kind = message.GetType().Name;
        if (_kinds is not null && !_kinds.Contains(kind)) return;
        var lane = message.Lane;
        List<TraceRecord>? found = null;
        foreach (int path in _paths)
        {
            if (path < lane.FirstPath || path >= lane.FirstPath + lane.Count) continue;
            int offset = (int)(path - lane.FirstPath);
            found ??= [];
            found.Add(new TraceRecord(message.Step, path, NameOf(sender), NameOf(receiver), kind, TracePayload.Of(message, offset)));
        }
        if (found is null) return;
        lock (_lock)
        {
            if (_records.Count + found.Count > _maxMessages)
                throw new InvalidOperationException(
                    $"the trace holds more than {_maxMessages:N0} messages; list fewer trace.paths or narrow trace.steps or trace.kinds");
            _records.AddRange(found);
        }
    }

    private static string NameOf(IActorRef actor) => actor is null || actor.IsNobody() ? "nobody" : actor.Path.Name;

    private sealed class Id(MessageTrace trace) : ExtensionIdProvider<MessageTrace>
    {
        public override MessageTrace CreateExtension(ExtendedActorSystem system) => trace;
    }
}
