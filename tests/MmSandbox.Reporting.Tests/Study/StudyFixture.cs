using System.Globalization;
using System.Text;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Reporting.Tests.Study;

/// <summary>One regime of a fixture study.</summary>
internal sealed record FixtureRegime(string Name, string Title, double Mu, double Sigma);

/// <summary>
/// Writes a fake study folder in the layout of <c>mmsandbox scenarios</c>: study.json, and per (regime, γ) cell
/// config_used.yaml, summary.json (through <see cref="ResultWriter.WriteSummary"/>), series.csv and timeseries.csv, with
/// synthetic but plausible numbers: the sample path follows the Avellaneda–Stoikov quotes on a binomial mid (common
/// random numbers across γ), and the KPIs follow closed forms that widen spreads and shrink risk as γ grows.
/// </summary>
internal sealed class StudyFixture : IDisposable
{
    public const int Steps = 20;
    public const double Dt = 0.05;
    public const double S0 = 100;
    public const int Paths = 200;
    public const ulong Seed = 7;
    public const int AdverseHorizon = 5;
    // A lower A than the config's 140 in the path simulation: at dt = 0.05 fills then leave inventory to see.
    private const double A = 30, K = 1.5;

    public static IReadOnlyList<FixtureRegime> FourRegimes { get; } =
    [
        new("calm", "calm", 0, 2),
        new("turbulent", "turbulent", 0, 10),
        new("uptrend", "uptrend", 20, 2),
        new("downtrend", "downtrend", -20, 2),
    ];

    public static IReadOnlyList<double> ThreeGammas { get; } = [0.01, 0.1, 0.5];

    private StudyFixture(string dir, IReadOnlyList<FixtureRegime> regimes, IReadOnlyList<double> gammas)
    {
        Dir = dir;
        Regimes = regimes;
        Gammas = gammas;
    }

    public string Dir { get; }
    public IReadOnlyList<FixtureRegime> Regimes { get; }
    public IReadOnlyList<double> Gammas { get; }

    /// <summary>The mid of path 0 in each regime, steps 0 … N.</summary>
    public Dictionary<string, double[]> SampleMids { get; } = [];

    /// <summary>The summaries written, by cell path.</summary>
    public Dictionary<string, RunSummary> Summaries { get; } = [];

    public static string CellPath(string regime, double gamma) =>
        $"{regime}/gamma_{gamma.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A study of <paramref name="regimes"/> × <paramref name="gammas"/>. Cells in <paramref name="failed"/> are marked
    /// failed in study.json and have no summary.json; cells in <paramref name="unfinished"/> are marked completed but
    /// left no summary.json either (a run that died).
    /// </summary>
    public static StudyFixture Create(IReadOnlyList<FixtureRegime>? regimes = null, IReadOnlyList<double>? gammas = null,
                                      IReadOnlyDictionary<(string Regime, double Gamma), string>? failed = null,
                                      IReadOnlyList<(string Regime, double Gamma)>? unfinished = null)
    {
        regimes ??= FourRegimes;
        gammas ??= ThreeGammas;
        failed ??= new Dictionary<(string, double), string>();
        unfinished ??= [];
        var dir = Path.Combine(Path.GetTempPath(), "mmsandbox-study-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var fixture = new StudyFixture(dir, regimes, gammas);

        var cells = new List<(string Regime, double Gamma, string Path, string Status, string? Error)>();
        for (int r = 0; r < regimes.Count; r++)
        {
            var regime = regimes[r];
            fixture.SampleMids[regime.Name] = Mid(regime, new Random(100 + r));
            foreach (var gamma in gammas)
            {
                var path = CellPath(regime.Name, gamma);
                if (failed.TryGetValue((regime.Name, gamma), out var error))
                {
                    Directory.CreateDirectory(Path.Combine(dir, path));
                    File.WriteAllText(Path.Combine(dir, path, "run.log"), "error: " + error + "\n");
                    cells.Add((regime.Name, gamma, path, "failed", error));
                    continue;
                }
                fixture.WriteCell(r, regime, gamma, path, writeSummary: !unfinished.Contains((regime.Name, gamma)));
                cells.Add((regime.Name, gamma, path, "completed", null));
            }
        }
        // study.json as the study runner writes it (with the study's aggregate summary files beside it).
        new StudyManifest([.. regimes.Select(r => new ManifestRegime(r.Name, r.Title, r.Mu, r.Sigma))], gammas,
                          [.. cells.Select(c => new ManifestCell(c.Regime, c.Gamma, c.Path, c.Status, c.Error))]).WriteAll(dir);
        return fixture;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static double[] Mid(FixtureRegime regime, Random random)
    {
        var mid = new double[Steps + 1];
        mid[0] = S0;
        for (int k = 0; k < Steps; k++)
            mid[k + 1] = mid[k] + regime.Mu * Dt + regime.Sigma * Math.Sqrt(Dt) * (random.Next(2) == 0 ? -1 : 1);
        return mid;
    }

    private static double Spread(double gamma, double sigma, double tau) =>
        gamma * sigma * sigma * tau + 2 / gamma * Math.Log(1 + gamma / K);

    private void WriteCell(int regimeIndex, FixtureRegime regime, double gamma, string path, bool writeSummary)
    {
        var cellDir = Path.Combine(Dir, path);
        Directory.CreateDirectory(cellDir);
        var config = SimulationConfig.Paper with
        {
            Seed = Seed,
            Paths = Paths,
            Horizon = Steps * Dt,
            Dt = Dt,
            Market = SimulationConfig.Paper.Market with { Mu = regime.Mu, Sigma = regime.Sigma },
            MarketMaker = SimulationConfig.Paper.MarketMaker with { Gamma = gamma },
            Metrics = new MetricsConfig([1, AdverseHorizon], AdverseHorizonSteps: AdverseHorizon, VarHorizonSteps: AdverseHorizon, VarLevels: [0.95, 0.99]),
            Output = new OutputConfig(RecordPaths: 2),
            Engine = SimulationConfig.Paper.Engine with { Kind = EngineKind.Reference },
        };
        File.WriteAllText(Path.Combine(cellDir, ResultWriter.ConfigFileName), ConfigWriter.ToYaml(config));
        File.WriteAllText(Path.Combine(cellDir, ResultWriter.TradesFileName), string.Join(",", ResultWriter.TradesColumns) + "\n");
        File.WriteAllText(Path.Combine(cellDir, "run_info.json"), "{\n  \"engine\": \"reference\"\n}\n");
        File.WriteAllText(Path.Combine(cellDir, "run.log"), "");

        // Path 0 shares its mid and arrival draws with every γ of the regime; path 1 is another draw.
        var timeseries = new StringBuilder(string.Join(",", ResultWriter.TimeseriesColumns)).Append('\n');
        AppendPath(timeseries, 0, regime, gamma, SampleMids[regime.Name], new Random(200 + regimeIndex));
        AppendPath(timeseries, 1, regime, gamma, Mid(regime, new Random(300 + regimeIndex)), new Random(400 + regimeIndex));
        File.WriteAllText(Path.Combine(cellDir, ResultWriter.TimeseriesFileName), timeseries.ToString());
        File.WriteAllText(Path.Combine(cellDir, ResultWriter.SeriesFileName), Series(regime, gamma));

        if (!writeSummary)
            return;
        var summary = Summary(regime, gamma);
        Summaries[path] = summary;
        using var stream = File.Create(Path.Combine(cellDir, ResultWriter.SummaryFileName));
        ResultWriter.WriteSummary(stream, summary);
    }

    private static void AppendPath(StringBuilder csv, int path, FixtureRegime regime, double gamma, double[] mid, Random arrivals)
    {
        double q = 0, cash = 0;
        for (int k = 0; k <= Steps; k++)
        {
            double t = k * Dt, s = mid[k];
            string reservation = "", bid = "", ask = "", spread = "";
            if (k < Steps)
            {
                double tau = Steps * Dt - t;
                double r = s - q * gamma * regime.Sigma * regime.Sigma * tau;
                double full = Spread(gamma, regime.Sigma, tau);
                double b = r - full / 2, a = r + full / 2;
                double uBid = arrivals.NextDouble(), uAsk = arrivals.NextDouble();
                if (uBid < Math.Min(1, A * Math.Exp(-K * (s - b)) * Dt))
                {
                    q += 1;
                    cash -= b;
                }
                if (uAsk < Math.Min(1, A * Math.Exp(-K * (a - s)) * Dt))
                {
                    q -= 1;
                    cash += a;
                }
                (reservation, bid, ask, spread) = (F(r), F(b), F(a), F(full));
            }
            csv.Append(path).Append(',').Append(k).Append(',').Append(F(t)).Append(',').Append(F(s)).Append(',')
               .Append(reservation).Append(',').Append(bid).Append(',').Append(ask).Append(',').Append(spread).Append(',')
               .Append(F(q)).Append(',').Append(F(cash)).Append(',').Append(F(cash + q * s)).Append('\n');
        }
    }

    private static string Series(FixtureRegime regime, double gamma)
    {
        var csv = new StringBuilder(string.Join(",", ResultWriter.SeriesColumns)).Append('\n');
        double inventoryScale = InventoryStd(regime, gamma);
        double pnlScale = PnlStd(regime, gamma);
        for (int k = 0; k <= Steps; k++)
        {
            double t = k * Dt, midMean = S0 + regime.Mu * t, midSd = regime.Sigma * Math.Sqrt(t);
            double pnlMean = PnlMean(regime, gamma) * t, pnlSd = pnlScale * Math.Sqrt(t);
            double invMean = 0.05 * Math.Sin(7 * t) * Math.Sign(regime.Mu), invSd = inventoryScale * Math.Sqrt(Math.Min(1, 4 * t));
            csv.Append(k).Append(',').Append(F(t)).Append(',')
               .Append(F(midMean)).Append(',').Append(F(midMean - 1.645 * midSd)).Append(',').Append(F(midMean)).Append(',').Append(F(midMean + 1.645 * midSd)).Append(',')
               .Append(F(pnlMean)).Append(',').Append(F(pnlMean - 1.645 * pnlSd)).Append(',').Append(F(pnlMean)).Append(',').Append(F(pnlMean + 1.645 * pnlSd)).Append(',')
               .Append(F(invMean)).Append(',').Append(F(invSd)).Append(',').Append(F(invMean - 1.645 * invSd)).Append(',').Append(F(invMean + 1.645 * invSd)).Append('\n');
        }
        return csv.ToString();
    }

    private static double InventoryStd(FixtureRegime regime, double gamma) => 6 / (1 + 20 * gamma * regime.Sigma / 2);

    private static double PnlStd(FixtureRegime regime, double gamma) => 4 + 0.6 * regime.Sigma * InventoryStd(regime, gamma);

    /// <summary>Best at γ = 0.1 in a driftless regime; a trend favours the more inventory-averse maker.</summary>
    private static double PnlMean(FixtureRegime regime, double gamma) =>
        60 - 40 * Math.Pow(Math.Log10(gamma) + 1, 2) - Math.Abs(regime.Mu) * InventoryStd(regime, gamma) / 4;

    private static RunSummary Summary(FixtureRegime regime, double gamma)
    {
        double spreadMean = Enumerable.Range(0, Steps).Average(k => Spread(gamma, regime.Sigma, (Steps - k) * Dt));
        double inventoryStd = InventoryStd(regime, gamma);
        double shock = regime.Sigma * Math.Sqrt(AdverseHorizon * Dt);
        double pnlMean = PnlMean(regime, gamma), pnlStd = PnlStd(regime, gamma);
        double markoutStd = shock * (1 + 0.3 / (1 + 10 * gamma));
        double markoutMean = spreadMean / 2 - 0.4 * shock;
        MarkoutStats Markout(int h, double scale) => new(h, 4000, markoutMean * scale, markoutStd * Math.Sqrt(scale),
            markoutMean * scale - 1.645 * markoutStd * Math.Sqrt(scale), markoutMean * scale - 0.674 * markoutStd * Math.Sqrt(scale),
            markoutMean * scale, markoutMean * scale + 0.674 * markoutStd * Math.Sqrt(scale), markoutMean * scale + 1.645 * markoutStd * Math.Sqrt(scale), 0.4);
        return new RunSummary
        {
            Seed = Seed,
            Paths = Paths,
            Steps = Steps,
            Dt = Dt,
            Horizon = Steps * Dt,
            Engine = EngineKind.Reference,
            LaneSize = 1024,
            Strategy = Strategy.AvellanedaStoikov,
            Gamma = gamma,
            SpreadMean = spreadMean,
            PnlMean = pnlMean,
            PnlStd = pnlStd,
            PnlMin = pnlMean - 3 * pnlStd,
            PnlP05 = pnlMean - 1.645 * pnlStd,
            PnlP25 = pnlMean - 0.674 * pnlStd,
            PnlP50 = pnlMean,
            PnlP75 = pnlMean + 0.674 * pnlStd,
            PnlP95 = pnlMean + 1.645 * pnlStd,
            PnlMax = pnlMean + 3 * pnlStd,
            PnlSharpe = pnlMean / pnlStd,
            MaxDrawdownMean = pnlStd / 2,
            TailRisk = [new TailRisk(0.95, -(pnlMean - 1.645 * pnlStd), -(pnlMean - 2.06 * pnlStd)),
                        new TailRisk(0.99, -(pnlMean - 2.33 * pnlStd), -(pnlMean - 2.67 * pnlStd))],
            FinalInventoryMean = 0.01,
            FinalInventoryStd = inventoryStd,
            InventoryStd = inventoryStd,
            InventoryAbsMean = 0.8 * inventoryStd,
            InventoryAbsMax = 4 * inventoryStd,
            TimeAtMaxInventory = 0,
            TradesPerPathMean = 30 / (1 + gamma),
            BidFillsPerPathMean = 15 / (1 + gamma),
            AskFillsPerPathMean = 15 / (1 + gamma),
            Markouts = [Markout(1, 1.0 / AdverseHorizon), Markout(AdverseHorizon, 1)],
            AdverseHorizonSteps = AdverseHorizon,
            AdverseSelectionRate = 0.35 + 0.02 * regime.Sigma / (1 + gamma),
            VarHorizonSteps = AdverseHorizon,
            InventoryVar = [new TailRisk(0.95, 1.645 * inventoryStd * shock, double.NaN),
                            new TailRisk(0.99, 2.33 * inventoryStd * shock, double.NaN)],
        };
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
