using Akka.Configuration;

namespace MmSandbox.Actors;

/// <summary>The HOCON of a scenario's ActorSystem: hocon/scenario.hocon, embedded at build time.</summary>
public static class ScenarioHocon
{
    /// <summary>The embedded text of hocon/scenario.hocon.</summary>
    public static string Text { get; } = ReadEmbedded();

    /// <summary>The parsed configuration, with <paramref name="overrides"/> (HOCON text) taking precedence.</summary>
    public static Config Load(string? overrides = null)
    {
        var config = ConfigurationFactory.ParseString(Text);
        return string.IsNullOrWhiteSpace(overrides) ? config : ConfigurationFactory.ParseString(overrides).WithFallback(config);
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(ScenarioHocon).Assembly.GetManifestResourceStream("MmSandbox.Actors.scenario.hocon")
            ?? throw new InvalidOperationException("The embedded hocon/scenario.hocon is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
