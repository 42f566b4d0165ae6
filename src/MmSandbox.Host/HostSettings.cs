using System.Globalization;

namespace MmSandbox.Host;

/// <summary>
/// The host's settings: section <c>MmSandbox</c> of appsettings.json, overridable by environment variables
/// (<c>MmSandbox__Paths=50</c>) and the command line (<c>--MmSandbox:Paths=50</c>, or the short forms in
/// <see cref="SwitchMappings"/>: <c>--paths 50</c>). Relative folders are resolved against the current folder.
/// </summary>
public sealed class HostSettings
{
    /// <summary>The configuration section the settings are read from.</summary>
    public const string Section = "MmSandbox";

    /// <summary>Short command-line switches and the keys they set.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--config-dir"] = $"{Section}:{nameof(ConfigDir)}",
        ["--out"] = $"{Section}:{nameof(OutputDir)}",
        ["--gammas"] = $"{Section}:{nameof(Gammas)}",
        ["--only"] = $"{Section}:{nameof(Only)}",
        ["--paths"] = $"{Section}:{nameof(Paths)}",
        ["--seed"] = $"{Section}:{nameof(Seed)}",
        ["--jobs"] = $"{Section}:{nameof(Jobs)}",
        ["--resume"] = $"{Section}:{nameof(Resume)}",
        ["--force"] = $"{Section}:{nameof(Force)}",
        ["--hocon"] = $"{Section}:{nameof(HoconFile)}",
    };

    /// <summary>Folder with study.yaml and regimes/*.yaml.</summary>
    public string ConfigDir { get; set; } = "config";

    /// <summary>The study folder the results go to.</summary>
    public string OutputDir { get; set; } = "results/host";

    /// <summary>Comma-separated γ grid, e.g. <c>0.01,0.1</c>; empty for study.yaml's.</summary>
    public string? Gammas { get; set; }

    /// <summary>Comma-separated regimes to run, e.g. <c>calm,turbulent</c>; empty for all.</summary>
    public string? Only { get; set; }

    /// <summary>Paths per cell (same as a set <c>paths=N</c>); null for the configs' own.</summary>
    public int? Paths { get; set; }

    /// <summary>The seed of every cell (same as a set <c>seed=S</c>); null for the configs' own.</summary>
    public ulong? Seed { get; set; }

    /// <summary>Overrides for every cell, each <c>field.path=yaml-value</c>, applied before <see cref="Paths"/> and <see cref="Seed"/>.</summary>
    public List<string> Sets { get; set; } = [];

    /// <summary>Cells run at the same time; 0 for the number of cores. Never changes a result.</summary>
    public int Jobs { get; set; }

    /// <summary>Keep cells whose folder holds complete results of the same config; run the rest.</summary>
    public bool Resume { get; set; }

    /// <summary>Replace results of a different config found in the output folder.</summary>
    public bool Force { get; set; }

    /// <summary>The name of the host's ActorSystem.</summary>
    public string ActorSystemName { get; set; } = "mmsandbox";

    /// <summary>A HOCON file layered over the embedded hocon/scenario.hocon for the host's ActorSystem; null for none.</summary>
    public string? HoconFile { get; set; }

    /// <summary>Cells at a time: <see cref="Jobs"/>, or the number of cores when it is 0.</summary>
    public int EffectiveJobs => Jobs > 0 ? Jobs : Environment.ProcessorCount;

    /// <summary>The overrides for every cell, as the command line's <c>--set</c>, <c>--paths</c> and <c>--seed</c> give them.</summary>
    public IReadOnlyList<string> Overrides()
    {
        var all = new List<string>(Sets);
        if (Paths is { } p) all.Add(string.Create(CultureInfo.InvariantCulture, $"paths={p}"));
        if (Seed is { } s) all.Add(string.Create(CultureInfo.InvariantCulture, $"seed={s}"));
        return all;
    }

    /// <summary>What is wrong with the settings themselves, if anything (config files are checked by the study loader).</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(ConfigDir)) return $"{Section}:{nameof(ConfigDir)} must name a folder";
        if (string.IsNullOrWhiteSpace(OutputDir)) return $"{Section}:{nameof(OutputDir)} must name a folder";
        if (Jobs < 0) return $"{Section}:{nameof(Jobs)} must be a whole number ≥ 0 (0: the number of cores)";
        if (string.IsNullOrWhiteSpace(ActorSystemName)) return $"{Section}:{nameof(ActorSystemName)} must not be empty";
        if (HoconFile is { Length: > 0 } hocon && !File.Exists(hocon)) return $"{Section}:{nameof(HoconFile)}: '{hocon}' does not exist";
        return null;
    }
}
