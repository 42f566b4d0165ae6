using System.Globalization;
using MmSandbox.Core.Config;

namespace MmSandbox.Runner.Study;

/// <summary>A market regime: a config file that overrides the base config, named after the file.</summary>
/// <param name="Name">The file name without extension, e.g. <c>calm</c>.</param>
/// <param name="File">The regime's YAML file.</param>
/// <param name="Mu">The regime's drift μ (from its resolved config).</param>
/// <param name="Sigma">The regime's volatility σ (from its resolved config).</param>
public sealed record Regime(string Name, string File, double Mu, double Sigma);

/// <summary>One cell of the study: a regime at one γ, with its fully resolved config.</summary>
/// <param name="Regime">The regime.</param>
/// <param name="Gamma">The maker's γ.</param>
/// <param name="Config">The resolved config of the cell.</param>
public sealed record StudyCell(Regime Regime, double Gamma, SimulationConfig Config)
{
    /// <summary>The cell's folder under the study's output folder: <c>&lt;regime&gt;/gamma_&lt;γ&gt;</c>.</summary>
    public string RelativePath => $"{Regime.Name}/{FolderName(Gamma)}";

    /// <summary>The folder name of γ: <c>gamma_</c> and γ in shortest round-trip form, e.g. <c>gamma_0.001</c>.</summary>
    public static string FolderName(double gamma) => "gamma_" + gamma.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Regime.Name} γ = {Gamma:R}");
}

/// <summary>The whole study: regimes in panel order × γ grid, every cell's config resolved and valid.</summary>
public sealed record StudyPlan(IReadOnlyList<Regime> Regimes, IReadOnlyList<double> Gammas, IReadOnlyList<StudyCell> Cells)
{
    /// <summary>Paths over all cells.</summary>
    public long TotalPaths => Cells.Sum(c => (long)c.Config.Paths);
}
