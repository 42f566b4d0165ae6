using System.Globalization;

namespace MmSandbox.Reporting.Study;

/// <summary>How the figures and the report print numbers: invariant culture, whatever the machine's.</summary>
internal static class StudyText
{
    /// <summary>Shortest round-trip form, as in folder names and parameters: 0.001, 10, -0.5; −0 prints as 0.</summary>
    public static string Number(double value) => (value + 0.0).ToString("R", CultureInfo.InvariantCulture);

    /// <summary><c>γ = 0.001</c>.</summary>
    public static string Gamma(double gamma) => $"γ = {Number(gamma)}";

    /// <summary>Four significant digits for a table or a finding (whole numbers from 10,000 up); "n/a" for NaN.</summary>
    public static string Kpi(double value)
    {
        if (double.IsNaN(value))
            return "n/a";
        if (double.IsInfinity(value))
            return value > 0 ? "∞" : "−∞";
        value += 0.0; // −0 prints as 0
        return Math.Abs(value) >= 10_000
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }
}
