using MmSandbox.Core.Metrics;

namespace MmSandbox.Reporting.Study;

/// <summary>Everything the figures and the report of one study need, read from its result files alone.</summary>
/// <param name="Directory">The study folder.</param>
/// <param name="Regimes">The market regimes, in panel order (study.json's order).</param>
/// <param name="Gammas">The γ grid, in study.json's order; a γ's position indexes its colour in every figure.</param>
/// <param name="Cells">One cell per (regime, γ), in study.json's order.</param>
/// <param name="Setup">The run parameters shared by the cells, from the first completed cell; null when no cell completed.</param>
public sealed record StudyData(string Directory, IReadOnlyList<StudyRegime> Regimes, IReadOnlyList<double> Gammas,
                               IReadOnlyList<CellData> Cells, StudySetup? Setup)
{
    /// <summary>The cell of <paramref name="regime"/> at <paramref name="gamma"/>, or null when the plan has none.</summary>
    public CellData? Cell(string regime, double gamma) =>
        Cells.FirstOrDefault(c => c.Regime == regime && c.Gamma.Equals(gamma));

    /// <summary>The completed cells of <paramref name="regime"/>, in the order of <see cref="Gammas"/>.</summary>
    public IReadOnlyList<CellData> CompletedCells(string regime) =>
        [.. Gammas.Select(g => Cell(regime, g)).OfType<CellData>().Where(c => c.Result is not null)];

    /// <summary>The cells that did not complete, in study.json's order.</summary>
    public IReadOnlyList<CellData> FailedCells => [.. Cells.Where(c => c.Result is null)];

    /// <summary>The position of <paramref name="gamma"/> in <see cref="Gammas"/>, or −1.</summary>
    public int GammaIndex(double gamma)
    {
        for (int i = 0; i < Gammas.Count; i++)
        {
            if (Gammas[i].Equals(gamma))
                return i;
        }
        return -1;
    }
}

/// <summary>One market regime of a study.</summary>
/// <param name="Name">The regime's folder name, e.g. <c>calm</c>.</param>
/// <param name="Title">The regime's display name.</param>
/// <param name="Mu">Drift of the mid per unit of model time.</param>
/// <param name="Sigma">Volatility of the mid per √(model time).</param>
public sealed record StudyRegime(string Name, string Title, double Mu, double Sigma)
{
    /// <summary>
    /// The title with its parameters, e.g. <c>turbulent (μ = 0, σ = 10)</c>; the title alone when it already states
    /// both (as the study runner writes it).
    /// </summary>
    public string PanelTitle => Title.Contains('μ', StringComparison.Ordinal) && Title.Contains('σ', StringComparison.Ordinal)
        ? Title
        : $"{Title} (μ = {StudyText.Number(Mu)}, σ = {StudyText.Number(Sigma)})";
}

/// <summary>Whether a cell's run completed.</summary>
public enum CellStatus
{
    /// <summary>The run completed and its result files were read.</summary>
    Completed,
    /// <summary>The run failed, or left no <c>summary.json</c>; it has no results.</summary>
    Failed,
}

/// <summary>One (regime, γ) cell of a study.</summary>
/// <param name="Regime">The <see cref="StudyRegime.Name"/> of its regime.</param>
/// <param name="Gamma">Its risk aversion γ.</param>
/// <param name="Path">Its folder, relative to the study folder, e.g. <c>calm/gamma_0.001</c>.</param>
/// <param name="Status">Whether it completed.</param>
/// <param name="Error">Why it failed; null when it completed.</param>
/// <param name="Result">Its results; null exactly when it failed.</param>
public sealed record CellData(string Regime, double Gamma, string Path, CellStatus Status, string? Error, CellResult? Result);

/// <summary>The results of one completed cell.</summary>
/// <param name="Summary">The KPIs of its <c>summary.json</c>.</param>
/// <param name="Series">Its <c>series.csv</c>: statistics over all paths, per step.</param>
/// <param name="Sample">Path 0 of its <c>timeseries.csv</c>; null when no path was recorded.</param>
public sealed record CellResult(CellSummary Summary, CellSeries Series, SamplePath? Sample);

/// <summary>The KPIs of one cell the report uses, as in <c>summary.json</c>; NaN where the file has null (no data).</summary>
public sealed record CellSummary
{
    /// <summary>Risk aversion γ.</summary>
    public required double Gamma { get; init; }
    /// <summary>Mean full spread ask − bid over paths and quote steps, in price units.</summary>
    public required double SpreadMean { get; init; }
    /// <summary>Mean terminal PnL over paths, in price units.</summary>
    public required double PnlMean { get; init; }
    /// <summary>Sample standard deviation of terminal PnL over paths, in price units.</summary>
    public required double PnlStd { get; init; }
    /// <summary>Mean / std of terminal PnL.</summary>
    public required double PnlSharpe { get; init; }
    /// <summary>95 % quantile of the terminal loss −PnL over paths, in price units (NaN when the level was not measured).</summary>
    public required double Var95 { get; init; }
    /// <summary>Mean terminal loss beyond <see cref="Var95"/>, in price units (NaN when the level was not measured).</summary>
    public required double Cvar95 { get; init; }
    /// <summary>Std of inventory pooled over paths and steps, in units.</summary>
    public required double InventoryStd { get; init; }
    /// <summary>95 % VaR of the inventory shock over <c>var_horizon_steps</c>, in price units.</summary>
    public required double Var95Inv { get; init; }
    /// <summary>99 % VaR of the inventory shock over <c>var_horizon_steps</c>, in price units.</summary>
    public required double Var99Inv { get; init; }
    /// <summary>Mean fills per path.</summary>
    public required double TradesPerPathMean { get; init; }
    /// <summary>h of the adverse-selection rate, in steps.</summary>
    public required int AdverseHorizonSteps { get; init; }
    /// <summary>Share of fills whose mid h steps later is worse than the fill price.</summary>
    public required double AdverseSelectionRate { get; init; }
    /// <summary>Per-fill markout statistics, one per measured horizon, in increasing horizon order.</summary>
    public required IReadOnlyList<MarkoutStats> Markouts { get; init; }
    /// <summary>The extra participants' results (empty when the cell had none).</summary>
    public IReadOnlyList<MmSandbox.Core.Participants.ParticipantSummary> Participants { get; init; } = [];

    /// <summary>
    /// The markout at the adverse horizon <see cref="AdverseHorizonSteps"/>, or at the largest measured horizon when that
    /// one was not measured; null when no horizon was measured.
    /// </summary>
    public MarkoutStats? MarkoutAtHorizon =>
        Markouts.FirstOrDefault(m => m.Horizon == AdverseHorizonSteps) ?? Markouts.MaxBy(m => m.Horizon);
}

/// <summary>The per-step statistics over all paths of one cell (<c>series.csv</c>), rows 0 … N; NaN where the file is empty.</summary>
public sealed record CellSeries
{
    /// <summary>Model time of each row, t = step·dt.</summary>
    public required IReadOnlyList<double> T { get; init; }
    /// <summary>Mean mid over paths.</summary>
    public required IReadOnlyList<double> MidMean { get; init; }
    /// <summary>5 % quantile of the mid over paths.</summary>
    public required IReadOnlyList<double> MidP05 { get; init; }
    /// <summary>Median mid over paths.</summary>
    public required IReadOnlyList<double> MidP50 { get; init; }
    /// <summary>95 % quantile of the mid over paths.</summary>
    public required IReadOnlyList<double> MidP95 { get; init; }
    /// <summary>Mean mark-to-market PnL over paths, after the step's fills.</summary>
    public required IReadOnlyList<double> PnlMean { get; init; }
    /// <summary>5 % quantile of mark-to-market PnL over paths.</summary>
    public required IReadOnlyList<double> PnlP05 { get; init; }
    /// <summary>Median mark-to-market PnL over paths.</summary>
    public required IReadOnlyList<double> PnlP50 { get; init; }
    /// <summary>95 % quantile of mark-to-market PnL over paths.</summary>
    public required IReadOnlyList<double> PnlP95 { get; init; }
    /// <summary>Mean inventory over paths, after the step's fills.</summary>
    public required IReadOnlyList<double> InventoryMean { get; init; }
    /// <summary>Std of inventory over paths.</summary>
    public required IReadOnlyList<double> InventoryStd { get; init; }
    /// <summary>5 % quantile of inventory over paths.</summary>
    public required IReadOnlyList<double> InventoryP05 { get; init; }
    /// <summary>95 % quantile of inventory over paths.</summary>
    public required IReadOnlyList<double> InventoryP95 { get; init; }
}

/// <summary>Path 0 of one cell's <c>timeseries.csv</c>, rows 0 … N; NaN where the file is empty (no quote at the close).</summary>
public sealed record SamplePath
{
    /// <summary>Model time of each row.</summary>
    public required IReadOnlyList<double> T { get; init; }
    /// <summary>Mid price.</summary>
    public required IReadOnlyList<double> Mid { get; init; }
    /// <summary>The maker's reservation price.</summary>
    public required IReadOnlyList<double> Reservation { get; init; }
    /// <summary>The maker's bid.</summary>
    public required IReadOnlyList<double> Bid { get; init; }
    /// <summary>The maker's ask.</summary>
    public required IReadOnlyList<double> Ask { get; init; }
    /// <summary>Inventory after the step's fills, in units.</summary>
    public required IReadOnlyList<double> Inventory { get; init; }
    /// <summary>Mark-to-market PnL after the step's fills, in price units.</summary>
    public required IReadOnlyList<double> Pnl { get; init; }
}

/// <summary>The run parameters the cells of a study share (all but the regime's μ, σ and the γ), for the report's set-up.</summary>
public sealed record StudySetup
{
    /// <summary>The cell they were read from, relative to the study folder.</summary>
    public required string SourceCell { get; init; }
    /// <summary>Monte Carlo paths per cell.</summary>
    public required int Paths { get; init; }
    /// <summary>Quoting steps N.</summary>
    public required int Steps { get; init; }
    /// <summary>Time step, in model time units.</summary>
    public required double Dt { get; init; }
    /// <summary>Horizon T, in model time units.</summary>
    public required double Horizon { get; init; }
    /// <summary>Root seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>The engine's YAML name.</summary>
    public required string Engine { get; init; }
    /// <summary>The strategy's YAML name.</summary>
    public required string Strategy { get; init; }
    /// <summary>Initial mid, in price units.</summary>
    public required double S0 { get; init; }
    /// <summary>The price model's YAML name.</summary>
    public required string PriceModel { get; init; }
    /// <summary>A of the fill intensity A·e^(−k·δ), per unit of model time.</summary>
    public required double A { get; init; }
    /// <summary>k of the fill intensity, per price unit.</summary>
    public required double K { get; init; }
    /// <summary>The fill-probability rule's YAML name.</summary>
    public required string FillProbability { get; init; }
    /// <summary>Markout horizons, in steps.</summary>
    public required IReadOnlyList<int> MarkoutHorizons { get; init; }
    /// <summary>h of the adverse-selection rate, in steps.</summary>
    public required int AdverseHorizonSteps { get; init; }
    /// <summary>h of the inventory-shock VaR, in steps.</summary>
    public required int VarHorizonSteps { get; init; }
}
