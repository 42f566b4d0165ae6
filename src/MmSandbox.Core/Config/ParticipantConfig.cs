using System.Text.RegularExpressions;

namespace MmSandbox.Core.Config;

/// <summary>What a participant does at the exchange.</summary>
public enum ParticipantRole
{
    /// <summary>Sends market orders (<c>Orders</c>) that take the best quote.</summary>
    Taker,
    /// <summary>Sends limit quotes (<c>Quotes</c>) that compete with the maker under study for the flow.</summary>
    Maker,
}

/// <summary>One numeric parameter of a participant kind: its name in YAML, default, allowed range and meaning.</summary>
/// <param name="Name">The YAML key, snake_case.</param>
/// <param name="Default">The value when the key is absent.</param>
/// <param name="Min">The smallest allowed value.</param>
/// <param name="Max">The largest allowed value.</param>
/// <param name="Description">What it means, with its unit.</param>
/// <param name="MinExclusive">True when <paramref name="Min"/> itself is not allowed.</param>
public sealed record ParameterSpec(string Name, double Default, double Min, double Max, string Description, bool MinExclusive = false)
{
    /// <summary>The allowed range as text, e.g. "(0, 1000]".</summary>
    public string Range => $"{(MinExclusive ? "(" : "[")}{Rules.Format(Min)}, {Rules.Format(Max)}]";

    /// <summary>True when <paramref name="value"/> is allowed.</summary>
    public bool Allows(double value) => double.IsFinite(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max;
}

/// <summary>A kind of participant that configs may name: its YAML name, role, default actor name and parameters.</summary>
/// <param name="Name">The value of <c>kind:</c>, snake_case.</param>
/// <param name="Role">Taker or maker.</param>
/// <param name="DefaultName">The actor name used when the config gives none (numbered when the kind appears twice).</param>
/// <param name="Parameters">Its parameters; every one has a default, so <c>- kind: X</c> alone is a valid participant.</param>
/// <param name="Description">One line for people.</param>
public sealed record ParticipantKind(string Name, ParticipantRole Role, string DefaultName, IReadOnlyList<ParameterSpec> Parameters, string Description);

/// <summary>
/// The participant kinds configs may name. The three shipped kinds are always present; a host program
/// registers its own kinds (with an actor for them in <c>MmSandbox.Actors.Participants.ParticipantRegistry</c>).
/// </summary>
public static class ParticipantKinds
{
    /// <summary>A noise taker: market orders at a Poisson rate, buy or sell with equal probability.</summary>
    public static ParticipantKind NoiseTrader { get; } = new("noise_trader", ParticipantRole.Taker, "noise-trader",
        [new ParameterSpec("rate", 20, 0, 1e6, "market orders per unit of model time (Poisson)")],
        "market orders at a Poisson rate, either side with probability 1/2");

    /// <summary>An informed taker: knows the sign of the next mid move with some probability and trades on it.</summary>
    public static ParticipantKind InformedTrader { get; } = new("informed_trader", ParticipantRole.Taker, "informed-trader",
        [
            new ParameterSpec("rate", 20, 0, 1e6, "market orders per unit of model time (Poisson)"),
            new ParameterSpec("accuracy", 0.9, 0.5, 1, "probability that its signal of the next mid move's sign is right (0.5: no information)"),
        ],
        "buys before up-moves and sells before down-moves, right with probability `accuracy`, taking the current (stale) quotes");

    /// <summary>A second Avellaneda–Stoikov maker with its own γ, competing for the same flow.</summary>
    public static ParticipantKind MarketMaker { get; } = new("market_maker", ParticipantRole.Maker, "second-maker",
        [new ParameterSpec("gamma", 0.05, 0, 1e6, "its risk aversion γ, per price unit", MinExclusive: true)],
        "a second Avellaneda–Stoikov maker with its own γ (everything else as in market_maker); the better price gets the fill");

    private static readonly Lock Gate = new();
    private static readonly SortedDictionary<string, ParticipantKind> Kinds = new(StringComparer.Ordinal)
    {
        [NoiseTrader.Name] = NoiseTrader,
        [InformedTrader.Name] = InformedTrader,
        [MarketMaker.Name] = MarketMaker,
    };

    /// <summary>Every registered kind, in order of name.</summary>
    public static IReadOnlyList<ParticipantKind> All
    {
        get
        {
            lock (Gate) return [.. Kinds.Values];
        }
    }

    /// <summary>The kind named <paramref name="name"/>, if registered.</summary>
    public static bool TryGet(string name, out ParticipantKind kind)
    {
        lock (Gate) return Kinds.TryGetValue(name, out kind!);
    }

    /// <summary>Registers a kind (a host's own participant). Registering the same kind twice is allowed; a different kind under a taken name is not.</summary>
    public static void Register(ParticipantKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!ParticipantConfig.IsValidName(kind.Name.Replace('_', '-')))
            throw new ArgumentException($"A kind's name must be snake_case letters and digits, got '{kind.Name}'.", nameof(kind));
        lock (Gate)
        {
            if (Kinds.TryGetValue(kind.Name, out var stored) && !ReferenceEquals(stored, kind)
                && (stored.Role != kind.Role || !stored.Parameters.SequenceEqual(kind.Parameters)))
                throw new ArgumentException($"A different participant kind named '{kind.Name}' is already registered.", nameof(kind));
            Kinds[kind.Name] = kind;
        }
    }
}

/// <summary>
/// One extra market participant of a run, declared under <c>participants:</c>. Its parameters are resolved:
/// every parameter of its kind has a value. Each participant draws from its own random streams (keyed by its
/// name), so adding one never changes the draws of the others.
/// </summary>
/// <param name="Kind">The kind's name (see <see cref="ParticipantKinds"/>).</param>
/// <param name="Name">Its actor name, unique in the run: lowercase letters, digits and '-'.</param>
/// <param name="Parameters">Every parameter of the kind, by name.</param>
public sealed record ParticipantConfig(string Kind, string Name, IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>The most participants one run may have.</summary>
    public const int MaxParticipants = 16;

    /// <summary>Names the engine's own roles use; participants may not take them.</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = ["price-feed", "market-maker", "order-flow", "recorder", "clock", "scenario"];

    private static readonly Regex NamePattern = new("^[a-z][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant);

    /// <summary>A participant of <paramref name="kind"/> with every parameter at its default, under the kind's default name.</summary>
    public static ParticipantConfig Default(ParticipantKind kind) =>
        new(kind.Name, kind.DefaultName, kind.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal));

    /// <summary>True when <paramref name="name"/> may name a participant: lowercase letter first, then letters, digits or '-', at most 40.</summary>
    public static bool IsValidName(string name) => NamePattern.IsMatch(name);

    /// <summary>Taker or maker, from its kind (see <see cref="ParticipantKinds"/>).</summary>
    /// <exception cref="InvalidOperationException">The kind is not registered.</exception>
    public ParticipantRole Role => ParticipantKinds.TryGet(Kind, out var kind)
        ? kind.Role
        : throw new InvalidOperationException($"Participant '{Name}' is of kind '{Kind}', which is not registered.");

    /// <summary>The value of parameter <paramref name="name"/>.</summary>
    public double this[string name] => Parameters.TryGetValue(name, out double value)
        ? value
        : throw new KeyNotFoundException($"Participant '{Name}' ({Kind}) has no parameter '{name}'.");

    /// <summary>Every rule broken by one participant at <paramref name="path"/> (e.g. <c>participants[0]</c>).</summary>
    public IEnumerable<ConfigError> Validate(string path)
    {
        if (!ParticipantKinds.TryGet(Kind, out var kind))
        {
            yield return new ConfigError($"{path}.kind", $"must be one of {string.Join(", ", ParticipantKinds.All.Select(k => k.Name))}", Kind);
            yield break;
        }
        if (!IsValidName(Name))
            yield return new ConfigError($"{path}.name", "must start with a lowercase letter and use only lowercase letters, digits and '-' (at most 40)", Name);
        else if (ReservedNames.Contains(Name))
            yield return new ConfigError($"{path}.name", $"must not be the name of one of the engine's roles ({string.Join(", ", ReservedNames)}); choose another", Name);
        foreach (var (key, value) in Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var spec = kind.Parameters.FirstOrDefault(p => p.Name == key);
            if (spec is null)
                yield return new ConfigError($"{path}.{key}", $"is not a parameter of {Kind}; allowed: {ParameterList(kind)}");
            else if (!spec.Allows(value))
                yield return new ConfigError($"{path}.{key}", $"must be a number in {spec.Range} ({spec.Description})", value);
        }
        foreach (var spec in kind.Parameters.Where(p => !Parameters.ContainsKey(p.Name)))
            yield return new ConfigError($"{path}.{spec.Name}", $"is missing (default {Rules.Format(spec.Default)})");
    }

    /// <summary>The parameter names of <paramref name="kind"/> for messages, with "kind" and "name".</summary>
    public static string ParameterList(ParticipantKind kind) => string.Join(", ", new[] { "kind", "name" }.Concat(kind.Parameters.Select(p => p.Name)));

    /// <summary>Every rule broken by a list of participants: each one's, plus unique names and the count limit.</summary>
    public static IEnumerable<ConfigError> ValidateAll(IReadOnlyList<ParticipantConfig> participants, string path)
    {
        if (participants.Count > MaxParticipants)
            yield return new ConfigError(path, $"lists {participants.Count} participants; at most {MaxParticipants} are allowed");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < participants.Count; i++)
        {
            foreach (var error in participants[i].Validate($"{path}[{i}]")) yield return error;
            if (!seen.Add(participants[i].Name))
                yield return new ConfigError($"{path}[{i}].name", "is used by an earlier participant; names must be unique", participants[i].Name);
        }
    }
}
