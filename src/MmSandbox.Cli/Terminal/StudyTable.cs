using MmSandbox.Runner.Study;
using Spectre.Console;

namespace MmSandbox.Cli.Terminal;

/// <summary>The study's headline KPIs, one row per cell.</summary>
public static class StudyTable
{
    /// <summary>Prints the table.</summary>
    public static void Print(StudyOutcome outcome)
    {
        var table = new Table().Title("Scenario study")
            .AddColumn("regime").AddColumn(new TableColumn("γ").RightAligned()).AddColumn(new TableColumn("spread").RightAligned())
            .AddColumn(new TableColumn("PnL mean").RightAligned()).AddColumn(new TableColumn("PnL std").RightAligned())
            .AddColumn(new TableColumn("inv std").RightAligned()).AddColumn(new TableColumn("VaR95 inv").RightAligned())
            .AddColumn(new TableColumn("adverse").RightAligned());
        foreach (var cell in outcome.Cells)
        {
            if (cell.Outcome is not { } o)
            {
                table.AddRow(Markup.Escape(cell.Cell.Regime.Name), Kpis.Format(cell.Cell.Gamma, "0.###"), "[red]failed[/]", "", "", "", "", "");
                continue;
            }
            var s = o.Result.Summary;
            table.AddRow(Markup.Escape(cell.Cell.Regime.Name), Kpis.Format(s.Gamma, "0.###"), Kpis.Format(s.SpreadMean, "F3"),
                Kpis.Format(s.PnlMean, "F2"), Kpis.Format(s.PnlStd, "F2"), Kpis.Format(s.InventoryStd, "F2"),
                Kpis.Format(s.InventoryVar.Count > 0 ? s.InventoryVar[0].ValueAtRisk : double.NaN, "F3"), Kpis.Format(s.AdverseSelectionRate, "P1"));
        }
        AnsiConsole.Write(table);
    }
}
