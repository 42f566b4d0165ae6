using System.Globalization;

namespace MmSandbox.Core.Config;

/// <summary>An inclusive range of steps, <c>First..Last</c>; one step when both are equal.</summary>
/// <param name="First">The first step, ≥ 0.</param>
/// <param name="Last">The last step, ≥ <paramref name="First"/>.</param>
public readonly record struct StepRange(int First, int Last)
{
    /// <summary>True when <paramref name="step"/> lies in the range.</summary>
    public bool Contains(int step) => step >= First && step <= Last;

    /// <summary><c>5</c> for one step, <c>0..20</c> for a range.</summary>
    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : $"{First.ToString(CultureInfo.InvariantCulture)}..{Last.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads <c>5</c> or <c>0..20</c> (whole numbers ≥ 0, first ≤ last); false otherwise.</summary>
    public static bool TryParse(string text, out StepRange range)
    {
        range = default;
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        string first = dots < 0 ? text : text[..dots], last = dots < 0 ? text : text[(dots + 2)..];
        if (!int.TryParse(first.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int a)
            || !int.TryParse(last.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int b)
            || a > b)
            return false;
        range = new StepRange(a, b);
        return true;
    }
}

/// <summary>
/// Which protocol messages the actor engine writes to a trace file for debugging: every message of the chosen
/// paths, steps and kinds, as it reached its receiver. Tracing never changes a result; off, it costs a null check.
/// </summary>
/// <param name="Enabled">Whether to trace; a run writes <c>trace.jsonl</c> into its results folder.</param>
/// <param name="Paths">Global path indices to trace, each in [0, paths).</param>
/// <param name="Steps">Steps to trace, as inclusive ranges (N is the close); null for every step 0 … N.</param>
/// <param name="Kinds">Message types to trace (names as in <see cref="KnownKinds"/>); null for every type.</param>
public sealed record TraceConfig(bool Enabled, IReadOnlyList<int> Paths, IReadOnlyList<StepRange>? Steps, IReadOnlyList<string>? Kinds)
{
    /// <summary>No trace; when enabled, path 0, every step, every message type.</summary>
    public static TraceConfig Off { get; } = new(false, [0], null, null);

    /// <summary>The most paths one trace may follow.</summary>
    public const int MaxPaths = 1000;

    /// <summary>The most path-steps (traced paths × traced steps) one trace may cover: each brings about ten messages.</summary>
    public const long MaxPathSteps = 20_000;

    /// <summary>The most messages one trace may hold in memory before the run is stopped (a guard for many participants).</summary>
    public const long MaxMessages = 64 * MaxPathSteps;

    /// <summary>
    /// The message types of the step protocol, in the order a trace lists them within a step; a type not listed
    /// sorts between <c>Quotes</c> and <c>Fills</c>.
    /// </summary>
    public static IReadOnlyList<string> KnownKinds { get; } = ["Tick", "MidPrice", "Quotes", "Orders", "Fills", "Executions", "BookClosed", "StepDone"];

    /// <summary>True when step <paramref name="step"/> is traced.</summary>
    public bool TracesStep(int step)
    {
        if (Steps is null) return true;
        for (int i = 0; i < Steps.Count; i++)
            if (Steps[i].Contains(step)) return true;
        return false;
    }

    /// <summary>How many of the steps 0 … <paramref name="steps"/> are traced.</summary>
    public long CountSteps(int steps)
    {
        if (Steps is null) return steps + 1L;
        var ranges = Steps.Where(r => r.First <= steps).Select(r => new StepRange(r.First, Math.Min(r.Last, steps))).OrderBy(r => r.First).ToList();
        long count = 0;
        int next = 0;
        foreach (var r in ranges)
        {
            int from = Math.Max(r.First, next);
            if (r.Last >= from) count += r.Last - from + 1L;
            next = Math.Max(next, r.Last + 1);
        }
        return count;
    }

    /// <summary>Every rule broken, with field paths under <paramref name="path"/>; <paramref name="steps"/> is N (int.MaxValue if unknown).</summary>
    public IEnumerable<ConfigError> Validate(string path, int paths, int steps, EngineKind engine)
    {
        if (Paths.Count == 0)
            yield return new ConfigError($"{path}.paths", "must list at least one path index, e.g. [0]");
        if (Paths.Count > MaxPaths)
            yield return new ConfigError($"{path}.paths", $"must list at most {MaxPaths:N0} paths", Paths.Count);
        for (int i = 0; i < Paths.Count; i++)
        {
            int p = Paths[i];
            // With paths itself invalid (reported there), only the sign of an index can be checked.
            if (p < 0 || (p >= paths && paths >= 1))
                yield return new ConfigError($"{path}.paths[{i}]", $"must be a path index in [0, {Math.Max(paths, 1) - 1}] (paths = {paths})", p);
            else if (Paths.Take(i).Contains(p))
                yield return new ConfigError($"{path}.paths[{i}]", "is listed twice; each path must be listed once", p);
        }
        if (Steps is not null)
        {
            if (Steps.Count == 0)
                yield return new ConfigError($"{path}.steps", "must list at least one step or range, or be null for every step");
            for (int i = 0; i < Steps.Count; i++)
            {
                var r = Steps[i];
                if (r.First < 0 || r.Last < r.First)
                    yield return new ConfigError($"{path}.steps[{i}]", "must be a step or a range first..last with 0 ≤ first ≤ last", r.ToString());
                else if (r.Last > steps)
                    yield return new ConfigError($"{path}.steps[{i}]", $"must lie in 0..{steps} (steps 0 … N, N = horizon / dt)", r.ToString());
            }
        }
        if (Kinds is not null)
        {
            if (Kinds.Count == 0)
                yield return new ConfigError($"{path}.kinds", "must list at least one message type, or be null for every type");
            for (int i = 0; i < Kinds.Count; i++)
            {
                string kind = Kinds[i];
                if (!KnownKinds.Contains(kind, StringComparer.Ordinal))
                    yield return new ConfigError($"{path}.kinds[{i}]", $"must be one of {string.Join(", ", KnownKinds)}{Hint(kind)}", kind);
                else if (Kinds.Take(i).Contains(kind, StringComparer.Ordinal))
                    yield return new ConfigError($"{path}.kinds[{i}]", "is listed twice; each type must be listed once", kind);
            }
        }
        if (!Enabled) yield break;
        if (engine == EngineKind.Reference)
            yield return new ConfigError($"{path}.enabled", "tracing needs engine.kind: actors (the reference engine sends no messages to trace); remove the trace or use the actor engine");
        if (steps != int.MaxValue && Paths.Count <= MaxPaths)
        {
            long pathSteps = Paths.Count * CountSteps(steps);
            if (pathSteps > MaxPathSteps)
                yield return new ConfigError(path,
                    $"would trace {pathSteps:N0} path-steps (paths listed × steps selected), about {pathSteps * 10:N0} messages; at most {MaxPathSteps:N0} path-steps are allowed: list fewer trace.paths or narrow trace.steps, e.g. \"0..20\"");
        }
    }

    private static string Hint(string kind)
    {
        var close = KnownKinds.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase) || string.Equals(k, kind + "s", StringComparison.OrdinalIgnoreCase));
        return close is null ? "" : $"; did you mean '{close}'?";
    }
}
