using System.Text.Json;
using MmSandbox.Reporting.Results;
using Spectre.Console;

namespace MmSandbox.Cli.Terminal;

/// <summary>The study's headline KPIs, one row per cell, from the study's aggregate summary.json.</summary>
public static class StudyTable
{
    /// <summary>Prints the table of the study in <paramref name="outDir"/>.</summary>
    public static void Print(string outDir)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, ResultWriter.SummaryFileName)));
        var table = new Table().Title("Scenario study")
            .AddColumn("regime").AddColumn(new TableColumn("γ").RightAligned()).AddColumn(new TableColumn("spread").RightAligned())
            .AddColumn(new TableColumn("PnL mean").RightAligned()).AddColumn(new TableColumn("PnL std").RightAligned())
            .AddColumn(new TableColumn("inv std").RightAligned()).AddColumn(new TableColumn("VaR95 inv").RightAligned())
            .AddColumn(new TableColumn("adverse").RightAligned());
        foreach (var cell in summary.RootElement.GetProperty("cells").EnumerateArray())
        {
            string regime = Markup.Escape(cell.GetProperty("regime").GetString() ?? "");
            string gamma = Kpis.Format(cell.GetProperty("gamma").GetDouble(), "0.###");
            if (cell.GetProperty("summary") is not { ValueKind: JsonValueKind.Object } s)
            {
                table.AddRow(regime, gamma, "[red]failed[/]", "", "", "", "", "");
                continue;
            }
            table.AddRow(regime, gamma, Number(s, "spread_mean", "F3"), Number(s, "pnl_mean", "F2"), Number(s, "pnl_std", "F2"),
                Number(s, "inventory_std", "F2"), Number(s, "var_95_inv", "F3"), Number(s, "adverse_selection_rate", "P1"));
        }
        AnsiConsole.Write(table);
    }

    private static string Number(JsonElement summary, string key, string format) =>
        summary.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? Kpis.Format(v.GetDouble(), format) : "–";
}
