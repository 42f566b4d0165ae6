using System.Text.Json;

namespace MmSandbox.Reporting.Results;

/// <summary>Reads back a <c>summary.json</c> written by <see cref="ResultWriter"/>.</summary>
public static class SummaryReader
{
    /// <summary>The parsed file; the caller disposes it. KPIs without data are JSON null.</summary>
    public static JsonDocument Read(string summaryJsonPath)
    {
        using var stream = File.OpenRead(summaryJsonPath);
        return JsonDocument.Parse(stream);
    }

    /// <summary>The top-level KPI <paramref name="name"/> as a double: NaN when null, absent, or not a number.</summary>
    public static double Number(JsonDocument summary, string name) =>
        summary.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
