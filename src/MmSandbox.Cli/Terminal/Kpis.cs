using System.Globalization;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Results;
using Spectre.Console;

namespace MmSandbox.Cli.Terminal;

/// <summary>The headline KPIs of a run, as a table on standard output.</summary>
public static class Kpis
{
    /// <summary>Formats a number invariantly; NaN as "–".</summary>
    public static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Prints the headline KPIs and the throughput.</summary>
    public static void Print(RunSummary s, RunInfo info)
    {
        var table = new Table().Title($"{EnumNames.Name(s.Strategy)}, γ = {Format(s.Gamma, "0.####")}: {s.Paths:N0} paths × {s.Steps} steps")
            .AddColumn("KPI").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("mean spread", Format(s.SpreadMean, "F4"));
        table.AddRow("PnL mean ± std", $"{Format(s.PnlMean, "F3")} ± {Format(s.PnlStd, "F3")}");
        table.AddRow("PnL p05 / p50 / p95", $"{Format(s.PnlP05, "F2")} / {Format(s.PnlP50, "F2")} / {Format(s.PnlP95, "F2")}");
        foreach (var tail in s.TailRisk)
            table.AddRow($"VaR / CVaR {tail.Suffix} % (loss)", $"{Format(tail.ValueAtRisk, "F2")} / {Format(tail.ExpectedShortfall, "F2")}");
        table.AddRow("final q mean ± std", $"{Format(s.FinalInventoryMean, "F3")} ± {Format(s.FinalInventoryStd, "F3")}");
        table.AddRow("max |q|", Format(s.InventoryAbsMax, "G"));
        table.AddRow("fills per path", Format(s.TradesPerPathMean, "F2"));
        foreach (var m in s.Markouts)
            table.AddRow($"markout mean at {m.Horizon} step{(m.Horizon == 1 ? "" : "s")}", Format(m.Mean, "F4"));
        table.AddRow($"adverse selection rate (h = {s.AdverseHorizonSteps})", Format(s.AdverseSelectionRate, "P1"));
        table.AddRow("engine", $"{EnumNames.Name(s.Engine)}, lanes of {s.LaneSize}");
        table.AddRow("speed", $"{info.PathStepsPerSecond / 1e6:F2} M path-steps/s ({info.WallSeconds:F2} s)");
        AnsiConsole.Write(table);
        if (s.Participants.Count == 0)
            return;
        var others = new Table().Title("other participants").AddColumn("participant").AddColumn("kind")
            .AddColumn(new TableColumn("buys / sells per path").RightAligned()).AddColumn(new TableColumn("PnL mean ± std").RightAligned())
            .AddColumn(new TableColumn("final q std").RightAligned());
        foreach (var p in s.Participants)
        {
            others.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Kind), $"{Format(p.BuysPerPathMean, "F2")} / {Format(p.SellsPerPathMean, "F2")}",
                $"{Format(p.PnlMean, "F3")} ± {Format(p.PnlStd, "F3")}", Format(p.FinalInventoryStd, "F3"));
        }
        AnsiConsole.Write(others);
    }
}
