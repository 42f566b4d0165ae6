namespace MmSandbox.Core.Config;

/// <summary>The law of the mid-price increment ε in s_{k+1} = s_k + μ·dt + σ·√dt·ε.</summary>
public enum PriceModel
{
    /// <summary>ε = ±1 with equal probability (the paper's).</summary>
    Binomial,
    /// <summary>ε ~ N(0, 1).</summary>
    Gaussian,
}

/// <summary>How the market maker sets its quotes.</summary>
public enum Strategy
{
    /// <summary>The inventory strategy: reservation price and optimal spread of Avellaneda–Stoikov.</summary>
    AvellanedaStoikov,
    /// <summary>The inventory strategy's time-averaged spread, centred on the mid.</summary>
    Symmetric,
}

/// <summary>How a fill intensity λ becomes a per-step fill probability.</summary>
public enum FillProbability
{
    /// <summary>P = min(1, λ·dt) (the paper's).</summary>
    Linear,
    /// <summary>P = 1 − e^(−λ·dt), the probability of at least one Poisson arrival.</summary>
    Poisson,
}

/// <summary>Which engine runs the simulation.</summary>
public enum EngineKind
{
    /// <summary>The actor system: one actor per role under a virtual clock.</summary>
    Actors,
    /// <summary>The plain single-threaded loop over paths and steps (the oracle).</summary>
    Reference,
}

/// <summary>The YAML spelling of each enum value, in one place.</summary>
public static class EnumNames
{
    /// <summary>The allowed spellings of <typeparamref name="T"/>, in declaration order.</summary>
    public static IReadOnlyList<string> Of<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => Name(v)).ToArray();

    /// <summary>The YAML spelling of an enum value.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value switch
    {
        PriceModel.Binomial => "binomial",
        PriceModel.Gaussian => "gaussian",
        Strategy.AvellanedaStoikov => "avellaneda-stoikov",
        Strategy.Symmetric => "symmetric",
        FillProbability.Linear => "linear",
        FillProbability.Poisson => "poisson",
        EngineKind.Actors => "actors",
        EngineKind.Reference => "reference",
        FillsPerStep.Independent => "independent",
        FillsPerStep.One => "one",
        QuoteMid.Current => "current",
        QuoteMid.Previous => "previous",
        ParticipantRole.Taker => "taker",
        ParticipantRole.Maker => "maker",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "no YAML name"),
    };

    /// <summary>Parses a YAML spelling; false when it names no value.</summary>
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        foreach (var v in Enum.GetValues<T>())
        {
            if (string.Equals(Name(v), text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }
}
