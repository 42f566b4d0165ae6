using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MmSandbox.Core.Config;
using MmSandbox.Reporting.Configuration;

namespace MmSandbox.Reporting.Tests.Corpus;

/// <summary>
/// Random valid values of every field, each number anywhere in its allowed range (doubles drawn from their bit
/// patterns, so subnormals, −0 and the largest finite values come up), written into YAML in several spellings:
/// loading gives back exactly those values, bit for bit.
/// </summary>
public sealed class RoundTripProperties
{
    [Property(MaxTest = 500)]
    public Property Valid_values_written_into_yaml_load_back_exactly() =>
        Prop.ForAll(Arb.From(ValidCase()), c =>
        {
            var loaded = ConfigLoader.LoadText(c.Yaml, "valid.yaml");
            Same(c.Expected, loaded, c.Yaml);
        });

    [Fact]
    public void Extreme_values_load_back_exactly()
    {
        var paper = SimulationConfig.Paper;
        var expected = paper with
        {
            Seed = ulong.MaxValue,
            Paths = SimulationConfig.MaxPaths,
            Dt = double.Epsilon,
            Horizon = 10_000_000 * double.Epsilon,
            Market = new MarketConfig(S0: -double.MaxValue, Mu: double.MaxValue, Sigma: -0.0, PriceModel.Gaussian),
            OrderFlow = paper.OrderFlow with { A = double.Epsilon, K = double.MaxValue, OrderSize = 1e-320, FeeBps = 0 },
            MarketMaker = paper.MarketMaker with { Gamma = double.MaxValue, MaxInventory = 0, Sigma = double.Epsilon, K = 4.9e-324 },
            Metrics = new MetricsConfig([9_999_999, 1], 9_999_999, 1, [double.Epsilon, Math.BitDecrement(1.0)]),
            // 10,000,001 rows a path: recording even one path would pass the output limit.
            Output = new OutputConfig(0),
            Engine = new EngineConfig(EngineKind.Reference, EngineConfig.MaxLaneSize, 1024, 86_400, 64),
        };

        for (int style = 0; style < Styles; style++)
        {
            var yaml = Write(expected, style);
            Same(expected, ConfigLoader.LoadText(yaml, "extreme.yaml"), yaml);
        }
    }

    private const int Styles = 5;

    private static Gen<ValidCase> ValidCase() =>
        from seed in Gen.Choose(int.MinValue, int.MaxValue).Two().Select(p => ((ulong)(uint)p.Item1 << 32) | (uint)p.Item2)
        from paths in Gen.OneOf(Gen.Choose(1, 10), Gen.Choose(1, SimulationConfig.MaxPaths))
        from time in StepsAndDt()
        from s0 in AnyFinite()
        from mu in AnyFinite()
        from sigma in NonNegative()
        from priceModel in Gen.Elements(Enum.GetValues<PriceModel>())
        from a in Positive()
        from k in Positive()
        from fillProbability in Gen.Elements(Enum.GetValues<FillProbability>())
        from orderSize in Positive()
        from feeBps in NonNegative()
        from fillsPerStep in Gen.Elements(Enum.GetValues<FillsPerStep>())
        from strategy in Gen.Elements(Enum.GetValues<Strategy>())
        from gamma in Positive()
        from maxInventory in OrNull(NonNegative())
        from makerSigma in OrNull(NonNegative())
        from makerK in OrNull(Positive())
        from quoteMid in Gen.Elements(Enum.GetValues<QuoteMid>())
        from markouts in Gen.NonEmptyListOf(Gen.Choose(1, time.Steps - 1)).Select(l => l.Distinct().Take(6).ToArray())
        from adverse in Gen.Choose(1, time.Steps - 1)
        from varHorizon in Gen.Choose(1, time.Steps - 1)
        from levels in Gen.NonEmptyListOf(Level()).Select(l => l.Distinct().Take(6).ToArray())
        from recordPaths in Gen.Choose(0, (int)Math.Min(OutputConfig.MaxRecordPaths, OutputConfig.MaxRecordedRows / (time.Steps + 1L)))
        from kind in Gen.Elements(Enum.GetValues<EngineKind>())
        from laneSize in Gen.OneOf(Gen.Choose(1, 64), Gen.Choose(1, EngineConfig.MaxLaneSize))
        from lanesInFlight in Gen.Choose(1, 1024)
        from watchdog in Positive().Select(x => x % 86_400).Where(x => x > 0)
        from pipelines in Gen.Choose(1, 64)
        from style in Gen.Choose(0, Styles - 1)
        let config = new SimulationConfig(
            seed, paths, time.Horizon, time.Dt,
            new MarketConfig(s0, mu, sigma, priceModel),
            new OrderFlowConfig(a, k, fillProbability, orderSize, feeBps, fillsPerStep),
            new MarketMakerConfig(strategy, gamma, maxInventory, makerSigma, makerK, quoteMid),
            new MetricsConfig(markouts, adverse, varHorizon, levels),
            new OutputConfig(recordPaths),
            new EngineConfig(kind, laneSize, lanesInFlight, watchdog, pipelines))
        select new ValidCase(config, Write(config, style));

    /// <summary>A step dt &gt; 0 and N in [2, 10⁷] steps whose horizon N·dt is finite and a whole multiple of dt.</summary>
    private static Gen<(int Steps, double Dt, double Horizon)> StepsAndDt() =>
        from steps in Gen.OneOf(Gen.Choose(2, 400), Gen.Choose(2, 10_000_000))
        from dt in Positive()
        let horizon = dt * steps
        where double.IsFinite(horizon) && Math.Abs((horizon / dt) - steps) <= 1e-9 * steps
        select (steps, dt, horizon);

    /// <summary>Any finite double: half from raw bit patterns (every exponent), half short decimals a person would write.</summary>
    private static Gen<double> AnyFinite() =>
        Gen.Frequency(
            (5, Gen.Choose(int.MinValue, int.MaxValue).Two()
                   .Select(p => BitConverter.Int64BitsToDouble(((long)p.Item1 << 32) | (uint)p.Item2))
                   .Where(double.IsFinite)),
            (4, Gen.Choose(-1_000_000, 1_000_000).Zip(Gen.Choose(0, 8)).Select(p => p.Item1 / Math.Pow(10, p.Item2))),
            (1, Gen.Elements(0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, 1e-320, 2.2250738585072014E-308)));

    private static Gen<double> NonNegative() => AnyFinite().Select(x => x < 0 ? -x : x);

    private static Gen<double> Positive() => NonNegative().Where(x => x > 0);

    /// <summary>A level in (0, 1): every exponent below 0 from raw bits, or a short decimal.</summary>
    private static Gen<double> Level() =>
        Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Two()
               .Select(p => BitConverter.Int64BitsToDouble((((long)p.Item1 << 32) | (uint)p.Item2) & 0x3FFF_FFFF_FFFF_FFFF))
               .Where(x => x > 0 && x < 1),
            Gen.Choose(1, 9_999).Select(n => n / 10_000.0));

    private static Gen<double?> OrNull(Gen<double> gen) =>
        Gen.Frequency((1, Gen.Constant<double?>(null)), (3, gen.Select(x => (double?)x)));

    /// <summary>The config as YAML in one of several styles: number spellings, flow or block lists, key order.</summary>
    private static string Write(SimulationConfig c, int style)
    {
        var yaml = new StringBuilder();
        void Line(int indent, string key, string value) => yaml.Append(' ', indent).Append(key).Append(": ").Append(value).Append('\n');
        void Section(string name) => yaml.Append(name).Append(":\n");
        string N(double x) => Number(x, style);
        string Q(double? x) => x is { } v ? N(v) : style % 2 == 0 ? "null" : "~";
        string I(long x) => style == 3 && x >= 0 ? "+" + x.ToString(CultureInfo.InvariantCulture) : x.ToString(CultureInfo.InvariantCulture);
        string List<T>(IEnumerable<T> items, Func<T, string> spell) =>
            style % 2 == 0
                ? $"[{string.Join(", ", items.Select(spell))}]"
                : "\n" + string.Concat(items.Select(i => $"    - {spell(i)}\n")).TrimEnd('\n');

        if (style == 4)
        {
            // Sections first, top-level fields last: order does not matter.
            WriteSections();
            WriteTop();
        }
        else
        {
            WriteTop();
            WriteSections();
        }
        return yaml.ToString();

        void WriteTop()
        {
            Line(0, "seed", c.Seed.ToString(CultureInfo.InvariantCulture));
            Line(0, "paths", I(c.Paths));
            Line(0, "horizon", N(c.Horizon));
            Line(0, "dt", N(c.Dt));
        }

        void WriteSections()
        {
            Section("market");
            Line(2, "s0", N(c.Market.S0));
            Line(2, "mu", N(c.Market.Mu));
            Line(2, "sigma", N(c.Market.Sigma));
            Line(2, "price_model", ConfigSchema.Name(c.Market.PriceModel));
            Section("order_flow");
            Line(2, "A", N(c.OrderFlow.A));
            Line(2, "k", N(c.OrderFlow.K));
            Line(2, "fill_probability", ConfigSchema.Name(c.OrderFlow.FillProbability));
            Line(2, "order_size", N(c.OrderFlow.OrderSize));
            Line(2, "fee_bps", N(c.OrderFlow.FeeBps));
            Line(2, "fills_per_step", ConfigSchema.Name(c.OrderFlow.FillsPerStep));
            Section("market_maker");
            Line(2, "strategy", ConfigSchema.Name(c.MarketMaker.Strategy));
            Line(2, "gamma", N(c.MarketMaker.Gamma));
            Line(2, "max_inventory", Q(c.MarketMaker.MaxInventory));
            Line(2, "sigma", Q(c.MarketMaker.Sigma));
            Line(2, "k", Q(c.MarketMaker.K));
            Line(2, "quote_mid", ConfigSchema.Name(c.MarketMaker.QuoteMid));
            Section("metrics");
            Line(2, "markout_horizons", List(c.Metrics.MarkoutHorizons, h => I(h)));
            Line(2, "adverse_horizon_steps", I(c.Metrics.AdverseHorizonSteps));
            Line(2, "var_horizon_steps", I(c.Metrics.VarHorizonSteps));
            Line(2, "var_levels", List(c.Metrics.VarLevels, N));
            Section("output");
            Line(2, "record_paths", I(c.Output.RecordPaths));
            Section("engine");
            Line(2, "kind", ConfigSchema.Name(c.Engine.Kind));
            Line(2, "lane_size", I(c.Engine.LaneSize));
            Line(2, "lanes_in_flight", I(c.Engine.LanesInFlight));
            Line(2, "pipelines", I(c.Engine.Pipelines));
            Line(2, "watchdog_seconds", N(c.Engine.WatchdogSeconds));
        }
    }

    /// <summary>Round-trip spellings of a double: shortest ("R"), 17 digits with an exponent, lower-case, a leading '+', or a whole number.</summary>
    private static string Number(double x, int style)
    {
        var inv = CultureInfo.InvariantCulture;
        return style switch
        {
            0 => x.ToString("R", inv),
            1 => x.ToString("E16", inv),
            2 => x.ToString("R", inv).ToLowerInvariant(),
            3 => (x >= 0 && !double.IsNegative(x) ? "+" : "") + x.ToString("G17", inv),
            _ => Math.Abs(x) < 1e15 && x == Math.Floor(x) && !double.IsNegative(x) ? x.ToString("F0", inv) : x.ToString("R", inv),
        };
    }

    private static void Same(SimulationConfig expected, SimulationConfig actual, string yaml)
    {
        var e = Fields(expected);
        var a = Fields(actual);
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
            Assert.True(e[i] == a[i], $"{e[i].Name}: wrote {e[i].Value}, read {a[i].Value}\n{yaml}");
    }

    /// <summary>Every field as (name, exact text): doubles by their bits, so −0 ≠ 0.</summary>
    private static List<(string Name, string Value)> Fields(SimulationConfig c)
    {
        static string B(double x) => $"{x.ToString("R", CultureInfo.InvariantCulture)} [{BitConverter.DoubleToInt64Bits(x):X16}]";
        static string O(double? x) => x is { } v ? B(v) : "null";
        return
        [
            ("seed", c.Seed.ToString(CultureInfo.InvariantCulture)),
            ("paths", c.Paths.ToString(CultureInfo.InvariantCulture)),
            ("horizon", B(c.Horizon)),
            ("dt", B(c.Dt)),
            ("market.s0", B(c.Market.S0)),
            ("market.mu", B(c.Market.Mu)),
            ("market.sigma", B(c.Market.Sigma)),
            ("market.price_model", c.Market.PriceModel.ToString()),
            ("order_flow.A", B(c.OrderFlow.A)),
            ("order_flow.k", B(c.OrderFlow.K)),
            ("order_flow.fill_probability", c.OrderFlow.FillProbability.ToString()),
            ("order_flow.order_size", B(c.OrderFlow.OrderSize)),
            ("order_flow.fee_bps", B(c.OrderFlow.FeeBps)),
            ("order_flow.fills_per_step", c.OrderFlow.FillsPerStep.ToString()),
            ("market_maker.strategy", c.MarketMaker.Strategy.ToString()),
            ("market_maker.gamma", B(c.MarketMaker.Gamma)),
            ("market_maker.max_inventory", O(c.MarketMaker.MaxInventory)),
            ("market_maker.sigma", O(c.MarketMaker.Sigma)),
            ("market_maker.k", O(c.MarketMaker.K)),
            ("market_maker.quote_mid", c.MarketMaker.QuoteMid.ToString()),
            ("metrics.markout_horizons", string.Join(", ", c.Metrics.MarkoutHorizons)),
            ("metrics.adverse_horizon_steps", c.Metrics.AdverseHorizonSteps.ToString(CultureInfo.InvariantCulture)),
            ("metrics.var_horizon_steps", c.Metrics.VarHorizonSteps.ToString(CultureInfo.InvariantCulture)),
            ("metrics.var_levels", string.Join(", ", c.Metrics.VarLevels.Select(B))),
            ("output.record_paths", c.Output.RecordPaths.ToString(CultureInfo.InvariantCulture)),
            ("engine.kind", c.Engine.Kind.ToString()),
            ("engine.lane_size", c.Engine.LaneSize.ToString(CultureInfo.InvariantCulture)),
            ("engine.lanes_in_flight", c.Engine.LanesInFlight.ToString(CultureInfo.InvariantCulture)),
            ("engine.watchdog_seconds", B(c.Engine.WatchdogSeconds)),
            ("engine.pipelines", c.Engine.Pipelines.ToString(CultureInfo.InvariantCulture)),
        ];
    }
}

/// <summary>A valid configuration and YAML that spells it.</summary>
public sealed record ValidCase(SimulationConfig Expected, string Yaml)
{
    public override string ToString() => Yaml;
}
