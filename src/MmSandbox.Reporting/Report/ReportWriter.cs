using System.Globalization;
using System.Net;
using System.Text;
using MmSandbox.Reporting.Figures;
using MmSandbox.Reporting.IO;
using MmSandbox.Reporting.Study;

namespace MmSandbox.Reporting.Report;

/// <summary>
/// Writes a study's report: one self-contained HTML file (figures embedded as base64 PNG, an inline style sheet, no
/// script, nothing fetched) with the set-up, the cells that failed, the findings, the summary table and the six figures.
/// Numbers print in the invariant culture; every text from the study is HTML-encoded.
/// </summary>
public static class ReportWriter
{
    /// <summary>The report's usual file name.</summary>
    public const string FileName = "report.html";

    /// <summary>
    /// Writes the report of <paramref name="data"/> to <paramref name="reportPath"/>, atomically, embedding the PNG of each
    /// of <see cref="FigureRenderer.Figures"/> from <paramref name="figuresDir"/>.
    /// </summary>
    /// <exception cref="StudyFileException">A figure's PNG is missing from <paramref name="figuresDir"/>.</exception>
    public static void Write(StudyData data, string figuresDir, string reportPath)
    {
        var figures = FigureRenderer.Figures.Select(f => (Info: f, Png: ReadFigure(figuresDir, f))).ToList();
        var html = new StringBuilder();
        Head(html);
        html.Append("<h1>Market making across regimes: how risk aversion γ shapes quotes, risk and adverse selection</h1>\n");
        html.Append("<p class=\"lead\">Avellaneda–Stoikov (2008) market maker; ")
            .Append(data.Regimes.Count).Append(" regimes × ").Append(data.Gammas.Count).Append(" values of γ = ")
            // No folder name or date here: the report is a result file, identical wherever and whenever it is drawn.
            .Append(data.Cells.Count).Append(" cells, drawn from the study's result files alone.</p>\n");
        Setup(html, data);
        Cells(html, data);
        FindingsSection(html, Findings.Evaluate(data));
        SummaryTable(html, data);
        ParticipantsTable(html, data);
        FiguresSection(html, data, figures);
        html.Append("</body>\n</html>\n");

        var directory = Path.GetDirectoryName(Path.GetFullPath(reportPath));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(reportPath, html.ToString());
    }

    private static byte[] ReadFigure(string figuresDir, FigureInfo figure)
    {
        var path = Path.Combine(figuresDir, figure.Name + ".png");
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StudyFileException(path, $"cannot be read; render the figures first ({e.Message})", e);
        }
    }

    private static void Head(StringBuilder html) => html.Append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Market-making study report</title>
        <style>
        body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222; max-width: 1440px; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
        h1 { font-size: 1.6em; margin-bottom: .3em; }
        h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; }
        .lead { color: #555; margin-top: 0; }
        table { border-collapse: collapse; margin: .6em 0; font-size: .9em; }
        th, td { border: 1px solid #d4d4d4; padding: .3em .6em; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.failed { color: #a00000; }
        tr.regime-start td { border-top: 2px solid #999; }
        .verdict { display: inline-block; padding: 0 .5em; border-radius: .3em; font-weight: bold; }
        .verdict.holds { background: #dff3e3; color: #1b6b2c; }
        .verdict.holds-except { background: #fff2d6; color: #7a5200; }
        .verdict.does-not-hold { background: #fbe0e0; color: #a00000; }
        .verdict.not-evaluated { background: #eee; color: #555; }
        ol.findings > li { margin-bottom: .8em; }
        ol.findings ul { margin: .2em 0; color: #444; font-size: .92em; }
        figure { margin: 1.5em 0; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e2e2e2; }
        figcaption { color: #444; margin-top: .3em; }
        .failed-list li { color: #a00000; }
        .note { color: #555; font-size: .92em; }
        </style>
        </head>
        <body>

        """);

    private static void Setup(StringBuilder html, StudyData data)
    {
        html.Append("<h2>Set-up</h2>\n<table class=\"regimes\">\n<tr><th>regime</th><th>μ (drift per unit time)</th><th>σ (volatility per √time)</th></tr>\n");
        foreach (var r in data.Regimes)
        {
            html.Append("<tr><td>").Append(Encode(r.Name)).Append("</td>")
                .Append(Num(r.Mu, exact: true)).Append(Num(r.Sigma, exact: true)).Append("</tr>\n");
        }
        html.Append("</table>\n<table class=\"setup\">\n");
        Row(html, "γ grid", string.Join(", ", data.Gammas.Select(StudyText.Number)));
        if (data.Setup is { } s)
        {
            Row(html, "paths per cell", s.Paths.ToString(CultureInfo.InvariantCulture));
            Row(html, "steps N, dt, horizon T", $"{s.Steps.ToString(CultureInfo.InvariantCulture)} steps of dt = {StudyText.Number(s.Dt)}, T = {StudyText.Number(s.Horizon)} (model time units)");
            Row(html, "seed", s.Seed.ToString(CultureInfo.InvariantCulture));
            Row(html, "engine", s.Engine);
            Row(html, "strategy", s.Strategy);
            Row(html, "mid price", $"s0 = {StudyText.Number(s.S0)}, {s.PriceModel} increments");
            Row(html, "order flow", $"λ(δ) = A·e^(−k·δ), A = {StudyText.Number(s.A)}, k = {StudyText.Number(s.K)}, {s.FillProbability} fill probability");
            Row(html, "markout horizons", $"{string.Join(", ", s.MarkoutHorizons.Select(h => h.ToString(CultureInfo.InvariantCulture)))} steps; adverse-selection horizon h = {s.AdverseHorizonSteps.ToString(CultureInfo.InvariantCulture)} steps");
            Row(html, "inventory VaR horizon", $"{s.VarHorizonSteps.ToString(CultureInfo.InvariantCulture)} steps");
            html.Append("</table>\n<p class=\"note\">Read from <code>").Append(Encode(s.SourceCell))
                .Append("/config_used.yaml</code> and its <code>summary.json</code>; the cells differ only in μ, σ and γ.</p>\n");
        }
        else
        {
            html.Append("</table>\n<p class=\"note\">No cell completed, so the run parameters are unknown.</p>\n");
        }
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(Encode(name)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");

    private static void Cells(StringBuilder html, StudyData data)
    {
        html.Append("<h2>Cells</h2>\n");
        var failed = data.FailedCells;
        if (failed.Count == 0)
        {
            html.Append("<p>All ").Append(data.Cells.Count).Append(" cells completed.</p>\n");
            return;
        }
        html.Append("<p>").Append(failed.Count).Append(" of ").Append(data.Cells.Count)
            .Append(" cells failed; they are left out of the figures and the findings:</p>\n<ul class=\"failed-list\">\n");
        foreach (var c in failed)
        {
            html.Append("<li>").Append(Encode(c.Regime)).Append(", ").Append(Encode(StudyText.Gamma(c.Gamma)))
                .Append(" (<code>").Append(Encode(c.Path)).Append("</code>): ").Append(Encode(c.Error ?? "failed")).Append("</li>\n");
        }
        html.Append("</ul>\n");
    }

    private static void FindingsSection(StringBuilder html, IReadOnlyList<Finding> findings)
    {
        html.Append("<h2>Findings</h2>\n<p class=\"note\">Each claim is decided from the KPIs of this study's completed cells; ")
            .Append("monotonicity is strict, in the order of the γ grid.</p>\n<ol class=\"findings\">\n");
        foreach (var f in findings)
        {
            var css = f.Verdict switch
            {
                Verdict.Holds => "holds",
                Verdict.HoldsExcept => "holds-except",
                Verdict.DoesNotHold => "does-not-hold",
                _ => "not-evaluated",
            };
            html.Append("<li><strong>").Append(Encode(f.Claim)).Append("</strong> <span class=\"verdict ").Append(css).Append("\">")
                .Append(Encode(f.Statement)).Append("</span>\n");
            if (f.Evidence.Count > 0)
            {
                html.Append("<ul>\n");
                foreach (var line in f.Evidence)
                    html.Append("<li>").Append(Encode(line)).Append("</li>\n");
                html.Append("</ul>\n");
            }
            html.Append("</li>\n");
        }
        html.Append("</ol>\n");
    }

    private static void SummaryTable(StringBuilder html, StudyData data)
    {
        var horizons = data.Cells.Select(c => c.Result?.Summary.MarkoutAtHorizon?.Horizon).OfType<int>().Distinct().ToList();
        var markoutHeader = horizons.Count == 1
            ? $"markout_mean[{horizons[0].ToString(CultureInfo.InvariantCulture)}]"
            : "markout_mean[h]";
        string[] columns =
        [
            "regime", "γ", "spread_mean", "pnl_mean", "pnl_std", "pnl_sharpe", "var_95", "cvar_95", "inventory_std",
            "var_95_inv", "var_99_inv", markoutHeader, "adverse_selection_rate", "trades_per_path_mean",
        ];
        html.Append("<h2>Summary</h2>\n<p class=\"note\">One row per cell, KPIs over all paths as defined in the README: ")
            .Append("PnL, VaR and markouts in price units, inventory in units; var_95 / cvar_95 are of the terminal loss −PnL, ")
            .Append("var_95_inv / var_99_inv of the inventory shock; markout at the adverse horizon h (the largest measured one if h was not).</p>\n")
            .Append("<table class=\"summary\" id=\"summary\">\n<thead><tr>");
        foreach (var c in columns)
            html.Append("<th>").Append(Encode(c)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");

        string? previousRegime = null;
        foreach (var cell in OrderForTable(data))
        {
            var rowClass = previousRegime is not null && cell.Regime != previousRegime ? "cell regime-start" : "cell";
            previousRegime = cell.Regime;
            html.Append("<tr class=\"").Append(rowClass).Append("\"><td>").Append(Encode(cell.Regime)).Append("</td>")
                .Append(Num(cell.Gamma, exact: true));
            if (cell.Result is not { } result)
            {
                html.Append("<td class=\"failed\" colspan=\"").Append(columns.Length - 2).Append("\">failed: ")
                    .Append(Encode(cell.Error ?? "no result")).Append("</td></tr>\n");
                continue;
            }
            var s = result.Summary;
            var markout = s.MarkoutAtHorizon;
            html.Append(Num(s.SpreadMean)).Append(Num(s.PnlMean)).Append(Num(s.PnlStd)).Append(Num(s.PnlSharpe))
                .Append(Num(s.Var95)).Append(Num(s.Cvar95)).Append(Num(s.InventoryStd)).Append(Num(s.Var95Inv)).Append(Num(s.Var99Inv));
            if (horizons.Count > 1 && markout is not null)
            {
                html.Append("<td class=\"num\">").Append(Encode(StudyText.Kpi(markout.Mean))).Append(" (h = ")
                    .Append(markout.Horizon.ToString(CultureInfo.InvariantCulture)).Append(")</td>");
            }
            else
            {
                html.Append(Num(markout?.Mean ?? double.NaN));
            }
            html.Append(Num(s.AdverseSelectionRate)).Append(Num(s.TradesPerPathMean)).Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>The extra participants of each cell (only when the study had any): their trades and PnL beside the maker's.</summary>
    private static void ParticipantsTable(StringBuilder html, StudyData data)
    {
        if (!data.Cells.Any(c => c.Result?.Summary.Participants.Count > 0))
            return;
        html.Append("<h2>Participants</h2>\n<p class=\"note\">The other participants of each cell, as listed under <code>participants:</code>: ")
            .Append("trades per path and terminal PnL (cash + q·s_N, price units) over all paths. The maker under study's own KPIs are in the summary above.</p>\n")
            .Append("<table class=\"summary\" id=\"participants\">\n<thead><tr>");
        foreach (var c in new[] { "regime", "γ", "participant", "kind", "buys / path", "sells / path", "pnl_mean", "pnl_std", "final_inventory_std" })
            html.Append("<th>").Append(Encode(c)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var cell in OrderForTable(data))
        {
            if (cell.Result is not { } result)
                continue;
            foreach (var p in result.Summary.Participants)
            {
                html.Append("<tr class=\"cell\"><td>").Append(Encode(cell.Regime)).Append("</td>").Append(Num(cell.Gamma, exact: true))
                    .Append("<td>").Append(Encode(p.Name)).Append("</td><td>").Append(Encode(p.Kind)).Append("</td>")
                    .Append(Num(p.BuysPerPathMean)).Append(Num(p.SellsPerPathMean)).Append(Num(p.PnlMean)).Append(Num(p.PnlStd))
                    .Append(Num(p.FinalInventoryStd)).Append("</tr>\n");
            }
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>The cells grouped by regime in panel order, then in the order of the γ grid; cells outside both last.</summary>
    private static IEnumerable<CellData> OrderForTable(StudyData data) =>
        data.Cells.OrderBy(c => IndexOf(data, c.Regime)).ThenBy(c => data.GammaIndex(c.Gamma));

    private static int IndexOf(StudyData data, string regime)
    {
        for (int i = 0; i < data.Regimes.Count; i++)
        {
            if (data.Regimes[i].Name == regime)
                return i;
        }
        return int.MaxValue;
    }

    private static void FiguresSection(StringBuilder html, StudyData data, IReadOnlyList<(FigureInfo Info, byte[] Png)> figures)
    {
        html.Append("<h2>Figures</h2>\n");
        var failed = data.FailedCells;
        var failedNote = failed.Count == 0
            ? ""
            : $" Not shown (run failed): {string.Join("; ", failed.Select(c => $"{c.Regime} {StudyText.Gamma(c.Gamma)}"))}.";
        foreach (var (info, png) in figures)
        {
            // The overview shows one mid per regime, the same for every γ: a failed cell takes nothing from it.
            var note = info == FigureRenderer.MidOverview ? "" : failedNote;
            html.Append("<figure id=\"").Append(Encode(info.Name)).Append("\">\n<img alt=\"").Append(Encode(info.Title))
                .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">\n<figcaption><strong>")
                .Append(Encode(info.Title)).Append(".</strong> ").Append(Encode(info.Caption + note)).Append("</figcaption>\n</figure>\n");
        }
    }


    /// <summary>A right-aligned number cell: four significant digits, or the shortest exact form for a parameter.</summary>
    private static string Num(double value, bool exact = false) =>
        $"<td class=\"num\">{Encode(exact ? StudyText.Number(value) : StudyText.Kpi(value))}</td>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
