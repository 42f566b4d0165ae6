using MmSandbox.Core.Config;
using MmSandbox.Core.Engine;
using MmSandbox.Core.Metrics;

namespace MmSandbox.Core.Tests;

/// <summary>Both strategies of Avellaneda &amp; Stoikov (2008), Table 1 (γ = 0.1), on 10,000 paths with seed 42, run once for the class.</summary>
public sealed class PaperRuns
{
    public const int Paths = 10_000;

    public PaperRuns()
    {
        var config = SimulationConfig.Paper with
        {
            Paths = Paths,
            Seed = 42,
            Engine = SimulationConfig.Paper.Engine with { Kind = EngineKind.Reference },
        };
        Inventory = ReferenceEngine.Run(config.WithStrategy(Strategy.AvellanedaStoikov)).Summary;
        Symmetric = ReferenceEngine.Run(config.WithStrategy(Strategy.Symmetric)).Summary;
    }

    public RunSummary Inventory { get; }
    public RunSummary Symmetric { get; }

    public RunSummary For(Strategy strategy) => strategy == Strategy.AvellanedaStoikov ? Inventory : Symmetric;
}

/// <summary>
/// Compares with the converged values of the same model (shared/reference/as2008_gamma_0.1.md,
/// 100,000 paths of an independent implementation). Each tolerance is four standard errors of
/// a 10,000-path estimate, plus the reference's own standard error at 100,000 paths, plus the
/// 0.005 by which the reference values are rounded.
/// </summary>
public sealed class PaperReproductionTests(PaperRuns runs) : IClassFixture<PaperRuns>
{
    private const double N = PaperRuns.Paths;
    private const double ReferenceN = 100_000;
    private const double Rounding = 0.005;

    [Theory]
    // strategy, converged profit, converged std(profit)
    [InlineData(Strategy.AvellanedaStoikov, 64.86, 6.54)]
    [InlineData(Strategy.Symmetric, 68.22, 13.47)]
    public void Mean_profit_matches_the_converged_value_within_four_standard_errors(Strategy strategy, double profit, double std)
    {
        // SE(mean) = std/√n: inventory 6.54/100 = 0.065 → tolerance 0.26 + 0.021 + 0.005 = 0.29;
        // symmetric 13.47/100 = 0.135 → 0.54 + 0.043 + 0.005 = 0.59.
        double tolerance = 4 * std / Math.Sqrt(N) + std / Math.Sqrt(ReferenceN) + Rounding;
        Assert.InRange(runs.For(strategy).PnlMean, profit - tolerance, profit + tolerance);
    }

    [Theory]
    [InlineData(Strategy.AvellanedaStoikov, 6.54)]
    [InlineData(Strategy.Symmetric, 13.47)]
    public void Std_of_profit_matches_the_converged_value_within_four_standard_errors(Strategy strategy, double std)
    {
        // SE(std) ≈ std/√(2n) for near-normal data: inventory 6.54/141.4 = 0.046 → 0.185 + 0.015 + 0.005 = 0.20;
        // symmetric 13.47/141.4 = 0.095 → 0.38 + 0.030 + 0.005 = 0.42.
        double tolerance = 4 * std / Math.Sqrt(2 * N) + std / Math.Sqrt(2 * ReferenceN) + Rounding;
        Assert.InRange(runs.For(strategy).PnlStd, std - tolerance, std + tolerance);
    }

    [Theory]
    // strategy, converged mean final q, converged std(final q)
    [InlineData(Strategy.AvellanedaStoikov, 0.00, 2.93)]
    [InlineData(Strategy.Symmetric, 0.01, 8.43)]
    public void Mean_final_inventory_matches_the_converged_value_within_four_standard_errors(Strategy strategy, double q, double stdQ)
    {
        // SE = stdq/√n: inventory 2.93/100 → 0.117 + 0.009 + 0.005 = 0.13; symmetric 8.43/100 → 0.337 + 0.027 + 0.005 = 0.37.
        double tolerance = 4 * stdQ / Math.Sqrt(N) + stdQ / Math.Sqrt(ReferenceN) + Rounding;
        Assert.InRange(runs.For(strategy).FinalInventoryMean, q - tolerance, q + tolerance);
    }

    [Theory]
    [InlineData(Strategy.AvellanedaStoikov, 2.93)]
    [InlineData(Strategy.Symmetric, 8.43)]
    public void Std_of_final_inventory_matches_the_converged_value_within_four_standard_errors(Strategy strategy, double stdQ)
    {
        // SE ≈ stdq/√(2n): inventory 2.93/141.4 → 0.083 + 0.007 + 0.005 = 0.09; symmetric 8.43/141.4 → 0.238 + 0.019 + 0.005 = 0.26.
        double tolerance = 4 * stdQ / Math.Sqrt(2 * N) + stdQ / Math.Sqrt(2 * ReferenceN) + Rounding;
        Assert.InRange(runs.For(strategy).FinalInventoryStd, stdQ - tolerance, stdQ + tolerance);
    }

    [Theory]
    [InlineData(Strategy.AvellanedaStoikov)]
    [InlineData(Strategy.Symmetric)]
    public void Mean_spread_is_the_paper_average_spread_of_1_49(Strategy strategy) =>
        // Table 1 prints 1.49 for both; the exact values are 1.4918 (inventory, mean over quote times) and 1.4908 (symmetric).
        Assert.InRange(runs.For(strategy).SpreadMean, 1.49 - 0.005, 1.49 + 0.005);

    [Fact]
    public void The_inventory_strategy_trades_a_little_profit_for_much_less_risk_than_the_symmetric_one()
    {
        // The paper's result: lower mean profit, but about half the std of profit and a third of the std of final q.
        Assert.True(runs.Inventory.PnlMean < runs.Symmetric.PnlMean);
        Assert.True(runs.Inventory.PnlStd < 0.6 * runs.Symmetric.PnlStd,
            $"std(profit) {runs.Inventory.PnlStd:F2} vs {runs.Symmetric.PnlStd:F2}");
        Assert.True(runs.Inventory.FinalInventoryStd < 0.5 * runs.Symmetric.FinalInventoryStd,
            $"std(final q) {runs.Inventory.FinalInventoryStd:F2} vs {runs.Symmetric.FinalInventoryStd:F2}");
    }
}
