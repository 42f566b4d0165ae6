using System.Globalization;
using System.Text.Json;
using MmSandbox.Core.Config;
using MmSandbox.Core.Metrics;
using MmSandbox.Core.Participants;
using MmSandbox.Reporting.Configuration;
using MmSandbox.Reporting.Results;

namespace MmSandbox.Reporting.Study;

/// <summary>
/// Reads a study folder written by <c>mmsandbox scenarios</c>: <c>study.json</c> (the plan), then per completed cell its
/// <c>summary.json</c>, <c>series.csv</c> and path 0 of <c>timeseries.csv</c>, and the first completed cell's
/// <c>config_used.yaml</c>. Runs nothing.
/// </summary>
public static class StudyReader
{
    /// <summary>
    /// Reads the study in <paramref name="outDir"/>. A cell that study.json marks failed, or that left no
    /// <c>summary.json</c>, is read as <see cref="CellStatus.Failed"/> without results.
    /// </summary>
    /// <exception cref="StudyFileException">A file is missing or malformed; the message names it.</exception>
    public static StudyData Read(string outDir)
    {
        var studyPath = Path.Combine(outDir, StudyManifest.FileName);
        if (!File.Exists(studyPath))
            throw new StudyFileException(studyPath, "not found; a study folder written by `mmsandbox scenarios` starts with it");
        using var plan = ParseJson(studyPath);
        var root = plan.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new StudyFileException(studyPath, "must hold a JSON object with regimes, gammas and cells");

        var regimes = ReadRegimes(studyPath, Array(studyPath, root, "regimes"));
        var gammas = ReadGammas(studyPath, Array(studyPath, root, "gammas"));
        var cells = new List<CellData>();
        int index = 0;
        foreach (var cell in Array(studyPath, root, "cells").EnumerateArray())
            cells.Add(ReadCell(outDir, studyPath, $"cells[{index++}]", cell, regimes, gammas));

        var first = cells.FirstOrDefault(c => c.Result is not null);
        var setup = first is null ? null : ReadSetup(outDir, first.Path);
        return new StudyData(outDir, regimes, gammas, cells, setup);
    }

    private static List<StudyRegime> ReadRegimes(string file, JsonElement array)
    {
        var regimes = new List<StudyRegime>();
        int i = 0;
        foreach (var r in array.EnumerateArray())
        {
            var at = $"regimes[{i++}]";
            if (r.ValueKind != JsonValueKind.Object)
                throw new StudyFileException(file, $"{at} must be an object with name, title, mu and sigma");
            var name = String(file, r, at, "name");
            var title = r.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : name;
            if (regimes.Any(x => x.Name == name))
                throw new StudyFileException(file, $"{at}.name: regime '{name}' is listed twice");
            regimes.Add(new StudyRegime(name, title, Number(file, r, at, "mu"), Number(file, r, at, "sigma")));
        }
        if (regimes.Count == 0)
            throw new StudyFileException(file, "regimes: the study has no regime");
        return regimes;
    }

    private static List<double> ReadGammas(string file, JsonElement array)
    {
        var gammas = new List<double>();
        int i = 0;
        foreach (var g in array.EnumerateArray())
        {
            if (g.ValueKind != JsonValueKind.Number)
                throw new StudyFileException(file, $"gammas[{i}] must be a number (got {g.GetRawText()})");
            var gamma = g.GetDouble();
            if (gammas.Contains(gamma))
                throw new StudyFileException(file, $"gammas[{i}]: γ = {StudyText.Number(gamma)} is listed twice");
            gammas.Add(gamma);
            i++;
        }
        if (gammas.Count == 0)
            throw new StudyFileException(file, "gammas: the study has no γ");
        return gammas;
    }

    private static CellData ReadCell(string outDir, string file, string at, JsonElement c,
                                      IReadOnlyList<StudyRegime> regimes, IReadOnlyList<double> gammas)
    {
        if (c.ValueKind != JsonValueKind.Object)
            throw new StudyFileException(file, $"{at} must be an object with regime, gamma, path and status");
        var regime = String(file, c, at, "regime");
        if (regimes.All(r => r.Name != regime))
            throw new StudyFileException(file, $"{at}.regime: '{regime}' is not one of the regimes ({string.Join(", ", regimes.Select(r => r.Name))})");
        var gamma = Number(file, c, at, "gamma");
        if (!gammas.Contains(gamma))
            throw new StudyFileException(file, $"{at}.gamma: {StudyText.Number(gamma)} is not one of the gammas");
        var path = String(file, c, at, "path");
        var status = String(file, c, at, "status");
        var error = c.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

        switch (status)
        {
            case "failed":
                return new CellData(regime, gamma, path, CellStatus.Failed, error ?? "failed (no message)", null);
            case "completed":
                break;
            default:
                throw new StudyFileException(file, $"{at}.status: must be \"completed\" or \"failed\" (got \"{status}\")");
        }

        var dir = Path.Combine(outDir, path);
        var summaryPath = Path.Combine(dir, ResultWriter.SummaryFileName);
        if (!File.Exists(summaryPath))
            return new CellData(regime, gamma, path, CellStatus.Failed, $"{ResultWriter.SummaryFileName} is missing: the run did not complete", null);

        var summary = ReadSummary(summaryPath);
        if (!summary.Gamma.Equals(gamma))
            throw new StudyFileException(summaryPath, $"gamma is {StudyText.Number(summary.Gamma)}, but study.json places this cell at γ = {StudyText.Number(gamma)}");
        var series = ReadSeries(Path.Combine(dir, ResultWriter.SeriesFileName));
        var sample = ReadSample(Path.Combine(dir, ResultWriter.TimeseriesFileName));
        return new CellData(regime, gamma, path, CellStatus.Completed, null, new CellResult(summary, series, sample));
    }

    /// <summary>The KPIs of one <c>summary.json</c>.</summary>
    /// <exception cref="StudyFileException">The file is missing, not JSON, or lacks a KPI the report needs.</exception>
    public static CellSummary ReadSummary(string summaryPath)
    {
        using var doc = ParseJson(summaryPath);
        var s = doc.RootElement;
        if (s.ValueKind != JsonValueKind.Object)
            throw new StudyFileException(summaryPath, "must hold a JSON object of KPIs");
        return new CellSummary
        {
            Gamma = Kpi(summaryPath, s, "gamma"),
            SpreadMean = Kpi(summaryPath, s, "spread_mean"),
            PnlMean = Kpi(summaryPath, s, "pnl_mean"),
            PnlStd = Kpi(summaryPath, s, "pnl_std"),
            PnlSharpe = Kpi(summaryPath, s, "pnl_sharpe"),
            // The VaR keys exist only for the configured levels.
            Var95 = OptionalKpi(summaryPath, s, "var_95"),
            Cvar95 = OptionalKpi(summaryPath, s, "cvar_95"),
            InventoryStd = Kpi(summaryPath, s, "inventory_std"),
            Var95Inv = OptionalKpi(summaryPath, s, "var_95_inv"),
            Var99Inv = OptionalKpi(summaryPath, s, "var_99_inv"),
            TradesPerPathMean = Kpi(summaryPath, s, "trades_per_path_mean"),
            AdverseHorizonSteps = Integer(summaryPath, s, "adverse_horizon_steps"),
            AdverseSelectionRate = Kpi(summaryPath, s, "adverse_selection_rate"),
            Markouts = ReadMarkouts(summaryPath, s),
            Participants = ReadParticipants(summaryPath, s),
        };
    }

    /// <summary>The optional <c>participants</c> array of a summary.</summary>
    private static List<ParticipantSummary> ReadParticipants(string file, JsonElement s)
    {
        var participants = new List<ParticipantSummary>();
        if (!s.TryGetProperty("participants", out var list))
            return participants;
        if (list.ValueKind != JsonValueKind.Array)
            throw new StudyFileException(file, "participants: must be an array of participant summaries");
        int i = 0;
        foreach (var p in list.EnumerateArray())
        {
            string at = $"participants[{i++}]";
            if (p.ValueKind != JsonValueKind.Object
                || !p.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !p.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
                || !p.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !EnumNames.TryParse(role.GetString()!, out ParticipantRole parsedRole))
                throw new StudyFileException(file, $"{at}: must be an object with name, kind and role (taker or maker)");
            participants.Add(new ParticipantSummary(name.GetString()!, kind.GetString()!, parsedRole,
                Kpi(file, p, "buys_per_path_mean"), Kpi(file, p, "sells_per_path_mean"), Kpi(file, p, "pnl_mean"), Kpi(file, p, "pnl_std"),
                Kpi(file, p, "final_inventory_mean"), Kpi(file, p, "final_inventory_std")));
        }
        return participants;
    }

    private static List<MarkoutStats> ReadMarkouts(string file, JsonElement s)
    {
        if (!s.TryGetProperty("markout", out var markout) || markout.ValueKind != JsonValueKind.Object)
            throw new StudyFileException(file, "markout: missing, or not an object keyed by horizon");
        var list = new List<MarkoutStats>();
        foreach (var h in markout.EnumerateObject())
        {
            var at = $"markout.{h.Name}";
            if (!int.TryParse(h.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int horizon))
                throw new StudyFileException(file, $"{at}: the key must be a horizon in steps");
            if (h.Value.ValueKind != JsonValueKind.Object)
                throw new StudyFileException(file, $"{at}: must be an object of markout statistics");
            var m = h.Value;
            list.Add(new MarkoutStats(horizon, (long)Kpi(file, m, "count", at), Kpi(file, m, "mean", at), Kpi(file, m, "std", at),
                Kpi(file, m, "p05", at), Kpi(file, m, "p25", at), Kpi(file, m, "p50", at), Kpi(file, m, "p75", at),
                Kpi(file, m, "p95", at), Kpi(file, m, "negative_share", at)));
        }
        list.Sort((a, b) => a.Horizon.CompareTo(b.Horizon));
        return list;
    }

    /// <summary>The columns of one <c>series.csv</c>.</summary>
    /// <exception cref="StudyFileException">The file is missing, lacks a column, or holds a field that is not a number.</exception>
    public static CellSeries ReadSeries(string seriesPath)
    {
        var c = NumericCsv.Read(seriesPath, ResultWriter.SeriesColumns, firstOf: null);
        if (c["t"].Count == 0)
            throw new StudyFileException(seriesPath, "has no rows");
        return new CellSeries
        {
            T = c["t"],
            MidMean = c["mid_mean"],
            MidP05 = c["mid_p05"],
            MidP50 = c["mid_p50"],
            MidP95 = c["mid_p95"],
            PnlMean = c["pnl_mean"],
            PnlP05 = c["pnl_p05"],
            PnlP50 = c["pnl_p50"],
            PnlP95 = c["pnl_p95"],
            InventoryMean = c["inventory_mean"],
            InventoryStd = c["inventory_std"],
            InventoryP05 = c["inventory_p05"],
            InventoryP95 = c["inventory_p95"],
        };
    }

    /// <summary>Path 0 of one <c>timeseries.csv</c>, or null when the file records no path.</summary>
    /// <exception cref="StudyFileException">The file is missing, lacks a column, or holds a field that is not a number.</exception>
    public static SamplePath? ReadSample(string timeseriesPath)
    {
        var c = NumericCsv.Read(timeseriesPath, ResultWriter.TimeseriesColumns, firstOf: "path");
        if (c["t"].Count == 0)
            return null;
        return new SamplePath
        {
            T = c["t"],
            Mid = c["mid"],
            Reservation = c["reservation"],
            Bid = c["bid"],
            Ask = c["ask"],
            Inventory = c["inventory"],
            Pnl = c["pnl"],
        };
    }

    private static StudySetup ReadSetup(string outDir, string cellPath)
    {
        var dir = Path.Combine(outDir, cellPath);
        var configPath = Path.Combine(dir, ResultWriter.ConfigFileName);
        if (!File.Exists(configPath))
            throw new StudyFileException(configPath, "not found; every completed cell has its resolved configuration");
        SimulationConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            throw new StudyFileException(configPath, $"not a valid configuration: {e.Message}", e);
        }

        var summaryPath = Path.Combine(dir, ResultWriter.SummaryFileName);
        using var doc = ParseJson(summaryPath);
        var s = doc.RootElement;
        return new StudySetup
        {
            SourceCell = cellPath,
            Paths = Integer(summaryPath, s, "paths"),
            Steps = Integer(summaryPath, s, "steps"),
            Dt = Kpi(summaryPath, s, "dt"),
            Horizon = Kpi(summaryPath, s, "horizon"),
            Seed = s.TryGetProperty("seed", out var seed) && seed.TryGetUInt64(out var value)
                ? value
                : throw new StudyFileException(summaryPath, "seed: missing, or not an integer ≥ 0"),
            Engine = String(summaryPath, s, "", "engine"),
            Strategy = String(summaryPath, s, "", "strategy"),
            S0 = config.Market.S0,
            PriceModel = ConfigSchema.Name(config.Market.PriceModel),
            A = config.OrderFlow.A,
            K = config.OrderFlow.K,
            FillProbability = ConfigSchema.Name(config.OrderFlow.FillProbability),
            MarkoutHorizons = config.Metrics.MarkoutHorizons,
            AdverseHorizonSteps = config.Metrics.AdverseHorizonSteps,
            VarHorizonSteps = config.Metrics.VarHorizonSteps,
        };
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new StudyFileException(path, $"not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StudyFileException(path, $"cannot be read ({e.Message})", e);
        }
    }

    private static JsonElement Array(string file, JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw new StudyFileException(file, $"{name}: missing, or not an array");

    private static string String(string file, JsonElement obj, string at, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new StudyFileException(file, $"{Where(at, name)}: missing, or not a string");

    private static double Number(string file, JsonElement obj, string at, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new StudyFileException(file, $"{Where(at, name)}: missing, or not a number");

    /// <summary>A KPI that must be present; null (no data) reads as NaN.</summary>
    private static double Kpi(string file, JsonElement obj, string name, string at = "")
    {
        if (!obj.TryGetProperty(name, out var value))
            throw new StudyFileException(file, $"{Where(at, name)}: missing");
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.Null => double.NaN,
            _ => throw new StudyFileException(file, $"{Where(at, name)}: must be a number or null (got {value.GetRawText()})"),
        };
    }

    private static string Where(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

    private static double OptionalKpi(string file, JsonElement obj, string name) =>
        obj.TryGetProperty(name, out _) ? Kpi(file, obj, name) : double.NaN;

    private static int Integer(string file, JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i)
            ? i
            : throw new StudyFileException(file, $"{name}: missing, or not an integer");
}
