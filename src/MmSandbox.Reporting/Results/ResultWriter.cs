using System.Globalization;
using System.Text.Json;
using CsvHelper;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Participants;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.IO;

namespace MmSandbox.Reporting.Results;

/// <summary>
/// Writes the files of one run into a folder, each atomically: <c>config_used.yaml</c>, <c>timeseries.csv</c>,
/// <c>trades.csv</c>, and last <c>summary.json</c>, whose presence marks a complete run. Every number prints the
/// same on every machine and run: invariant culture, shortest round-trip form, no timestamps.
/// </summary>
public static class ResultWriter
{
    /// <summary>The fully resolved configuration.</summary>
    public const string ConfigFileName = "config_used.yaml";
    /// <summary>One row per recorded path and step.</summary>
    public const string TimeseriesFileName = "timeseries.csv";
    /// <summary>One row per fill of a recorded path.</summary>
    public const string TradesFileName = "trades.csv";
    /// <summary>The cross-path distribution of mid, PnL and inventory per step.</summary>
    public const string SeriesFileName = "series.csv";
    /// <summary>The KPIs; written last, so its presence marks a complete run.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>The columns of <see cref="SeriesFileName"/>.</summary>
    public static IReadOnlyList<string> SeriesColumns { get; } =
    [
        "step", "t", "mid_mean", "mid_p05", "mid_p50", "mid_p95", "pnl_mean", "pnl_p05", "pnl_p50", "pnl_p95",
        "inventory_mean", "inventory_std", "inventory_p05", "inventory_p95",
    ];

    /// <summary>The columns of <see cref="TimeseriesFileName"/>.</summary>
    public static IReadOnlyList<string> TimeseriesColumns { get; } =
        ["path", "step", "t", "mid", "reservation", "bid", "ask", "spread", "inventory", "cash", "pnl"];

    /// <summary>The other participants' trades on the recorded paths; written only when the run has participants.</summary>
    public const string ParticipantTradesFileName = "participant_trades.csv";

    /// <summary>The columns of <see cref="ParticipantTradesFileName"/>.</summary>
    public static IReadOnlyList<string> ParticipantTradesColumns { get; } =
        ["path", "step", "t", "participant", "side", "price", "size", "mid", "fee", "inventory", "cash"];

    /// <summary>The columns of <see cref="TradesFileName"/>.</summary>
    public static IReadOnlyList<string> TradesColumns { get; } =
        ["path", "step", "t", "side", "price", "size", "mid", "fee", "inventory", "cash"];

    /// <summary>Writes every file of <paramref name="result"/> into <paramref name="outDir"/>, creating the folder.</summary>
    public static void Write(string outDir, SimulationConfig config, RunResult result)
    {
        Directory.CreateDirectory(outDir);
        // A summary left by an earlier run would mark the folder complete while the other files are replaced.
        File.Delete(Path.Combine(outDir, SummaryFileName));
        AtomicFile.WriteAllText(Path.Combine(outDir, ConfigFileName), ConfigWriter.ToYaml(config));
        AtomicFile.Write(Path.Combine(outDir, TimeseriesFileName), s => WriteTimeseries(s, config.Dt, result.RecordedPaths));
        AtomicFile.Write(Path.Combine(outDir, TradesFileName), s => WriteTrades(s, config.Dt, result.RecordedPaths));
        if (config.Participants.Count > 0)
            AtomicFile.Write(Path.Combine(outDir, ParticipantTradesFileName), s => WriteParticipantTrades(s, config.Dt, result.ParticipantTrades));
        AtomicFile.Write(Path.Combine(outDir, SeriesFileName), s => WriteSeries(s, config.Dt, result.Series));
        AtomicFile.Write(Path.Combine(outDir, SummaryFileName), s => WriteSummary(s, result.Summary));
    }

    /// <summary>Writes the per-step distributions over all paths as UTF-8 CSV, steps 0 … N, t = step·dt.</summary>
    public static void WriteSeries(Stream stream, double dt, IReadOnlyList<StepStats> series)
    {
        using var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true);
        Header(csv, SeriesColumns);
        foreach (var r in series)
        {
            csv.WriteField(r.Step.ToString(CultureInfo.InvariantCulture));
            Field(csv, r.Step * dt);
            Field(csv, r.MidMean);
            Field(csv, r.MidP05);
            Field(csv, r.MidP50);
            Field(csv, r.MidP95);
            Field(csv, r.PnlMean);
            Field(csv, r.PnlP05);
            Field(csv, r.PnlP50);
            Field(csv, r.PnlP95);
            Field(csv, r.InventoryMean);
            Field(csv, r.InventoryStd);
            Field(csv, r.InventoryP05);
            Field(csv, r.InventoryP95);
            csv.EndRecord();
        }
    }

    /// <summary>Writes the time series of <paramref name="paths"/> as UTF-8 CSV: rows 0 … N of each path, t = step·dt, NaN as an empty field.</summary>
    public static void WriteTimeseries(Stream stream, double dt, IReadOnlyList<RecordedPath> paths)
    {
        using var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true);
        Header(csv, TimeseriesColumns);
        foreach (var p in paths)
        {
            var path = p.Path.ToString(CultureInfo.InvariantCulture);
            for (int step = 0; step < p.Mid.Length; step++)
            {
                csv.WriteField(path);
                csv.WriteField(step.ToString(CultureInfo.InvariantCulture));
                Field(csv, step * dt);
                Field(csv, p.Mid[step]);
                Field(csv, p.Reservation[step]);
                Field(csv, p.Bid[step]);
                Field(csv, p.Ask[step]);
                Field(csv, p.Spread[step]);
                Field(csv, p.Inventory[step]);
                Field(csv, p.Cash[step]);
                Field(csv, p.Pnl[step]);
                csv.EndRecord();
            }
        }
    }

    /// <summary>Writes the participants' trades as UTF-8 CSV, in the given order; <c>side</c> is the participant's own.</summary>
    public static void WriteParticipantTrades(Stream stream, double dt, IReadOnlyList<ParticipantTrade> trades)
    {
        using var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true);
        Header(csv, ParticipantTradesColumns);
        foreach (var t in trades)
        {
            csv.WriteField(t.Path.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(t.Step.ToString(CultureInfo.InvariantCulture));
            Field(csv, t.Step * dt);
            csv.WriteField(t.Participant);
            TradeFields(csv, t.Side, t.Price, t.Size, t.Mid, t.Fee, t.Inventory, t.Cash);
        }
    }

    /// <summary>The columns a trade row ends with, from <c>side</c> to <c>cash</c>, and the end of the row.</summary>
    private static void TradeFields(CsvWriter csv, TradeSide side, double price, double size, double mid, double fee, double inventory, double cash)
    {
        csv.WriteField(side switch { TradeSide.Buy => "buy", TradeSide.Sell => "sell", _ => throw new ArgumentOutOfRangeException(nameof(side), side, "unknown side") });
        Field(csv, price);
        Field(csv, size);
        Field(csv, mid);
        Field(csv, fee);
        Field(csv, inventory);
        Field(csv, cash);
        csv.EndRecord();
    }

    /// <summary>Writes the fills of <paramref name="paths"/> as UTF-8 CSV, in path order and then booking order.</summary>
    public static void WriteTrades(Stream stream, double dt, IReadOnlyList<RecordedPath> paths)
    {
        using var csv = CsvWriter.Create(stream, CsvOptions, leaveOpen: true);
        Header(csv, TradesColumns);
        foreach (var p in paths)
        {
            var path = p.Path.ToString(CultureInfo.InvariantCulture);
            foreach (var t in p.Trades)
            {
                csv.WriteField(path);
                csv.WriteField(t.Step.ToString(CultureInfo.InvariantCulture));
                Field(csv, t.Step * dt);
                TradeFields(csv, t.Side, t.Price, t.Size, t.Mid, t.Fee, t.Inventory, t.Cash);
            }
        }
    }

    /// <summary>Writes <paramref name="s"/> as indented JSON, keys in a fixed order, NaN and ±∞ as null.</summary>
    public static void WriteSummary(Stream stream, RunSummary s)
    {
        using (var json = new Utf8JsonWriter(stream, Json.Options))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", s.Seed);
            json.WriteNumber("paths", s.Paths);
            json.WriteNumber("steps", s.Steps);
            Json.Number(json, "dt", s.Dt);
            Json.Number(json, "horizon", s.Horizon);
            json.WriteString("engine", EnumNames.Name(s.Engine));
            json.WriteNumber("lane_size", s.LaneSize);
            json.WriteString("strategy", EnumNames.Name(s.Strategy));
            Json.Number(json, "gamma", s.Gamma);
            Json.Number(json, "spread_mean", s.SpreadMean);
            Json.Number(json, "pnl_mean", s.PnlMean);
            Json.Number(json, "pnl_std", s.PnlStd);
            Json.Number(json, "pnl_min", s.PnlMin);
            Json.Number(json, "pnl_p05", s.PnlP05);
            Json.Number(json, "pnl_p25", s.PnlP25);
            Json.Number(json, "pnl_p50", s.PnlP50);
            Json.Number(json, "pnl_p75", s.PnlP75);
            Json.Number(json, "pnl_p95", s.PnlP95);
            Json.Number(json, "pnl_max", s.PnlMax);
            Json.Number(json, "pnl_sharpe", s.PnlSharpe);
            Json.Number(json, "max_drawdown_mean", s.MaxDrawdownMean);
            foreach (var tail in s.TailRisk)
                Json.Number(json, $"var_{tail.Suffix}", tail.ValueAtRisk);
            foreach (var tail in s.TailRisk)
                Json.Number(json, $"cvar_{tail.Suffix}", tail.ExpectedShortfall);
            Json.Number(json, "final_pnl", s.PnlMean);
            Json.Number(json, "final_inventory_mean", s.FinalInventoryMean);
            Json.Number(json, "final_inventory_std", s.FinalInventoryStd);
            Json.Number(json, "final_inventory", s.FinalInventoryMean);
            Json.Number(json, "inventory_std", s.InventoryStd);
            Json.Number(json, "inventory_abs_mean", s.InventoryAbsMean);
            Json.Number(json, "inventory_abs_max", s.InventoryAbsMax);
            Json.Number(json, "time_at_max_inventory", s.TimeAtMaxInventory);
            Json.Number(json, "trades_per_path_mean", s.TradesPerPathMean);
            Json.Number(json, "n_trades", s.TradesPerPathMean);
            Json.Number(json, "bid_fills_per_path_mean", s.BidFillsPerPathMean);
            Json.Number(json, "ask_fills_per_path_mean", s.AskFillsPerPathMean);
            json.WriteStartObject("markout_mean");
            foreach (var m in s.Markouts)
                Json.Number(json, m.Horizon.ToString(CultureInfo.InvariantCulture), m.Mean);
            json.WriteEndObject();
            json.WriteStartObject("markout");
            foreach (var m in s.Markouts)
            {
                json.WriteStartObject(m.Horizon.ToString(CultureInfo.InvariantCulture));
                json.WriteNumber("count", m.Count);
                Json.Number(json, "mean", m.Mean);
                Json.Number(json, "std", m.Std);
                Json.Number(json, "p05", m.P05);
                Json.Number(json, "p25", m.P25);
                Json.Number(json, "p50", m.P50);
                Json.Number(json, "p75", m.P75);
                Json.Number(json, "p95", m.P95);
                Json.Number(json, "negative_share", m.NegativeShare);
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteNumber("adverse_horizon_steps", s.AdverseHorizonSteps);
            Json.Number(json, "adverse_selection_rate", s.AdverseSelectionRate);
            json.WriteNumber("var_horizon_steps", s.VarHorizonSteps);
            foreach (var inventoryVar in s.InventoryVar)
                Json.Number(json, $"var_{inventoryVar.Suffix}_inv", inventoryVar.ValueAtRisk);
            // Only with participants, so the paper's summaries read as before.
            if (s.Participants.Count > 0)
            {
                json.WriteStartArray("participants");
                foreach (var p in s.Participants)
                {
                    json.WriteStartObject();
                    json.WriteString("name", p.Name);
                    json.WriteString("kind", p.Kind);
                    json.WriteString("role", EnumNames.Name(p.Role));
                    Json.Number(json, "buys_per_path_mean", p.BuysPerPathMean);
                    Json.Number(json, "sells_per_path_mean", p.SellsPerPathMean);
                    Json.Number(json, "pnl_mean", p.PnlMean);
                    Json.Number(json, "pnl_std", p.PnlStd);
                    Json.Number(json, "final_inventory_mean", p.FinalInventoryMean);
                    Json.Number(json, "final_inventory_std", p.FinalInventoryStd);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }

    internal static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        FormatProvider = CultureInfo.InvariantCulture,
        Injection = CsvInjection.None,
        WriteByteOrderMark = false,
    };

    private static void Header(CsvWriter csv, IReadOnlyList<string> columns)
    {
        foreach (var column in columns)
            csv.WriteField(column);
        csv.EndRecord();
    }

    /// <summary>Writes <paramref name="value"/> in shortest round-trip form; NaN (no quote) as an empty field.</summary>
    private static void Field(CsvWriter csv, double value)
    {
        if (double.IsNaN(value))
        {
            csv.WriteField("");
            return;
        }
        Span<char> text = stackalloc char[32];
        if (!value.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"{value} does not fit in 32 characters.");
        csv.WriteField(text[..length]);
    }
}
