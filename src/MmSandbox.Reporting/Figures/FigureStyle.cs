using ScottPlot;
using SkiaSharp;

namespace MmSandbox.Reporting.Figures;

/// <summary>The look shared by every figure: fonts, and the fixed colours of each γ and each regime.</summary>
internal static class FigureStyle
{
    /// <summary>A family installed on Linux with Greek letters (γ, μ, σ) and typographic dashes.</summary>
    public const string PreferredFont = "DejaVu Sans";

    /// <summary>The family every text uses: <see cref="PreferredFont"/> where installed, else ScottPlot's default.</summary>
    public static string FontFamily { get; } = IsInstalled(PreferredFont) ? PreferredFont : Fonts.Default;

    // Okabe–Ito, colour-blind safe; yellow and black are left out (yellow is faint on white; black is the mid).
    private static readonly Color[] GammaColors = Color.FromHex(
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C564B", "#7F7F7F"]);

    private static readonly Color[] RegimeColors = Color.FromHex(
        ["#1F77B4", "#D62728", "#2CA02C", "#9467BD", "#8C564B", "#E377C2", "#17BECF", "#7F7F7F"]);

    /// <summary>The colour of the γ at <paramref name="gammaIndex"/> in the study's γ list, the same in every figure.</summary>
    public static Color Gamma(int gammaIndex) => GammaColors[gammaIndex % GammaColors.Length];

    /// <summary>The colour of the regime at <paramref name="regimeIndex"/> in the study's regime list.</summary>
    public static Color Regime(int regimeIndex) => RegimeColors[regimeIndex % RegimeColors.Length];

    /// <summary>The mid price.</summary>
    public static Color Mid { get; } = Colors.Black;

    /// <summary>Legend marks that explain a line style rather than a γ.</summary>
    public static Color Neutral { get; } = Color.FromHex("#555555");

    private static bool IsInstalled(string family)
    {
        using var typeface = SKFontManager.Default.MatchFamily(family);
        return typeface is not null;
    }

    /// <summary>Opacity of a band over paths, low enough that several γ stay legible on top of each other.</summary>
    public const double BandOpacity = 0.14;
}
