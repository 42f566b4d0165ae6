using System.Text;
using MmSandbox.Reporting.Study;

namespace MmSandbox.Reporting.Report;

/// <summary>Whether a claim holds in a study.</summary>
public enum Verdict
{
    /// <summary>It holds wherever it could be checked.</summary>
    Holds,
    /// <summary>It holds in some regimes (or at some γ) and not in the others, which the finding names.</summary>
    HoldsExcept,
    /// <summary>It holds nowhere it could be checked.</summary>
    DoesNotHold,
    /// <summary>The study lacks the data to check it anywhere.</summary>
    NotEvaluated,
}

/// <summary>One claim about a study, decided from its numbers.</summary>
/// <param name="Number">1-based position in the list of claims.</param>
/// <param name="Claim">The claim, as a sentence.</param>
/// <param name="Verdict">Whether it holds.</param>
/// <param name="Statement">The verdict in words, e.g. <c>holds except in turbulent</c>.</param>
/// <param name="Exceptions">Where it fails: regime titles, or γ values for a claim checked per γ; empty unless <see cref="Verdict.HoldsExcept"/> or <see cref="Verdict.DoesNotHold"/>.</param>
/// <param name="Evidence">The numbers that decide it, one line per regime (or per γ).</param>
public sealed record Finding(int Number, string Claim, Verdict Verdict, string Statement,
                             IReadOnlyList<string> Exceptions, IReadOnlyList<string> Evidence);

/// <summary>
/// Decides the study's claims from its KPIs alone: spreads widen with γ; the most volatile regime quotes widest;
/// inventory swings, inventory VaR and markout dispersion shrink as γ grows; and which γ earns the best mean PnL.
/// Monotonicity is strict and checked over the completed cells of a regime in the γ order of the study; a cell whose
/// KPI is NaN (no data) is left out of that claim and named.
/// </summary>
public static class Findings
{
    private const string NoData = "fewer than two completed γ with data";

    /// <summary>The six findings of <paramref name="data"/>, in order.</summary>
    public static IReadOnlyList<Finding> Evaluate(StudyData data) =>
    [
        PerRegime(1, "Spreads widen with γ in every regime (spread_mean strictly increasing in γ).", data,
            r => Monotone(data, r, "spread_mean", s => s.SpreadMean, increasing: true)),
        WidestInMostVolatile(data),
        PerRegime(3, "Inventory swings shrink as γ grows (inventory_std strictly decreasing in γ).", data,
            r => Monotone(data, r, "inventory_std", s => s.InventoryStd, increasing: false)),
        PerRegime(4, "VaR falls as γ grows (var_95_inv and var_99_inv strictly decreasing in γ).", data,
            r => Both(Monotone(data, r, "var_95_inv", s => s.Var95Inv, increasing: false),
                      Monotone(data, r, "var_99_inv", s => s.Var99Inv, increasing: false))),
        PerRegime(5, "Markout dispersion shrinks as γ grows (std of the per-fill markout at the adverse horizon strictly decreasing in γ).", data,
            r => Monotone(data, r, "markout std", s => s.MarkoutAtHorizon?.Std ?? double.NaN, increasing: false, withHorizon: true)),
        BestPnl(data),
    ];

    /// <summary>The findings as a Markdown numbered list, each claim in bold with its verdict and its evidence as sub-items.</summary>
    public static string ToMarkdown(IReadOnlyList<Finding> findings)
    {
        var md = new StringBuilder();
        foreach (var f in findings)
        {
            md.Append(f.Number).Append(". **").Append(f.Claim).Append("** — ").Append(f.Statement).Append(".\n");
            foreach (var line in f.Evidence)
                md.Append("   - ").Append(line).Append('\n');
        }
        return md.ToString();
    }

    /// <summary>The outcome of a claim in one regime, or at one γ; <see cref="Passed"/> is null when it could not be checked.</summary>
    private sealed record Check(string Subject, bool? Passed, string Evidence);

    private static Finding PerRegime(int number, string claim, StudyData data, Func<StudyRegime, Check> check) =>
        Decide(number, claim, [.. data.Regimes.Select(check)], "in");

    private static Finding Decide(int number, string claim, IReadOnlyList<Check> checks, string preposition)
    {
        var failed = checks.Where(c => c.Passed == false).Select(c => c.Subject).ToList();
        var notChecked = checks.Where(c => c.Passed is null).Select(c => c.Subject).ToList();
        int passed = checks.Count(c => c.Passed == true);
        var (verdict, statement) = (passed, failed.Count) switch
        {
            (0, 0) => (Verdict.NotEvaluated, "cannot be evaluated"),
            (_, 0) => (Verdict.Holds, "holds"),
            (0, _) => (Verdict.DoesNotHold, "does not hold"),
            _ => (Verdict.HoldsExcept, $"holds except {preposition} {Join(failed)}"),
        };
        if (notChecked.Count > 0 && verdict != Verdict.NotEvaluated)
            statement += $" (not evaluated {preposition} {Join(notChecked)})";
        return new Finding(number, claim, verdict, statement, verdict == Verdict.Holds ? [] : failed,
                           [.. checks.Select(c => c.Evidence)]);
    }

    /// <summary>Whether <paramref name="kpi"/> is strictly monotone over the completed cells of <paramref name="regime"/>.</summary>
    private static Check Monotone(StudyData data, StudyRegime regime, string name, Func<CellSummary, double> kpi,
                                  bool increasing, bool withHorizon = false)
    {
        var cells = data.CompletedCells(regime.Name);
        var points = cells.Select(c => (c.Gamma, Value: kpi(c.Result!.Summary))).Where(p => double.IsFinite(p.Value)).ToList();
        var noData = cells.Where(c => !double.IsFinite(kpi(c.Result!.Summary))).Select(c => StudyText.Gamma(c.Gamma)).ToList();
        var subject = regime.Name;
        var label = withHorizon ? $"{subject} ({name}, h = {Horizons(cells)})" : $"{subject} ({name})";
        var skipped = noData.Count > 0 ? $"; no data at {Join(noData)}" : "";
        if (points.Count < 2)
            return new Check(subject, null, $"{label}: not evaluated, {NoData}{skipped}");

        var text = new StringBuilder(label).Append(": ");
        string? broken = null;
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0)
            {
                double previous = points[i - 1].Value, current = points[i].Value;
                text.Append(current > previous ? " < " : current < previous ? " > " : " = ");
                bool ok = increasing ? current > previous : current < previous;
                if (!ok && broken is null)
                    broken = $"{StudyText.Gamma(points[i - 1].Gamma)} → {StudyText.Number(points[i].Gamma)}";
            }
            text.Append(StudyText.Kpi(points[i].Value)).Append(" (").Append(StudyText.Gamma(points[i].Gamma)).Append(')');
        }
        if (broken is not null)
            text.Append(" — not ").Append(increasing ? "increasing" : "decreasing").Append(" from ").Append(broken);
        text.Append(skipped);
        return new Check(subject, broken is null, text.ToString());
    }

    private static string Horizons(IReadOnlyList<CellData> cells)
    {
        var h = cells.Select(c => c.Result!.Summary.MarkoutAtHorizon?.Horizon).OfType<int>().Distinct().Order().ToList();
        return h.Count == 0 ? "?" : string.Join(" / ", h);
    }

    /// <summary>Both checks of one regime: passed when both pass, failed when either fails, else not evaluated.</summary>
    private static Check Both(Check a, Check b)
    {
        bool? passed = a.Passed == false || b.Passed == false ? false : a.Passed == true && b.Passed == true ? true : null;
        // b's evidence repeats the regime's title; drop it.
        return new Check(a.Subject, passed, $"{a.Evidence}; {b.Evidence[b.Subject.Length..].TrimStart()}");
    }

    private static Finding WidestInMostVolatile(StudyData data)
    {
        const int Number = 2;
        double maxSigma = data.Regimes.Max(r => r.Sigma);
        var top = data.Regimes.Where(r => r.Sigma == maxSigma).ToList();
        var names = Join([.. top.Select(r => r.Name)]);
        var sigma = StudyText.Number(maxSigma);
        var claim = top.Count == 1
            ? $"The regime with the highest σ, {names} (σ = {sigma}), quotes the widest spreads at every γ (largest spread_mean)."
            : $"The regimes with the highest σ, {names} (σ = {sigma}), quote the widest spreads at every γ (largest spread_mean).";
        if (top.Count == data.Regimes.Count)
        {
            var why = data.Regimes.Count == 1 ? "the study has one regime" : $"every regime has σ = {sigma}";
            return new Finding(Number, claim, Verdict.NotEvaluated, $"cannot be evaluated: {why}", [], []);
        }

        var checks = new List<Check>();
        foreach (var gamma in data.Gammas)
        {
            var subject = StudyText.Gamma(gamma);
            var spreads = data.Regimes
                .Select(r => (Regime: r, Cell: data.Cell(r.Name, gamma)))
                .Where(x => x.Cell?.Result is not null && double.IsFinite(x.Cell.Result.Summary.SpreadMean))
                .Select(x => (x.Regime, Spread: x.Cell!.Result!.Summary.SpreadMean))
                .OrderByDescending(x => x.Spread)
                .ToList();
            var mostVolatile = spreads.Where(x => x.Regime.Sigma == maxSigma).ToList();
            var others = spreads.Where(x => x.Regime.Sigma != maxSigma).ToList();
            if (mostVolatile.Count == 0 || others.Count == 0)
            {
                checks.Add(new Check(StudyText.Number(gamma), null, $"{subject}: not evaluated, {(mostVolatile.Count == 0 ? names : "every other regime")} has no completed cell with data"));
                continue;
            }
            var best = mostVolatile[0];
            var rival = others[0];
            bool passed = best.Spread > rival.Spread;
            var evidence = passed
                ? $"{subject}: {best.Regime.Name} {StudyText.Kpi(best.Spread)} > next widest, {rival.Regime.Name} {StudyText.Kpi(rival.Spread)}"
                : $"{subject}: widest is {rival.Regime.Name} {StudyText.Kpi(rival.Spread)} ≥ {best.Regime.Name} {StudyText.Kpi(best.Spread)}";
            checks.Add(new Check(StudyText.Number(gamma), passed, evidence));
        }
        return Decide(Number, claim, checks, "at γ =");
    }

    private static Finding BestPnl(StudyData data)
    {
        const int Number = 6;
        var best = new Dictionary<string, List<(double Gamma, double Pnl)>>();
        foreach (var regime in data.Regimes)
        {
            best[regime.Name] = [.. data.CompletedCells(regime.Name)
                .Select(c => (c.Gamma, Pnl: c.Result!.Summary.PnlMean))
                .Where(p => double.IsFinite(p.Pnl))
                .OrderByDescending(p => p.Pnl)];
        }
        // The claim names the γ that is best in the most regimes; a tie goes to the γ listed first in the study.
        var winners = best.Values.Where(l => l.Count > 0).Select(l => l[0].Gamma).ToList();
        if (winners.Count == 0)
        {
            return new Finding(Number, "One γ has the best mean PnL (pnl_mean) in every regime.", Verdict.NotEvaluated,
                               "cannot be evaluated: no completed cell has a mean PnL", [], []);
        }
        var leader = data.Gammas.OrderByDescending(g => winners.Count(w => w.Equals(g))).First();
        var claim = $"{StudyText.Gamma(leader)} has the best mean PnL (pnl_mean) in every regime.";

        var checks = new List<Check>();
        foreach (var regime in data.Regimes)
        {
            var ranked = best[regime.Name];
            if (ranked.Count == 0)
            {
                checks.Add(new Check(regime.Name, null, $"{regime.Name}: not evaluated, no completed cell with a mean PnL"));
                continue;
            }
            var (gamma, pnl) = ranked[0];
            var runnerUp = ranked.Count > 1 ? $" (next: {StudyText.Gamma(ranked[1].Gamma)}, {StudyText.Kpi(ranked[1].Pnl)})" : " (the only γ with data)";
            checks.Add(new Check(regime.Name, gamma.Equals(leader),
                $"{regime.Name}: best {StudyText.Gamma(gamma)}, mean PnL {StudyText.Kpi(pnl)}{runnerUp}"));
        }
        return Decide(Number, claim, checks, "in");
    }

    private static string Join(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}",
    };
}
