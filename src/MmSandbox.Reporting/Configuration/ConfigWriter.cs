using System.Globalization;
using System.Text;
using MmSandbox.Core.Config;

namespace MmSandbox.Reporting.Configuration;

/// <summary>Writes a configuration as YAML that <see cref="ConfigLoader"/> reads back to an equal configuration.</summary>
public static class ConfigWriter
{
    /// <summary>
    /// Every field of <paramref name="config"/>, in the loader's key order, in nested block style with <c>\n</c>
    /// line endings; numbers in shortest round-trip form, lists in flow style, unset optional fields as <c>null</c>.
    /// </summary>
    public static string ToYaml(SimulationConfig config)
    {
        var yaml = new StringBuilder();
        void Line(int indent, string key, string value) =>
            yaml.Append(' ', indent).Append(key).Append(':').Append(value.Length == 0 ? "" : " ").Append(value).Append('\n');

        Line(0, "seed", config.Seed.ToString(CultureInfo.InvariantCulture));
        Line(0, "paths", Integer(config.Paths));
        Line(0, "horizon", Number(config.Horizon));
        Line(0, "dt", Number(config.Dt));

        var m = config.Market;
        Line(0, "market", "");
        Line(2, "s0", Number(m.S0));
        Line(2, "mu", Number(m.Mu));
        Line(2, "sigma", Number(m.Sigma));
        Line(2, "price_model", ConfigSchema.Name(m.PriceModel));

        var f = config.OrderFlow;
        Line(0, "order_flow", "");
        Line(2, "A", Number(f.A));
        Line(2, "k", Number(f.K));
        Line(2, "fill_probability", ConfigSchema.Name(f.FillProbability));
        Line(2, "order_size", Number(f.OrderSize));
        Line(2, "fee_bps", Number(f.FeeBps));
        Line(2, "fills_per_step", ConfigSchema.Name(f.FillsPerStep));

        var mm = config.MarketMaker;
        Line(0, "market_maker", "");
        Line(2, "strategy", ConfigSchema.Name(mm.Strategy));
        Line(2, "gamma", Number(mm.Gamma));
        Line(2, "max_inventory", Number(mm.MaxInventory));
        Line(2, "sigma", Number(mm.Sigma));
        Line(2, "k", Number(mm.K));
        Line(2, "quote_mid", ConfigSchema.Name(mm.QuoteMid));

        // Written only when there are participants, so the paper's configs read as before.
        if (config.Participants.Count > 0)
        {
            Line(0, "participants", "");
            foreach (var p in config.Participants)
            {
                yaml.Append("  - kind: ").Append(p.Kind).Append('\n');
                Line(4, "name", p.Name);
                foreach (var (key, value) in p.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    Line(4, key, Number(value));
            }
        }

        var x = config.Metrics;
        Line(0, "metrics", "");
        Line(2, "markout_horizons", $"[{string.Join(", ", x.MarkoutHorizons.Select(Integer))}]");
        Line(2, "adverse_horizon_steps", Integer(x.AdverseHorizonSteps));
        Line(2, "var_horizon_steps", Integer(x.VarHorizonSteps));
        Line(2, "var_levels", $"[{string.Join(", ", x.VarLevels.Select(Number))}]");

        Line(0, "output", "");
        Line(2, "record_paths", Integer(config.Output.RecordPaths));

        var e = config.Engine;
        Line(0, "engine", "");
        Line(2, "kind", ConfigSchema.Name(e.Kind));
        Line(2, "lane_size", Integer(e.LaneSize));
        Line(2, "lanes_in_flight", Integer(e.LanesInFlight));
        Line(2, "pipelines", Integer(e.Pipelines));
        Line(2, "watchdog_seconds", Number(e.WatchdogSeconds));

        // Written only when enabled, so configs without a trace keep their config_used.yaml byte for byte.
        var t = config.Trace;
        if (t.Enabled)
        {
            Line(0, "trace", "");
            Line(2, "enabled", "true");
            Line(2, "paths", $"[{string.Join(", ", t.Paths.Select(Integer))}]");
            Line(2, "steps", t.Steps is null ? "null" : $"[{string.Join(", ", t.Steps.Select(r => r.ToString()))}]");
            Line(2, "kinds", t.Kinds is null ? "null" : $"[{string.Join(", ", t.Kinds)}]");
        }
        return yaml.ToString();
    }

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? Number(v) : "null";

    /// <summary>Shortest round-trip form; the YAML spellings for the non-finite values an invalid config may hold.</summary>
    private static string Number(double value) => value switch
    {
        double.NaN => ".nan",
        double.PositiveInfinity => ".inf",
        double.NegativeInfinity => "-.inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
