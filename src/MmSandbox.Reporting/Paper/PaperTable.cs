using System.Globalization;
using System.Text;
using System.Text.Json;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Reporting.Paper;

/// <summary>One row of the paper's table: a strategy at one γ.</summary>
/// <param name="Gamma">Risk aversion γ.</param>
/// <param name="Strategy">The strategy.</param>
/// <param name="AverageSpread">Mean full spread.</param>
/// <param name="Profit">Mean terminal PnL.</param>
/// <param name="ProfitStd">Std of terminal PnL.</param>
/// <param name="FinalInventory">Mean terminal inventory.</param>
/// <param name="FinalInventoryStd">Std of terminal inventory.</param>
public sealed record PaperRow(double Gamma, Strategy Strategy, double AverageSpread, double Profit, double ProfitStd,
                              double FinalInventory, double FinalInventoryStd)
{
    /// <summary>The row of a run's summary.</summary>
    public static PaperRow From(RunSummary s) =>
        new(s.Gamma, s.Strategy, s.SpreadMean, s.PnlMean, s.PnlStd, s.FinalInventoryMean, s.FinalInventoryStd);
}

/// <summary>
/// The values published in Avellaneda &amp; Stoikov (2008), Quantitative Finance 8(3), Table 1 (γ = 0.1,
/// 1000 paths), as shipped with the project, and the table layout that compares a run with them.
/// Only γ = 0.1 is shipped; other rows print without a published value.
/// </summary>
public static class PaperTable
{
    /// <summary>The γ values of the paper's experiments.</summary>
    public static IReadOnlyList<double> Gammas { get; } = [0.1, 0.01, 1.0];

    /// <summary>The published rows (γ = 0.1).</summary>
    public static IReadOnlyList<PaperRow> Published { get; } =
    [
        new(0.1, Strategy.AvellanedaStoikov, 1.49, 65.0, 6.6, 0.08, 2.9),
        new(0.1, Strategy.Symmetric, 1.49, 68.4, 12.7, 0.26, 8.4),
    ];

    /// <summary>The published row for (γ, strategy), if the project ships one.</summary>
    public static PaperRow? PublishedFor(double gamma, Strategy strategy) =>
        Published.FirstOrDefault(r => r.Gamma == gamma && r.Strategy == strategy);

    /// <summary>The paper's name of a strategy.</summary>
    public static string Label(Strategy strategy) => strategy == Strategy.AvellanedaStoikov ? "inventory" : "symmetric";

    /// <summary>The comparison as a Markdown table, one line per run row and one per published row beside it.</summary>
    public static string ToMarkdown(IReadOnlyList<PaperRow> rows, int paths, ulong seed)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Avellaneda & Stoikov (2008), reproduced ({paths:N0} paths, seed {seed})\n\n");
        md.Append("| γ | strategy | source | avg spread | profit | std(profit) | final q | std(final q) |\n");
        md.Append("|---:|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var row in rows)
        {
            md.Append(Line(row, "this run"));
            if (PublishedFor(row.Gamma, row.Strategy) is { } published) md.Append(Line(published, "paper"));
        }
        md.Append("\nPublished values: journal version, Table 1 (γ = 0.1 only is shipped). Standard errors at 1000 paths: ")
          .Append("profit ≈ 0.2–0.4, std(profit) ≈ 0.15–0.4; the paper's mean final q values are sampling noise around 0.\n");
        return md.ToString();
    }

    /// <summary>The comparison as JSON: the run's rows with the published values where shipped.</summary>
    public static void WriteJson(Stream stream, IReadOnlyList<PaperRow> rows, int paths, ulong seed)
    {
        using (var json = new Utf8JsonWriter(stream, Json.Options))
        {
            json.WriteStartObject();
            json.WriteNumber("paths", paths);
            json.WriteNumber("seed", seed);
            json.WriteStartArray("rows");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteNumber("gamma", row.Gamma);
                json.WriteString("strategy", Label(row.Strategy));
                WriteValues(json, row);
                if (PublishedFor(row.Gamma, row.Strategy) is { } published)
                {
                    json.WriteStartObject("published");
                    WriteValues(json, published);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    private static void WriteValues(Utf8JsonWriter json, PaperRow row)
    {
        Json.Number(json, "avg_spread", row.AverageSpread);
        Json.Number(json, "profit", row.Profit);
        Json.Number(json, "std_profit", row.ProfitStd);
        Json.Number(json, "final_q", row.FinalInventory);
        Json.Number(json, "std_final_q", row.FinalInventoryStd);
    }

    private static string Line(PaperRow r, string source) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Gamma:0.###} | {Label(r.Strategy)} | {source} | {r.AverageSpread:F2} | {r.Profit:F2} | {r.ProfitStd:F2} | {r.FinalInventory:F2} | {r.FinalInventoryStd:F2} |\n");
}
