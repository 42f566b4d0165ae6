using System.Globalization;
using MmSandbox.Reporting.Study;
using ScottPlot;

namespace MmSandbox.Reporting.Figures;

/// <summary>One figure of a study: its file name (without extension), title and one-line caption.</summary>
/// <param name="Name">The file name without extension, e.g. <c>02_pnl_2x2</c>.</param>
/// <param name="Title">The title printed above the figure.</param>
/// <param name="Caption">One line saying what the marks are.</param>
public sealed record FigureInfo(string Name, string Title, string Caption);

/// <summary>A figure written to disk.</summary>
/// <param name="Figure">Which figure.</param>
/// <param name="PngPath">The PNG file.</param>
/// <param name="SvgPath">The SVG file.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public sealed record RenderedFigure(FigureInfo Figure, string PngPath, string SvgPath, int Width, int Height);

/// <summary>
/// Draws the six figures of a study from its result files (a <see cref="StudyData"/>), each as PNG and SVG. A panel per
/// regime in study.json's order, two to a row; one colour per γ, by its position in the study's γ list, in every
/// figure. Failed cells are left out and named in the panel. Numbers print in the invariant culture.
/// </summary>
public static class FigureRenderer
{
    /// <summary>Width of every figure, in pixels.</summary>
    public const int Width = 1400;

    private const int HeaderHeight = 120;
    private const int PanelRowHeight = 440;
    private const int OverviewHeight = 800;

    /// <summary>The mid of each regime's sample path over its 5–95 % band.</summary>
    public static FigureInfo MidOverview { get; } = new("00_mid_overview",
        "Mid price by regime",
        "The sample path's mid in each regime (line) and the 5–95 % range of the mid over all paths (band, same colour).");

    /// <summary>The sample path's reservation price and quotes per γ.</summary>
    public static FigureInfo Quoting { get; } = new("01_quoting_2x2",
        "Quotes on the sample path",
        "Path 0 of each regime: the reservation price (thick line) and the bid and ask quotes (thin lines) of each γ, with the mid in black.");

    /// <summary>Mark-to-market PnL per γ over time.</summary>
    public static FigureInfo Pnl { get; } = new("02_pnl_2x2",
        "Mark-to-market PnL over time",
        "PnL per γ: the mean over paths (line), the 5–95 % range over paths (band) and the sample path (dashed).");

    /// <summary>Inventory per γ over time.</summary>
    public static FigureInfo Inventory { get; } = new("03_inventory_2x2",
        "Inventory over time",
        "Inventory per γ: the sample path (steps) and the mean ± 1 std over paths (band).");

    /// <summary>Inventory-shock VaR per γ.</summary>
    public static FigureInfo VarBars { get; } = new("04_var_bars_2x2",
        "Inventory-shock value at risk",
        "VaR of the inventory shock q·(mid after h steps − mid) per γ: 95 % (light bar) and 99 % (dark bar).");

    /// <summary>Per-fill markout per γ at the adverse horizon.</summary>
    public static FigureInfo Markout { get; } = new("05_markout_boxplot_2x2",
        "Per-fill markout at the adverse horizon",
        "Markout of each fill h steps later per γ: box p25–p75, line the median, whiskers p05–p95; above zero the maker gained.");

    /// <summary>The six figures, in order.</summary>
    public static IReadOnlyList<FigureInfo> Figures { get; } = [MidOverview, Quoting, Pnl, Inventory, VarBars, Markout];

    /// <summary>
    /// Writes <c>&lt;name&gt;.png</c> and <c>&lt;name&gt;.svg</c> of each of the <see cref="Figures"/> into
    /// <paramref name="figuresDir"/> (created if missing), each file atomically. The figures are drawn side by side on
    /// every core; each file depends on its figure alone (see <see cref="PanelFigure.SaveSvg"/>), so the order they are
    /// drawn in never changes a byte.
    /// </summary>
    public static IReadOnlyList<RenderedFigure> RenderAll(StudyData data, string figuresDir)
    {
        Directory.CreateDirectory(figuresDir);
        var rendered = new RenderedFigure[Figures.Count];
        Parallel.For(0, Figures.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            InInvariantCulture(() =>
            {
                var info = Figures[i];
                using var figure = Build(info, data);
                var png = Path.Combine(figuresDir, info.Name + ".png");
                var svg = Path.Combine(figuresDir, info.Name + ".svg");
                figure.SavePng(png);
                figure.SaveSvg(svg);
                rendered[i] = new RenderedFigure(info, png, svg, figure.Width, figure.Height);
            }));
        return rendered;
    }

    /// <summary>Runs <paramref name="draw"/> with the invariant culture on this thread: ScottPlot formats tick labels with the current one.</summary>
    private static void InInvariantCulture(Action draw)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            draw();
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static PanelFigure Build(FigureInfo info, StudyData data)
    {
        if (info == MidOverview)
            return BuildMidOverview(data);
        if (info == Quoting)
        {
            return Panels(info, data, "path 0: each γ's reservation price (thick line) between its bid and ask (thin lines); the mid in black", QuotingPanel,
                [.. GammaLegend(data), new("mid", FigureStyle.Mid, LegendMark.Line),
                 new("reservation price", FigureStyle.Neutral, LegendMark.Line), new("bid and ask", FigureStyle.Neutral, LegendMark.Thin)]);
        }
        if (info == Pnl)
        {
            return Panels(info, data, "mark-to-market PnL = cash + inventory × mid, after each step's fills", PnlPanel,
                [.. GammaLegend(data), new("mean over paths", FigureStyle.Neutral, LegendMark.Line),
                 new("p05–p95 over paths", FigureStyle.Neutral, LegendMark.Band), new("sample path", FigureStyle.Neutral, LegendMark.Dashed)]);
        }
        if (info == Inventory)
        {
            return Panels(info, data, "inventory after each step's fills", InventoryPanel,
                [.. GammaLegend(data), new("sample path", FigureStyle.Neutral, LegendMark.Line),
                 new("mean ± 1 std over paths", FigureStyle.Neutral, LegendMark.Band)]);
        }
        if (info == VarBars)
        {
            return Panels(info, data, VarSubtitle(data), VarPanel,
                [.. GammaLegend(data, LegendMark.Box), new("light: VaR 95 %", FigureStyle.Neutral.WithOpacity(0.45), LegendMark.Box),
                 new("dark: VaR 99 %", FigureStyle.Neutral, LegendMark.Box)]);
        }
        if (info == Markout)
            return Panels(info, data, MarkoutSubtitle(data), MarkoutPanel, GammaLegend(data, LegendMark.Box));
        throw new ArgumentOutOfRangeException(nameof(info), info.Name, "unknown figure");
    }

    private static List<LegendEntry> GammaLegend(StudyData data, LegendMark mark = LegendMark.Line) =>
        [.. data.Gammas.Select((g, i) => new LegendEntry(StudyText.Gamma(g), FigureStyle.Gamma(i), mark))];

    private static PanelFigure Panels(FigureInfo info, StudyData data, string subtitle,
                                      Action<Plot, StudyData, StudyRegime> draw, IReadOnlyList<LegendEntry> legend)
    {
        var plots = new List<Plot>();
        foreach (var regime in data.Regimes)
        {
            var plot = NewPanel(regime.PanelTitle);
            draw(plot, data, regime);
            NoteFailedCells(plot, data, regime);
            Finish(plot);
            plots.Add(plot);
        }
        int columns = data.Regimes.Count == 1 ? 1 : 2;
        int rows = (data.Regimes.Count + columns - 1) / columns;
        return new PanelFigure(info.Title, subtitle, legend, plots, columns, Width, HeaderHeight + rows * PanelRowHeight);
    }

    private static Plot NewPanel(string? title)
    {
        var plot = new Plot();
        // The figure clears the canvas once; a panel clearing it would paint over its neighbours (black in SVG).
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        if (title is not null)
        {
            plot.Title(title, 17);
            plot.Axes.Title.Label.Bold = false;
        }
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        return plot;
    }

    /// <summary>Margins for a panel over time: the data from edge to edge, room above for a failed-cell note.</summary>
    private static void TimeMargins(Plot plot, StudyData data, StudyRegime regime) =>
        plot.Axes.Margins(left: 0.01, right: 0.01, bottom: 0.06, top: HasFailedCells(data, regime) ? 0.2 : 0.06);

    private static bool HasFailedCells(StudyData data, StudyRegime regime) =>
        data.Cells.Any(c => c.Regime == regime.Name && c.Result is null);

    /// <summary>Applies the figure font to every text of <paramref name="plot"/>; called once its texts exist.</summary>
    private static void Finish(Plot plot) => plot.Font.Set(FigureStyle.FontFamily);

    private static void NoteFailedCells(Plot plot, StudyData data, StudyRegime regime)
    {
        var failed = data.Cells.Where(c => c.Regime == regime.Name && c.Result is null).Select(c => StudyText.Number(c.Gamma)).ToList();
        if (failed.Count > 0)
        {
            var note = plot.Add.Annotation($"not shown, run failed: γ = {string.Join(", ", failed)}", Alignment.UpperRight);
            note.LabelFontSize = 13;
            note.LabelFontColor = Color.FromHex("#A00000");
            note.LabelBackgroundColor = Colors.White.WithOpacity(0.85);
            note.LabelBorderColor = Color.FromHex("#A00000");
        }
    }

    private static PanelFigure BuildMidOverview(StudyData data)
    {
        var plot = NewPanel(null);
        var legend = new List<LegendEntry>();
        var missing = new List<string>();
        for (int r = 0; r < data.Regimes.Count; r++)
        {
            var regime = data.Regimes[r];
            var cell = data.CompletedCells(regime.Name).FirstOrDefault();
            if (cell?.Result is not { } result)
            {
                missing.Add(regime.Name);
                continue;
            }
            var color = FigureStyle.Regime(r);
            Band(plot, result.Series.T, result.Series.MidP05, result.Series.MidP95, color);
            if (result.Sample is { } sample)
                Line(plot, sample.T, sample.Mid, color, 2);
            legend.Add(new LegendEntry(regime.PanelTitle, color, LegendMark.Line));
        }
        legend.Add(new LegendEntry("sample path", FigureStyle.Neutral, LegendMark.Line));
        legend.Add(new LegendEntry("p05–p95 over paths", FigureStyle.Neutral, LegendMark.Band));
        plot.XLabel("time (model units)", 15);
        plot.YLabel("price", 15);
        plot.Axes.Margins(left: 0.01, right: 0.01, bottom: 0.05, top: missing.Count > 0 ? 0.15 : 0.05);
        if (missing.Count > 0)
        {
            var note = plot.Add.Annotation($"not shown, every run failed: {string.Join(", ", missing)}", Alignment.UpperLeft);
            note.LabelFontSize = 13;
            note.LabelFontColor = Color.FromHex("#A00000");
        }
        Finish(plot);
        var subtitle = "the mid of path 0 is the same for every γ of a regime (common random numbers)";
        return new PanelFigure(MidOverview.Title, subtitle, legend, [plot], 1, Width, OverviewHeight);
    }

    private static void QuotingPanel(Plot plot, StudyData data, StudyRegime regime)
    {
        IReadOnlyList<double>? mid = null, midT = null;
        foreach (var cell in data.CompletedCells(regime.Name))
        {
            if (cell.Result!.Sample is not { } s)
                continue;
            var color = FigureStyle.Gamma(data.GammaIndex(cell.Gamma));
            Line(plot, s.T, s.Bid, color.WithOpacity(0.8), 0.9f);
            Line(plot, s.T, s.Ask, color.WithOpacity(0.8), 0.9f);
            (mid, midT) = (s.Mid, s.T);
        }
        // Reservation prices under a thin mid: where they coincide (no inventory) both stay visible.
        foreach (var cell in data.CompletedCells(regime.Name))
        {
            if (cell.Result!.Sample is { } s)
                Line(plot, s.T, s.Reservation, FigureStyle.Gamma(data.GammaIndex(cell.Gamma)), 2.6f);
        }
        if (mid is not null)
            Line(plot, midT!, mid, FigureStyle.Mid, 1.2f);
        TimeMargins(plot, data, regime);
        plot.XLabel("time (model units)", 14);
        plot.YLabel("price", 14);
    }

    private static void PnlPanel(Plot plot, StudyData data, StudyRegime regime)
    {
        var cells = data.CompletedCells(regime.Name);
        // Bands first, so no band covers another γ's lines.
        foreach (var cell in cells)
            Band(plot, cell.Result!.Series.T, cell.Result.Series.PnlP05, cell.Result.Series.PnlP95, FigureStyle.Gamma(data.GammaIndex(cell.Gamma)));
        foreach (var cell in cells)
        {
            var color = FigureStyle.Gamma(data.GammaIndex(cell.Gamma));
            if (cell.Result!.Sample is { } s)
                Line(plot, s.T, s.Pnl, color, 1.2f, LinePattern.Dashed);
            Line(plot, cell.Result.Series.T, cell.Result.Series.PnlMean, color, 2.2f);
        }
        TimeMargins(plot, data, regime);
        plot.XLabel("time (model units)", 14);
        plot.YLabel("PnL (price units)", 14);
    }

    private static void InventoryPanel(Plot plot, StudyData data, StudyRegime regime)
    {
        var cells = data.CompletedCells(regime.Name);
        foreach (var cell in cells)
        {
            var series = cell.Result!.Series;
            var lower = series.InventoryMean.Zip(series.InventoryStd, (m, s) => m - s).ToArray();
            var upper = series.InventoryMean.Zip(series.InventoryStd, (m, s) => m + s).ToArray();
            Band(plot, series.T, lower, upper, FigureStyle.Gamma(data.GammaIndex(cell.Gamma)));
        }
        foreach (var cell in cells)
        {
            if (cell.Result!.Sample is { } s)
            {
                var (xs, ys) = Steps(s.T, s.Inventory);
                Line(plot, xs, ys, FigureStyle.Gamma(data.GammaIndex(cell.Gamma)), 1.6f);
            }
        }
        plot.Add.HorizontalLine(0, 1, FigureStyle.Neutral, LinePattern.Dotted);
        TimeMargins(plot, data, regime);
        plot.XLabel("time (model units)", 14);
        plot.YLabel("inventory (units)", 14);
    }

    private static void VarPanel(Plot plot, StudyData data, StudyRegime regime)
    {
        const double BarWidth = 0.36;
        var bars = new List<Bar>();
        foreach (var cell in data.CompletedCells(regime.Name))
        {
            int i = data.GammaIndex(cell.Gamma);
            var color = FigureStyle.Gamma(i);
            var s = cell.Result!.Summary;
            if (double.IsFinite(s.Var95Inv))
                bars.Add(VarBar(i - BarWidth / 2, s.Var95Inv, color.WithOpacity(0.45), color));
            if (double.IsFinite(s.Var99Inv))
                bars.Add(VarBar(i + BarWidth / 2, s.Var99Inv, color, color));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 12;
        GammaAxis(plot, data);
        double top = bars.Count == 0 ? 1 : Math.Max(bars.Max(b => b.Value), 0);
        double bottom = bars.Count == 0 ? 0 : Math.Min(bars.Min(b => b.Value), 0);
        double room = (top - bottom) * (HasFailedCells(data, regime) ? 0.25 : 0.1);
        plot.Axes.SetLimitsY(bottom - (bottom < 0 ? room : 0), top + room);
        plot.YLabel("VaR (price units)", 14);

        static Bar VarBar(double position, double value, Color fill, Color line) => new()
        {
            Position = position,
            Value = value,
            Size = BarWidth,
            FillColor = fill,
            LineColor = line,
            LineWidth = 1,
            Label = StudyText.Kpi(value),
        };
    }

    private static void MarkoutPanel(Plot plot, StudyData data, StudyRegime regime)
    {
        var horizons = new SortedSet<int>();
        foreach (var cell in data.CompletedCells(regime.Name))
        {
            if (cell.Result!.Summary.MarkoutAtHorizon is not { } m || !double.IsFinite(m.P25) || !double.IsFinite(m.P75))
                continue;
            horizons.Add(m.Horizon);
            var color = FigureStyle.Gamma(data.GammaIndex(cell.Gamma));
            var box = plot.Add.Box(new Box
            {
                Position = data.GammaIndex(cell.Gamma),
                Width = 0.55,
                BoxMin = m.P25,
                BoxMax = m.P75,
                BoxMiddle = m.P50,
                WhiskerMin = m.P05,
                WhiskerMax = m.P95,
            });
            box.FillColor = color.WithOpacity(0.35);
            box.LineColor = color;
            box.LineWidth = 1.8f;
        }
        plot.Add.HorizontalLine(0, 1.2f, Colors.Black, LinePattern.Dashed);
        GammaAxis(plot, data);
        plot.Axes.Margins(left: 0, right: 0, bottom: 0.06, top: HasFailedCells(data, regime) ? 0.2 : 0.06);
        plot.Axes.SetLimitsX(-0.6, data.Gammas.Count - 0.4);
        var h = horizons.Count == 0 ? "h" : string.Join(" / ", horizons);
        plot.YLabel($"markout at {h} steps (price units)", 14);
    }

    private static string VarSubtitle(StudyData data)
    {
        var h = data.Setup is { } s ? s.VarHorizonSteps.ToString(CultureInfo.InvariantCulture) : "h";
        return $"historical VaR of the loss of q_t·(mid(t + h) − mid(t)), h = {h} steps, pooled over paths and t";
    }

    private static string MarkoutSubtitle(StudyData data)
    {
        var h = data.Setup is { } s ? s.AdverseHorizonSteps.ToString(CultureInfo.InvariantCulture) : "h";
        return $"per fill, h = {h} steps later: box p25–p75, line median, whiskers p05–p95; above the dashed zero line the maker gained";
    }

    /// <summary>A categorical x axis: one tick per γ of the study at its position.</summary>
    private static void GammaAxis(Plot plot, StudyData data)
    {
        var positions = Enumerable.Range(0, data.Gammas.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, [.. data.Gammas.Select(StudyText.Number)]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsX(-0.6, data.Gammas.Count - 0.4);
        plot.XLabel("risk aversion γ", 14);
    }

    /// <summary>A band between <paramref name="lower"/> and <paramref name="upper"/>, one polygon per run of finite rows.</summary>
    private static void Band(Plot plot, IReadOnlyList<double> t, IReadOnlyList<double> lower, IReadOnlyList<double> upper,
                             Color color, double opacity = FigureStyle.BandOpacity)
    {
        foreach (var (start, end) in FiniteRuns(t, lower, upper))
        {
            var fill = plot.Add.FillY(Slice(t, start, end), Slice(upper, start, end), Slice(lower, start, end));
            fill.FillColor = color.WithOpacity(opacity);
            fill.LineWidth = 0;
        }
    }

    /// <summary>A line through the finite rows, broken where a value is missing.</summary>
    private static void Line(Plot plot, IReadOnlyList<double> t, IReadOnlyList<double> y, Color color, float width,
                             LinePattern? pattern = null)
    {
        foreach (var (start, end) in FiniteRuns(t, y, y))
        {
            var line = plot.Add.ScatterLine(Slice(t, start, end), Slice(y, start, end), color);
            line.LineWidth = width;
            line.LinePattern = pattern ?? LinePattern.Solid;
        }
    }

    /// <summary>A step line: each value held until the next row's time.</summary>
    private static (double[] X, double[] Y) Steps(IReadOnlyList<double> t, IReadOnlyList<double> y)
    {
        var xs = new List<double>(2 * t.Count);
        var ys = new List<double>(2 * t.Count);
        for (int i = 0; i < t.Count; i++)
        {
            if (i > 0)
            {
                xs.Add(t[i]);
                ys.Add(y[i - 1]);
            }
            xs.Add(t[i]);
            ys.Add(y[i]);
        }
        return ([.. xs], [.. ys]);
    }

    /// <summary>The [start, end) ranges of consecutive rows where all three columns are finite, at least two rows long.</summary>
    private static IEnumerable<(int Start, int End)> FiniteRuns(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<double> c)
    {
        int n = Math.Min(a.Count, Math.Min(b.Count, c.Count));
        int start = -1;
        for (int i = 0; i <= n; i++)
        {
            bool finite = i < n && double.IsFinite(a[i]) && double.IsFinite(b[i]) && double.IsFinite(c[i]);
            if (finite && start < 0)
                start = i;
            else if (!finite && start >= 0)
            {
                if (i - start >= 2)
                    yield return (start, i);
                start = -1;
            }
        }
    }

    private static double[] Slice(IReadOnlyList<double> values, int start, int end)
    {
        var slice = new double[end - start];
        for (int i = start; i < end; i++)
            slice[i - start] = values[i];
        return slice;
    }
}
