using MmSandbox.Core.Config;

namespace MmSandbox.Core.Metrics;

/// <summary>VaR and expected shortfall at one confidence level, positive numbers for losses, in price units.</summary>
public sealed record TailRisk(double Level, double ValueAtRisk, double ExpectedShortfall)
{
    /// <summary>The level as the suffix of a KPI name: 0.95 → "95", 0.975 → "97.5".</summary>
    public string Suffix => (Level * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Per-fill markout statistics at one horizon, in price units per unit traded.</summary>
public sealed record MarkoutStats(int Horizon, long Count, double Mean, double Std,
                                  double P05, double P25, double P50, double P75, double P95, double NegativeShare);

/// <summary>The headline KPIs of one run, over all paths. NaN marks a KPI without data (e.g. no fills).</summary>
public sealed record RunSummary
{
    /// <summary>Root seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Paths simulated.</summary>
    public required int Paths { get; init; }
    /// <summary>Quoting steps N.</summary>
    public required int Steps { get; init; }
    /// <summary>dt.</summary>
    public required double Dt { get; init; }
    /// <summary>T.</summary>
    public required double Horizon { get; init; }
    /// <summary>The engine that ran.</summary>
    public required EngineKind Engine { get; init; }
    /// <summary>Paths per lane.</summary>
    public required int LaneSize { get; init; }
    /// <summary>The maker's strategy.</summary>
    public required Strategy Strategy { get; init; }
    /// <summary>γ.</summary>
    public required double Gamma { get; init; }
    /// <summary>Mean full spread ask − bid over paths and steps.</summary>
    public required double SpreadMean { get; init; }
    /// <summary>Mean terminal PnL.</summary>
    public required double PnlMean { get; init; }
    /// <summary>Standard deviation of terminal PnL over paths.</summary>
    public required double PnlStd { get; init; }
    /// <summary>Smallest terminal PnL.</summary>
    public required double PnlMin { get; init; }
    /// <summary>5 % quantile of terminal PnL.</summary>
    public required double PnlP05 { get; init; }
    /// <summary>25 % quantile of terminal PnL.</summary>
    public required double PnlP25 { get; init; }
    /// <summary>Median terminal PnL.</summary>
    public required double PnlP50 { get; init; }
    /// <summary>75 % quantile of terminal PnL.</summary>
    public required double PnlP75 { get; init; }
    /// <summary>95 % quantile of terminal PnL.</summary>
    public required double PnlP95 { get; init; }
    /// <summary>Largest terminal PnL.</summary>
    public required double PnlMax { get; init; }
    /// <summary>Mean / std of terminal PnL.</summary>
    public required double PnlSharpe { get; init; }
    /// <summary>Mean over paths of the largest fall of mark-to-market PnL from its running peak.</summary>
    public required double MaxDrawdownMean { get; init; }
    /// <summary>VaR and expected shortfall of the terminal loss −PnL across paths, per configured level.</summary>
    public required IReadOnlyList<TailRisk> TailRisk { get; init; }
    /// <summary>Mean terminal inventory.</summary>
    public required double FinalInventoryMean { get; init; }
    /// <summary>Std of terminal inventory over paths.</summary>
    public required double FinalInventoryStd { get; init; }
    /// <summary>Std of inventory pooled over paths and steps.</summary>
    public required double InventoryStd { get; init; }
    /// <summary>Mean |q| over paths and steps.</summary>
    public required double InventoryAbsMean { get; init; }
    /// <summary>Largest |q| seen on any path at any step.</summary>
    public required double InventoryAbsMax { get; init; }
    /// <summary>Share of path-steps with |q| at the inventory limit (0 without a limit).</summary>
    public required double TimeAtMaxInventory { get; init; }
    /// <summary>Mean fills per path.</summary>
    public required double TradesPerPathMean { get; init; }
    /// <summary>Mean bid fills (maker buys) per path.</summary>
    public required double BidFillsPerPathMean { get; init; }
    /// <summary>Mean ask fills (maker sells) per path.</summary>
    public required double AskFillsPerPathMean { get; init; }
    /// <summary>Markout statistics per configured horizon.</summary>
    public required IReadOnlyList<MarkoutStats> Markouts { get; init; }
    /// <summary>h of the adverse-selection rate, in steps.</summary>
    public required int AdverseHorizonSteps { get; init; }
    /// <summary>Share of fills whose mid h steps later is worse than the fill price.</summary>
    public required double AdverseSelectionRate { get; init; }
    /// <summary>h of the inventory-shock VaR, in steps.</summary>
    public required int VarHorizonSteps { get; init; }
    /// <summary>Historical VaR of the inventory shock q_t·(mid_{t+h} − mid_t), pooled over paths and t, per level (no expected shortfall).</summary>
    public required IReadOnlyList<TailRisk> InventoryVar { get; init; }
    /// <summary>The extra participants' results, in config order; empty for the paper's model.</summary>
    public IReadOnlyList<Participants.ParticipantSummary> Participants { get; init; } = [];
}

/// <summary>What a run produced: the KPIs, the recorded paths, the per-path terminal values and the per-step distributions.</summary>
public sealed record RunResult(RunSummary Summary, IReadOnlyList<RecordedPath> RecordedPaths,
                               IReadOnlyList<double> TerminalPnl, IReadOnlyList<double> FinalInventory,
                               IReadOnlyList<StepStats> Series)
{
    /// <summary>The other participants' trades on the recorded paths (empty without participants).</summary>
    public IReadOnlyList<Participants.ParticipantTrade> ParticipantTrades { get; init; } = [];
}
