using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Report;
using MmSandbox.Reporting.Study;

namespace MmSandbox.Reporting.Tests.Study;

/// <summary>A hand-built study: the KPIs of each cell as plain numbers, or null for a failed cell.</summary>
internal static class HandBuiltStudy
{
    public sealed record Kpis(double Spread, double InventoryStd, double Var95, double Var99, double MarkoutStd, double Pnl);

    // "storm" is the most volatile regime and not the first: the claim must find it by σ, not by name or position.
    public static IReadOnlyList<StudyRegime> Regimes { get; } =
    [
        new("calm", "calm", 0, 2),
        new("uptrend", "uptrend", 0.5, 2),
        new("storm", "storm", 0, 10),
        new("downtrend", "downtrend", -0.5, 2),
    ];

    public static IReadOnlyList<double> Gammas { get; } = [0.01, 0.1, 0.5];

    /// <summary>Every claim holds: spreads widen with γ and σ, risks shrink with γ, the best mean PnL is at γ = 0.1.</summary>
    public static Kpis Monotone(StudyRegime regime, double gamma) => new(
        Spread: 1 + gamma * regime.Sigma,
        InventoryStd: 5 / (1 + 10 * gamma),
        Var95: regime.Sigma * 5 / (1 + 10 * gamma),
        Var99: 1.4 * regime.Sigma * 5 / (1 + 10 * gamma),
        MarkoutStd: regime.Sigma / (1 + gamma),
        Pnl: 60 - 100 * (gamma - 0.1) * (gamma - 0.1));

    /// <summary>The study of <see cref="Monotone"/> with the cells <paramref name="change"/> returns changed (null: failed).</summary>
    public static StudyData Build(Func<StudyRegime, double, Kpis, Kpis?>? change = null, IReadOnlyList<StudyRegime>? regimes = null)
    {
        regimes ??= Regimes;
        var cells = new List<CellData>();
        foreach (var regime in regimes)
        {
            foreach (var gamma in Gammas)
            {
                var kpis = Monotone(regime, gamma);
                var changed = change is null ? kpis : change(regime, gamma, kpis);
                var path = $"{regime.Name}/gamma_{gamma}";
                cells.Add(changed is null
                    ? new CellData(regime.Name, gamma, path, CellStatus.Failed, "boom", null)
                    : new CellData(regime.Name, gamma, path, CellStatus.Completed, null, new CellResult(Summary(gamma, changed), Series, null)));
            }
        }
        return new StudyData("hand-built", regimes, Gammas, cells, null);
    }

    private static CellSummary Summary(double gamma, Kpis k) => new()
    {
        Gamma = gamma,
        SpreadMean = k.Spread,
        PnlMean = k.Pnl,
        PnlStd = 5,
        PnlSharpe = k.Pnl / 5,
        Var95 = -k.Pnl,
        Cvar95 = -k.Pnl + 1,
        InventoryStd = k.InventoryStd,
        Var95Inv = k.Var95,
        Var99Inv = k.Var99,
        TradesPerPathMean = 100,
        AdverseHorizonSteps = 10,
        AdverseSelectionRate = 0.4,
        Markouts = [new MarkoutStats(1, 100, 0.5, 0.1, 0, 0, 0, 0, 0, 0.4),
                    new MarkoutStats(10, 100, 0.2, k.MarkoutStd, -k.MarkoutStd, -0.5, 0.2, 0.5, k.MarkoutStd, 0.45)],
    };

    private static readonly CellSeries Series = new()
    {
        T = [],
        MidMean = [],
        MidP05 = [],
        MidP50 = [],
        MidP95 = [],
        PnlMean = [],
        PnlP05 = [],
        PnlP50 = [],
        PnlP95 = [],
        InventoryMean = [],
        InventoryStd = [],
        InventoryP05 = [],
        InventoryP95 = [],
    };
}

public sealed class FindingsTests
{
    private static Finding Claim(StudyData data, int number) => Findings.Evaluate(data).Single(f => f.Number == number);

    [Fact]
    public void In_a_study_where_everything_is_monotone_every_claim_holds()
    {
        var findings = Findings.Evaluate(HandBuiltStudy.Build());

        Assert.Equal([1, 2, 3, 4, 5, 6], findings.Select(f => f.Number));
        Assert.All(findings, f => Assert.Equal((Verdict.Holds, "holds"), (f.Verdict, f.Statement)));
        Assert.All(findings, f => Assert.Empty(f.Exceptions));
        Assert.Equal(4, findings[0].Evidence.Count);
        Assert.Equal("calm (spread_mean): 1.02 (γ = 0.01) < 1.2 (γ = 0.1) < 2 (γ = 0.5)", findings[0].Evidence[0]);
    }

    [Fact]
    public void Spreads_that_narrow_in_one_regime_hold_except_in_that_regime()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "uptrend" && g == 0.5 ? k with { Spread = 1.1 } : k);

        var f = Claim(data, 1);

        Assert.Equal((Verdict.HoldsExcept, "holds except in uptrend"), (f.Verdict, f.Statement));
        Assert.Equal(["uptrend"], f.Exceptions);
        Assert.Equal("uptrend (spread_mean): 1.02 (γ = 0.01) < 1.2 (γ = 0.1) > 1.1 (γ = 0.5) — not increasing from γ = 0.1 → 0.5", f.Evidence[1]);
        Assert.Equal(Verdict.Holds, Claim(data, 3).Verdict);
    }

    [Fact]
    public void A_claim_broken_in_two_regimes_names_both_and_one_broken_everywhere_does_not_hold()
    {
        var two = HandBuiltStudy.Build((r, g, k) => r.Name is "calm" or "downtrend" && g == 0.5 ? k with { InventoryStd = 9 } : k);
        var all = HandBuiltStudy.Build((r, g, k) => g == 0.5 ? k with { InventoryStd = 9 } : k);

        Assert.Equal("holds except in calm and downtrend", Claim(two, 3).Statement);
        Assert.Equal((Verdict.DoesNotHold, "does not hold"), (Claim(all, 3).Verdict, Claim(all, 3).Statement));
        Assert.Equal(["calm", "uptrend", "storm", "downtrend"], Claim(all, 3).Exceptions);
    }

    [Fact]
    public void Equal_values_are_not_strictly_monotone()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "calm" && g == 0.5 ? k with { Spread = 1.2 } : k);

        Assert.Equal("holds except in calm", Claim(data, 1).Statement);
        Assert.Contains("1.2 (γ = 0.1) = 1.2 (γ = 0.5)", Claim(data, 1).Evidence[0]);
    }

    [Fact]
    public void VaR_must_fall_at_both_levels()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "storm" && g == 0.1 ? k with { Var99 = 100 } : k);

        var f = Claim(data, 4);

        Assert.Equal((Verdict.HoldsExcept, "holds except in storm"), (f.Verdict, f.Statement));
        Assert.Contains("(var_99_inv)", f.Evidence[2]);
        Assert.Contains("not decreasing from γ = 0.01 → 0.1", f.Evidence[2]);
    }

    [Fact]
    public void Markout_dispersion_is_the_std_at_the_adverse_horizon()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "downtrend" && g == 0.5 ? k with { MarkoutStd = 5 } : k);

        var f = Claim(data, 5);

        Assert.Equal("holds except in downtrend", f.Statement);
        Assert.StartsWith("downtrend (markout std, h = 10): ", f.Evidence[3]);
    }

    [Fact]
    public void The_widest_spreads_are_checked_for_the_regime_with_the_highest_sigma_whatever_its_name()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "calm" && g == 0.5 ? k with { Spread = 9 } : k);

        var f = Claim(data, 2);

        Assert.Contains("storm (σ = 10)", f.Claim);
        Assert.Equal((Verdict.HoldsExcept, "holds except at γ = 0.5"), (f.Verdict, f.Statement));
        Assert.Equal(["0.5"], f.Exceptions);
        Assert.Equal("γ = 0.5: widest is calm 9 ≥ storm 6", f.Evidence[2]);
        Assert.Equal("γ = 0.01: storm 1.1 > next widest, calm 1.02", f.Evidence[0]);
    }

    [Fact]
    public void The_widest_spread_claim_is_not_evaluated_when_every_regime_has_the_same_sigma()
    {
        var data = HandBuiltStudy.Build(regimes: [new("a", "a", 0, 2), new("b", "b", 1, 2)]);

        var f = Claim(data, 2);

        Assert.Equal(Verdict.NotEvaluated, f.Verdict);
        Assert.Contains("every regime has σ = 2", f.Statement);
    }

    [Fact]
    public void The_best_mean_pnl_gamma_is_picked_per_regime_and_the_claim_names_the_most_frequent_winner()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "storm" && g == 0.5 ? k with { Pnl = 70 } : k);

        var f = Claim(data, 6);

        Assert.StartsWith("γ = 0.1 has the best mean PnL", f.Claim);
        Assert.Equal((Verdict.HoldsExcept, "holds except in storm"), (f.Verdict, f.Statement));
        Assert.Equal("storm: best γ = 0.5, mean PnL 70 (next: γ = 0.1, 60)", f.Evidence[2]);
        Assert.Equal("calm: best γ = 0.1, mean PnL 60 (next: γ = 0.01, 59.19)", f.Evidence[0]);
    }

    [Fact]
    public void When_most_regimes_favour_another_gamma_the_claim_names_that_gamma()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name != "calm" && g == 0.01 ? k with { Pnl = 80 } : k);

        var f = Claim(data, 6);

        Assert.StartsWith("γ = 0.01 has the best mean PnL", f.Claim);
        Assert.Equal("holds except in calm", f.Statement);
    }

    [Fact]
    public void Failed_cells_are_left_out_and_a_regime_with_one_completed_cell_is_not_evaluated()
    {
        var data = HandBuiltStudy.Build((r, g, k) => (r.Name, g) switch
        {
            ("calm", 0.1) => null,
            ("uptrend", 0.01) or ("uptrend", 0.1) => null,
            _ => k,
        });

        var f = Claim(data, 1);

        Assert.Equal((Verdict.Holds, "holds (not evaluated in uptrend)"), (f.Verdict, f.Statement));
        Assert.Equal("calm (spread_mean): 1.02 (γ = 0.01) < 2 (γ = 0.5)", f.Evidence[0]);
        Assert.StartsWith("uptrend (spread_mean): not evaluated", f.Evidence[1]);
    }

    [Fact]
    public void A_kpi_without_data_is_left_out_and_named()
    {
        var data = HandBuiltStudy.Build((r, g, k) => r.Name == "calm" && g == 0.1 ? k with { MarkoutStd = double.NaN } : k);

        var f = Claim(data, 5);

        Assert.Equal(Verdict.Holds, f.Verdict);
        Assert.EndsWith("; no data at γ = 0.1", f.Evidence[0]);
    }

    [Theory]
    [InlineData(-0.0, "0", "0")]
    [InlineData(1.23456, "1.235", "1.23456")]
    [InlineData(-20, "-20", "-20")]
    [InlineData(123456.7, "123457", "123456.7")]
    [InlineData(double.NaN, "n/a", "NaN")]
    public void Numbers_print_in_the_invariant_culture_with_four_significant_digits_and_no_negative_zero(double value, string kpi, string exact)
    {
        Assert.Equal((kpi, exact), (StudyText.Kpi(value), StudyText.Number(value)));
    }

    [Fact]
    public void Markdown_lists_each_claim_with_its_verdict_and_evidence()
    {
        var findings = Findings.Evaluate(HandBuiltStudy.Build((r, g, k) => r.Name == "uptrend" && g == 0.5 ? k with { Spread = 1.1 } : k));

        var md = Findings.ToMarkdown(findings);

        var lines = md.Split('\n');
        Assert.Equal("1. **Spreads widen with γ in every regime (spread_mean strictly increasing in γ).** — holds except in uptrend.", lines[0]);
        Assert.Equal("   - calm (spread_mean): 1.02 (γ = 0.01) < 1.2 (γ = 0.1) < 2 (γ = 0.5)", lines[1]);
        Assert.Equal(6, lines.Count(l => l.Length > 0 && char.IsDigit(l[0])));
        Assert.Contains("6. **γ = 0.1 has the best mean PnL (pnl_mean) in every regime.** — holds.", md);
    }
}
