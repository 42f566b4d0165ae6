using System.Globalization;
using MmSandbox.Core.Config;

namespace MmSandbox.Core.Tracing;

/// <summary>
/// One named value of a traced payload: a number (<see cref="double"/> or <see cref="long"/>), a <see cref="bool"/>,
/// a <see cref="string"/>, or nested fields (an <see cref="IReadOnlyList{T}"/> of <see cref="TraceField"/>).
/// </summary>
/// <param name="Name">The snake_case name.</param>
/// <param name="Value">The value.</param>
public sealed record TraceField(string Name, object? Value);

/// <summary>One protocol message of one path, as it reached its receiver.</summary>
/// <param name="Step">The step k of the message.</param>
/// <param name="Path">The global path index.</param>
/// <param name="Sender">The sending actor's name (e.g. <c>price-feed</c>).</param>
/// <param name="Receiver">The receiving actor's name.</param>
/// <param name="Kind">The message type (e.g. <c>Fills</c>).</param>
/// <param name="Payload">The message's values for this path.</param>
public sealed record TraceRecord(int Step, long Path, string Sender, string Receiver, string Kind, IReadOnlyList<TraceField> Payload);

/// <summary>
/// The order of a trace: by path, step, the message type's place in the protocol (<see cref="TraceConfig.KnownKinds"/>,
/// other types between <c>Orders</c> and <c>Fills</c> by name), sender, receiver, then payload. It does not depend on
/// the order messages arrived in, so two runs give the same trace.
/// </summary>
public sealed class TraceOrder : IComparer<TraceRecord>
{
    /// <summary>The one instance.</summary>
    public static TraceOrder Instance { get; } = new();

    private TraceOrder() { }

    /// <summary>The place of <paramref name="kind"/> within a step: known types by protocol order, others just before <c>Fills</c>.</summary>
    public static int Rank(string kind)
    {
        var known = TraceConfig.KnownKinds;
        for (int i = 0; i < known.Count; i++)
            if (string.Equals(known[i], kind, StringComparison.Ordinal)) return i < 4 ? i : i + 1;
        return 4;
    }

    /// <inheritdoc />
    public int Compare(TraceRecord? x, TraceRecord? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c = x.Path.CompareTo(y.Path);
        if (c == 0) c = x.Step.CompareTo(y.Step);
        if (c == 0) c = Rank(x.Kind).CompareTo(Rank(y.Kind));
        if (c == 0) c = string.CompareOrdinal(x.Kind, y.Kind);
        if (c == 0) c = string.CompareOrdinal(x.Sender, y.Sender);
        if (c == 0) c = string.CompareOrdinal(x.Receiver, y.Receiver);
        if (c == 0) c = CompareFields(x.Payload, y.Payload);
        return c;
    }

    private static int CompareFields(IReadOnlyList<TraceField> x, IReadOnlyList<TraceField> y)
    {
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            int c = string.CompareOrdinal(x[i].Name, y[i].Name);
            if (c == 0) c = CompareValues(x[i].Value, y[i].Value);
            if (c != 0) return c;
        }
        return x.Count.CompareTo(y.Count);
    }

    private static int CompareValues(object? x, object? y) => (x, y) switch
    {
        (IReadOnlyList<TraceField> a, IReadOnlyList<TraceField> b) => CompareFields(a, b),
        (double a, double b) => a.CompareTo(b),
        _ => string.CompareOrdinal(Text(x), Text(y)),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IReadOnlyList<TraceField> => "{}",
        _ => value.ToString() ?? "",
    };
}
